/**
 * The pure decisions behind every answer and every review: what an attempt counts as, the card's
 * next FSRS state, the streak, and the points earned (rules in points.ts). No I/O: the Store calls
 * these inside its transaction with the state it has just read, so what is decided is what commits.
 */
import type { TypedGrade } from './grading/typed.js';
import { answeredAfterHint } from './games/hint.js';
import { pointsForAnswer, streakBonus } from './points.js';
import type { AnswerContext, AnswerDecision, PointsEntry, ReviewDecision } from './ports.js';
import { applyRating, type CardState, type PersonalScheduling, type Rating } from './scheduling/fsrs.js';
import { advanceStreak, type Streak } from './streaks.js';

/** One answer to a round, graded: what the user chose or typed, and how it rates the card. */
export interface Attempt {
  choice: number | null;
  text: string | null;
  correct: boolean;
  /** 0..1 */
  score: number;
  rating: Rating;
}

/** A multiple-choice pick: right is Good (3), wrong is Again (1). */
export function mcqAttempt(choice: number, correctChoice: number | null): Attempt {
  const correct = choice === correctChoice;
  return { choice, text: null, correct, score: correct ? 1 : 0, rating: correct ? 3 : 1 };
}

export function typedAttempt(text: string, grade: TypedGrade): Attempt {
  return { choice: null, text, correct: grade.verdict === 'correct', score: grade.score, rating: grade.rating };
}

/** A self-graded card: Good and Easy count as correct; the score spreads the four ratings over 0..1. */
export function selfRatedAttempt(rating: Rating): Attempt {
  return { choice: null, text: null, correct: rating >= 3, score: (rating - 1) / 3, rating };
}

/** A card the user has never seen is due; otherwise when its due time has come. */
export function isDue(cardState: CardState | null, now: Date): boolean {
  return !cardState || cardState.due.getTime() <= now.getTime();
}

/**
 * Points, schedule and streak for one answer. A quiz pays only when the card is due for the user,
 * so repeating /quiz cannot farm points; daily prompts pay their first-correct bonus regardless.
 */
export function decideAnswer(
  context: AnswerContext,
  attempt: Attempt,
  now: Date,
  timeZone: string,
  dueForUser: boolean,
  personal?: PersonalScheduling | null,
): AnswerDecision {
  const { round } = context;
  const { state, log, streak, streakPoints } = rate(context, attempt.rating, now, timeZone, personal);
  const daily = round.source === 'daily';
  const points: PointsEntry[] = [];
  if (round.mode !== 'self' && (dueForUser || daily)) {
    const earned = pointsForAnswer({
      correct: attempt.correct,
      score: attempt.score,
      mode: round.mode,
      correctRank: attempt.correct && daily ? context.priorCorrect + 1 : null,
      daily,
      hinted: answeredAfterHint(round, now),
    });
    for (const entry of earned) {
      // Outside the card's due window only the daily bonus pays.
      if (dueForUser || entry.reason === 'first_correct') points.push(entry);
    }
  }
  points.push(...streakPoints);
  return { ...attempt, state, log, streak, points, source: daily ? 'daily' : 'quiz' };
}

/** A private review rating: schedule and streak; only a streak milestone pays. */
export function decideReview(
  context: { cardState: CardState | null; streak: Streak | null },
  rating: Rating,
  now: Date,
  timeZone: string,
  personal?: PersonalScheduling | null,
): ReviewDecision {
  const { state, log, streak, streakPoints } = rate(context, rating, now, timeZone, personal);
  return { state, log, streak, source: 'review', points: streakPoints };
}

export function totalPoints(points: readonly PointsEntry[]): number {
  return points.reduce((sum, entry) => sum + entry.amount, 0);
}

/** What every rating changes: the card's schedule (by the user's own FSRS settings), the streak, and the streak bonus on the day it advances. */
function rate(context: { cardState: CardState | null; streak: Streak | null }, rating: Rating, now: Date, timeZone: string, personal?: PersonalScheduling | null) {
  const { state, log } = applyRating(context.cardState, rating, now, personal);
  const streak = advanceStreak(context.streak, now, timeZone);
  const bonus = context.streak?.lastDay !== streak.lastDay ? streakBonus(streak.current) : 0;
  const streakPoints: PointsEntry[] = bonus > 0 ? [{ amount: bonus, reason: 'streak' }] : [];
  return { state, log, streak, streakPoints };
}
