/**
 * Daily study streaks, counted in calendar days of the user's own time zone (not UTC days), so
 * 23:30 and 00:30 local time are two different days wherever the user lives.
 *
 * Streak freezes (as in Duolingo): every FREEZE_EVERY_DAYS-th day of a streak (7, 14, 21, …) earns a
 * freeze, and you hold at most MAX_FREEZES. Each day you miss uses one up by itself and the streak
 * carries on (the frozen day does not add to it). A missed day with no freeze left ends the streak,
 * and the next study day starts a new one at 1.
 */
import { localDateOf } from './time.js';

export interface Streak {
  current: number;
  longest: number;
  /** 'YYYY-MM-DD' in the user's zone: the last day that counted. */
  lastDay: string;
  /** Freezes held (absent: none). */
  freezes?: number;
}

export const FREEZE_EVERY_DAYS = 7;
export const MAX_FREEZES = 2;

/** Whole calendar days from day `a` to day `b` (both 'YYYY-MM-DD'); DST cannot skew it since it works on dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayNumber(b) - dayNumber(a)) / 86_400_000);
}

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/**
 * Record study at `at`. Same local day: unchanged. The next day: +1. After missed days: +1 if a freeze
 * covers each of them (they are used up), else back to 1. A day earlier than the last one (the user
 * moved west across zones) changes nothing.
 */
export function advanceStreak(prev: Streak | null, at: Date, timeZone: string): Streak {
  const today = localDateOf(at, timeZone);
  if (!prev) return { current: 1, longest: 1, lastDay: today, freezes: 0 };
  const gap = daysBetween(prev.lastDay, today);
  if (gap <= 0) return { ...prev };
  const missed = gap - 1;
  const held = prev.freezes ?? 0;
  const kept = missed <= held;
  const current = kept ? prev.current + 1 : 1;
  let freezes = kept ? held - missed : 0;
  if (current % FREEZE_EVERY_DAYS === 0) freezes = Math.min(MAX_FREEZES, freezes + 1);
  return { current, longest: Math.max(prev.longest, current), lastDay: today, freezes };
}

/** Days missed since the last study day, not counting today (there is still time today). */
function missedDays(streak: Streak, now: Date, timeZone: string): number {
  return Math.max(0, daysBetween(streak.lastDay, localDateOf(now, timeZone)) - 1);
}

/**
 * The streak as of `now`: still alive if the last study day is today or yesterday (there is still
 * time today to extend it), or the days missed since are covered by freezes; otherwise 0.
 */
export function isStreakAlive(streak: Streak | null, now: Date, timeZone: string): number {
  if (!streak) return 0;
  return missedDays(streak, now, timeZone) <= (streak.freezes ?? 0) ? streak.current : 0;
}

/** Freezes left as of `now`: those held, less one per day missed since (0 once the streak is broken). */
export function freezesLeft(streak: Streak | null, now: Date, timeZone: string): number {
  if (!streak) return 0;
  return Math.max(0, (streak.freezes ?? 0) - missedDays(streak, now, timeZone));
}
