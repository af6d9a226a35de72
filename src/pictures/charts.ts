/**
 * The stats card's three small charts, drawn with plain canvas paths: a line for retention, bars for the
 * forecast, a year of squares for study days. (chart.js drew the first two in 45-115 ms on this machine,
 * more than the whole card's budget; these need no axes beyond a few fixed labels.)
 */
import type { DueDay, RetentionPoint, StatsCard } from '../core/pictures.js';
import { parseLocalDate } from '../core/time.js';
import { formatNumber, type Painter, THEME } from './paint.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const LABEL = { px: 13, color: THEME.muted };
const WEEKDAY_LETTERS = ['M', 'T', 'W', 'T', 'F', 'S', 'S'];
const shortDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const DAY = 86_400_000;
const monthName = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short' });

function utcDate(localDate: string): Date {
  const { year, month, day } = parseLocalDate(localDate);
  return new Date(Date.UTC(year, month - 1, day, 12));
}

function emptyNote(p: Painter, box: Box, note: string): void {
  p.text(note, box.x + box.width / 2, box.y + box.height / 2, box.width - 20, { px: 16, color: THEME.muted, align: 'center' });
}

/** Retention per day (0-100%) as a line with a dot per day that had reviews; days without are skipped. */
export function drawRetention(p: Painter, box: Box, points: RetentionPoint[]): void {
  const plot = { x: box.x + 44, y: box.y + 8, width: box.width - 52, height: box.height - 32 };
  const { ctx } = p;
  for (const v of [0, 0.5, 1]) {
    const y = plot.y + plot.height * (1 - v);
    ctx.fillStyle = THEME.panelEdge;
    ctx.fillRect(plot.x, Math.round(y), plot.width, 1);
    p.text(`${v * 100}%`, plot.x - 8, y + 4, 40, { ...LABEL, align: 'right' });
  }
  const first = points[0];
  if (first) p.text(shortDate.format(utcDate(first.date)), plot.x, box.y + box.height - 4, 80, LABEL);
  p.text('today', plot.x + plot.width, box.y + box.height - 4, 80, { ...LABEL, align: 'right' });

  const at = (i: number, rate: number) => ({ x: plot.x + (plot.width * i) / Math.max(1, points.length - 1), y: plot.y + plot.height * (1 - rate) });
  const rated = points.flatMap((point, i) => (point.rate === null ? [] : [at(i, point.rate)]));
  if (rated.length === 0) return emptyNote(p, plot, 'No reviews of learned cards yet');
  ctx.beginPath();
  rated.forEach((pt, i) => (i === 0 ? ctx.moveTo(pt.x, pt.y) : ctx.lineTo(pt.x, pt.y)));
  ctx.strokeStyle = THEME.good;
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  ctx.stroke();
  ctx.fillStyle = THEME.good;
  for (const pt of rated) {
    ctx.beginPath();
    ctx.arc(pt.x, pt.y, 3.5, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** Reviews due per day as bars, today first, with the count above each bar and the weekday below. */
export function drawForecast(p: Painter, box: Box, days: DueDay[]): void {
  const plot = { x: box.x + 4, y: box.y + 22, width: box.width - 8, height: box.height - 46 };
  const { ctx } = p;
  const slot = plot.width / Math.max(1, days.length);
  const max = Math.max(1, ...days.map((d) => d.due));
  const baseline = plot.y + plot.height;
  ctx.fillStyle = THEME.panelEdge;
  ctx.fillRect(plot.x, baseline, plot.width, 1);
  days.forEach((day, i) => {
    const cx = plot.x + slot * (i + 0.5);
    const weekday = (utcDate(day.date).getUTCDay() + 6) % 7;
    // weekday initials; today's stands out like its bar
    p.text(WEEKDAY_LETTERS[weekday]!, cx, box.y + box.height - 4, slot, {
      ...LABEL,
      align: 'center',
      weight: i === 0 ? 700 : 400,
      color: i === 0 ? THEME.text : THEME.muted,
    });
    if (day.due <= 0) return;
    const h = Math.max(2, (plot.height * day.due) / max);
    ctx.beginPath();
    ctx.roundRect(cx - slot * 0.3, baseline - h, slot * 0.6, h, [4, 4, 0, 0]);
    ctx.fillStyle = i === 0 ? THEME.accent : '#7b84f0';
    ctx.fill();
    p.text(formatNumber(day.due), cx, baseline - h - 6, slot + 4, { ...LABEL, align: 'center' });
  });
  if (days.every((d) => d.due <= 0)) emptyNote(p, plot, 'Nothing due in the next two weeks');
}

const HEATMAP_CELL = { size: 10, pitch: 12, labels: 34 } as const;

/** The square of day `index` in a heatmap drawn in `box`: a column per week, Monday on top. */
export function heatmapCell(box: Box, index: number): Box {
  const { size, pitch, labels } = HEATMAP_CELL;
  return { x: box.x + labels + Math.floor(index / 7) * pitch, y: box.y + 20 + (index % 7) * pitch, width: size, height: size };
}

/** A year of study days: one square per day, a column per week (Monday on top), darker for fewer reviews. */
export function drawHeatmap(p: Painter, box: Box, heatmap: StatsCard['heatmap']): void {
  const { size, pitch, labels } = HEATMAP_CELL;
  const { ctx } = p;
  const max = Math.max(1, ...heatmap.days.map((d) => d ?? 0));
  const start = utcDate(heatmap.start).getTime();
  let lastMonth = -1;
  let lastLabelX = -Infinity;
  heatmap.days.forEach((count, i) => {
    const cell = heatmapCell(box, i);
    if (i % 7 === 0) {
      // a month's name over the first week that starts in it, unless the previous name is too close
      const monday = new Date(start + i * DAY);
      if (monday.getUTCMonth() !== lastMonth && cell.x - lastLabelX >= 3 * pitch) {
        p.text(monthName.format(monday), cell.x, box.y + 12, 4 * pitch, LABEL);
        lastLabelX = cell.x;
      }
      lastMonth = monday.getUTCMonth();
    }
    if (count === null) return;
    ctx.fillStyle = THEME.heat[count === 0 ? 0 : Math.min(4, Math.ceil((4 * count) / max))]!;
    ctx.fillRect(cell.x, cell.y, size, size);
  });
  const grid = heatmapCell(box, 0);
  for (const [row, name] of [[0, 'Mon'], [2, 'Wed'], [4, 'Fri']] as const) {
    p.text(name, box.x, grid.y + row * pitch + size - 1, labels - 6, { ...LABEL, px: 11 });
  }
  // legend: less ... more
  const legendY = grid.y + 7 * pitch + 6;
  const legendRight = box.x + box.width;
  THEME.heat.forEach((colour, level) => {
    ctx.fillStyle = colour;
    ctx.fillRect(legendRight - 40 - (THEME.heat.length - level) * pitch, legendY, size, size);
  });
  p.text('Less', legendRight - 46 - THEME.heat.length * pitch, legendY + size, 40, { ...LABEL, px: 11, align: 'right' });
  p.text('More', legendRight - 34, legendY + size, 34, { ...LABEL, px: 11 });
}
