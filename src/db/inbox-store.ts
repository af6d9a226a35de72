/**
 * The interaction inbox's SQL (the InboxStore port of src/bot/inbox.ts). Each call is one statement, so
 * it needs no transaction; the orphan claim is an UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select, so
 * two replicas sweeping at once never replay the same delivery.
 */
import { sql } from 'drizzle-orm';
import type { InboxRow, InboxStore } from '../bot/inbox.js';
import type { Platform } from '../core/ports.js';
import type { Db } from './connect.js';
import { epochMs, msToDate, queryRows, timestamptz } from './rows.js';

export function createInboxStore(db: Db): InboxStore {
  return {
    async accept(key: string, platform: Platform, payload: unknown, now: Date, leaseUntil: Date): Promise<boolean> {
      const rows = await queryRows<{ key: string }>(
        db,
        sql`insert into interaction_inbox (key, platform, payload, received_at, lease_until)
            values (${key}, ${platform}, ${JSON.stringify(payload)}::jsonb, ${timestamptz(now)}, ${timestamptz(leaseUntil)})
            on conflict (key) do nothing returning key`,
      );
      return rows.length > 0;
    },

    async complete(key: string, now: Date, note?: string): Promise<void> {
      await db.execute(
        sql`update interaction_inbox set done_at = ${timestamptz(now)}, note = ${note ?? null} where key = ${key} and done_at is null`,
      );
    },

    async renew(keys: readonly string[], leaseUntil: Date): Promise<void> {
      if (keys.length === 0) return;
      await db.execute(
        sql`update interaction_inbox set lease_until = ${timestamptz(leaseUntil)}
            where key in (${sql.join(keys.map((key) => sql`${key}`), sql`, `)}) and done_at is null`,
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
