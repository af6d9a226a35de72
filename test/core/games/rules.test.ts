/** The pure rules of games: planning a /quiz, settings changes, points with hint and speed, standings, hints. */
import { describe, expect, it } from 'vitest';
import { pickCards } from '../../../src/core/games/commands.js';
import { hintAt, hintText } from '../../../src/core/games/hint.js';
import { DEFAULT_GAME_SETTINGS, nextQuestionAt } from '../../../src/core/games/model.js';
import { changeSettings, planQuiz } from '../../../src/core/games/options.js';
import { computeStandings, type GameQuestionResult } from '../../../src/core/games/standings.js';
import { countdownBucket } from '../../../src/core/games/steps.js';
import { standingsLines } from '../../../src/core/games/views.js';
import type { AnswerRecord, Card } from '../../../src/core/model.js';
import { basePoints, MCQ_POINTS, speedBonus } from '../../../src/core/points.js';
import { seededRandom } from '../../../src/core/random.js';

const settings = DEFAULT_GAME_SETTINGS;

describe('planQuiz', () => {
  it('keeps /quiz without rounds and time a single open question', () => {
    expect(planQuiz({}, settings)).toEqual({ kind: 'single' });
    expect(planQuiz({ rounds: '1' }, settings)).toEqual({ kind: 'single' });
  });

  it('makes time alone one timed question, and rounds a game at the channel default', () => {
    expect(planQuiz({ time: '20' }, settings)).toEqual({ kind: 'game', rounds: 1, seconds: 20 });
    expect(planQuiz({ time: '45s' }, settings)).toEqual({ kind: 'game', rounds: 1, seconds: 45 });
    expect(planQuiz({ rounds: '10' }, settings)).toEqual({ kind: 'game', rounds: 10, seconds: 30 });
    expect(planQuiz({ rounds: '10' }, { ...settings, defaultSeconds: 60 })).toEqual({ kind: 'game', rounds: 10, seconds: 60 });
  });

  it('refuses values out of range and times above the channel maximum', () => {
    expect(() => planQuiz({ rounds: '-1' }, settings)).toThrow(/from 1 to 50/);
    expect(() => planQuiz({ rounds: '2.5' }, settings)).toThrow(/whole number/);
    expect(() => planQuiz({ time: '9' }, settings)).toThrow(/from 10 to 300/);
    expect(() => planQuiz({ rounds: '5', time: '120' }, { ...settings, maxSeconds: 60 })).toThrow(/at most 60 seconds/);
  });
});

describe('changeSettings', () => {
  it('changes only what is given, and a lower maximum pulls the default down', () => {
    expect(changeSettings(settings, { speed: 'off' })).toEqual({ ...settings, speedBonus: false });
    expect(changeSettings(settings, { max: '20' })).toEqual({ defaultSeconds: 20, maxSeconds: 20, speedBonus: true });
    expect(() => changeSettings(settings, { speed: 'maybe' })).toThrow('`speed` must be on or off (you gave "maybe").');
    expect(() => changeSettings(settings, { time: '40', max: '30' })).toThrow(/cannot be more than/);
  });
});

describe('game points', () => {
  it('halves a typed answer after the hint, rounding up', () => {
    expect(basePoints({ mode: 'typed', correct: true, score: 1 })).toBe(10);
    expect(basePoints({ mode: 'typed', correct: true, score: 1, hinted: true })).toBe(5);
    expect(basePoints({ mode: 'typed', correct: false, score: 0.7, hinted: true })).toBe(4);
    expect(basePoints({ mode: 'mcq', correct: true, score: 1, hinted: true })).toBe(MCQ_POINTS);
  });

  it('pays 2, 1, 0 for the thirds of the time: never more than a fifth of a right answer', () => {
    expect([0, 9_999, 10_000, 19_999, 20_000, 30_000].map((ms) => speedBonus(ms, 30_000))).toEqual([2, 2, 1, 1, 0, 0]);
    expect(speedBonus(5, 0)).toBe(0);
    expect(2 / MCQ_POINTS).toBeLessThanOrEqual(0.2);
  });

  it('shows the hint at half time of a typed game question only', () => {
    const opensAt = new Date('2026-03-02T10:00:00Z');
    const closesAt = new Date('2026-03-02T10:00:30Z');
    expect(hintAt({ source: 'game', mode: 'typed', opensAt, closesAt })?.toISOString()).toBe('2026-03-02T10:00:15.000Z');
    expect(hintAt({ source: 'game', mode: 'mcq', opensAt, closesAt })).toBeNull();
    expect(hintAt({ source: 'quiz', mode: 'typed', opensAt, closesAt: null })).toBeNull();
  });

  it('hints the first letters of the key terms, in the answer order', () => {
    expect(hintText('The generator and the discriminator play a minimax game')).toBe('g________ · d____________ · p___');
    expect(hintText('KL divergence')).toBe('K_ · d_________');
  });
});

