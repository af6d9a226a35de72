/**
 * The built-in gan deck for grading tests: with the author's key points (decks/gan.txt) and the same deck
 * without them (test/fixtures/decks/gan.txt), and a grader that names a card by the start of its front.
 */
import { readFileSync } from 'node:fs';
import { parseDeck } from '../../src/core/decks/parse.js';
import { deckContext, gradeTyped, type GradingCard, type TypedGrade } from '../../src/core/grading/typed.js';

export const withKeys = parseDeck('gan.txt', readFileSync(new URL('../../decks/gan.txt', import.meta.url), 'utf8'));
export const plain = parseDeck('gan.txt', readFileSync(new URL('../fixtures/decks/gan.txt', import.meta.url), 'utf8'));

/** The deck's cards, by the start of their fronts (what `grader` finds a card by). */
export const AE = 'What are the two components';
export const VAE = 'What is the difference between';
export const LOSSES = 'What are the two losses';
export const GAN = 'Explain the intuition';
export const KL = 'What is the problem of using KL';
export const CYCLE = 'Briefly explain the CycleGAN';

/** For describe.each: the deck with its key points, and without them. */
export const BOTH_DECKS = [
  ['with key points', withKeys],
  ['without key points', plain],
] as const;

export function grader(cards: readonly GradingCard[]): (frontStart: string, answer: string) => TypedGrade {
  const context = deckContext(cards);
  return (frontStart, answer) => {
    const card = cards.find((c) => c.front.startsWith(frontStart));
    if (!card) throw new Error(`no card ${frontStart}`);
    return gradeTyped(answer, card, context);
  };
}
