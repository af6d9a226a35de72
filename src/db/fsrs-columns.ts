/** FSRS values as the integer and float columns of card_states and review_logs store them. */
import type { CardState, ReviewRecord } from '../core/scheduling/fsrs.js';

export function cardStateColumns(state: CardState) {
  return {
    due: state.due,
    stability: state.stability,
    difficulty: state.difficulty,
    elapsedDays: Math.round(state.elapsedDays),
    scheduledDays: Math.round(state.scheduledDays),
    learningSteps: Math.round(state.learningSteps),
    reps: state.reps,
    lapses: state.lapses,
    state: state.state,
    lastReview: state.lastReview,
  };
}

export function reviewLogColumns(log: ReviewRecord) {
  return {
    rating: log.rating,
    state: log.state,
    due: log.due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: Math.round(log.elapsedDays),
    lastElapsedDays: Math.round(log.lastElapsedDays),
    scheduledDays: Math.round(log.scheduledDays),
    learningSteps: Math.round(log.learningSteps),
    reviewedAt: log.reviewedAt,
  };
}
