/** Workspaces and users: upserted on first sight, then served from caches. */
import { eq } from 'drizzle-orm';
import type { Platform, StoredFsrsSettings, UserIdentity } from '../core/ports.js';
import type { UserRef } from '../core/model.js';
import type { Db } from './connect.js';
import { ExpiringCache } from '../expiring-cache.js';
import { writeFsrsSettings } from './fsrs-settings.js';
import { userFsrs, users, workspaces } from './schema.js';

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
    const set: Partial<typeof users.$inferInsert> = { displayName: identity.displayName };
    if (identity.timeZone) set.timeZone = identity.timeZone;
    // One statement for the user row and their FSRS settings: a user's first press in a while pays one round trip.
    const upserted = this.db.$with('upserted').as(
      this.db
        .insert(users)
        .values({
          workspaceId,
          externalId: identity.userExternalId,
          displayName: identity.displayName,
          timeZone: identity.timeZone ?? 'UTC',
        })
        .onConflictDoUpdate({ target: [users.workspaceId, users.externalId], set })
        .returning({ id: users.id, displayName: users.displayName, timeZone: users.timeZone }),
    );
    const [row] = await this.db
      .with(upserted)
      .select({ id: upserted.id, displayName: upserted.displayName, timeZone: upserted.timeZone, parameters: userFsrs.parameters, desiredRetention: userFsrs.desiredRetention })
      .from(upserted)
      .leftJoin(userFsrs, eq(userFsrs.userId, upserted.id));
    const fsrs = row!.desiredRetention === null ? null : { parameters: row!.parameters ?? null, desiredRetention: row!.desiredRetention };
    const ref: UserRef = {
      userId: row!.id,
      workspaceId,
      platform: identity.platform,
      workspaceExternalId: identity.workspaceExternalId,
      displayName: row!.displayName,
      timeZone: row!.timeZone,
      scheduling: fsrs,
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
