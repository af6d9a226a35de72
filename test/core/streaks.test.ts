import { describe, expect, it } from 'vitest';
import { advanceStreak, daysBetween, freezesLeft, isStreakAlive, MAX_FREEZES, type Streak } from '../../src/core/streaks.js';
import { isValidTimeZone, localDateOf as localDay } from '../../src/core/time.js';

const STHLM = 'Europe/Stockholm';

describe('localDay', () => {
  it('uses the user zone: 23:30 in Stockholm is already the next day in Stockholm but not in UTC', () => {
    // 2026-03-10 22:30 UTC = 23:30 CET
    const at = new Date('2026-03-10T22:30:00Z');
    expect(localDay(at, STHLM)).toBe('2026-03-10');
    expect(localDay(new Date('2026-03-10T23:30:00Z'), STHLM)).toBe('2026-03-11');
    expect(localDay(new Date('2026-03-10T23:30:00Z'), 'UTC')).toBe('2026-03-10');
    expect(localDay(new Date('2026-03-11T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-10');
  });

  it('throws for an unknown zone', () => {
    expect(() => localDay(new Date(), 'Nowhere/Land')).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and rejects junk', () => {
    expect(isValidTimeZone(STHLM)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('Nowhere/Land')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('  ')).toBe(false);
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across month and year ends', () => {
    expect(daysBetween('2026-01-31', '2026-02-01')).toBe(1);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysBetween('2026-03-05', '2026-03-01')).toBe(-4);
  });
});

describe('advanceStreak', () => {
  it('starts at 1', () => {
    expect(advanceStreak(null, new Date('2026-03-10T08:00:00Z'), STHLM)).toEqual({ current: 1, longest: 1, lastDay: '2026-03-10', freezes: 0 });
  });

  it('leaves the streak unchanged for a second study on the same local day', () => {
    const s = advanceStreak(null, new Date('2026-03-10T06:00:00Z'), STHLM);
    expect(advanceStreak(s, new Date('2026-03-10T22:30:00Z'), STHLM)).toEqual(s);
  });

  it('counts 23:30 Stockholm and 00:30 Stockholm the next day as consecutive days (UTC would call it one day)', () => {
    const a = new Date('2026-03-10T22:30:00Z'); // 23:30 CET on the 10th
    const b = new Date('2026-03-10T23:30:00Z'); // 00:30 CET on the 11th
    const inStockholm = advanceStreak(advanceStreak(null, a, STHLM), b, STHLM);
    expect(inStockholm.current).toBe(2);
    const inUtc = advanceStreak(advanceStreak(null, a, 'UTC'), b, 'UTC');
    expect(inUtc.current).toBe(1);
  });

  it('increments across the spring-forward DST day (a 23-hour day) and the autumn one (25 hours)', () => {
    // Stockholm springs forward 2026-03-29, falls back 2026-10-25.
    let s = advanceStreak(null, new Date('2026-03-28T21:30:00Z'), STHLM); // 22:30 on the 28th
    s = advanceStreak(s, new Date('2026-03-29T21:30:00Z'), STHLM); // 23:30 CEST on the 29th
    s = advanceStreak(s, new Date('2026-03-29T22:30:00Z'), STHLM); // 00:30 on the 30th
    expect(s).toEqual({ current: 3, longest: 3, lastDay: '2026-03-30', freezes: 0 });

    let t = advanceStreak(null, new Date('2026-10-24T22:30:00Z'), STHLM); // 00:30 CEST on the 25th
    t = advanceStreak(t, new Date('2026-10-25T22:30:00Z'), STHLM); // 23:30 CET on the 25th: same day
    expect(t.current).toBe(1);
    t = advanceStreak(t, new Date('2026-10-25T23:30:00Z'), STHLM); // 00:30 CET on the 26th
    expect(t).toEqual({ current: 2, longest: 2, lastDay: '2026-10-26', freezes: 0 });
  });

  it('resets to 1 after a gap but keeps the longest', () => {
    let s: Streak | null = null;
    for (const d of ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04']) s = advanceStreak(s, new Date(`${d}T10:00:00Z`), STHLM);
    expect(s).toEqual({ current: 4, longest: 4, lastDay: '2026-04-04', freezes: 0 });
    s = advanceStreak(s, new Date('2026-04-06T10:00:00Z'), STHLM);
    expect(s).toEqual({ current: 1, longest: 4, lastDay: '2026-04-06', freezes: 0 });
    s = advanceStreak(s, new Date('2026-04-07T10:00:00Z'), STHLM);
    expect(s).toEqual({ current: 2, longest: 4, lastDay: '2026-04-07', freezes: 0 });
  });

  it('ignores a study time that falls on an earlier local day than the last one', () => {
    const s = { current: 3, longest: 5, lastDay: '2026-04-07' };
    expect(advanceStreak(s, new Date('2026-04-06T12:00:00Z'), STHLM)).toEqual(s);
  });
});

describe('isStreakAlive', () => {
  const s: Streak = { current: 5, longest: 9, lastDay: '2026-04-07' };

  it('is the current streak on the same day and the day after', () => {
    expect(isStreakAlive(s, new Date('2026-04-07T20:00:00Z'), STHLM)).toBe(5);
    expect(isStreakAlive(s, new Date('2026-04-08T21:30:00Z'), STHLM)).toBe(5); // 23:30 on the 8th
  });

  it('is 0 once a whole local day was missed, and for no streak', () => {
    expect(isStreakAlive(s, new Date('2026-04-08T22:30:00Z'), STHLM)).toBe(0); // 00:30 on the 9th in Stockholm
    expect(isStreakAlive(s, new Date('2026-04-08T22:30:00Z'), 'UTC')).toBe(5); // still the 8th in UTC
    expect(isStreakAlive(null, new Date(), STHLM)).toBe(0);
  });
});

describe('streak freezes', () => {
  const studyOn = (days: string[], start: Streak | null = null) =>
    days.reduce<Streak | null>((streak, day) => advanceStreak(streak, new Date(`${day}T10:00:00Z`), STHLM), start)!;
  const week = ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06', '2026-04-07'];

  it('earns one freeze on the 7th day, and holds at most two', () => {
    expect(studyOn(week.slice(0, 6)).freezes).toBe(0);
    expect(studyOn(week)).toEqual({ current: 7, longest: 7, lastDay: '2026-04-07', freezes: 1 });
    const days = Array.from({ length: 28 }, (_, i) => new Date(Date.UTC(2026, 3, 1 + i)).toISOString().slice(0, 10));
    expect(studyOn(days)).toMatchObject({ current: 28, freezes: MAX_FREEZES });
  });

  it('keeps a streak over a missed day by using a freeze', () => {
    const s = studyOn([...week, '2026-04-09']); // the 8th missed
    expect(s).toEqual({ current: 8, longest: 8, lastDay: '2026-04-09', freezes: 0 });
  });

  it('breaks without a freeze left', () => {
    const kept = studyOn([...week, '2026-04-09']);
    expect(studyOn(['2026-04-11'], kept)).toEqual({ current: 1, longest: 8, lastDay: '2026-04-11', freezes: 0 });
    // Two missed days with one freeze: the second day has none left.
    expect(studyOn([...week, '2026-04-10'])).toMatchObject({ current: 1, freezes: 0 });
  });

  it('shows a frozen streak as alive, with the freezes it has used up deducted', () => {
    const s = studyOn(week); // one freeze, last day the 7th
    expect(isStreakAlive(s, new Date('2026-04-09T10:00:00Z'), STHLM)).toBe(7); // the 8th missed, frozen
    expect(freezesLeft(s, new Date('2026-04-09T10:00:00Z'), STHLM)).toBe(0);
    expect(freezesLeft(s, new Date('2026-04-08T10:00:00Z'), STHLM)).toBe(1);
    expect(isStreakAlive(s, new Date('2026-04-10T10:00:00Z'), STHLM)).toBe(0);
  });
});
