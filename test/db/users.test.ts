/**
 * The user directory's caching on PGlite and the server: presses of one user that arrive together
 * share one upsert, and a changed name still reaches the database.
 */
import { describe, expect, it } from 'vitest';
import type { Database, Db } from '../../src/db/connect.js';
import { UserDirectory } from '../../src/db/users.js';
import { dbTargets, openForSuite } from '../support/db.js';

/** The database handle, counting the statements run through it. */
function counting(db: Db): { db: Db; statements: () => number } {
  let statements = 0;
  const counted = new Proxy(db, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name !== 'insert' && name !== 'execute' && name !== 'select') return value;
      return (...args: unknown[]) => (statements++, (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return { db: counted, statements: () => statements };
}

describe.each(dbTargets)('user directory on $name', (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });

  it('upserts a user once for calls that arrive together, and again when the name changes', async () => {
    const { db, statements } = counting(database.db);
    const directory = new UserDirectory(db);
    const identity = { platform: 'slack' as const, workspaceExternalId: 'T-flight', userExternalId: 'U-flight', displayName: 'Flight' };
    await directory.ensureWorkspace('slack', 'T-flight');
    const before = statements();
    const refs = await Promise.all(Array.from({ length: 5 }, () => directory.ensureUser(identity)));
    expect(new Set(refs.map((r) => r.userId)).size).toBe(1);
    // One statement (the upsert, with the FSRS settings read in it), not five.
    expect(statements() - before).toBe(1);

    const renamed = await directory.ensureUser({ ...identity, displayName: 'Renamed' });
    expect(renamed).toMatchObject({ userId: refs[0]!.userId, displayName: 'Renamed' });
    expect(statements() - before).toBe(2);
  });

  it('upserts the first presses of many users together, one of them twice under two names, and keeps a stored time zone', async () => {
    const { db, statements } = counting(database.db);
    const directory = new UserDirectory(db);
    const identity = (n: number) => ({ platform: 'slack' as const, workspaceExternalId: 'T-many', userExternalId: `U-many-${n}`, displayName: `Player ${n}` });
    await directory.ensureWorkspace('slack', 'T-many');
    const zoned = await directory.ensureUser({ ...identity(0), timeZone: 'Europe/Stockholm' });
    const before = statements();
    const refs = await Promise.all([...Array.from({ length: 8 }, (_, n) => directory.ensureUser(identity(n))), directory.ensureUser({ ...identity(3), displayName: 'Player three' })]);
    expect(statements() - before).toBe(1);
    expect(new Set(refs.map((r) => r.userId)).size).toBe(8);
    expect(refs[0]).toMatchObject({ userId: zoned.userId, timeZone: 'Europe/Stockholm' });
    expect(refs[3]!.userId).toBe(refs[8]!.userId);
    expect(refs.slice(1).map((r) => r.timeZone)).toEqual(Array(8).fill('UTC'));
    const names = await new UserDirectory(database.db).ensureUser({ ...identity(3), displayName: 'Player three' });
    expect(names).toMatchObject({ userId: refs[3]!.userId, displayName: 'Player three' });
  });

  it("brings the user's own FSRS settings with the upsert, and none for a user who has not set any", async () => {
    const directory = new UserDirectory(database.db);
    const identity = { platform: 'slack' as const, workspaceExternalId: 'T-fsrs', userExternalId: 'U-fsrs', displayName: 'Fsrs' };
    const fresh = await directory.ensureUser(identity);
    expect(fresh.scheduling).toBeNull();
    const parameters = Array.from({ length: 21 }, (_, i) => 0.1 + i / 100);
    await directory.saveFsrsSettings(fresh.userId, { parameters, desiredRetention: 0.85, optimizedAt: new Date(), fit: null });
    const again = await new UserDirectory(database.db).ensureUser(identity);
    expect(again.scheduling).toEqual({ parameters, desiredRetention: 0.85 });
    await directory.saveFsrsSettings(fresh.userId, { parameters: null, desiredRetention: 0.8, optimizedAt: null, fit: null });
    expect((await directory.ensureUser(identity)).scheduling).toEqual({ parameters: null, desiredRetention: 0.8 });
  });
});
