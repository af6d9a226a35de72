/**
 * The deciding half of an answer batch, with no I/O: answers are decided in arrival order against the
 * state read once and carried forward, so two answers of one user (card state, streak) or of one round
 * (first-correct ranks, counts) see each other exactly as they would in separate transactions.
 */
import type { AnswerDecision, AnswerResult } from '../core/ports.js';
import type { CardState } from '../core/scheduling/fsrs.js';
import type { Streak } from '../core/streaks.js';
import type { AnswerContextRow } from './answer-context.js';
import type { AnswerInput, Decide } from './answer-batch.js';

/** An answer decided and to be written; `answerCount` includes it. */
export interface DecidedAnswer {
  status: 'decided';
  input: AnswerInput;
  decision: AnswerDecision;
  answerCount: number;
}

/** Per answer: decided, closed, the error its `decide` threw, or a duplicate (whose first answer is read back later). */
export type Verdict = DecidedAnswer | Extract<AnswerResult, { status: 'closed' }> | Error | 'duplicate';

export function decideBatch(
  answers: { input: AnswerInput; decide: Decide }[],
  open: Map<number, number | null>,
  context: AnswerContextRow[],
): Verdict[] {
  const roundTally = new Map<number, { correct: number; total: number }>();
  const answered = new Set<string>();
  const cardStates = new Map<string, CardState | null>();
  const userStreaks = new Map<number, Streak | null>();

  return answers.map(({ input, decide }, index): Verdict => {
    const row = context[index]!;
    const roundId = input.round.id;
    const closesAt = open.get(roundId);
    if (closesAt === undefined || (closesAt !== null && closesAt <= input.at.getTime())) {
      return { status: 'closed' };
    }
    const answerKey = `${roundId}:${input.userId}`;
    if (row.answered || answered.has(answerKey)) {
      return 'duplicate';
    }
    const tally = roundTally.get(roundId) ?? { correct: row.priorCorrect, total: row.answerCount };
    roundTally.set(roundId, tally);
    const stateKey = `${input.userId}:${input.round.card.id}`;
    if (!cardStates.has(stateKey)) cardStates.set(stateKey, row.cardState);
    if (!userStreaks.has(input.userId)) userStreaks.set(input.userId, row.streak);
    let decision: AnswerDecision;
    try {
      decision = decide({ round: input.round, priorCorrect: tally.correct, cardState: cardStates.get(stateKey)!, streak: userStreaks.get(input.userId)! });
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    tally.total++;
    if (decision.correct) tally.correct++;
    answered.add(answerKey);
    cardStates.set(stateKey, decision.state);
    userStreaks.set(input.userId, decision.streak);
    return { status: 'decided', input, decision, answerCount: tally.total };
  });
}
