/**
 * The interaction inbox on PGlite and the server: a delivery is recorded once, a crashed process's
 * deliveries are replayed once (two replicas sweeping at once included), and finished keys still
 * recognise a redelivery until they are pruned.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { InteractionInbox, type InboxStore } from '../../src/bot/inbox.js';
import type { Database } from '../../src/db/connect.js';
import { createInboxStore } from '../../src/db/inbox-store.js';
import { queryRows } from '../../src/db/rows.js';
import { FakeClock } from '../support/clock.js';
import { dbTargets, openForSuite } from '../support/db.js';

const LEASE = 30_000;

interface Payload {
  n: number;
}

function inboxOn(store: InboxStore, clock: FakeClock, replayed: Array<{ key: string; payload: Payload; by: string }>, by: string) {
  return new InteractionInbox<Payload>({
    store,
    platform: 'slack',
    clock,
    leaseMs: LEASE,
    maxAgeMs: 30 * 60_000,
    replay: async (payload, key) => {
      replayed.push({ key, payload, by });
    },
  });
}

describe.each(dbTargets)('interaction inbox on $name', (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });
  const fresh = () => `k-${Math.random().toString(36).slice(2)}`;

  it('records a delivery once: a redelivery of the same key is a duplicate, also on another replica', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const store = createInboxStore(database.db);
    const replicaA = inboxOn(store, clock, [], 'a');
    const replicaB = inboxOn(store, clock, [], 'b');
    const key = fresh();
    expect(await replicaA.take(key, { n: 1 })).toBe('new');
    expect(await replicaB.take(key, { n: 1 })).toBe('duplicate');
    await replicaA.finish(key);
    // Finished, the key still guards against a late redelivery.
    expect(await replicaB.take(key, { n: 1 })).toBe('duplicate');
  });

  it('writes deliveries that arrive together in one statement, each answered for itself, and marks them done together', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:30:00Z'));
    let statements = 0;
    const counted = new Proxy(database.db, {
      get: (db, name, receiver) => (name === 'execute' ? (...args: unknown[]) => (statements++, (db.execute as (...a: unknown[]) => unknown)(...args)) : Reflect.get(db, name, receiver)),
    });
    const store = createInboxStore(counted);
    const inbox = inboxOn(store, clock, [], 'a');
    const known = fresh();
    expect(await inbox.take(known, { n: 0 })).toBe('new');
    statements = 0;
    const keys = Array.from({ length: 20 }, fresh);
    // A redelivery racing the first delivery of a key, and a key already recorded: duplicates.
    const taken = await Promise.all([...keys, keys[0]!, known].map((key, n) => inbox.take(key, { n })));
    expect(taken).toEqual([...keys.map(() => 'new'), 'duplicate', 'duplicate']);
    // The first call goes alone; the others, arriving while it runs, go in one or two statements.
    expect(statements).toBeLessThanOrEqual(3);

    statements = 0;
    await Promise.all([...keys, known].map((key) => inbox.finish(key)));
    expect(statements).toBeLessThanOrEqual(3);
    const open = await queryRows<{ key: string }>(
      database.db,
      sql`select key from interaction_inbox where key in (${sql.join([...keys, known].map((k) => sql`${k}`), sql`, `)}) and done_at is null`,
    );
    expect(open).toEqual([]);
    // All done: nothing is left for a sweeper to replay.
    clock.advance(LEASE * 2);
    expect(await inboxOn(store, clock, [], 'b').sweep()).toBe(0);
  });

  it('replays what a dead process took and never finished, once its lease ran out, and only once', async () => {
    const clock = new FakeClock(new Date('2026-12-01T11:00:00Z'));
    const store = createInboxStore(database.db);
    const replayed: Array<{ key: string; payload: Payload; by: string }> = [];
    const dead = inboxOn(store, clock, replayed, 'dead');
    const keys = [fresh(), fresh(), fresh()];
    for (const [n, key] of keys.entries()) expect(await dead.take(key, { n })).toBe('new');
    await dead.finish(keys[0]!);

    const survivorA = inboxOn(store, clock, replayed, 'a');
    const survivorB = inboxOn(store, clock, replayed, 'b');
    // Within the lease the taker may still be working: nobody replays.
    clock.advance(LEASE - 1_000);
    expect(await survivorA.sweep()).toBe(0);

    clock.advance(2_000);
    const counts = await Promise.all([survivorA.sweep(), survivorB.sweep()]);
    expect(counts[0]! + counts[1]!).toBe(2);
    const ours = replayed.filter((r) => keys.includes(r.key));
    expect(ours.map((r) => r.payload.n).sort()).toEqual([1, 2]);
    // Done after the replay: later sweeps find nothing.
    clock.advance(LEASE * 2);
    expect(await survivorA.sweep()).toBe(0);
    expect(replayed.filter((r) => keys.includes(r.key))).toHaveLength(2);
  });

  it('keeps a live process\'s leases: a long piece of work is not replayed while its taker sweeps', async () => {
    const clock = new FakeClock(new Date('2026-12-01T12:00:00Z'));
    const store = createInboxStore(database.db);
    const replayed: Array<{ key: string; payload: Payload; by: string }> = [];
    const busy = inboxOn(store, clock, replayed, 'busy');
    const other = inboxOn(store, clock, replayed, 'other');
    const key = fresh();
    await busy.take(key, { n: 7 });
    for (let i = 0; i < 4; i++) {
      clock.advance(LEASE / 2);
      await busy.sweep();
      await other.sweep();
    }
    expect(replayed.filter((r) => r.key === key)).toHaveLength(0);
  });

  it('marks done a delivery whose record was still being written when its work ended (a deferral does not wait)', async () => {
    const clock = new FakeClock(new Date('2026-12-01T12:30:00Z'));
    const real = createInboxStore(database.db);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slow: InboxStore = { ...real, accept: async (...args) => (await gate, real.accept(...args)) };
    const replayed: Array<{ key: string; payload: Payload; by: string }> = [];
    const inbox = inboxOn(slow, clock, replayed, 'slow');
    const key = fresh();
    const taking = inbox.take(key, { n: 9 }); // not awaited, as a deferral past its budget
    const finishing = inbox.finish(key);
    open();
    await finishing;
    expect(await taking).toBe('new');
    clock.advance(LEASE * 2);
    expect(await inboxOn(real, clock, replayed, 'other').sweep()).toBe(0);
    expect(replayed.filter((r) => r.key === key)).toEqual([]);
  });

  it('renews the leases of more deliveries than a statement has parameters', async () => {
    const store = createInboxStore(database.db);
    const now = new Date('2026-12-01T10:00:00Z');
    const key = fresh();
    expect(await store.accept(key, 'slack', { n: 1 }, now, new Date(now.getTime() + LEASE))).toBe(true);
    const inFlight = [...Array.from({ length: 70_000 }, (_, i) => `absent-${i}`), key];
    await store.renew(inFlight, new Date(now.getTime() + 10 * LEASE));
    // Its old lease has run out, the renewed one has not: nothing to claim.
    const claimed = await store.claimOrphans('slack', new Date(now.getTime() + 2 * LEASE), new Date(now.getTime() + 3 * LEASE), 100);
    expect(claimed.map((row) => row.key)).not.toContain(key);
    await store.complete(key, now);
  });

  it('gives up a delivery that is too old to answer, or that failed every replay, with a note', async () => {
    const clock = new FakeClock(new Date('2026-12-01T13:00:00Z'));
    const store = createInboxStore(database.db);
    const old = fresh();
    const poison = fresh();
    await inboxOn(store, clock, [], 'dead').take(old, { n: 1 });
    clock.advance(20 * 60_000);
    await inboxOn(store, clock, [], 'dead').take(poison, { n: 2 });

    let replays = 0;
    const failing = new InteractionInbox<Payload>({
      store,
      platform: 'slack',
      clock,
      leaseMs: LEASE,
      maxAgeMs: 30 * 60_000,
      maxReplays: 2,
      replay: async () => {
        replays++;
        throw new Error('this delivery crashes its handler');
      },
    });
    clock.advance(11 * 60_000);
    await failing.sweep(); // `old` is 31 minutes old: given up without a replay; `poison` fails once.
    expect(replays).toBe(1);
    clock.advance(LEASE + 1);
    await failing.sweep(); // second attempt fails too
    clock.advance(LEASE + 1);
    await failing.sweep(); // two replays tried: given up
    expect(replays).toBe(2);
    const rows = await queryRows<{ key: string; note: string }>(
      database.db,
      sql`select key, note from interaction_inbox where key in (${old}, ${poison}) and done_at is not null`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.key, r.note]))).toEqual({
      [old]: expect.stringMatching(/too old to answer/),
      [poison]: 'gave up after 2 replays',
    });
  });
});
