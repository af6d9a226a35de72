/** Standings: the leaderboard (points ledger, by workspace or channel, today, this week or month, all time) and a user's stats. */
import type { Caller, CoreDeps } from './context.js';
import type { Outcome } from './messages.js';
import { parsePeriod, parseScope } from './options.js';
import { UserError } from './errors.js';
import { periodLabel, periodStart } from './periods.js';
import { freezesLeft, isStreakAlive } from './streaks.js';
import { leaderboardMessage, statsMessage } from './views.js';

const LEADERBOARD_SIZE = 10;

export async function leaderboard(deps: CoreDeps, caller: Caller, scopeArg?: string, periodArg?: string): Promise<Outcome> {
  const scope = parseScope(scopeArg);
  const period = parsePeriod(periodArg);
  // The service routes `game` to the games' standings; without games there is none to show.
  if (period === 'game') throw new UserError('Games are not enabled on this bot, so there is no last game to show.');
  const board = await deps.store.leaderboard({
    workspaceId: caller.user.workspaceId,
    channelId: scope === 'channel' ? caller.actor.channelId : undefined,
    since: periodStart(period, deps.clock.now(), caller.user.timeZone),
    userId: caller.user.userId,
    limit: LEADERBOARD_SIZE,
  });
  return { reply: leaderboardMessage(board, scope === 'channel' ? 'this channel' : 'everyone', periodLabel(period)) };
}

export async function stats(deps: CoreDeps, caller: Caller): Promise<Outcome> {
  const now = deps.clock.now();
  const [userStats, streak] = await Promise.all([deps.store.userStats(caller.user.userId, now), deps.store.streak(caller.user.userId)]);
  return {
    reply: statsMessage(
      caller.user.displayName,
      userStats,
      isStreakAlive(streak, now, caller.user.timeZone),
      streak?.longest ?? 0,
      freezesLeft(streak, now, caller.user.timeZone),
    ),
  };
}
