/**
 * Drawing primitives shared by the cards: the colours, panels, and the one way text is drawn. Every string
 * goes through `text`, which picks the fonts it needs, cuts it to a measured width (never mid-character)
 * and clips it to its box, so no user-given name can spill over the layout.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { FontBook } from './fonts.js';

export const THEME = {
  background: '#16181d',
  panel: '#20242c',
  panelEdge: '#2c313b',
  text: '#f2f3f5',
  muted: '#9aa1ad',
  accent: '#5865f2',
  good: '#3ba55d',
  medals: ['#f1c40f', '#c0c7d0', '#d68a4c'],
  /** Heatmap: no study, then four levels of more reviews (GitHub's dark greens). */
  heat: ['#2a2f38', '#0e4429', '#006d32', '#26a641', '#39d353'],
} as const;

/** Card width in pixels (both kinds); heights follow from the content. */
export const CARD_WIDTH = 800;
export const PADDING = 32;

/** Longest text measured at all: a name longer than this cannot fit any box on a card anyway. */
const MEASURE_LIMIT = 120;
const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const LETTER = /\p{L}/u;

export interface TextStyle {
  px: number;
  weight?: number;
  color?: string;
  align?: 'left' | 'right' | 'center';
}

/** Like dir="auto": the first strong letter decides the base direction (where an ellipsis goes). */
function directionOf(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    if (RTL.test(ch)) return 'rtl';
    if (LETTER.test(ch)) return 'ltr';
  }
  return 'ltr';
}

export class Painter {
  constructor(
    readonly ctx: SKRSContext2D,
    private readonly fonts: FontBook,
  ) {}

  width(text: string, style: TextStyle): number {
    this.ctx.font = this.fonts.font(text, style.px, style.weight);
    return this.ctx.measureText(text).width;
  }

  /** `text` as drawn within `maxWidth`: whole when it fits, else the longest start of it that fits with '…'. */
  fit(text: string, maxWidth: number, style: TextStyle): string {
    let parts = [...graphemes.segment(text)].map((s) => s.segment);
    if (parts.length > MEASURE_LIMIT) parts = parts.slice(0, MEASURE_LIMIT);
    const whole = parts.join('');
    if (whole === text && this.width(text, style) <= maxWidth) return text;
    const withEllipsis = (n: number) => `${parts.slice(0, n).join('').trimEnd()}${ELLIPSIS}`;
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.width(withEllipsis(mid), style) <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    return withEllipsis(lo);
  }

  /**
   * Draws one line of text with its baseline at `y`, cut to `maxWidth` and clipped to the box
   * [x, x + maxWidth] x [y - 1.3 px, y + 0.5 px] (room for accents above and descenders below).
   * `x` is the left edge, the right edge or the centre, as `align` says. Returns the drawn width.
   */
  text(value: string, x: number, y: number, maxWidth: number, style: TextStyle): number {
    const shown = this.fit(value, maxWidth, style);
    const { ctx } = this;
    const align = style.align ?? 'left';
    const left = align === 'left' ? x : align === 'right' ? x - maxWidth : x - maxWidth / 2;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, y - style.px * 1.3, maxWidth, style.px * 1.8);
    ctx.clip();
    ctx.font = this.fonts.font(shown, style.px, style.weight);
    ctx.direction = directionOf(shown);
    ctx.textAlign = align;
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = style.color ?? THEME.text;
    ctx.fillText(shown, x, y);
    const drawn = ctx.measureText(shown).width;
    ctx.restore();
    return drawn;
  }

  panel(x: number, y: number, w: number, h: number, fill: string = THEME.panel, edge?: string): void {
    const { ctx } = this;
    ctx.beginPath();
    ctx.roundRect(x, y, w, h, 12);
    ctx.fillStyle = fill;
    ctx.fill();
    if (edge) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = edge;
      ctx.stroke();
    }
  }

  background(width: number, height: number): void {
    this.ctx.fillStyle = THEME.background;
    this.ctx.fillRect(0, 0, width, height);
  }
}

export const formatNumber = (n: number) => Math.round(n).toLocaleString('en-US');
