import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/rows.js';
import { users } from '../../src/db/schema.js';
import { openFreshServerDatabase } from '../support/db.js';

const serverUrl = process.env.DATABASE_URL;

/** Statements this connection has prepared (pg_prepared_statements is per session). */
const preparedCount = sql`select count(*)::int as n from pg_prepared_statements`;

// Prepared statements are a server feature: PGlite runs in-process and has no round trips to save.
describe.skipIf(!serverUrl)('prepared statements on the server', () => {
  it('names every statement, inside transactions too, unless turned off', async () => {
    for (const prepared of [true, false]) {
      const database = await openFreshServerDatabase(serverUrl!, 1, prepared);
      try {
        // postgres.js prepares a few statements of its own (its type query, commit): count from here.
        const count = async (db: Parameters<typeof queryRows>[0]) => (await queryRows<{ n: number }>(db, preparedCount))[0]!.n;
        const before = await count(database.db);
        // (Statements without parameters go as simple queries, which need no describe step: not counted.)
        await database.db.select().from(users).where(sql`${users.id} = ${7}`);
        const outside = await count(database.db);
        const inside = await database.db.transaction(async (tx) => {
          await tx.select().from(users).where(sql`${users.externalId} = ${'someone'}`);
          return count(tx);
        });
        if (prepared) {
          expect(outside).toBeGreaterThan(before);
          expect(inside).toBeGreaterThan(outside);
        } else {
          expect([outside, inside]).toEqual([before, before]);
        }
      } finally {
        await database.close();
      }
    }
  });
});
