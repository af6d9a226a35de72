/**
 * The interaction tokens on PGlite and the server: a token kept by one replica is found by another
 * once a press has linked its message, only while it is usable (14 of its 15 minutes), and expired
 * rows are pruned as new ones are written, a bounded batch at a time.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { InteractionTokens } from '../../src/bot/discord/tokens.js';
import type { Database } from '../../src/db/connect.js';
import { createInteractionTokenStore, PRUNE_BATCH } from '../../src/db/interaction-token-store.js';
import { queryRows } from '../../src/db/rows.js';
import { FakeClock } from '../support/clock.js';
import { dbTargets, openForSuite } from '../support/db.js';

const MINUTE = 60_000;

describe.each(dbTargets)('interaction tokens on $name', (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });
  const fresh = (what: string) => `${what}-${Math.random().toString(36).slice(2)}`;
  const count = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from interaction_tokens`))[0]!.n;

  it("finds on replica C the token that replica A kept for the message replica B saw pressed, until 14 minutes", async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const store = createInteractionTokenStore(database.db);
    const [a, b, c] = [0, 1, 2].map(() => new InteractionTokens({ store, clock }));
    const [quiz, message, token] = [fresh('quiz'), fresh('msg'), fresh('tok')];
    await a!.noteInteraction(quiz, token);
    // Unlinked, the message is nobody's yet.
    expect(await c!.forMessage(message)).toBeUndefined();
    await b!.notePress(message, quiz);
    expect(await c!.forMessage(message)).toBe(token);
    expect(await b!.forMessage(message)).toBe(token);
    clock.advance(14 * MINUTE);
    expect(await c!.forMessage(message)).toBe(token);
    clock.advance(1);
    expect(await c!.forMessage(message)).toBeUndefined();
  });

  it('links nothing for a message whose interaction kept no token, and keeps the first token of an interaction', async () => {
    const at = new Date('2026-12-01T11:00:00Z');
    const store = createInteractionTokenStore(database.db);
    const [quiz, message, posted] = [fresh('quiz'), fresh('msg'), fresh('msg')];
    await store.save(quiz, 'first', at, new Date(at.getTime() - 15 * MINUTE));
    await store.save(quiz, 'second', at, new Date(at.getTime() - 15 * MINUTE));
    await store.link(message, quiz);
    await store.link(message, quiz);
    await store.link(posted, fresh('scheduler'));
    expect(await store.tokenFor(message, at)).toBe('first');
    expect(await store.tokenFor(posted, at)).toBeUndefined();
    const rows = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from interaction_tokens where interaction_id = ${quiz}`);
    expect(rows[0]!.n).toBe(1);
  });

  it('prunes expired rows as it writes, at most a batch a write, and never a live one', async () => {
    await database.db.execute(sql`delete from interaction_tokens`);
    const store = createInteractionTokenStore(database.db);
    const start = new Date('2026-12-01T12:00:00Z');
    const old = Array.from({ length: PRUNE_BATCH + 5 }, () => fresh('old'));
    for (const id of old) await store.save(id, 'old-token', start, new Date(start.getTime() - 15 * MINUTE));
    const live = new Date(start.getTime() + 10 * MINUTE);
    await store.save(fresh('live'), 'live-token', live, new Date(live.getTime() - 15 * MINUTE));
    expect(await count()).toBe(old.length + 1);

    // Sixteen minutes after the first ones: they are past their 15, the live one is not.
    const later = new Date(start.getTime() + 16 * MINUTE);
    await store.save(fresh('new'), 'new-token', later, new Date(later.getTime() - 15 * MINUTE));
    expect(await count()).toBe(old.length + 2 - PRUNE_BATCH);
    await store.save(fresh('new'), 'new-token', later, new Date(later.getTime() - 15 * MINUTE));
    expect(await count()).toBe(3);
    const left = await queryRows<{ token: string }>(database.db, sql`select token from interaction_tokens order by token`);
    expect(left.map((r) => r.token)).toEqual(['live-token', 'new-token', 'new-token']);
  });
});
