/**
 * Every limit on an Anki import, in one place. They protect the bot's memory and database, and each
 * error that names one reads it from here.
 */
import { MAX_MEDIA_DECK_BYTES, MAX_MEDIA_FILE_BYTES, MAX_PACKAGE_BYTES } from '../core/decks/package.js';

const MiB = 1024 * 1024;

export const ANKI_LIMITS = {
  /** The uploaded .apkg itself. Anki decks carry images, so this is far above the text-deck limit. */
  maxFileBytes: MAX_PACKAGE_BYTES,
  /** Cards produced from the collection (a reversed note makes two, a cloze note one per number). */
  maxCards: 20_000,
  /** The SQLite collection once unzipped / un-zstd'd: a 20,000-card collection with years of reviews is ~60 MB. */
  maxCollectionBytes: 256 * MiB,
  /** One image. Larger ones are left out (the card keeps its text) and reported. */
  maxMediaFileBytes: MAX_MEDIA_FILE_BYTES,
  /** All images of one deck together; past this, further images are left out and reported. */
  maxMediaTotalBytes: MAX_MEDIA_DECK_BYTES,
  /** Review-history rows brought along; a longer history is cut to its most recent rows and reported. */
  maxReviews: 1_000_000,
  /** The worker thread that parses a file: its JavaScript heap, and how long it may take. */
  workerHeapMb: 1024,
  workerTimeoutMs: 120_000,
} as const;

export type AnkiLimits = { readonly [K in keyof typeof ANKI_LIMITS]: number };

export function formatBytes(n: number): string {
  if (n >= MiB) return `${(n / MiB).toFixed(n >= 10 * MiB ? 0 : 1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}
