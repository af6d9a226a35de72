/** The leaderboard card: a title with scope and period, the top rows, and the caller's own row below them. */
import { cleanName, type LeaderboardCard, type LeaderboardCardRow } from '../core/pictures.js';
import { CARD_WIDTH, formatNumber, PADDING, Painter, THEME } from './paint.js';

export const LEADERBOARD_LAYOUT = {
  header: 124,
  row: 52,
  rowGap: 8,
  /** Between the top rows and the caller's own row (a '⋯' sits there). */
  youGap: 28,
  empty: 96,
} as const;

/** The columns: left edges of badge and name, right edges (and widths) of streak and points. */
const COLUMNS = {
  badge: PADDING + 16,
  name: PADDING + 90,
  pointsRight: CARD_WIDTH - PADDING - 20,
  pointsWidth: 120,
  streakRight: CARD_WIDTH - PADDING - 20 - 136,
  streakWidth: 90,
};
const NAME_WIDTH = COLUMNS.streakRight - COLUMNS.streakWidth - 12 - COLUMNS.name;

/** The box a row's name is drawn in (row `index` of the top rows; `rows` for the caller's own row). */
export function leaderboardNameBox(card: LeaderboardCard, index: number): { x: number; y: number; width: number; height: number } {
  const { header, row, rowGap, youGap } = LEADERBOARD_LAYOUT;
  const top = index < card.rows.length ? header + index * (row + rowGap) : header + card.rows.length * (row + rowGap) - rowGap + youGap;
  return { x: COLUMNS.name, y: top, width: NAME_WIDTH, height: row };
}

export function leaderboardSize(card: LeaderboardCard): { width: number; height: number } {
  const { header, row, rowGap, youGap, empty } = LEADERBOARD_LAYOUT;
  const rows = card.rows.length === 0 ? empty : card.rows.length * (row + rowGap) - rowGap;
  const you = card.you ? youGap + row : 0;
  return { width: CARD_WIDTH, height: header + rows + you + PADDING };
}

function drawRow(p: Painter, entry: LeaderboardCardRow, top: number, isYou: boolean): void {
  const { row } = LEADERBOARD_LAYOUT;
  const mid = top + row / 2;
  p.panel(PADDING, top, CARD_WIDTH - 2 * PADDING, row, THEME.panel, isYou ? THEME.accent : undefined);

  // rank in a pill: a medal colour for the first three, wide enough for a rank of any length
  const rank = isYou ? `#${entry.rank}` : String(entry.rank);
  const rankStyle = { px: 18, weight: 700, align: 'center' as const, color: entry.rank <= 3 && !isYou ? THEME.background : THEME.text };
  const pill = Math.min(64, Math.max(34, p.width(rank, rankStyle) + 16));
  p.ctx.beginPath();
  p.ctx.roundRect(COLUMNS.badge, mid - 17, pill, 34, 17);
  p.ctx.fillStyle = isYou ? THEME.accent : (THEME.medals[entry.rank - 1] ?? THEME.panelEdge);
  p.ctx.fill();
  p.text(rank, COLUMNS.badge + pill / 2, mid + 6, pill - 6, rankStyle);

  p.text(cleanName(entry.name), COLUMNS.name, mid + 7, NAME_WIDTH, { px: 21, weight: isYou ? 700 : 500 });
  if (entry.streak > 0) p.text(`🔥 ${formatNumber(entry.streak)}`, COLUMNS.streakRight, mid + 7, COLUMNS.streakWidth, { px: 19, align: 'right', color: THEME.muted });
  p.text(`${formatNumber(entry.points)} pts`, COLUMNS.pointsRight, mid + 7, COLUMNS.pointsWidth, { px: 21, weight: 700, align: 'right' });
}

export function drawLeaderboard(p: Painter, card: LeaderboardCard): void {
  const { width, height } = leaderboardSize(card);
  const { header, row, rowGap, empty } = LEADERBOARD_LAYOUT;
  p.background(width, height);

  const titleWidth = width - 2 * PADDING;
  p.text('🏆 Leaderboard', PADDING, PADDING + 34, titleWidth - 160, { px: 34, weight: 700 });
  p.text(`${card.scope} · ${card.period}`, PADDING, PADDING + 72, titleWidth - 160, { px: 21, color: THEME.muted });
  p.text(`${formatNumber(card.players)} player${card.players === 1 ? '' : 's'}`, width - PADDING, PADDING + 34, 150, {
    px: 19,
    color: THEME.muted,
    align: 'right',
  });

  if (card.rows.length === 0) {
    p.panel(PADDING, header, titleWidth, empty);
    p.text('No points yet. Answer a /quiz to get on the board!', width / 2, header + empty / 2 + 8, titleWidth - 40, {
      px: 22,
      color: THEME.muted,
      align: 'center',
    });
    return;
  }
  card.rows.forEach((entry, i) => drawRow(p, entry, header + i * (row + rowGap), false));
  if (card.you) {
    const top = leaderboardNameBox(card, card.rows.length).y;
    p.text('⋯', width / 2, top - 6, 60, { px: 22, color: THEME.muted, align: 'center' });
    drawRow(p, card.you, top, true);
  }
}
