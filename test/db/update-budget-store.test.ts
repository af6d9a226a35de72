/**
 * The shared chat.update budget's GCRA statement on PGlite and the server: a burst after a quiet spell, then one
 * send per interval; a refused take says how long to wait and takes nothing; workspaces apart; takes from
 * several connections at once (replicas) never grant more than the budget; and the database's own clock.
 */
import { describe, expect, it } from 'vitest';
import { SHARED_UPDATE_RATE } from '../../src/bot/slack/update-budget.js';
import type { Database } from '../../src/db/connect.js';
import { createUpdateBudgetStore } from '../../src/db/update-budget-store.js';
import { dbTargets, openForSuite } from '../support/db.js';

const rate = SHARED_UPDATE_RATE;
const start = Date.parse('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(start + ms);

describe.each(dbTargets)('shared chat.update budget on $name', (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });
  const fresh = () => `T${Math.random().toString(36).slice(2)}`;

  it('grants a burst, then one send per interval, and tells a refused take how long to wait', async () => {
    const store = createUpdateBudgetStore(database.db);
    const team = fresh();
    const first = [];
    for (let i = 0; i < rate.burst; i++) first.push(await store.take(team, rate, at(0)));
    expect(first).toEqual(Array(rate.burst).fill(0));
    expect(await store.take(team, rate, at(0))).toBe(rate.intervalMs);
    expect(await store.take(team, rate, at(1000))).toBe(rate.intervalMs - 1000);
    // Refused takes took nothing: the turn comes exactly when promised, and one only.
    expect(await store.take(team, rate, at(rate.intervalMs))).toBe(0);
    expect(await store.take(team, rate, at(rate.intervalMs))).toBe(rate.intervalMs);
    // Another workspace has its own budget.
    expect(await store.take(fresh(), rate, at(rate.intervalMs))).toBe(0);
  });

  it("grants no send before a 429's hold has passed, then one per interval, and a shorter hold shortens nothing", async () => {
    const store = createUpdateBudgetStore(database.db);
    const team = fresh();
    expect(await store.take(team, rate, at(0))).toBe(0);
    await store.hold(team, rate, 30_000, at(0));
    expect(await store.take(team, rate, at(0))).toBe(30_000);
    expect(await store.take(team, rate, at(29_999))).toBe(50);
    // A second, shorter Retry-After (another process's 429 of the same moment) keeps the longer hold.
    await store.hold(team, rate, 1_000, at(0));
    expect(await store.take(team, rate, at(29_000))).toBe(1_000);
    expect(await store.take(team, rate, at(30_000))).toBe(0);
    // No burst right after a hold: the next send one interval later.
    expect(await store.take(team, rate, at(30_000))).toBe(rate.intervalMs);
    // A workspace never seen before is held as well.
    const quiet = fresh();
    await store.hold(quiet, rate, 5_000, at(0));
    expect(await store.take(quiet, rate, at(4_000))).toBe(1_000);
    // Another workspace is not.
    expect(await store.take(fresh(), rate, at(0))).toBe(0);
  });

  it('never grants more than 44 sends in any 60 s to a workspace asked every 100 ms for three minutes', async () => {
    const store = createUpdateBudgetStore(database.db);
    const team = fresh();
    const granted: number[] = [];
    for (let t = 0; t < 180_000; t += 100) if ((await store.take(team, rate, at(t))) === 0) granted.push(t);
    const busiest = Math.max(...granted.map((t) => granted.filter((u) => u >= t && u < t + 60_000).length));
    expect(busiest).toBe(39 + rate.burst);
    // After the burst, the steady rate: 40 a minute.
    expect(granted.filter((t) => t >= 120_000).length).toBe(40);
  });

  it('grants exactly the burst to many takes at once from several connections', async () => {
    const store = createUpdateBudgetStore(database.db);
    const team = fresh();
    const waits = await Promise.all(Array.from({ length: 30 }, () => store.take(team, rate, at(0))));
    expect(waits.filter((w) => w === 0)).toHaveLength(rate.burst);
    expect(waits.every((w) => w >= 0 && w <= rate.intervalMs)).toBe(true);
  });

  it("goes by the database's clock when no time is given", async () => {
    const store = createUpdateBudgetStore(database.db);
    const team = fresh();
    const one = { intervalMs: 60_000, burst: 1 };
    expect(await store.take(team, one)).toBe(0);
    const wait = await store.take(team, one);
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });
});
