/** Messages between import.ts (main thread) and worker.ts (the thread that parses one .apkg). */
import type { AnkiLimits } from './limits.js';
import type { AnkiCard, AnkiCardHistory, AnkiDeck } from './types.js';

/** The main thread's request for the next piece. */
export const NEXT_PIECE = 'next';

export interface ToApkgWorker {
  bytes: Uint8Array;
  filename: string;
  limits: AnkiLimits;
}

/**
 * A deck comes back in pieces: its cards and its history a thousand at a time, then the rest, each piece
 * only once the main thread asks for the next ('next'). Reading a message is work on the receiving thread:
 * a 20,000-card deck with 100,000 reviews held the bot's event loop for 250-450 ms, in one message or in
 * forty sent at once (a port delivers what has queued up in one go). Asked for one by one, the loop turns
 * between pieces.
 */
export const APKG_PIECE = 1000;

export type FromApkgWorker =
  | { type: 'cards'; cards: AnkiCard[] }
  | { type: 'history'; history: AnkiCardHistory[] }
  /** On success, `deck` comes with its cards and history empty: they came in the pieces before. */
  | { type: 'done'; ok: true; deck: AnkiDeck }
  | { type: 'done'; ok: false; message: string; userError: boolean };
