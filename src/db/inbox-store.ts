/**
 * The interaction inbox's SQL (the InboxStore port of src/bot/inbox.ts). Each call is one statement, so
 * it needs no transaction; the orphan claim is an UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select, so
 * two replicas sweeping at once never replay the same delivery.
 *
 * Every delivery is written before its ack and marked done after its reply: two statements an
 * interaction. Those that arrive while earlier ones are being written go in together (group-batch.ts):
 * each caller still waits for the statement that holds its row, so nothing is acked unwritten.
 */
import { sql } from 'drizzle-orm';
import type { InboxRow, InboxStore } from '../bot/inbox.js';
import type { Platform } from '../core/ports.js';
import type { Db } from './connect.js';
import { GroupBatcher } from './group-batch.js';
import { epochMs, msToDate, queryRows, timestamptz } from './rows.js';

interface Accept {
  key: string;
  platform: Platform;
  payload: unknown;
  now: Date;
  leaseUntil: Date;
}

interface Completion {
  key: string;
  now: Date;
  note?: string;
}

export function createInboxStore(db: Db): InboxStore {
  const accepts = new GroupBatcher<Accept, boolean>(async (batch) => {
    const rows = await queryRows<{ key: string }>(
      db,
      sql`insert into interaction_inbox (key, platform, payload, received_at, lease_until)
          values ${sql.join(
            batch.map((a) => sql`(${a.key}, ${a.platform}, ${JSON.stringify(a.payload)}::jsonb, ${timestamptz(a.now)}, ${timestamptz(a.leaseUntil)})`),
            sql`, `,
          )}
          on conflict (key) do nothing returning key`,
    );
    // A key twice in one batch is inserted once: the first caller has it, the second is a redelivery.
    const fresh = new Set(rows.map((row) => row.key));
    return batch.map((a) => fresh.delete(a.key));
  });

  const completions = new GroupBatcher<Completion, void>(async (batch) => {
    await db.execute(
      sql`update interaction_inbox i set done_at = v.done_at, note = v.note
          from (values ${sql.join(
            batch.map((c) => sql`(${c.key}::text, ${timestamptz(c.now)}, ${c.note ?? null}::text)`),
            sql`, `,
          )}) as v (key, done_at, note)
          where i.key = v.key and i.done_at is null`,
    );
    return batch.map(() => undefined);
  });

  return {
    accept: (key, platform, payload, now, leaseUntil) => accepts.submit({ key, platform, payload, now, leaseUntil }),

    complete: (key, now, note) => completions.submit({ key, now, note }),

    async renew(keys: readonly string[], leaseUntil: Date): Promise<void> {
      if (keys.length === 0) return;
      // The keys travel as one JSON parameter: a busy replica's in-flight list can outgrow Postgres's
      // 65,535 parameters a statement.
      await db.execute(
        sql`update interaction_inbox set lease_until = ${timestamptz(leaseUntil)}
            where key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)) and done_at is null`,
      );
    },

    async claimOrphans(platform: Platform, now: Date, leaseUntil: Date, limit: number): Promise<InboxRow[]> {
      const rows = await queryRows<{ key: string; payload: unknown; received_ms: number; attempts: number }>(
        db,
        sql`with orphan as (
              select key from interaction_inbox
              where platform = ${platform} and done_at is null and lease_until <= ${timestamptz(now)}
              order by received_at
              limit ${limit}
              for update skip locked)
            update interaction_inbox i
            set lease_until = ${timestamptz(leaseUntil)}, attempts = i.attempts + 1
            from orphan where i.key = orphan.key
            returning i.key, i.payload, ${epochMs(sql`i.received_at`)} as received_ms, i.attempts`,
      );
      return rows
        .map((r) => ({
          key: r.key,
          payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload,
          receivedAt: msToDate(r.received_ms),
          attempts: Number(r.attempts),
        }))
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    },

    async prune(doneBefore: Date): Promise<number> {
      const rows = await queryRows<{ key: string }>(
        db,
        sql`delete from interaction_inbox where done_at is not null and done_at < ${timestamptz(doneBefore)} returning key`,
      );
      return rows.length;
    },
  };
}
