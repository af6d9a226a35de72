/**
 * A 429 is passed on through the shared budget: Slack counts every process's chat.update of a workspace
 * together, so when it refuses one process's edit, another process's edits of that workspace wait the
 * Retry-After out too (not only the refused process's), and other workspaces' do not. Two coalescers (two
 * processes) on one database and one fake clock.
 */
import { webApi } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createUpdateCoalescer, type UpdateBudgetStore } from '../../../src/bot/slack/update-budget.js';
import type { Database } from '../../../src/db/connect.js';
import { queryRows } from '../../../src/db/rows.js';
import { createUpdateBudgetStore } from '../../../src/db/update-budget-store.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { until } from '../../support/until.js';

const RETRY_AFTER_S = 30;

describe.each(dbTargets)("a 429 holds back every process's edits of the workspace, on $name", (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });

  it('waits out the Retry-After in the other process too, and not in another workspace', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const start = clock.now().getTime();
    const team = `T${Math.random().toString(36).slice(2, 10)}`;
    const other = `${team}X`;
    const store = createUpdateBudgetStore(database.db);
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(String(JSON.parse(line).msg)) });
    const processA = createUpdateCoalescer({ updateBudget: store, updateClock: clock }, log);
    // B's takes, counted as they answer: the fake clock must not pass the budget's timeout while one is in
    // flight, or B would rightly send by its fallback budget (a database that does not answer in time).
    const answeredB: number[] = [];
    const storeB: UpdateBudgetStore = {
      take: async (...args) => {
        const wait = await store.take(...args);
        answeredB.push(wait);
        return wait;
      },
      hold: (...args) => store.hold(...args),
    };
    const processB = createUpdateCoalescer({ updateBudget: storeB, updateClock: clock }, log);

    // Process A's edit is refused with 429 once.
    const sentA: number[] = [];
    let refuse = true;
    const editA = processA.submit(
      'A:question',
      async () => {
        if (refuse) {
          refuse = false;
          throw Object.assign(new Error('An API error occurred: ratelimited'), { code: webApi.ErrorCode.RateLimitedError, retryAfter: RETRY_AFTER_S });
        }
        sentA.push(clock.now().getTime() - start);
      },
      { workspace: team },
    );
    const tat = async () =>
      (await queryRows<{ ms: number }>(database.db, sql`select extract(epoch from tat) * 1000 as ms from slack_update_budget where workspace = ${team}`))[0]?.ms;
    // The hold reaches the shared row: no one is granted a send before the Retry-After has passed.
    await until('the hold in the shared budget', async () => Number(await tat()) >= start + RETRY_AFTER_S * 1000);

    // Process B, which was never refused, edits a message of the same workspace and of another.
    const sentB: Array<[string, number]> = [];
    const editB = processB.submit('B:reveal', async () => void sentB.push([team, clock.now().getTime() - start]), { workspace: team });
    const editOther = processB.submit('B:elsewhere', async () => void sentB.push([other, clock.now().getTime() - start]), { workspace: other });
    await editOther;
    expect(sentB).toEqual([[other, 0]]);
    await until("B's takes", () => answeredB.length === 2);
    expect(answeredB.filter((wait) => wait > 0)).toEqual([RETRY_AFTER_S * 1000]);

    clock.advance(RETRY_AFTER_S * 1000 - 1);
    // Let the takes the timers started answer; nothing of the held workspace may go yet.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sentB).toEqual([[other, 0]]);
    expect(sentA).toEqual([]);

    clock.advance(1);
    // The first of them goes at the Retry-After; the other, one interval later (no burst after a hold).
    await until('the first edit after the hold', () => sentA.length + sentB.filter(([w]) => w === team).length >= 1);
    clock.advance(60_000);
    await Promise.all([editA, editB]);
    const times = [...sentA, ...sentB.filter(([w]) => w === team).map(([, t]) => t)];
    expect(Math.min(...times)).toBe(RETRY_AFTER_S * 1000);
    expect(times).toHaveLength(2);
    expect(warnings.filter((w) => w.includes('answered 429'))).toHaveLength(1);
  });
});
