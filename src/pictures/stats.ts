/** The stats card: streak, due count and points, then retention, the due forecast and a year of study days. */
import { cleanName, FORECAST_DAYS, RETENTION_DAYS, type StatsCard } from '../core/pictures.js';
import { plural } from '../core/text.js';
import { parseLocalDate } from '../core/time.js';
import { drawForecast, drawHeatmap, drawRetention, heatmapCell, type Box } from './charts.js';
import { CARD_WIDTH, formatNumber, PADDING, type Painter, THEME } from './paint.js';

const INNER = CARD_WIDTH - 2 * PADDING;
const GAP = 16;

export const STATS_LAYOUT = {
  tiles: { y: 112, height: 92 },
  charts: { y: 220, height: 214 },
  heatmap: { y: 450, height: 180 },
  height: 450 + 180 + PADDING,
} as const;

export function statsSize(): { width: number; height: number } {
  return { width: CARD_WIDTH, height: STATS_LAYOUT.height };
}

const NOTE = { px: 15, color: THEME.muted };
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

function tile(p: Painter, box: Box, label: string, value: string, note?: string): void {
  p.panel(box.x, box.y, box.width, box.height);
  const inner = box.width - 36;
  const noteWidth = note ? Math.min(inner / 2, p.width(note, NOTE) + 4) : 0;
  p.text(label, box.x + 18, box.y + 28, inner - noteWidth, { px: 16, color: THEME.muted });
  if (note) p.text(note, box.x + box.width - 18, box.y + 28, noteWidth, { ...NOTE, align: 'right' });
  p.text(value, box.x + 18, box.y + 70, inner, { px: 32, weight: 700 });
}

const HALF = (INNER - GAP) / 2;
const PANELS = {
  retention: { x: PADDING, y: STATS_LAYOUT.charts.y, width: HALF, height: STATS_LAYOUT.charts.height },
  forecast: { x: PADDING + HALF + GAP, y: STATS_LAYOUT.charts.y, width: HALF, height: STATS_LAYOUT.charts.height },
  heatmap: { x: PADDING, y: STATS_LAYOUT.heatmap.y, width: INNER, height: STATS_LAYOUT.heatmap.height },
};

/** Where a panel's chart goes: below its title line. */
const chartBox = (panel: Box): Box => ({ x: panel.x + 16, y: panel.y + 44, width: panel.width - 32, height: panel.height - 56 });

/** The square of heatmap day `index` (0 = heatmap.start). */
export function statsHeatmapCell(index: number): Box {
  return heatmapCell(chartBox(PANELS.heatmap), index);
}

/** A panel with a title on the left, a figure on the right, and the chart's box below them. */
function chartPanel(p: Painter, panel: Box, title: string, figure: string): Box {
  p.panel(panel.x, panel.y, panel.width, panel.height);
  p.text(title, panel.x + 16, panel.y + 28, panel.width * 0.7 - 16, { px: 17, weight: 700 });
  p.text(figure, panel.x + panel.width - 16, panel.y + 28, panel.width * 0.3 - 16, { px: 16, color: THEME.muted, align: 'right' });
  return chartBox(panel);
}

export function drawStats(p: Painter, card: StatsCard): void {
  const { width, height } = statsSize();
  p.background(width, height);
  p.text(`📊 ${cleanName(card.name)}`, PADDING, PADDING + 34, INNER, { px: 34, weight: 700 });
  const { year, month, day } = parseLocalDate(card.today);
  p.text(`Progress on ${longDate.format(new Date(Date.UTC(year, month - 1, day, 12)))}`, PADDING, PADDING + 68, INNER, {
    px: 19,
    color: THEME.muted,
  });

  const { tiles } = STATS_LAYOUT;
  const tileWidth = (INNER - 2 * GAP) / 3;
  const tileBox = (i: number): Box => ({ x: PADDING + i * (tileWidth + GAP), y: tiles.y, width: tileWidth, height: tiles.height });
  tile(p, tileBox(0), 'Streak', `🔥 ${plural(card.streak, 'day')}`, `best ${formatNumber(card.longestStreak)}`);
  tile(p, tileBox(1), 'Due now', formatNumber(card.dueNow));
  tile(p, tileBox(2), 'Points', formatNumber(card.points));

  const reviewed = card.retention.filter((d) => d.rate !== null);
  const total = reviewed.reduce((sum, d) => sum + d.learnedReviews, 0);
  const average = total > 0 ? `${Math.round((100 * reviewed.reduce((sum, d) => sum + d.rate! * d.learnedReviews, 0)) / total)}% avg` : '';
  drawRetention(p, chartPanel(p, PANELS.retention, `Retention · ${RETENTION_DAYS} days`, average), card.retention);
  const due = card.forecast.reduce((sum, d) => sum + d.due, 0);
  drawForecast(p, chartPanel(p, PANELS.forecast, `Due · next ${FORECAST_DAYS} days`, formatNumber(due)), card.forecast);

  const studied = card.heatmap.days.filter((d) => d !== null && d > 0).length;
  drawHeatmap(p, chartPanel(p, PANELS.heatmap, 'Study days · last year', plural(studied, 'day')), card.heatmap);
}
