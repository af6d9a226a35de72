/**
 * Leaderboard periods: today, this week (from Monday), this month, all time, each counted in the
 * asker's time zone; and the last game in the channel, whose standings the games module shows.
 */
import { UserError } from './errors.js';
import { startOfLocalDay, startOfLocalMonth, startOfLocalWeek } from './time.js';

export type BoardPeriod = 'day' | 'week' | 'month' | 'all' | 'game';

export const PERIOD_WORDS: Readonly<Record<string, BoardPeriod>> = {
  day: 'day',
  today: 'day',
  daily: 'day',
  week: 'week',
  weekly: 'week',
  'this-week': 'week',
  month: 'month',
  monthly: 'month',
  'this-month': 'month',
  all: 'all',
  alltime: 'all',
  'all-time': 'all',
  ever: 'all',
  game: 'game',
  last: 'game',
  'last-game': 'game',
};

export function parseBoardPeriod(raw: string | undefined): BoardPeriod {
  if (raw === undefined || raw.trim() === '') return 'all';
  const word = raw.trim().toLowerCase();
  if (!Object.hasOwn(PERIOD_WORDS, word)) throw new UserError(`Unknown period "${raw}". Use day, week, month, all or game (the last game here).`);
  return PERIOD_WORDS[word]!;
}

/** Where a period's points start counting, in the user's zone; undefined for all time. */
export function periodStart(period: Exclude<BoardPeriod, 'game'>, now: Date, timeZone: string): Date | undefined {
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

export function periodLabel(period: Exclude<BoardPeriod, 'game'>): string {
  return { day: 'today', week: 'this week', month: 'this month', all: 'all time' }[period];
}
