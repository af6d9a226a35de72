import { normaliseForMatch } from '../text.js';
import { hashString } from '../random.js';

/** Fronts longer than this (after normalising) are cut and suffixed with a hash so keys stay short. */
const KEY_MAX_CHARS = 100;

/** Normalise a front for comparison: 'What is a GAN?' and 'what is a  GAN' are the same card. */
export const normaliseFront = normaliseForMatch;

/** Stable identity of a card within a deck: its normalised front, cut + hashed when long. */
export function cardKey(front: string): string {
  const norm = normaliseFront(front);
  if (norm.length <= KEY_MAX_CHARS) return norm;
  return `${norm.slice(0, KEY_MAX_CHARS - 9)}~${hashString(norm).toString(16).padStart(8, '0')}`;
}

/** URL/command-friendly deck id: 'Generative Adversarial Network Flashcards' -> 'generative-adversarial-network-flashcards'. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // strip accents: 'Übung' -> 'ubung'
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'deck';
}
