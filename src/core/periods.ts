/** Where each leaderboard period starts counting, in the asker's time zone (the words are in options.ts). */
import type { LeaderboardPeriod } from './options.js';
import { startOfLocalDay, startOfLocalMonth, startOfLocalWeek } from './time.js';

/** The periods that sum the points ledger (`game` shows a game's standings instead). */
export type LedgerPeriod = Exclude<LeaderboardPeriod, 'game'>;

/** Where a period's points start counting, in the user's zone; undefined for all time. */
export function periodStart(period: LedgerPeriod, now: Date, timeZone: string): Date | undefined {
  switch (period) {
    case 'day':
      return startOfLocalDay(now, timeZone);
    case 'week':
      return startOfLocalWeek(now, timeZone);
    case 'month':
      return startOfLocalMonth(now, timeZone);
    case 'all':
      return undefined;
  }
}

export function periodLabel(period: LedgerPeriod): string {
  return { day: 'today', week: 'this week', month: 'this month', all: 'all time' }[period];
}
