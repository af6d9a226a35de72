/**
 * Deck packages (Anki's .apkg): what the core needs from a reader and writer of them (the PackageCodec
 * port, implemented in src/anki), the shapes that cross it, and the one size limit adapters check
 * before they download a package.
 */
import type { ParsedCard } from './parse.js';

const MiB = 1024 * 1024;
/** The biggest .apkg accepted: Anki decks carry images, so far above the text-deck limit (README: 50 MB). */
export const MAX_PACKAGE_BYTES = 50 * MiB;
export const MAX_PACKAGE_SIZE_TEXT = `${MAX_PACKAGE_BYTES / MiB} MB`;
/** One stored picture, and all of one deck's pictures together (larger ones are left out and reported). */
export const MAX_MEDIA_FILE_BYTES = 5 * MiB;
export const MAX_MEDIA_DECK_BYTES = 64 * MiB;

/** File names read as packages rather than as text decks (a .zip too, so a renamed package gets the package reader's messages). */
export function isPackageName(filename: string): boolean {
  return /\.(apkg|colpkg|zip)$/i.test(filename.trim());
}

export function packageFileTooBig(name: string): string {
  return `${name} is too big: an Anki package can be at most ${MAX_PACKAGE_SIZE_TEXT}. Export a smaller deck, or leave out media.`;
}

export type MediaMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** A picture a deck's cards show, by the file name the cards use. */
export interface DeckMedia {
  name: string;
  mime: MediaMime;
  bytes: Uint8Array;
}

/** A card with a stable identity of its own (an Anki note's GUID and card ordinal) and its pictures. */
export interface PackageCard extends ParsedCard {
  key: string;
  frontImages: string[];
  backImages: string[];
}

/** One past review from the package's own history: its rating, the card's state before it (0 New), when. */
export interface PackageReview {
  rating: 1 | 2 | 3 | 4;
  state: number;
  reviewedAt: Date;
}

export interface SkippedCards {
  noteType: string;
  reason: string;
  cards: number;
}

export interface ImportedPackage {
  title: string;
  cards: PackageCard[];
  media: DeckMedia[];
  /** Per card key, oldest first. */
  history: { key: string; reviews: PackageReview[] }[];
  skipped: SkippedCards[];
  warnings: string[];
}

/** A deck as exported: its cards with their keys and pictures. */
export interface PackageDeck {
  title: string;
  cards: PackageCard[];
  media: DeckMedia[];
}

/** Reads and writes packages off the event loop (src/anki). Read errors for the user are UserErrors. */
export interface PackageCodec {
  read(bytes: Uint8Array, filename: string): Promise<ImportedPackage>;
  write(deck: PackageDeck, now: Date): Promise<Uint8Array>;
  csv(deck: PackageDeck): string;
}

/** "3 cards were left out: 2 Image Occlusion (…); 1 Basic (the answer is empty)." */
export function describeSkipped(skipped: readonly SkippedCards[]): string {
  const total = skipped.reduce((n, s) => n + s.cards, 0);
  if (total === 0) return '';
  const parts = skipped.map((s) => `${s.cards} ${s.noteType} (${s.reason})`);
  return `${total} ${total === 1 ? 'card was' : 'cards were'} left out: ${parts.join('; ')}.`;
}
