/**
 * The interaction tokens' SQL (the InteractionTokenStore port of src/bot/interaction-tokens.ts). One
 * statement a call. Writes are rare (one per public message with buttons that a command or a press
 * posts, one link per message and replica), so each save also deletes a bounded batch of expired
 * rows: the table stays about as big as 15 minutes of such messages, with no sweeper. `skip locked`
 * keeps two replicas pruning at once from waiting on each other.
 */
import { sql } from 'drizzle-orm';
import type { InteractionTokenStore } from '../bot/interaction-tokens.js';
import type { Db } from './connect.js';
import { queryRows, timestamptz } from './rows.js';

/** Expired rows deleted per save at most: more than one, so pruning outpaces saving after a quiet spell. */
export const PRUNE_BATCH = 20;

export function createInteractionTokenStore(db: Db): InteractionTokenStore {
  return {
    async save(interactionId, token, at, forgetBefore) {
      await db.execute(
        sql`with expired as (
              delete from interaction_tokens where interaction_id in (
                select interaction_id from interaction_tokens
                where answered_at < ${timestamptz(forgetBefore)}
                order by answered_at
                limit ${PRUNE_BATCH}
                for update skip locked))
            insert into interaction_tokens (interaction_id, token, answered_at)
            values (${interactionId}, ${token}, ${timestamptz(at)})
            on conflict (interaction_id) do nothing`,
      );
    },

    async link(messageId, interactionId) {
      await db.execute(
        sql`update interaction_tokens set message_id = ${messageId}
            where interaction_id = ${interactionId} and message_id is distinct from ${messageId}`,
      );
    },

    async tokenFor(messageId, since) {
      const rows = await queryRows<{ token: string }>(
        db,
        sql`select token from interaction_tokens
            where message_id = ${messageId} and answered_at >= ${timestamptz(since)}
            order by answered_at desc limit 1`,
      );
      return rows[0]?.token;
    },
  };
}
