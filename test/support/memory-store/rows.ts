/**
 * What the memory store's modules share: a port method's input, a card row as the port hands it back,
 * and the plain string order the store sorts by.
 */
import type { Card } from '../../../src/core/model.js';
import type { Store } from '../../../src/core/ports.js';

export type Input<M extends keyof Store> = Parameters<Store[M]>[0];

export function toCard({ id, deckId, front, back, tags, position, keyPoints, accepted, typed }: Card): Card {
  return { id, deckId, front, back, tags: [...tags], position, keyPoints: [...keyPoints], accepted: [...accepted], typed: typed ?? false };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
