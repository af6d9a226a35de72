/** The RevealedRounds port of src/bot/slack/round-check.ts: one read by primary key, never cached. */
import { sql } from 'drizzle-orm';
import type { RevealedRounds } from '../bot/slack/round-check.js';
import type { Db } from './connect.js';
import { queryRows } from './rows.js';

export function createRevealedRounds(db: Db): RevealedRounds {
  return {
    async revealed(roundId) {
      const [row] = await queryRows<{ revealed: boolean }>(db, sql`select revealed_at is not null as revealed from quiz_rounds where id = ${roundId}`);
      return row?.revealed === true;
    },
  };
}
