/**
 * Who a Slack user is, from users.info: display name, admin/owner (may manage /daily) and time
 * zone. Cached a few minutes so a busy quiz does not call users.info on every button press, for at
 * most 10,000 users (the least recently looked up go first), so a bot in many workspaces stays bounded.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { ExpiringCache } from '../../expiring-cache.js';

type WebClient = webApi.WebClient;

export interface SlackProfile {
  displayName?: string;
  canManage: boolean;
  timeZone?: string;
}

export class SlackDirectory {
  private readonly cache: ExpiringCache<SlackProfile>;
  /** users.info calls under way: presses of one user that arrive together share one. */
  private readonly pending = new Map<string, Promise<SlackProfile>>();

  constructor(
    private readonly client: WebClient,
    private readonly options: { ttlMs?: number; now?: () => number; log?: Logger; capacity?: number } = {},
  ) {
    this.cache = new ExpiringCache(options.capacity ?? 10_000, options.ttlMs ?? 5 * 60_000);
  }

  async profile(teamId: string, userId: string): Promise<SlackProfile> {
    const now = (this.options.now ?? Date.now)();
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key, now);
    if (hit) return hit;
    const running = this.pending.get(key);
    if (running) return running;
    const lookUp = this.fetchProfile(key, userId, now).finally(() => this.pending.delete(key));
    this.pending.set(key, lookUp);
    return lookUp;
  }

  private async fetchProfile(key: string, userId: string, now: number): Promise<SlackProfile> {
    try {
      const profile = await this.lookUp(userId);
      this.cache.set(key, profile, now);
      return profile;
    } catch (error) {
      // Without users:read we still work (not cached, so a fixed scope takes effect at once):
      // no admin rights, the payload's name, the stored zone.
      this.options.log?.warn({ err: error, userId }, 'slack users.info failed');
      return { canManage: false };
    }
  }

  private async lookUp(userId: string): Promise<SlackProfile> {
    const { user } = await this.client.users.info({ user: userId });
    return {
      displayName: user?.profile?.display_name || user?.real_name || user?.name || undefined,
      canManage: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
      timeZone: user?.tz || undefined,
    };
  }
}
