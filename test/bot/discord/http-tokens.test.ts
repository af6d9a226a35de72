/**
 * Two HTTP-interactions replicas behind one load balancer, each with its own core, on one database
 * (issue 16): the /quiz question answered by replica A has its answer count edited over the /quiz
 * interaction's own webhook when the presses land on replica B, also where the bot lacks View Channel
 * (the stand-in refuses its channel route there). Past 14 minutes, or when the token store fails, the
 * edit goes over the channel route as before, and the press is answered all the same.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import type { InteractionTokenStore } from '../../../src/bot/interaction-tokens.js';
import type { Database } from '../../../src/db/connect.js';
import { createInteractionTokenStore } from '../../../src/db/interaction-token-store.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID } from '../../support/discord-harness.js';
import { startHttpHarness, type HttpHarness } from '../../support/discord-http-harness.js';
import { InteractionFactory, str, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type StoredMessage } from '../../support/discord-standin.js';

const ada: TestUser = { id: '810000000000000061', username: 'ada', globalName: 'Ada' };
const bob: TestUser = { id: '810000000000000062', username: 'bob', globalName: 'Bob' };
const cyd: TestUser = { id: '810000000000000063', username: 'cyd', globalName: 'Cyd' };
const dee: TestUser = { id: '810000000000000064', username: 'dee', globalName: 'Dee' };
/** A channel where the bot lacks View Channel: its channel route is refused (403 Missing Access). */
const HIDDEN_CHANNEL_ID = '720000000000000061';
const MINUTE = 60_000;
const A = 0;
const B = 1;

describe.each(dbTargets)('Discord HTTP replicas share interaction tokens (real cores on $name)', (target) => {
  let database: Database;
  let h: HttpHarness;
  let hidden: InteractionFactory;
  let open: InteractionFactory;
  // The adapters' clock (token ages); the cores keep real time, so rounds stay open when it jumps.
  const clock = new FakeClock(new Date());
  let lookupsFail = false;

  openForSuite(target, async (opened) => {
    database = opened;
    const shared = createInteractionTokenStore(database.db);
    const store: InteractionTokenStore = {
      save: (...args) => shared.save(...args),
      link: (...args) => shared.link(...args),
      tokenFor: async (...args) => {
        if (lookupsFail) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
        return shared.tokenFor(...args);
      },
    };
    // Each replica has its own core, sharing only the database, as two processes would.
    const cores = [await createStudyBot({ db: database.db }), await createStudyBot({ db: database.db })];
    h = await startHttpHarness(cores, { tokenStore: store, clock }, { replicas: 2 });
    h.standIn.failChannel(HIDDEN_CHANNEL_ID, 403);
    hidden = new InteractionFactory(h.standIn, { guildId: GUILD_ID, channelId: HIDDEN_CHANNEL_ID });
    open = new InteractionFactory(h.standIn, { guildId: GUILD_ID, channelId: CHANNEL_ID });
  });
  afterAll(async () => {
    await h?.close();
  });

  const buttonsOf = (message: { components?: any[] }) => (message.components ?? []).flatMap((row: any) => row.components);
  const countEdits = (message: StoredMessage) => h.standIn.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${message.id}`));

  /** `user`'s self-graded /quiz on replica `replica`: the public question and its /quiz interaction. */
  async function question(place: InteractionFactory, user: TestUser, replica: number) {
    const quiz = place.slash(user, 'quiz', [str('deck', 'gan'), str('mode', 'self')]);
    expect((await h.send(quiz, replica)).body.type).toBe(4);
    return { quiz, message: h.standIn.originalOf(quiz.token)! };
  }

  /** `user` presses Show answer on `replica` and then Good on `rateOn`; returns how many edits of the question there were before. */
  async function selfGrade(place: InteractionFactory, user: TestUser, message: StoredMessage, showOn: number, rateOn: number): Promise<number> {
    const show = buttonsOf(message).find((b: any) => b.label === 'Show answer').custom_id;
    const showPress = place.button(user, h.standIn.messages.get(message.id)!, show);
    const reveal = await h.send(showPress, showOn);
    expect(isEphemeral(reveal.body.data)).toBe(true);
    const good = buttonsOf(reveal.body.data).find((b: any) => b.label.startsWith('Good')).custom_id;
    const before = countEdits(message).length;
    const rated = await h.send(place.button(user, h.standIn.originalOf(showPress.token)!, good), rateOn);
    expect(rated.body.type).toBe(7);
    expect(rated.body.data.embeds[0].title).toBe('Saved');
    await h.standIn.waitForRequest(() => countEdits(message).length > before);
    return before;
  }

  it("edits replica A's question over its webhook when the presses land on replica B, where the bot cannot see the channel", async () => {
    const { quiz, message } = await question(hidden, ada, A);
    const webhookRoute = `/webhooks/${APPLICATION_ID}/${quiz.token}/messages/${message.id}`;
    // Both presses on B: B knows neither the token nor the message but from the database.
    await selfGrade(hidden, bob, message, B, B);
    expect(countEdits(message).map((r) => [r.path, r.status])).toEqual([[webhookRoute, 200]]);
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('1 answered');
    // Shown on A (which links the message in memory and in the database), rated on B.
    await selfGrade(hidden, cyd, message, A, B);
    expect(countEdits(message).map((r) => [r.path, r.status])).toEqual([[webhookRoute, 200], [webhookRoute, 200]]);
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('2 answered');
    expect(h.standIn.requests.some((r) => r.path.startsWith(`/channels/${HIDDEN_CHANNEL_ID}/`))).toBe(false);
    expect(h.logs.some((l) => l.msg === 'could not update the public message')).toBe(false);
  });

  it('edits over the channel route once the token is past 14 minutes, on the replica that kept it and on the other', async () => {
    const { message } = await question(open, ada, A);
    clock.advance(14 * MINUTE + 1_000);
    const channelRoute = `/channels/${CHANNEL_ID}/messages/${message.id}`;
    // From the database on B, and from A's own memory (A saw this press and links the message itself).
    await selfGrade(open, bob, message, B, B);
    await selfGrade(open, dee, message, A, A);
    expect(countEdits(message).map((r) => [r.path, r.status])).toEqual([[channelRoute, 200], [channelRoute, 200]]);
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('2 answered');
  });

  it('answers the press and edits over the channel route when the token store fails, and says so in the log', async () => {
    const { quiz, message } = await question(open, ada, A);
    lookupsFail = true;
    try {
      await selfGrade(open, cyd, message, B, B);
    } finally {
      lookupsFail = false;
    }
    expect(countEdits(message).map((r) => [r.path, r.status])).toEqual([[`/channels/${CHANNEL_ID}/messages/${message.id}`, 200]]);
    const failure = h.logs.find((l) => l.msg === 'interaction token store failed; the channel route stands in');
    expect(failure).toMatchObject({ replica: B, step: 'lookup', messageId: message.id });
    expect(JSON.stringify(h.logs)).not.toContain(quiz.token);
  });
});
