/**
 * Daily study streaks, counted in calendar days of the user's own time zone (not UTC days), so
 * 23:30 and 00:30 local time are two different days wherever the user lives.
 */
import { localDateOf } from './time.js';

export interface Streak {
  current: number;
  longest: number;
  /** 'YYYY-MM-DD' in the user's zone: the last day that counted. */
  lastDay: string;
}

/** Whole calendar days from day `a` to day `b` (both 'YYYY-MM-DD'); DST cannot skew it since it works on dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayNumber(b) - dayNumber(a)) / 86_400_000);
}

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/**
 * Record study at `at`. Same local day: unchanged. The next day: +1. After a gap: back to 1.
 * A day earlier than the last one (the user moved west across zones) changes nothing.
 */
export function advanceStreak(prev: Streak | null, at: Date, timeZone: string): Streak {
  const today = localDateOf(at, timeZone);
  if (!prev) return { current: 1, longest: 1, lastDay: today };
  const gap = daysBetween(prev.lastDay, today);
  if (gap <= 0) return { ...prev };
  const current = gap === 1 ? prev.current + 1 : 1;
  return { current, longest: Math.max(prev.longest, current), lastDay: today };
}

/**
 * The streak as of `now`: still alive if the last study day is today or yesterday (there is still
 * time today to extend it), otherwise 0.
 */
export function isStreakAlive(streak: Streak | null, now: Date, timeZone: string): number {
  if (!streak) return 0;
  return daysBetween(streak.lastDay, localDateOf(now, timeZone)) <= 1 ? streak.current : 0;
}