describe('standings', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, s));
  const answer = (userId: number, name: string, second: number, correct: boolean): AnswerRecord => ({
    id: userId * 100 + second,
    userId,
    displayName: name,
    choice: 0,
    text: null,
    score: correct ? 1 : 0,
    correct,
    points: 0,
    answeredAt: at(second),
    acceptedOnAppeal: false,
  });
  const question = (answers: AnswerRecord[]): GameQuestionResult => ({ round: 1, mode: 'mcq', opensAt: at(0), closesAt: at(30), answers });

  it('orders by points, then right answers, then the fastest, and shares a rank on a tie', () => {
    const standings = computeStandings(
      [
        question([answer(1, 'Ada', 25, true), answer(2, 'Bob', 25, true), answer(3, 'Cy', 2, false)]),
        question([answer(1, 'Ada', 29, true), answer(2, 'Bob', 28, true), answer(3, 'Cy', 1, true)]),
      ],
      true,
    );
    // Ada and Bob: 10 + 10, both right twice, both first right after 25 s: one rank, by name.
    expect(standings.map((s) => [s.rank, s.displayName, s.points, s.correct, s.fastestMs])).toEqual([
      [1, 'Ada', 20, 2, 25_000],
      [1, 'Bob', 20, 2, 25_000],
      [3, 'Cy', 12, 1, 1_000],
    ]);
  });

  it('lets right answers beat quick ones, and drops the bonus when it is off', () => {
    const slowRight = [question([answer(1, 'Slow', 29, true)]), question([answer(1, 'Slow', 29, true)])];
    const quickOnce = [question([answer(2, 'Quick', 0, true)]), question([answer(2, 'Quick', 0, false)])];
    const standings = computeStandings([...slowRight, ...quickOnce], true);
    expect(standings[0]!.displayName).toBe('Slow');
    expect(computeStandings(quickOnce, false)[0]!.points).toBe(10);
  });
});

describe('pickCards and the countdown', () => {
  const cards = Array.from({ length: 6 }, (_, i): Card => ({ id: i + 1, deckId: 1, front: `Q${i}`, back: `A${i}`, tags: [], keyPoints: [], accepted: [], position: i }));

  it('draws different cards, the channel’s recent ones last', () => {
    const picked = pickCards(cards, new Set([1, 2, 3]), 5, seededRandom(3));
    expect(new Set(picked).size).toBe(5);
    expect(new Set(picked.slice(0, 3))).toEqual(new Set([4, 5, 6]));
  });

  it('counts down in whole steps', () => {
    expect([30_000, 29_001, 20_000, 1, 0, -5].map(countdownBucket)).toEqual([3, 3, 2, 1, 0, 0]);
  });
});

describe('nextQuestionAt', () => {
  const due = new Date('2026-03-02T10:00:30Z');
  const at = (ms: number) => new Date(due.getTime() + ms).toISOString();
  it('keeps the game on its own timeline when a busy runner revealed late, with a pause of 2 s at least', () => {
    expect(nextQuestionAt(due, due).toISOString()).toBe(at(5_000)); // on time: 5 s to read the answer
    expect(nextQuestionAt(due, new Date(at(1_000))).toISOString()).toBe(at(5_000)); // 1 s late: still 5 s after due
    expect(nextQuestionAt(due, new Date(at(10_000))).toISOString()).toBe(at(12_000)); // very late: 2 s after the reveal
  });
});

describe('standingsLines', () => {
  const standing = (rank: number, displayName: string, points: number, correct: number) => ({ rank, userId: rank, displayName, points, correct, answered: 2, fastestMs: null });

  it('gives medals to players who scored, and a rank to those who did not', () => {
    expect(standingsLines([standing(1, 'Ada', 12, 2), standing(2, 'Bob', 0, 0)], 2)).toEqual(['🥇 **Ada** — 12 pts · 2/2 right', '**2.** **Bob** — 0 pts · 0/2 right']);
  });

  it('says nobody got one right when no one did, and gives no gold for nothing', () => {
    expect(standingsLines([standing(1, 'Ada', 0, 0)], 2)).toEqual(['Nobody got one right this game.', '**1.** **Ada** — 0 pts · 0/2 right']);
  });

  it('gives medals for right answers in a self-graded game, where nobody gets points', () => {
    expect(standingsLines([standing(1, 'Ada', 0, 2), standing(2, 'Bob', 0, 0)], 2)).toEqual(['🥇 **Ada** — 0 pts · 2/2 right', '**2.** **Bob** — 0 pts · 0/2 right']);
  });
});
