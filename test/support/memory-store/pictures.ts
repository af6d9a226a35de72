/**
 * The series the stats and due pictures are drawn from, out of the memory store: reviews per local day
 * since a time, and cards due per local day until one, both in the user's time zone.
 */
import type { DueDay, StudyDay } from '../../../src/core/pictures.js';
import { localDateOf } from '../../../src/core/time.js';
import type { Tables } from '../memory-tables.js';
import { compare, type Input } from './rows.js';

export function studyDays(tables: Tables, input: Input<'studyDays'>): StudyDay[] {
  const days = new Map<string, StudyDay>();
  for (const log of tables.reviewLogs) {
    if (log.userId !== input.userId || log.reviewedAt < input.since) continue;
    const date = localDateOf(log.reviewedAt, input.timeZone);
    const day = days.get(date) ?? { date, reviews: 0, learnedReviews: 0, recalled: 0 };
    day.reviews++;
    if (log.state === 2) day.learnedReviews++;
    if (log.state === 2 && log.rating > 1) day.recalled++;
    days.set(date, day);
  }
  return [...days.values()].sort((a, b) => compare(a.date, b.date));
}

export function dueDays(tables: Tables, input: Input<'dueDays'>): DueDay[] {
  const days = new Map<string, number>();
  for (const s of tables.cardStates) {
    if (s.userId !== input.userId || s.due >= input.until || !tables.cards.some((c) => c.id === s.cardId && !c.archived)) continue;
    const date = localDateOf(s.due, input.timeZone);
    days.set(date, (days.get(date) ?? 0) + 1);
  }
  return [...days].map(([date, due]) => ({ date, due })).sort((a, b) => compare(a.date, b.date));
}
