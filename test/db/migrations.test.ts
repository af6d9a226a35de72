import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { dbTargets } from '../support/db.js';


describe.each(dbTargets)('migrations on $name', (target) => {
  it('creates every table on a fresh database and is idempotent on reopen', async () => {
    const database = await target.open();
    try {
      const rows = await database.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = current_schema() order by table_name`,
      );
      const names = (rows as unknown as { rows?: { table_name: string }[] }).rows ?? (rows as unknown as { table_name: string }[]);
      expect(names.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['answers', 'appeals', 'cards', 'card_states', 'channel_settings', 'daily_prompts', 'decks', 'points_ledger', 'quiz_rounds', 'review_logs', 'streaks', 'users', 'workspaces']),
      );
      await database.ping();
    } finally {
      await database.close();
    }
  });
});
