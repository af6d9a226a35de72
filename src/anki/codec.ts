/**
 * The core's PackageCodec on this folder: .apkg files are read in a worker thread (import.ts), their
 * Anki review history turned into review-log entries (history.ts), and decks written as .apkg or CSV.
 */
import type { PackageCodec } from '../core/decks/package.js';
import { exportApkg, exportCsv } from './export.js';
import { ankiReviewLog } from './history.js';
import { importApkg } from './import.js';
import { ANKI_LIMITS, type AnkiLimits } from './limits.js';

export function createPackageCodec(limits: AnkiLimits = ANKI_LIMITS): PackageCodec {
  return {
    async read(bytes, filename) {
      const deck = await importApkg(bytes, filename, limits);
      return {
        title: deck.title,
        cards: deck.cards.map(({ key, front, back, tags, frontImages, backImages, typed, keyPoints, accepted }) => ({ key, front, back, tags, frontImages, backImages, typed, keyPoints, accepted })),
        media: deck.media,
        history: deck.history.map((h) => ({
          key: h.key,
          reviews: ankiReviewLog(h).map(({ rating, state, reviewedAt }) => ({ rating: rating as 1 | 2 | 3 | 4, state, reviewedAt })),
        })),
        skipped: deck.skipped,
        warnings: deck.warnings,
      };
    },
    write: (deck, now) => exportApkg(deck, now),
    csv: (deck) => exportCsv(deck),
  };
}
