/** One card to PNG bytes: the same code runs in the render worker and, for tests, on the calling thread. */
import { createCanvas } from '@napi-rs/canvas';
import type { PictureCard } from '../core/pictures.js';
import type { FontBook } from './fonts.js';
import { drawLeaderboard, leaderboardSize } from './leaderboard.js';
import { Painter } from './paint.js';
import { drawStats, statsSize } from './stats.js';

export interface DrawnCard {
  png: Uint8Array;
  width: number;
  height: number;
}

export function cardSize(card: PictureCard): { width: number; height: number } {
  switch (card.kind) {
    case 'leaderboard':
      return leaderboardSize(card);
    case 'stats':
      return statsSize();
    default:
      throw new Error(`unknown picture kind ${JSON.stringify((card as { kind?: unknown }).kind)}`);
  }
}

export async function drawCard(card: PictureCard, fonts: FontBook): Promise<DrawnCard> {
  const { width, height } = cardSize(card);
  const canvas = createCanvas(width, height);
  const painter = new Painter(canvas.getContext('2d'), fonts);
  if (card.kind === 'leaderboard') drawLeaderboard(painter, card);
  else drawStats(painter, card);
  // encode() compresses on libuv's thread pool, not on this thread
  const png = await canvas.encode('png');
  return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width, height };
}
