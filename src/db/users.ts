/** Workspaces and users: upserted on first sight, then served from caches. */
import { eq, sql } from 'drizzle-orm';
import type { Platform, StoredFsrsSettings, UserIdentity } from '../core/ports.js';
import type { UserRef } from '../core/model.js';
import type { Db } from './connect.js';
import { ExpiringCache } from '../expiring-cache.js';
import { writeFsrsSettings } from './fsrs-settings.js';
import { GroupBatcher } from './group-batch.js';
import { queryRows } from './rows.js';
import { users, workspaces } from './schema.js';

/**
 * Every command starts by resolving its user, so user rows are cached briefly instead of upserted each
 * time. The TTL bounds how long another replica's /timezone or /fsrs change takes to show here.
 */
const USER_CACHE_TTL_MS = 60_000;
const USER_CACHE_SIZE = 10_000;

export class UserDirectory {
  /** Workspace rows are never renamed, so their ids are cached for the life of the process. */
  private readonly workspaceIds = new Map<string, number>();
  private readonly users = new ExpiringCache<UserRef>(USER_CACHE_SIZE, USER_CACHE_TTL_MS);
  /** Upserts under way, by key and identity: a user's presses that arrive together share one. */
  private readonly pending = new Map<string, Promise<UserRef>>();

  /**
   * Users seen for the first time in a while, upserted together: a new question in a busy channel brings
   * many first presses at once. Each comes back with its FSRS settings, read in the same statement.
   */
  private readonly upserts = new GroupBatcher<UserUpsert, UpsertedUser>((batch) => upsertUsers(this.db, batch));

  constructor(private readonly db: Db) {}

  async ensureWorkspace(platform: Platform, externalId: string): Promise<number> {
    const key = `${platform}\u0000${externalId}`;
    const known = this.workspaceIds.get(key);
    if (known !== undefined) return known;
    const [row] = await this.db
      .insert(workspaces)
      .values({ platform, externalId })
      .onConflictDoUpdate({ target: [workspaces.platform, workspaces.externalId], set: { platform } })
      .returning({ id: workspaces.id });
    this.workspaceIds.set(key, row!.id);
    return row!.id;
  }

  async ensureUser(identity: UserIdentity): Promise<UserRef> {
    const key = `${identity.platform}\u0000${identity.workspaceExternalId}\u0000${identity.userExternalId}`;
    const cached = this.users.get(key, Date.now());
    if (
      cached &&
      cached.displayName === identity.displayName &&
      (identity.timeZone === undefined || identity.timeZone === cached.timeZone)
    ) {
      return cached;
    }
    const flight = `${key}\u0000${identity.displayName}\u0000${identity.timeZone ?? ''}`;
    const running = this.pending.get(flight);
    if (running) return running;
    const upsert = this.upsertUser(key, identity).finally(() => this.pending.delete(flight));
    this.pending.set(flight, upsert);
    return upsert;
  }

  private async upsertUser(key: string, identity: UserIdentity): Promise<UserRef> {
    const workspaceId = await this.ensureWorkspace(identity.platform, identity.workspaceExternalId);
    const row = await this.upserts.submit({ workspaceId, externalId: identity.userExternalId, displayName: identity.displayName, timeZone: identity.timeZone ?? null });
    const ref: UserRef = {
      userId: row.id,
      workspaceId,
      platform: identity.platform,
      workspaceExternalId: identity.workspaceExternalId,
      displayName: row.displayName,
      timeZone: row.timeZone,
      scheduling: row.desiredRetention === null ? null : { parameters: row.parameters ?? null, desiredRetention: row.desiredRetention },
    };
    this.users.set(key, ref, Date.now());
    return ref;
  }

  /** Saved, then dropped from the cache so this replica schedules with them at once (others within the TTL). */
  async saveFsrsSettings(userId: number, settings: StoredFsrsSettings): Promise<void> {
    await writeFsrsSettings(this.db, userId, settings);
    this.users.deleteWhere((ref) => ref.userId === userId);
  }

  async setTimeZone(userId: number, timeZone: string): Promise<void> {
    await this.db.update(users).set({ timeZone }).where(eq(users.id, userId));
    this.users.deleteWhere((ref) => ref.userId === userId);
  }
}

interface UserUpsert {
  workspaceId: number;
  externalId: string;
  displayName: string;
  /** Null: keep the stored zone (UTC for a new user). */
  timeZone: string | null;
}

interface UpsertedUser {
  id: number;
  displayName: string;
  timeZone: string;
  parameters: number[] | null;
  desiredRetention: number | null;
}

async function upsertUsers(db: Db, batch: UserUpsert[]): Promise<UpsertedUser[]> {
  // One row per user: ON CONFLICT may not touch a row twice in one statement. The last call's name wins.
  const byUser = new Map(batch.map((u) => [userKey(u.workspaceId, u.externalId), u]));
  const rows = await queryRows<{ id: number; workspace_id: number; external_id: string; display_name: string; time_zone: string; parameters: number[] | null; desired_retention: number | null }>(
    db,
    sql`with input as (
          select * from json_to_recordset(${JSON.stringify([...byUser.values()].map((u) => ({ workspace_id: u.workspaceId, external_id: u.externalId, display_name: u.displayName, time_zone: u.timeZone })))}::json)
            as x(workspace_id int, external_id text, display_name text, time_zone text)
        ), upserted as (
          insert into users (workspace_id, external_id, display_name, time_zone)
          select workspace_id, external_id, display_name, coalesce(time_zone, 'UTC') from input
          -- rows locked in one order, so two batches that share users wait for each other instead of deadlocking
          order by workspace_id, external_id
          on conflict (workspace_id, external_id) do update set
            display_name = excluded.display_name,
            time_zone = coalesce((select i.time_zone from input i where i.workspace_id = excluded.workspace_id and i.external_id = excluded.external_id), users.time_zone)
          returning id, workspace_id, external_id, display_name, time_zone
        )
        select u.id, u.workspace_id, u.external_id, u.display_name, u.time_zone, f.parameters, f.desired_retention
        from upserted u left join user_fsrs f on f.user_id = u.id`,
  );
  const found = new Map(rows.map((r) => [userKey(Number(r.workspace_id), r.external_id), r]));
  return batch.map((u) => {
    const row = found.get(userKey(u.workspaceId, u.externalId));
    if (!row) throw new Error(`user ${u.externalId} was not upserted`);
    return { id: Number(row.id), displayName: row.display_name, timeZone: row.time_zone, parameters: row.parameters, desiredRetention: row.desired_retention === null ? null : Number(row.desired_retention) };
  });
}

function userKey(workspaceId: number, externalId: string): string {
  return `${workspaceId}\u0000${externalId}`;
}
