/**
 * What an .apkg import yields: the parsed-deck shape every other deck format produces (title, cards with
 * front/back/tags), extended with what only Anki has: a stable identity per card, images, review history.
 */
import type { ParsedCard, ParsedDeck } from '../core/decks/parse.js';

export interface AnkiCard extends ParsedCard {
  /**
   * Stable identity within the deck, from the note's GUID and the card's ordinal (see identity.ts), used in
   * place of the front-derived key so that editing a card in Anki and importing again updates it in place.
   */
  key: string;
  /** Image file names shown with the question / with the answer (their bytes are in AnkiDeck.media). */
  frontImages: string[];
  backImages: string[];
  /** Cloze cards and "type in the answer" cards are meant to be answered by typing. */
  typed: boolean;
  /** The rest of the answer side (a cloze's "Back Extra"), shown after answering; never graded. */
  extra: string;
}

export interface AnkiMediaFile {
  name: string;
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  bytes: Uint8Array;
}

/** One row of Anki's revlog, as Anki recorded it. */
export interface AnkiReview {
  reviewedAt: Date;
  /** 1 Again, 2 Hard, 3 Good, 4 Easy; 0 for a manual change (Forget, Set due date), which is not a review. */
  rating: 0 | 1 | 2 | 3 | 4;
  kind: 'learn' | 'review' | 'relearn' | 'filtered' | 'manual';
  /** The interval Anki set, in days (learning steps under a day as a fraction). */
  intervalDays: number;
  durationMs: number;
}

export interface AnkiCardHistory {
  key: string;
  reviews: AnkiReview[];
}

/** Notes left out, grouped by note type and reason, so the importer can say what it skipped and why. */
export interface SkippedCards {
  noteType: string;
  reason: string;
  cards: number;
}

export interface AnkiDeck extends ParsedDeck {
  cards: AnkiCard[];
  format: 'legacy' | 'current';
  media: AnkiMediaFile[];
  /** Per card (by key), oldest first; only cards that were imported. */
  history: AnkiCardHistory[];
  skipped: SkippedCards[];
  /** Things that did not stop the import but the user should hear about (images left out, history cut). */
  warnings: string[];
}
