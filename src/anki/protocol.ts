/** Messages between import.ts (main thread) and worker.ts (the thread that parses one .apkg). */
import type { AnkiLimits } from './limits.js';
import type { AnkiDeck } from './types.js';

export interface ToApkgWorker {
  bytes: Uint8Array;
  filename: string;
  limits: AnkiLimits;
}

export type FromApkgWorker = { ok: true; deck: AnkiDeck } | { ok: false; message: string; userError: boolean };
