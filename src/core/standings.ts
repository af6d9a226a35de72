/** Standings: the leaderboard (points ledger, by workspace or channel, today, this week or month, all time) and a user's stats, each with its picture card. */
import type { Caller, CoreDeps } from './context.js';
import { UserError } from './errors.js';
import type { Outcome } from './messages.js';
import { parsePeriod, parseScope } from './options.js';
import { periodLabel, periodStart } from './periods.js';
import { withPicture } from './picture-replies.js';
import { FORECAST_DAYS, HEATMAP_WEEKS, leaderboardCard, pictureCacheKeys, statsCard } from './pictures.js';
import { freezesLeft, isStreakAlive } from './streaks.js';
import { addDays, dueInstant, localDateOf } from './time.js';
import { leaderboardMessage, statsMessage } from './views.js';

const LEADERBOARD_SIZE = 10;

export async function leaderboard(deps: CoreDeps, caller: Caller, scopeArg?: string, periodArg?: string): Promise<Outcome> {
  const scope = parseScope(scopeArg);
  const period = parsePeriod(periodArg);
  // The service routes `game` to the games' standings; without games there is none to show.
  if (period === 'game') throw new UserError('Games are not enabled on this bot, so there is no last game to show.');
  const channelId = scope === 'channel' ? caller.actor.channelId : undefined;
  const board = await deps.store.leaderboard({
    workspaceId: caller.user.workspaceId,
    channelId,
    since: periodStart(period, deps.clock.now(), caller.user.timeZone),
    userId: caller.user.userId,
    limit: LEADERBOARD_SIZE,
  });
  const labels = { scope: scope === 'channel' ? 'this channel' : 'everyone', period: periodLabel(period) };
  const text = leaderboardMessage(board, labels.scope, labels.period);
  const card = async () => {
    const shown = [...board.top, ...(board.me ? [board.me] : [])].map((entry) => entry.userId);
    const now = deps.clock.now();
    const streaks = new Map((await deps.store.streaks(shown)).map((s) => [s.userId, isStreakAlive(s, now, s.timeZone)]));
    return leaderboardCard(board, labels, (userId) => streaks.get(userId) ?? 0);
  };
  const cacheKey = pictureCacheKeys.leaderboard(caller.user.workspaceId, channelId ?? null, period);
  return { reply: await withPicture(deps, text, { kind: 'leaderboard', card, cacheKey }) };
}

export async function stats(deps: CoreDeps, caller: Caller): Promise<Outcome> {
  const now = deps.clock.now();
  const { userId, timeZone } = caller.user;
  const [userStats, streak] = await Promise.all([deps.store.userStats(userId, now), deps.store.streak(userId)]);
  const current = isStreakAlive(streak, now, timeZone);
  const longest = streak?.longest ?? 0;
  // With nothing due, when the next card is, as /review says it.
  const nextDue = userStats.dueNow > 0 ? null : await deps.store.nextDueAt(userId, (await deps.store.listDecks(caller.user.workspaceId)).map((d) => d.id));
  const text = statsMessage(caller.user.displayName, userStats, current, longest, freezesLeft(streak, now, timeZone), { at: nextDue, now });
  const card = async () => {
    const today = localDateOf(now, timeZone);
    // The heatmap starts at most HEATMAP_WEEKS * 7 - 1 days back (a Monday); the forecast ends FORECAST_DAYS on.
    const [days, due] = await Promise.all([
      deps.store.studyDays({ userId, timeZone, since: dueInstant(addDays(today, -(HEATMAP_WEEKS * 7 - 1)), '00:00', timeZone) }),
      deps.store.dueDays({ userId, timeZone, until: dueInstant(addDays(today, FORECAST_DAYS), '00:00', timeZone) }),
    ]);
    const figures = { streak: current, longestStreak: longest, dueNow: userStats.dueNow, points: userStats.points };
    return statsCard({ name: caller.user.displayName, today, ...figures, days, due });
  };
  return { reply: await withPicture(deps, text, { kind: 'stats', card, cacheKey: pictureCacheKeys.stats(userId) }) };
}
