import { describe, expect, it } from 'vitest';
import { decideAnswer, decideReview, isDue, mcqAttempt, selfRatedAttempt, totalPoints } from '../../src/core/decisions.js';
import type { Round } from '../../src/core/model.js';
import { MCQ_POINTS, STREAK_POINTS_PER_DAY } from '../../src/core/points.js';
import type { AnswerContext } from '../../src/core/ports.js';

const NOW = new Date('2026-03-20T10:00:00Z');
const card = { id: 1, deckId: 1, front: 'What is D?', back: 'The discriminator', tags: [], position: 0, keyPoints: [], accepted: [] };

function round(overrides: Partial<Round> = {}): Round {
  return {
    id: 1,
    workspaceId: 1,
    channelId: 'c',
    card,
    deckTitle: 'GANs',
    mode: 'mcq',
    choices: ['a', 'b', 'c', 'd'],
    correctChoice: 2,
    opensAt: NOW,
    closesAt: null,
    messageRef: null,
    source: 'quiz',
    revealedAt: null,
    createdBy: 1,
    ...overrides,
  };
}

const context = (overrides: Partial<AnswerContext> = {}): AnswerContext => ({ round: round(), priorCorrect: 0, cardState: null, streak: null, ...overrides });
/** Yesterday's streak of two days: studying today makes it three, a milestone. */
const twoDays = { current: 2, longest: 2, lastDay: '2026-03-19' };

describe('answer and review decisions', () => {
  it('grades a pick and pays a correct quiz answer on a due card', () => {
    expect(mcqAttempt(2, 2)).toEqual({ choice: 2, text: null, correct: true, score: 1, rating: 3 });
    expect(mcqAttempt(0, 2)).toMatchObject({ correct: false, score: 0, rating: 1 });
    const decision = decideAnswer(context(), mcqAttempt(2, 2), NOW, 'UTC', true);
    expect(decision.points).toEqual([{ amount: MCQ_POINTS, reason: 'correct' }]);
    expect(decision).toMatchObject({ source: 'quiz', correct: true, streak: { current: 1, lastDay: '2026-03-20' } });
  });

  it('pays a quiz nothing when the card is not due, while a daily card still pays its first-correct bonus', () => {
    expect(decideAnswer(context(), mcqAttempt(2, 2), NOW, 'UTC', false).points).toEqual([]);
    const daily = decideAnswer(context({ round: round({ source: 'daily' }), priorCorrect: 0 }), mcqAttempt(2, 2), NOW, 'UTC', false);
    expect(daily.points).toEqual([{ amount: 5, reason: 'first_correct' }]);
    expect(daily.source).toBe('daily');
  });

  it('pays the streak milestone once, the same way for answers and reviews', () => {
    const answer = decideAnswer(context({ streak: twoDays }), mcqAttempt(2, 2), NOW, 'UTC', true);
    const review = decideReview({ cardState: null, streak: twoDays }, 3, NOW, 'UTC');
    const bonus = { amount: 3 * STREAK_POINTS_PER_DAY, reason: 'streak' };
    expect(answer.points).toEqual([{ amount: MCQ_POINTS, reason: 'correct' }, bonus]);
    expect(review.points).toEqual([bonus]);
    expect(review.source).toBe('review');
    expect(totalPoints(answer.points)).toBe(MCQ_POINTS + 3 * STREAK_POINTS_PER_DAY);
    // A second rating on the same day does not advance the streak, so it pays no bonus again.
    expect(decideReview({ cardState: review.state, streak: review.streak }, 3, NOW, 'UTC').points).toEqual([]);
  });

  it('never pays a self-graded answer, and reads Good and Easy as correct', () => {
    expect([1, 2, 3, 4].map((r) => selfRatedAttempt(r as 1 | 2 | 3 | 4).correct)).toEqual([false, false, true, true]);
    const decision = decideAnswer(context({ round: round({ mode: 'self' }) }), selfRatedAttempt(4), NOW, 'UTC', true);
    expect(decision.points).toEqual([]);
    expect(decision.score).toBe(1);
  });

  it('counts a card as due when unseen or when its time has come', () => {
    const state = decideReview({ cardState: null, streak: null }, 3, NOW, 'UTC').state;
    expect(isDue(null, NOW)).toBe(true);
    expect(isDue(state, NOW)).toBe(false);
    expect(isDue(state, state.due)).toBe(true);
  });
});
