/**
 * Answers decided on appeal are remembered per card. An answer that is the same as an accepted one once
 * normalised (case, punctuation, spacing) passes outright, so a decider's "this is right" holds next time
 * whatever the grader makes of it. Otherwise the accepted and rejected answers are the card's answer bank
 * (grading/bank.ts): an answer nearer the accepted ones than the rejected ones counts as likelier right.
 * They are not graded as further references (as the author's `Accept:` lines are): measured on SAF with
 * 50 remembered answers a card, that passed a third of the wrong answers (npm run bench:grading).
 */
import type { CoreDeps } from '../context.js';
import type { DeckContext, GradingCard, PreparedCard } from '../grading/deck-context.js';
import { gradeTyped, type TypedGrade } from '../grading/typed.js';
import type { Card, UserRef } from '../model.js';
import { APPEAL_RATING } from './decide.js';
import { normaliseForMatch } from '../text.js';

/** Two answers that differ only in case, punctuation or spacing are the same answer. */
export const normaliseAnswer = normaliseForMatch;

export async function gradeRemembering(deps: CoreDeps, user: UserRef, text: string, card: Card, deck: DeckContext): Promise<TypedGrade> {
  const [accepted, rejected] = await Promise.all([
    deps.store.acceptedAnswers({ cardId: card.id, workspaceId: user.workspaceId, userId: user.userId }),
    deps.store.rejectedAnswers({ cardId: card.id, workspaceId: user.workspaceId }),
  ]);
  const bank = [...accepted.map((answer) => ({ text: answer, correct: true })), ...rejected.map((answer) => ({ text: answer, correct: false }))];
  return gradeWithBank(text, { ...card, bank }, deck);
}

/**
 * The verdict given a card whose bank holds its remembered answers: a repeat of an accepted one passes
 * outright, any other answer is graded with the bank. (bench/grading.ts grades through this too.)
 */
export function gradeWithBank(text: string, card: GradingCard | PreparedCard, deck: DeckContext): TypedGrade {
  const graded = 'reference' in card ? card.card : card;
  const own = normaliseAnswer(text);
  if (own && (graded.bank ?? []).some((e) => e.correct && normaliseAnswer(e.text) === own)) {
    return {
      score: 1,
      verdict: 'correct',
      rating: APPEAL_RATING,
      matched: [],
      missed: [],
      feedback: 'This answer was accepted on appeal before: it counts as right.',
      flags: [],
      answer: text.trim().replace(/\s+/g, ' '),
      matchedReference: (graded.accepted ?? []).length,
    };
  }
  return gradeTyped(text, card, deck);
}
