import { describe, expect, it } from 'vitest';
import type { Leaderboard } from '../../src/core/model.js';
import {
  ALT_TEXT_MAX,
  cutGraphemes,
  FORECAST_DAYS,
  HEATMAP_WEEKS,
  leaderboardAlt,
  leaderboardCard,
  pictureCacheKeys,
  RETENTION_DAYS,
  statsAlt,
  statsCard,
  type StudyDay,
} from '../../src/core/pictures.js';
import { addDays } from '../../src/core/time.js';

const entry = (rank: number, name = `Player ${rank}`) => ({ rank, userId: rank, displayName: name, points: 1000 - rank * 10 });
const board = (players: number, me: number | null): Leaderboard => ({
  top: Array.from({ length: Math.min(players, 10) }, (_, i) => entry(i + 1)),
  me: me === null ? null : entry(me),
  players,
});
const labels = { scope: 'everyone', period: 'all time' };

describe('leaderboard card data', () => {
  it('keeps the top rows with their streaks and adds the caller only when they rank below them', () => {
    const outside = leaderboardCard(board(40, 23), labels, (id) => id * 2);
    expect(outside.rows).toHaveLength(10);
    expect(outside.rows[2]).toEqual({ rank: 3, name: 'Player 3', points: 970, streak: 6 });
    expect(outside.you).toEqual({ rank: 23, name: 'Player 23', points: 770, streak: 46 });
    expect(outside).toMatchObject({ kind: 'leaderboard', scope: 'everyone', period: 'all time', players: 40 });

    expect(leaderboardCard(board(40, 4), labels).you).toBeNull();
    expect(leaderboardCard(board(3, null), labels).you).toBeNull();
    expect(leaderboardCard(board(3, null), labels).rows.every((r) => r.streak === 0)).toBe(true);
  });

  it('describes the board in words, within the alt-text limit', () => {
    const alt = leaderboardAlt(leaderboardCard(board(40, 23), labels, () => 3));
    expect(alt).toMatch(/^Leaderboard picture for everyone, all time, 40 players\. 1\. Player 1: 990 points, 3-day streak\./);
    expect(alt).toContain('You are 23rd with 770 points.');
    expect(leaderboardAlt(leaderboardCard(board(0, null), { scope: 'this channel', period: 'this week' }))).toBe(
      'Leaderboard picture for this channel, this week: no points yet.',
    );
    const huge = board(10, null);
    huge.top = huge.top.map((e) => ({ ...e, displayName: '👩‍💻'.repeat(300) + '\n\tx' }));
    const long = leaderboardAlt(leaderboardCard(huge, labels));
    expect(long.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(long).not.toMatch(/[\n\t]/);
    expect(long.endsWith('…')).toBe(true);
  });

  it('cuts names between user-perceived characters', () => {
    expect(cutGraphemes('abc', 5)).toBe('abc');
    expect(cutGraphemes('👩‍💻👩‍💻👩‍💻', 2)).toBe('👩‍💻…');
    expect(cutGraphemes('éééé'.normalize('NFD'), 3)).toBe(`${'éé'.normalize('NFD')}…`);
  });
});

/** A year of history up to `today`: studied on two days of three, more reviews later in the week. */
function yearOfHistory(today: string): StudyDay[] {
  const days: StudyDay[] = [];
  for (let back = 0; back < 400; back++) {
    if (back % 3 === 2) continue;
    const reviews = 5 + (back % 7);
    days.push({ date: addDays(today, -back), reviews, learnedReviews: reviews - 2, recalled: reviews - 3 });
  }
  return days;
}

describe('stats card data', () => {
  const today = '2025-03-14'; // a Friday
  const base = { name: 'Ada', today, streak: 5, longestStreak: 12, dueNow: 7, points: 340 };

  it('lays out a year of history: 30 days of retention, 14 of forecast, 53 weeks from a Monday', () => {
    const card = statsCard({
      ...base,
      days: yearOfHistory(today),
      due: [
        { date: '2025-03-01', due: 4 }, // overdue: counts today
        { date: today, due: 3 },
        { date: '2025-03-20', due: 6 },
        { date: '2025-03-28', due: 2 }, // the last forecast day
        { date: '2025-03-29', due: 9 }, // beyond it
      ],
    });
    expect(card.retention).toHaveLength(RETENTION_DAYS);
    expect(card.retention[RETENTION_DAYS - 1]).toEqual({ date: today, learnedReviews: 3, rate: 2 / 3 });
    expect(card.retention[RETENTION_DAYS - 3]).toEqual({ date: '2025-03-12', learnedReviews: 0, rate: null });
    expect(card.retention[0]!.date).toBe('2025-02-13');

    expect(card.forecast.map((d) => d.date)).toEqual(Array.from({ length: FORECAST_DAYS }, (_, i) => addDays(today, i)));
    expect(card.forecast[0]!.due).toBe(7);
    expect(card.forecast[6]!.due).toBe(6);
    expect(card.forecast[13]).toEqual({ date: '2025-03-27', due: 0 });
    expect(card.forecast.reduce((sum, d) => sum + d.due, 0)).toBe(13);

    // 2025-03-10 is this week's Monday; the heatmap starts 52 weeks before it
    expect(card.heatmap.start).toBe('2024-03-11');
    expect(card.heatmap.days).toHaveLength(HEATMAP_WEEKS * 7);
    const todayIndex = 52 * 7 + 4;
    expect(card.heatmap.days[todayIndex]).toBe(5);
    expect(card.heatmap.days.slice(todayIndex + 1)).toEqual([null, null]);
    const studied = card.heatmap.days.filter((d) => d !== null && d > 0).length;
    // days back 0..368 are shown; two of three were study days
    expect(studied).toBe(Array.from({ length: todayIndex + 1 }, (_, back) => back % 3 !== 2).filter(Boolean).length);

    const alt = statsAlt(card);
    expect(alt).toContain('Stats picture for Ada: 5-day streak (best 12), 7 cards due now, 340 points.');
    expect(alt).toMatch(/Retention over the last 30 days: \d+% on 20 days with reviews/);
    expect(alt).toContain('Due in the next 14 days: 13 reviews, the most on Fri 14 Mar (7).');
    expect(alt).toContain(`Studied on ${studied} of the last ${todayIndex + 1} days`);
  });

  it('adds up several rows for one day', () => {
    const card = statsCard({
      ...base,
      days: [
        { date: today, reviews: 2, learnedReviews: 2, recalled: 1 },
        { date: today, reviews: 3, learnedReviews: 2, recalled: 2 },
      ],
      due: [],
    });
    expect(card.retention.at(-1)).toEqual({ date: today, learnedReviews: 4, rate: 0.75 });
    expect(card.heatmap.days.filter((d) => d !== null && d > 0)).toEqual([5]);
  });

  it('gives a new user empty charts and says so', () => {
    const card = statsCard({ ...base, streak: 0, longestStreak: 0, dueNow: 0, points: 0, days: [], due: [] });
    expect(card.retention.every((p) => p.rate === null)).toBe(true);
    expect(card.forecast.every((d) => d.due === 0)).toBe(true);
    expect(card.heatmap.days.every((d) => d === null || d === 0)).toBe(true);
    expect(statsAlt(card)).toBe(
      'Stats picture for Ada: no streak now (best 0), 0 cards due now, 0 points. No reviews of learned cards in the last 30 days. ' +
        'Nothing due in the next 14 days. No study days in the last year yet.',
    );
  });
});

describe('picture cache keys', () => {
  it('lets one invalidation reach every board of the workspace and the user’s stats, and nothing else', () => {
    const [boards, stats] = pictureCacheKeys.changedBy(7, 12);
    expect(pictureCacheKeys.leaderboard(7, null, 'all').startsWith(boards!)).toBe(true);
    expect(pictureCacheKeys.leaderboard(7, 'C:1', 'week').startsWith(boards!)).toBe(true);
    expect(pictureCacheKeys.leaderboard(70, null, 'all').startsWith(boards!)).toBe(false);
    expect(pictureCacheKeys.stats(12).startsWith(stats!)).toBe(true);
    expect(pictureCacheKeys.stats(123).startsWith(stats!)).toBe(false);
  });
});
