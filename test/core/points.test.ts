import { describe, expect, it } from 'vitest';
import {
  DAILY_RANK_BONUS,
  MCQ_POINTS,
  STREAK_POINTS_PER_DAY,
  TYPED_MAX_POINTS,
  TYPED_MIN_SCORE,
  pointsForAnswer,
  streakBonus,
  type AnswerForPoints,
} from '../../src/core/points.js';

const answer = (over: Partial<AnswerForPoints>): AnswerForPoints => ({
  correct: true,
  score: 1,
  mode: 'mcq',
  correctRank: null,
  daily: false,
  ...over,
});
const total = (a: { amount: number }[]) => a.reduce((s, x) => s + x.amount, 0);

describe('pointsForAnswer', () => {
  it('gives a correct MCQ answer the MCQ points and a wrong one nothing', () => {
    expect(pointsForAnswer(answer({}))).toEqual([{ amount: MCQ_POINTS, reason: 'correct' }]);
    expect(pointsForAnswer(answer({ correct: false, score: 0 }))).toEqual([]);
  });

  it('scales typed answers by score', () => {
    expect(pointsForAnswer(answer({ mode: 'typed', score: 1 }))).toEqual([{ amount: TYPED_MAX_POINTS, reason: 'correct' }]);
    expect(pointsForAnswer(answer({ mode: 'typed', score: 0.74 }))).toEqual([{ amount: 7, reason: 'correct' }]);
  });

  it('pays a partial typed answer only from the minimum score up', () => {
    expect(total(pointsForAnswer(answer({ mode: 'typed', correct: false, score: TYPED_MIN_SCORE })))).toBe(
      Math.round(TYPED_MAX_POINTS * TYPED_MIN_SCORE),
    );
    expect(pointsForAnswer(answer({ mode: 'typed', correct: false, score: TYPED_MIN_SCORE - 0.01 }))).toEqual([]);
    expect(pointsForAnswer(answer({ mode: 'typed', correct: false, score: 0 }))).toEqual([]);
  });

  it('clamps odd scores and gives a correct typed answer at least 1 point', () => {
    expect(total(pointsForAnswer(answer({ mode: 'typed', score: 3 })))).toBe(TYPED_MAX_POINTS);
    expect(total(pointsForAnswer(answer({ mode: 'typed', score: 0.01 })))).toBe(1);
    expect(pointsForAnswer(answer({ mode: 'typed', correct: false, score: Number.NaN }))).toEqual([]);
  });

  it('never scores self-graded answers, daily or not', () => {
    expect(pointsForAnswer(answer({ mode: 'self' }))).toEqual([]);
    expect(pointsForAnswer(answer({ mode: 'self', daily: true, correctRank: 1 }))).toEqual([]);
  });

  it('adds the daily bonus for the first three correct answers only', () => {
    for (const [i, bonus] of DAILY_RANK_BONUS.entries()) {
      expect(pointsForAnswer(answer({ daily: true, correctRank: i + 1 }))).toEqual([
        { amount: MCQ_POINTS, reason: 'correct' },
        { amount: bonus, reason: 'first_correct' },
      ]);
    }
    expect(pointsForAnswer(answer({ daily: true, correctRank: DAILY_RANK_BONUS.length + 1 }))).toEqual([
      { amount: MCQ_POINTS, reason: 'correct' },
    ]);
    expect(DAILY_RANK_BONUS[0]!).toBeGreaterThan(DAILY_RANK_BONUS[1]!);
  });

  it('gives no rank bonus outside a daily prompt, to a wrong answer, or to a partial typed answer', () => {
    expect(pointsForAnswer(answer({ daily: false, correctRank: 1 }))).toEqual([{ amount: MCQ_POINTS, reason: 'correct' }]);
    expect(pointsForAnswer(answer({ daily: true, correct: false, score: 0, correctRank: 1 }))).toEqual([]);
    const partial = pointsForAnswer(answer({ mode: 'typed', daily: true, correct: false, score: 0.6, correctRank: 1 }));
    expect(partial).toEqual([{ amount: 6, reason: 'correct' }]);
  });
});

describe('streakBonus', () => {
  it('pays on milestone days and nothing in between', () => {
    expect(streakBonus(3)).toBe(3 * STREAK_POINTS_PER_DAY);
    expect(streakBonus(7)).toBe(7 * STREAK_POINTS_PER_DAY);
    expect(streakBonus(730)).toBe(730 * STREAK_POINTS_PER_DAY);
    for (const d of [0, 1, 2, 4, 8, 366, -3, 2.5]) expect(streakBonus(d)).toBe(0);
  });
});
