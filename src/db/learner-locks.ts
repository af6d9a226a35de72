/**
 * Serialises one learner's writes across transactions (answer batches on other connections or replicas,
 * private reviews). A user's card states and streak may not exist yet, so the user's row is what is
 * locked. FOR NO KEY UPDATE does not block the foreign-key checks of other users' inserts.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from './rows.js';

/** Locks the users' rows in id order, so that two transactions cannot deadlock on them. */
export async function lockLearners(tx: Tx, userIds: number[]): Promise<void> {
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await queryRows(
    tx,
    sql`select id from users
        where id in (select value::int from json_array_elements_text(${JSON.stringify(ids)}::json))
        order by id
        for no key update`,
  );
}
