/**
 * Answers accepted on appeal are remembered per card: grading merges them into the card's accepted
 * alternatives, and an answer that is the same as one of them once normalised (case, punctuation,
 * spacing) passes outright, so a decider's "this is right" holds next time whatever the grader makes of it.
 */
import type { CoreDeps } from '../context.js';
import type { DeckContext } from '../grading/deck-context.js';
import { gradeTyped, type TypedGrade } from '../grading/typed.js';
import type { Card, UserRef } from '../model.js';
import { APPEAL_RATING } from './decide.js';
import { normaliseForMatch } from '../text.js';

/** Two answers that differ only in case, punctuation or spacing are the same answer. */
export const normaliseAnswer = normaliseForMatch;

export async function gradeRemembering(deps: CoreDeps, user: UserRef, text: string, card: Card, deck: DeckContext): Promise<TypedGrade> {
  const remembered = await deps.store.acceptedAnswers({ cardId: card.id, workspaceId: user.workspaceId, userId: user.userId });
  const own = normaliseAnswer(text);
  if (own && remembered.some((answer) => normaliseAnswer(answer) === own)) {
    return {
      score: 1,
      verdict: 'correct',
      rating: APPEAL_RATING,
      matched: [],
      missed: [],
      feedback: 'This answer was accepted on appeal before: it counts as right.',
      flags: [],
      answer: text.trim().replace(/\s+/g, ' '),
      matchedReference: card.accepted.length,
    };
  }
  return gradeTyped(text, { ...card, accepted: [...card.accepted, ...remembered] }, deck);
}
