/**
 * Points rules (the ledger stores each award as a row; leaderboards sum them):
 *
 *  - Multiple choice, correct: MCQ_POINTS (10). Wrong: nothing.
 *  - Typed answer: round(TYPED_MAX_POINTS × score) (score 0..1 from the grader), at least 1, awarded when
 *    the answer counts as correct or its score reaches TYPED_MIN_SCORE (a decent partial answer).
 *  - Self-graded reviews never score (anyone could press "I knew it").
 *  - Daily prompt: the first correct answers in the channel earn an extra DAILY_RANK_BONUS
 *    (5 / 3 / 1 for ranks 1, 2, 3), recorded separately with reason 'first_correct'.
 *    Only a correct answer can hold a rank; a partial typed answer earns its base points but no bonus.
 *  - Streaks: streakBonus(current) pays STREAK_POINTS_PER_DAY × current on milestone days
 *    (3, 7, 14, 30, 60, 100, 200, 365, then every 365), 0 on other days.
 */

export const MCQ_POINTS = 10;
export const TYPED_MAX_POINTS = 10;
/** A typed answer at or above this score earns points even if not fully correct. */
export const TYPED_MIN_SCORE = 0.5;
/** Bonus by rank among the first correct answers to a daily prompt. */
export const DAILY_RANK_BONUS: readonly number[] = [5, 3, 1];
export const STREAK_MILESTONES: readonly number[] = [3, 7, 14, 30, 60, 100, 200, 365];
export const STREAK_POINTS_PER_DAY = 2;

export type PointsReason = 'correct' | 'first_correct';

export interface AnswerForPoints {
  correct: boolean;
  /** Grader score 0..1 (MCQ: 1 or 0). */
  score: number;
  mode: 'mcq' | 'typed' | 'self';
  /** 1 = first correct answer in a daily prompt; null when not ranked. */
  correctRank: number | null;
  daily: boolean;
}

export function pointsForAnswer(input: AnswerForPoints): { amount: number; reason: PointsReason }[] {
  const awards: { amount: number; reason: PointsReason }[] = [];
  const base = basePoints(input);
  if (base > 0) awards.push({ amount: base, reason: 'correct' });
  if (input.daily && input.correct && input.mode !== 'self' && input.correctRank !== null) {
    const bonus = DAILY_RANK_BONUS[input.correctRank - 1] ?? 0;
    if (bonus > 0) awards.push({ amount: bonus, reason: 'first_correct' });
  }
  return awards;
}

function basePoints({ mode, correct, score }: AnswerForPoints): number {
  if (mode === 'mcq') return correct ? MCQ_POINTS : 0;
  if (mode === 'typed') {
    const s = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
    if (!correct && s < TYPED_MIN_SCORE) return 0;
    return Math.max(1, Math.round(TYPED_MAX_POINTS * s));
  }
  return 0; // self-graded
}

/** Points for reaching a streak milestone today (call once when the streak advances). */
export function streakBonus(current: number): number {
  if (!Number.isInteger(current) || current <= 0) return 0;
  const milestone = STREAK_MILESTONES.includes(current) || (current > 365 && current % 365 === 0);
  return milestone ? STREAK_POINTS_PER_DAY * current : 0;
}
