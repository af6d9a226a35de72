/**
 * What discord.js keeps in memory. By default it keeps every user, and in gateway mode every guild member,
 * that an interaction names, for as long as the process runs: a bot in thousands of servers would grow with
 * each new member. The adapter reads users and members from each interaction's own payload, never from
 * these caches, so only the most recent are kept (and the bot's own user and members always).
 */
import { Options, type CacheFactory } from 'discord.js';

export interface CacheLimits {
  /** Users kept in client.users. */
  users: number;
  /** Members kept per guild. */
  members: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { users: 1_000, members: 200 };

export function boundedCaches(limits: CacheLimits = DEFAULT_CACHE_LIMITS): CacheFactory {
  return Options.cacheWithLimits({
    ...Options.DefaultMakeCacheSettings,
    UserManager: { maxSize: limits.users, keepOverLimit: (user) => user.id === user.client.user?.id },
    GuildMemberManager: { maxSize: limits.members, keepOverLimit: (member) => member.id === member.client.user?.id },
  });
}
