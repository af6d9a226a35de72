/**
 * Workspaces and users as the memory store keeps them: found or made on first sight, with their time
 * zone and their FSRS settings, and the review log the optimizer reads back.
 */
import type { UserRef } from '../../../src/core/model.js';
import type { Platform, Store, StoredFsrsSettings, UserIdentity } from '../../../src/core/ports.js';
import type { ReviewLogEntry } from '../../../src/core/scheduling/optimize.js';
import { push, upsert, type Tables } from '../memory-tables.js';

export async function ensureUser(store: Pick<Store, 'fsrsSettings'> & { readonly tables: Tables }, identity: UserIdentity): Promise<UserRef> {
  const workspaceId = workspaceIdOf(store.tables, identity.platform, identity.workspaceExternalId);
  let user = store.tables.users.find((u) => u.workspaceId === workspaceId && u.externalId === identity.userExternalId);
  if (!user) {
    const row = { workspaceId, externalId: identity.userExternalId, displayName: identity.displayName, timeZone: identity.timeZone ?? 'UTC' };
    user = push(store.tables.users, row);
  }
  user.displayName = identity.displayName;
  if (identity.timeZone) user.timeZone = identity.timeZone;
  const { platform, workspaceExternalId } = identity;
  const fsrs = await store.fsrsSettings(user.id);
  const scheduling = fsrs && { parameters: fsrs.parameters, desiredRetention: fsrs.desiredRetention };
  return { userId: user.id, workspaceId, platform, workspaceExternalId, displayName: user.displayName, timeZone: user.timeZone, scheduling };
}

export function fsrsSettings(tables: Tables, userId: number): StoredFsrsSettings | null {
  const row = tables.userFsrs.find((r) => r.userId === userId);
  if (!row) return null;
  const { userId: _user, ...settings } = row;
  return { ...settings, parameters: settings.parameters && [...settings.parameters] };
}

export function saveFsrsSettings(tables: Tables, userId: number, settings: StoredFsrsSettings): void {
  upsert(tables.userFsrs, (r) => r.userId === userId, { ...settings, parameters: settings.parameters && [...settings.parameters], userId });
}

export function reviewLogEntries(tables: Tables, userId: number): ReviewLogEntry[] {
  return tables.reviewLogs
    .filter((l) => l.userId === userId)
    .sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime() || a.id - b.id)
    .map(({ cardId, rating, state, reviewedAt }) => ({ cardId, rating, state, reviewedAt }));
}

export function setTimeZone(tables: Tables, userId: number, timeZone: string): void {
  for (const user of tables.users) if (user.id === userId) user.timeZone = timeZone;
}

export function workspaceIdOf(tables: Tables, platform: Platform, externalId: string): number {
  const { workspaces } = tables;
  return (workspaces.find((w) => w.platform === platform && w.externalId === externalId) ?? push(workspaces, { platform, externalId })).id;
}
