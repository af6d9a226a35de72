/**
 * Renders pictures as PNG: grids of digit tiles (28x28 greyscale in [0, 1], white on black as in MNIST, upscaled
 * nearest neighbour) and small line charts, laid side by side on a mid-grey background.
 */
import { PNG } from 'pngjs';
import { IMAGE_SIZE, PIXELS } from './data.js';

export interface GridImage {
  png: Uint8Array;
  width: number;
  height: number;
}

export interface GridLayout {
  cols: number;
  rows: number;
  /** Each source pixel becomes scale x scale output pixels (nearest neighbour keeps strokes crisp). */
  scale?: number;
  /** Pixels of border between and around tiles. */
  gap?: number;
}

export interface GridPanel extends GridLayout {
  type: 'grid';
  pixels: Float32Array;
}

export type Rgb = readonly [number, number, number];

export interface ChartPanel {
  type: 'chart';
  /** Each series is scaled to its own range (the caption gives the values). */
  series: { values: number[]; color: Rgb }[];
  width: number;
  height: number;
}

export type Panel = GridPanel | ChartPanel;

const BACKGROUND = 96;

export function gridSize(layout: GridLayout): { width: number; height: number } {
  const scale = layout.scale ?? 4;
  const gap = layout.gap ?? 4;
  const tile = IMAGE_SIZE * scale;
  return { width: layout.cols * tile + (layout.cols + 1) * gap, height: layout.rows * tile + (layout.rows + 1) * gap };
}

function panelSize(panel: Panel): { width: number; height: number } {
  return panel.type === 'grid' ? gridSize(panel) : { width: panel.width, height: panel.height };
}

/** An RGB canvas (3 bytes a pixel). */
class Canvas {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 3, BACKGROUND);
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.data[i] = r;
    this.data[i + 1] = g;
    this.data[i + 2] = b;
  }

  grid(panel: GridPanel, left: number): void {
    const scale = panel.scale ?? 4;
    const gap = panel.gap ?? 4;
    const tile = IMAGE_SIZE * scale;
    const count = Math.min(panel.cols * panel.rows, Math.floor(panel.pixels.length / PIXELS));
    for (let i = 0; i < count; i++) {
      const x0 = left + gap + (i % panel.cols) * (tile + gap);
      const y0 = gap + Math.floor(i / panel.cols) * (tile + gap);
      for (let y = 0; y < tile; y++) {
        const sourceRow = i * PIXELS + Math.floor(y / scale) * IMAGE_SIZE;
        let at = ((y0 + y) * this.width + x0) * 3;
        for (let x = 0; x < tile; x++) {
          const v = Math.round(Math.min(1, Math.max(0, panel.pixels[sourceRow + Math.floor(x / scale)] as number)) * 255);
          this.data[at++] = v;
          this.data[at++] = v;
          this.data[at++] = v;
        }
      }
    }
  }

  chart(panel: ChartPanel, left: number): void {
    const margin = 10;
    const w = panel.width - 2 * margin;
    const h = panel.height - 2 * margin;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) this.set(left + margin + x, margin + y, [24, 24, 24]);
    for (let x = 0; x < w; x++) this.set(left + margin + x, margin + h - 1, [160, 160, 160]);
    for (let y = 0; y < h; y++) this.set(left + margin, margin + y, [160, 160, 160]);
    for (const { values, color } of panel.series) {
      if (values.length === 0) continue;
      const lo = Math.min(...values);
      const span = Math.max(...values) - lo || 1;
      const at = (i: number) => ({
        x: left + margin + 2 + Math.round((values.length === 1 ? 0.5 : i / (values.length - 1)) * (w - 5)),
        y: margin + 2 + Math.round((1 - ((values[i] as number) - lo) / span) * (h - 5)),
      });
      for (let i = 0; i < values.length; i++) {
        const a = at(Math.max(0, i - 1));
        const b = at(i);
        const steps = Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y), 1);
        for (let s = 0; s <= steps; s++) {
          const x = Math.round(a.x + ((b.x - a.x) * s) / steps);
          const y = Math.round(a.y + ((b.y - a.y) * s) / steps);
          this.set(x, y, color);
          this.set(x, y + 1, color);
        }
      }
    }
  }
}

/** Panels side by side, top-aligned. */
export function renderPanels(panels: Panel[]): GridImage {
  const sizes = panels.map(panelSize);
  const width = sizes.reduce((sum, s) => sum + s.width, 0);
  const height = Math.max(...sizes.map((s) => s.height));
  const canvas = new Canvas(width, height);
  let left = 0;
  panels.forEach((panel, i) => {
    if (panel.type === 'grid') canvas.grid(panel, left);
    else canvas.chart(panel, left);
    left += (sizes[i] as { width: number }).width;
  });
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, bitDepth: 8, inputHasAlpha: false });
  png.data = canvas.data;
  // filter "Up": nearest-neighbour upscaling repeats every row `scale` times, so most filtered rows are zeros —
  // ~10x smaller files and faster than pngjs's default adaptive filter, which tries all five per row
  const encoded = PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 2 });
  return { png: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength), width, height };
}

/** One grid of digit tiles. */
export function renderGrid(pixels: Float32Array, layout: GridLayout): GridImage {
  return renderPanels([{ type: 'grid', pixels, ...layout }]);
}
