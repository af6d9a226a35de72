import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { seededRandom } from '../../src/core/random.js';
import { createSchedulerStore } from '../../src/db/prompt-store.js';
import { queryRows } from '../../src/db/rows.js';
import { cardWeight, chooseCard } from '../../src/scheduler/card-rotation.js';
import type { CardHistory } from '../../src/scheduler/ports.js';
import { dbTargets } from '../support/db.js';
import { seedDaily } from './support.js';

describe('chooseCard', () => {
  it('only picks among the least-shown cards, so the deck is seen before repeats', () => {
    const history: CardHistory[] = [
      { cardId: 1, shown: 2, answers: 10, wrong: 10 },
      { cardId: 2, shown: 1, answers: 0, wrong: 0 },
      { cardId: 3, shown: 1, answers: 4, wrong: 0 },
    ];
    const random = seededRandom(1);
    for (let i = 0; i < 200; i++) expect([2, 3]).toContain(chooseCard(history, random));
  });

  it('favours cards the channel got wrong, in proportion to their weight', () => {
    const history: CardHistory[] = [
      { cardId: 1, shown: 0, answers: 5, wrong: 5 }, // weight 4
      { cardId: 2, shown: 0, answers: 5, wrong: 0 }, // weight 1
      { cardId: 3, shown: 0, answers: 0, wrong: 0 }, // weight 1
    ];
    expect(history.map(cardWeight)).toEqual([4, 1, 1]);
    const random = seededRandom(42);
    const counts = new Map<number, number>();
    const draws = 30_000;
    for (let i = 0; i < draws; i++) {
      const id = chooseCard(history, random) as number;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect((counts.get(1) ?? 0) / draws).toBeCloseTo(4 / 6, 1);
    expect((counts.get(2) ?? 0) / draws).toBeCloseTo(1 / 6, 1);
    expect((counts.get(3) ?? 0) / draws).toBeCloseTo(1 / 6, 1);
  });

  it('returns null for an empty deck', () => {
    expect(chooseCard([], Math.random)).toBeNull();
  });
});

describe.each(dbTargets)('loadCardHistory on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database.close();
  });

  it("counts this channel's posted daily rounds and its wrong answers only", async () => {
    const { workspaceId, deckId, cardIds } = await seedDaily(database.db, { channels: ['c1'], cards: 3, localTime: '09:00', timeZone: 'UTC', since: new Date() });
    const [a, b] = cardIds as [number, number, number];
    const round = async (channel: string, cardId: number, source: string, messageRef: string | null) => {
      const [r] = await queryRows<{ id: number }>(
        database.db,
        sql`insert into quiz_rounds (workspace_id, channel_id, card_id, mode, opens_at, source, message_ref)
            values (${workspaceId}, ${channel}, ${cardId}, 'mcq', now(), ${source}, ${messageRef}) returning id`,
      );
      return Number(r!.id);
    };
    const [u] = await queryRows<{ id: number }>(database.db, sql`insert into users (workspace_id, external_id, display_name) values (${workspaceId}, 'u', 'U') returning id`);
    const answer = (roundId: number, correct: boolean) =>
      database.db.execute(sql`insert into answers (round_id, user_id, score, correct, points, answered_at) values (${roundId}, ${u!.id}, 0, ${correct}, 0, now())`);

    await answer(await round('c1', a, 'daily', 'm1'), false);
    await round('c1', a, 'daily', null); // opened but never posted: not "shown"
    await answer(await round('c1', b, 'quiz', 'm2'), true); // a /quiz round: answers count, not a daily showing
    await answer(await round('other', b, 'daily', 'm3'), false); // another channel

    const history = await createSchedulerStore(database.db).loadCardHistory({ workspaceRowId: workspaceId, channelId: 'c1', deckId });
    const byId = new Map(history.map((h) => [h.cardId, h]));
    expect(byId.get(a)).toEqual({ cardId: a, shown: 1, answers: 1, wrong: 1 });
    expect(byId.get(b)).toEqual({ cardId: b, shown: 0, answers: 1, wrong: 0 });
    expect(history).toHaveLength(3);
  });
});
