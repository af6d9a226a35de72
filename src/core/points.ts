/**
 * Points rules (the ledger stores each award as a row; leaderboards sum them):
 *
 *  - Multiple choice, correct: MCQ_POINTS (10). Wrong: nothing.
 *  - Typed answer: round(TYPED_MAX_POINTS × score) (score 0..1 from the grader), at least 1, awarded when
 *    the answer counts as correct or its score reaches TYPED_MIN_SCORE (a decent partial answer).
 *  - Self-graded reviews never score (anyone could press "I knew it").
 *  - Games: a typed question shows a hint at half time; an answer given after it earns half its points
 *    (rounded up). The game's standings add a speed bonus (when the channel keeps it on) to right
 *    answers: SPEED_BONUS[0] (2) in the first third of the time, [1] (1) in the second, 0 after, so
 *    being right (10) always outweighs being quick. The bonus counts in the game only, not the ledger.
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
  /** Given after a game question's hint was shown. */
  hinted?: boolean;
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

/** Points for being right, before any bonus. */
export function basePoints({ mode, correct, score, hinted }: Pick<AnswerForPoints, 'mode' | 'correct' | 'score' | 'hinted'>): number {
  if (mode === 'mcq') return correct ? MCQ_POINTS : 0;
  if (mode === 'typed') {
    const s = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
    if (!correct && s < TYPED_MIN_SCORE) return 0;
    const full = Math.max(1, Math.round(TYPED_MAX_POINTS * s));
    return hinted ? Math.ceil(full / 2) : full;
  }
  return 0; // self-graded
}

/** Game speed bonus by the third of the question's time the right answer came in. */
export const SPEED_BONUS: readonly number[] = [2, 1, 0];

/** The speed bonus for a right answer `elapsedMs` into a question open for `durationMs`. */
export function speedBonus(elapsedMs: number, durationMs: number): number {
  if (!(durationMs > 0) || !(elapsedMs >= 0)) return 0;
  const third = Math.floor((elapsedMs / durationMs) * 3);
  return SPEED_BONUS[third] ?? 0;
}

/** Points for reaching a streak milestone today (call once when the streak advances). */
export function streakBonus(current: number): number {
  if (!Number.isInteger(current) || current <= 0) return 0;
  const milestone = STREAK_MILESTONES.includes(current) || (current > 365 && current % 365 === 0);
  return milestone ? STREAK_POINTS_PER_DAY * current : 0;
}
