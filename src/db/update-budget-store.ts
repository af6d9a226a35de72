/**
 * The shared chat.update budget's SQL (the UpdateBudgetStore port of src/bot/slack/update-budget.ts): GCRA in
 * one statement a send. A workspace's row holds its theoretical arrival time (tat); a send at `t` is granted
 * when tat ≤ t + (burst - 1) · interval, and moves tat to max(tat, t) + interval. The upsert's row lock makes
 * concurrent takes of one workspace queue on each other, whichever process they come from, and each re-reads
 * the tat the one before it left. A refused take changes nothing and reads the tat from the statement's
 * snapshot, which can only be older (earlier) than the row: the wait it reports is at most too short, so the
 * caller asks again early, never sends early. A 429 (`hold`) moves tat so far on that no process is granted a send
 * before its Retry-After has passed.
 */
import { sql } from 'drizzle-orm';
import type { UpdateBudgetStore } from '../bot/slack/update-budget.js';
import type { Db } from './connect.js';
import { epochMs, queryRows, timestamptz } from './rows.js';

const interval = (ms: number) => sql`${`${ms} milliseconds`}::interval`;
/** A refused take's wait is at least this, so a take that raced another is not repeated at once. */
const MIN_WAIT_MS = 50;

export function createUpdateBudgetStore(db: Db): UpdateBudgetStore {
  return {
    async take(workspace, rate, now) {
      const at = now ? timestamptz(now) : sql`now()`;
      const step = interval(rate.intervalMs);
      const tolerance = (rate.burst - 1) * rate.intervalMs;
      const [row] = await queryRows<{ granted: boolean; ahead_ms: number | null }>(
        db,
        sql`with granted as (
              insert into slack_update_budget as b (workspace, tat) values (${workspace}, ${at} + ${step})
              on conflict (workspace) do update set tat = greatest(b.tat, ${at}) + ${step}
                where b.tat <= ${at} + ${interval(tolerance)}
              returning 1)
            select exists (select 1 from granted) as granted,
              (select ${epochMs(sql`b.tat`)} - ${epochMs(at)} from slack_update_budget b where b.workspace = ${workspace}) as ahead_ms`,
      );
      if (row?.granted) return 0;
      return Math.max(MIN_WAIT_MS, Math.ceil(Number(row?.ahead_ms ?? 0) - tolerance));
    },

    async hold(workspace, rate, ms, now) {
      const at = now ? timestamptz(now) : sql`now()`;
      // A take at t is granted once tat ≤ t + tolerance: a tat of now + ms + tolerance grants none before now + ms.
      const until = sql`${at} + ${interval(ms + (rate.burst - 1) * rate.intervalMs)}`;
      await db.execute(
        sql`insert into slack_update_budget as b (workspace, tat) values (${workspace}, ${until})
            on conflict (workspace) do update set tat = greatest(b.tat, excluded.tat)`,
      );
    },
  };
}
