/** Renders digit images (28x28 greyscale in [0, 1]) as one upscaled PNG grid. */
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

export function gridSize(layout: GridLayout): { width: number; height: number } {
  const scale = layout.scale ?? 4;
  const gap = layout.gap ?? 4;
  const tile = IMAGE_SIZE * scale;
  return { width: layout.cols * tile + (layout.cols + 1) * gap, height: layout.rows * tile + (layout.rows + 1) * gap };
}

/** White-on-black digits (as in MNIST) on a mid-grey border so tiles stay distinct. */
export function renderGrid(pixels: Float32Array, layout: GridLayout): GridImage {
  const scale = layout.scale ?? 4;
  const gap = layout.gap ?? 4;
  const tile = IMAGE_SIZE * scale;
  const { width, height } = gridSize(layout);
  const count = Math.min(layout.cols * layout.rows, Math.floor(pixels.length / PIXELS));
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  // colorType 0 (greyscale): one byte per pixel in the input buffer
  const buffer = Buffer.alloc(width * height, 96);
  for (let i = 0; i < count; i++) {
    const left = gap + (i % layout.cols) * (tile + gap);
    const top = gap + Math.floor(i / layout.cols) * (tile + gap);
    for (let y = 0; y < tile; y++) {
      const sourceRow = i * PIXELS + Math.floor(y / scale) * IMAGE_SIZE;
      const rowStart = (top + y) * width + left;
      for (let x = 0; x < tile; x++) {
        const v = pixels[sourceRow + Math.floor(x / scale)] as number;
        buffer[rowStart + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
    }
  }
  png.data = buffer;
  // filter "Up": nearest-neighbour upscaling repeats every row `scale` times, so most filtered rows are zeros —
  // ~10x smaller files and faster than pngjs's default adaptive filter, which tries all five per row
  const encoded = PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, filterType: 2 });
  return { png: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength), width, height };
}
