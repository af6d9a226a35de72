/**
 * The pure decision behind an accepted appeal, made inside the Store's transaction with what it has just
 * read: the appealed review is re-rated Good (the card's schedule is replayed with that rating, so it is
 * not a second review), and a channel answer is paid what it would have earned as a correct answer,
 * less what it has paid already. An accepted answer counts as fully right (score 1): the decider found
 * it as good as the reference.
 */
import { isDue } from '../decisions.js';
import { answeredAfterHint } from '../games/hint.js';
import type { Round } from '../model.js';
import { pointsForAnswer } from '../points.js';
import type { PointsEntry } from '../ports.js';
import { replayRatings, type PersonalScheduling, type Rating } from '../scheduling/fsrs.js';
import type { AppealContext, AppealDecision } from './model.js';

/** What an appeal re-rates the answer's review as. */
export const APPEAL_RATING: Rating = 3;

/** `personal`: the appellant's own FSRS settings, which their card's schedule is replayed with. */
export function decideAcceptedAppeal(context: AppealContext, round: Round | null, personal?: PersonalScheduling | null): AppealDecision {
  const { history } = context;
  const at = history.findIndex((review) => review.appealed);
  const state = at < 0 ? null : replayRatings(history.map((review) => (review.appealed ? { ...review, rating: APPEAL_RATING } : review)), personal);
  const points: PointsEntry[] = [];
  if (context.answer && round && round.mode !== 'self') {
    const { answeredAt, paid, priorCorrect } = context.answer;
    // Whether the card was due when the answer came decides, as it did then, whether a quiz pays.
    const dueForUser = isDue(replayRatings(history.slice(0, Math.max(0, at)), personal), answeredAt);
    const daily = round.source === 'daily';
    const earned = pointsForAnswer({
      correct: true,
      score: 1,
      mode: round.mode,
      correctRank: daily ? priorCorrect + 1 : null,
      daily,
      hinted: answeredAfterHint(round, answeredAt),
    }).filter((entry) => dueForUser || entry.reason === 'first_correct');
    const owed = earned.reduce((sum, entry) => sum + entry.amount, 0) - paid;
    if (owed > 0) points.push({ amount: owed, reason: 'appeal' });
  }
  return { rating: APPEAL_RATING, state, points, score: 1 };
}
