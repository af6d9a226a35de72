/**
 * A whole game end to end on Discord: the real adapter and core on a real database, the local Discord
 * stand-in, and the game-step runner posting through the adapter's Sender, all on a fake clock. Two
 * players answer a typed question (one right, one wrong after the hint), then the standings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { parseId } from '../../../src/core/ids.js';
import type { StudyBot } from '../../../src/core/service.js';
import type { Database } from '../../../src/db/connect.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { createStore } from '../../../src/db/store.js';
import { createGameRunner, type GameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets } from '../../support/db.js';
import { CHANNEL_ID, startHarness, type Harness } from '../../support/discord-harness.js';
import { int, str, type TestUser } from '../../support/discord-interactions.js';
import type { RecordedRequest, StoredMessage } from '../../support/discord-standin.js';
import { SECOND } from '../../support/games.js';

const ada: TestUser = { id: '810000000000000011', username: 'ada', globalName: 'Ada' };
const bob: TestUser = { id: '810000000000000012', username: 'bob', globalName: 'Bob' };

describe.each(dbTargets)('a Discord game end to end (real core on $name)', (target) => {
  let database: Database;
  let h: Harness;
  let bot: StudyBot;
  let runner: GameRunner;
  const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));

  beforeAll(async () => {
    database = await target.open();
    bot = await createStudyBot({ db: database.db, clock });
    h = await startHarness(bot, {}, { cachedGuild: true, heartbeatIntervalMs: 41_250 });
    runner = createGameRunner({ store: createGameStepStore(database.db), steps: bot.gameSteps!, senders: [h.adapter.sender], clock });
  });

  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  const send = async (interaction: any): Promise<RecordedRequest> => {
    h.standIn.interact(interaction);
    return h.standIn.callbackFor(interaction.id);
  };
  const channelPosts = () => h.standIn.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
  const stored = (request: RecordedRequest): StoredMessage => [...h.standIn.messages.values()].find((m) => m.embeds[0]?.title === request.body.embeds[0].title && m.embeds[0]?.description === request.body.embeds[0].description)!;
  const after = async (ms: number) => {
    clock.advance(ms);
    return runner.tick();
  };

  it('plays three typed questions with a hint and posts the standings', async () => {
    const start = await send(h.guild.slash(ada, 'quiz', [str('deck', 'gan'), str('mode', 'typed'), int('rounds', 3), int('time', 30)]));
    expect(start.body.data.embeds[0].title).toContain('Game on');

    expect((await runner.tick()).asked).toBe(1);
    const [q1] = channelPosts();
    const embed = q1!.body.embeds[0];
    expect(embed.title).toContain('Question 1 of 3');
    // Discord counts down by itself: a relative timestamp, 30 s after the question opened.
    expect(embed.description).toContain(`<t:${Date.parse('2026-03-02T10:00:30Z') / 1000}:R>`);
    const buttons = q1!.body.components.flatMap((row: any) => row.components);
    expect(buttons.map((b: any) => b.label)).toEqual(['Answer', 'Stop game']);
    const question = stored(q1!);
    const action = parseId(buttons[0].custom_id);
    const round = await createStore(database.db).getRound(action && 'round' in action ? action.round : -1);

    clock.advance(5 * SECOND);
    const adaForm = await send(h.guild.button(ada, question, buttons[0].custom_id));
    expect(adaForm.body.type).toBe(9);
    const adaSubmit = h.guild.modalSubmit(ada, adaForm.body.data.custom_id, round!.card.back, question);
    const adaVerdict = await send(adaSubmit);
    expect(JSON.stringify(adaVerdict.body.data.embeds[0])).toContain('Correct');

    // Half time: the hint is edited in (one PATCH of the question).
    await after(10 * SECOND);
    const hint = h.standIn.requests.filter((r) => r.method === 'PATCH' && r.path === `/channels/${CHANNEL_ID}/messages/${question.id}`);
    expect(hint.at(-1)!.body.embeds[0].description).toContain('💡 **Hint:**');
    expect(hint.at(-1)!.body.embeds[0].footer.text).toContain('1 answered');

    clock.advance(2 * SECOND);
    const bobForm = await send(h.guild.button(bob, h.standIn.messages.get(question.id)!, buttons[0].custom_id));
    const bobVerdict = await send(h.guild.modalSubmit(bob, bobForm.body.data.custom_id, 'no idea, sorry', question));
    // "I don't know" gets the answer to learn from, not a wrong verdict, and no "I was right".
    expect(bobVerdict.body.data.embeds[0].title).toBe('📖 Here is the answer');
    expect(JSON.stringify(bobVerdict.body.data.components ?? [])).not.toContain('I was right');

    expect((await after(13 * SECOND)).revealed).toBe(1);
    const reveal = channelPosts().at(-1)!.body.embeds[0];
    expect(reveal.description).toMatch(/Got it right \(1 of 2\): 🥇 Ada \+12 \(5\.0 s\)/);
    expect(h.standIn.messages.get(question.id)!.components).toEqual([]);

    // Questions 2 and 3 go unanswered; then the standings.
    for (let i = 0; i < 15; i++) await after(5 * SECOND); // the last one: the standings, after a short pause
    const titles = channelPosts().map((p) => p.body.embeds[0].title);
    expect(titles.filter((t: string) => t.startsWith('🎮') && t.includes('Question'))).toHaveLength(3);
    const standings = channelPosts().at(-1)!.body.embeds[0];
    expect(standings.title).toContain('Final standings');
    expect(standings.description).toBe('🥇 **Ada** — 12 pts · 1/3 right · fastest 5.0 s\n**2.** **Bob** — 0 pts · 0/3 right');
  });
});
