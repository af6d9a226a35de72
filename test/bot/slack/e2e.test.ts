/**
 * End to end in HTTP mode: signed Slack requests go into the running Bolt app, the real core
 * (StudyBot on PGlite, and on the Postgres server when DATABASE_URL is set, with the built-in gan
 * deck) handles them, the local Slack stand-in records
 * the Web API calls. Assertions are on what the bot sent and on the database rows it wrote.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import { encodeMessageRef } from '../../../src/bot/slack/sender.js';
import { type ImageGenerator } from '../../../src/core/ports.js';
import type { StudyBot } from '../../../src/core/service.js';
import { createStudyBot } from '../../../src/app.js';
import type { Database } from '../../../src/db/connect.js';
import { answers, cards, channelSettings, decks, pointsLedger, quizRounds, reviewLogs, users } from '../../../src/db/schema.js';
import { readApkg } from '../../../src/anki/read-apkg.js';
import { legacyApkg } from '../../support/anki-fixtures.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { STANDIN_TEAM, startSlackStandIn, type RecordedCall, type SlackStandIn } from '../../support/slack-standin.js';
import { PNG } from 'pngjs';
import { createPictureRenderer } from '../../../src/pictures/index.js';

const SECRET = 'e2e-signing-secret';
const CHANNEL = 'CQUIZ';
const alice: Who = { userId: 'UALICE', userName: 'alice', channelId: CHANNEL };
const bob: Who = { userId: 'UBOB', userName: 'bob', channelId: CHANNEL };
const carol: Who = { userId: 'UCAROL', userName: 'carol', channelId: CHANNEL };

type Block = { type: string; text?: { text: string }; elements?: Array<{ action_id?: string; text?: { text: string } }> };

/** A fixed-output generator: the image pipeline (core -> adapter -> files.uploadV2) without TensorFlow. */
const fakeGenerator: ImageGenerator = {
  models: () => [{ name: 'wgan', title: 'WGAN', loss: 'Wasserstein', conditional: true, cardHint: 'WGAN' }],
  generate: async (request) => ({ png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, request.seed % 256]), width: 28, height: 28, model: request.model, backend: 'fake', millis: 1 }),
  close: async () => {},
};

/** The real card renderer, on the test's thread (the worker has its own tests). */
const pictures = createPictureRenderer({ inline: true });
// One renderer for the file: each database target's suite uses it, so it closes after all of them.
afterAll(() => pictures.close());

describe.each(dbTargets)('Slack end to end (real core on $name)', (target) => {
  let database: Database;
  let bot: StudyBot;
  let standin: SlackStandIn;
  let slack: RunningSlack;
  let fake: FakeSlack;

  async function startAdapter(): Promise<void> {
    slack = await startSlack({ bot, botToken: 'xoxb-e2e', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log: pino({ level: 'silent' }) });
    fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
  }

  openForSuite(target, async (opened) => {
    database = opened;
    await pictures.ready();
    bot = await createStudyBot({ db: database.db, generator: fakeGenerator, pictures });
    standin = await startSlackStandIn();
    standin.users.set('UALICE', { id: 'UALICE', name: 'alice', real_name: 'Alice Andersson', tz: 'Europe/Stockholm', is_admin: true, profile: { display_name: 'Alice' } });
    standin.users.set('UBOB', { id: 'UBOB', name: 'bob', real_name: 'Bob Berg', tz: 'America/New_York', profile: { display_name: 'Bob' } });
    standin.users.set('UCAROL', { id: 'UCAROL', name: 'carol', real_name: 'Carol', tz: 'UTC' });
    await startAdapter();
  });

  afterAll(async () => {
    await slack?.stop();
    await standin?.close();
  });

  /** Waits for the n-th (1-based) call of `method` and returns it. */
  function nthCall(method: string, n: number, what = method): Promise<RecordedCall> {
    return standin.waitFor(() => standin.callsTo(method)[n - 1], 10_000, `${what} (#${n} ${method})`);
  }

  async function latestRound() {
    const [round] = await database.db.select().from(quizRounds).orderBy(desc(quizRounds.id)).limit(1);
    return round!;
  }

  async function userId(who: Who): Promise<number> {
    const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.externalId, who.userId));
    return row!.id;
  }

  async function ledgerTotal(who: Who): Promise<number> {
    const id = await userId(who);
    const [row] = await database.db.select({ total: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` }).from(pointsLedger).where(eq(pointsLedger.userId, id));
    return row!.total;
  }

  function buttons(call: RecordedCall): Array<{ actionId: string; label: string }> {
    return (call.args.blocks as Block[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements!.map((e) => ({ actionId: e.action_id!, label: e.text!.text })));
  }

  function blockText(call: RecordedCall): string {
    return JSON.stringify(call.args.blocks);
  }

  it('rejects forged and stale signatures with 401 and writes nothing', async () => {
    const forged = await fake.command(alice, '/quiz', 'gan', { signature: 'v0=deadbeef' });
    const stale = await fake.command(alice, '/quiz', 'gan', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const wrongSecret = await new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, 'not-the-secret', standin).command(alice, '/quiz', 'gan');
    expect([forged.status, stale.status, wrongSecret.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(await database.db.select().from(quizRounds)).toHaveLength(0);
    expect(await database.db.select().from(users)).toHaveLength(0);
    expect(standin.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('runs a full MCQ round for two users, counts a retried press once, and ranks them on the leaderboard', async () => {
    const reply = await fake.command(alice, '/quiz', 'gan mcq');
    expect(reply.status).toBe(200);
    const post = await nthCall('chat.postMessage', 1, 'quiz question');
    const round = await latestRound();
    expect(round).toMatchObject({ channelId: CHANNEL, mode: 'mcq', source: 'quiz' });
    const choices = buttons(post);
    expect(choices.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D', 'Reveal']);
    expect(post.args.channel).toBe(CHANNEL);
    const ts = String(post.result!.ts);

    const right = choices[round.correctChoice!]!.actionId;
    const wrong = choices[(round.correctChoice! + 1) % 4]!.actionId;
    await fake.send(fake.blockActionBody(alice, { actionId: right, messageTs: ts }));
    const aliceVerdict = await nthCall('chat.postEphemeral', 1, 'alice verdict');
    const bobPress = fake.blockActionBody(bob, { actionId: wrong, messageTs: ts });
    await fake.send(bobPress);
    const bobVerdict = await nthCall('chat.postEphemeral', 2, 'bob verdict');
    await nthCall('chat.update', 2, 'answer count update');

    expect(aliceVerdict.args).toMatchObject({ channel: CHANNEL, user: 'UALICE' });
    expect(String(aliceVerdict.args.text)).toContain('Correct');
    expect(bobVerdict.args).toMatchObject({ channel: CHANNEL, user: 'UBOB' });
    expect(String(bobVerdict.args.text)).toContain('Not quite');
    const updates = standin.callsTo('chat.update');
    expect(updates.map((u) => u.args.ts)).toEqual([ts, ts]);
    expect(blockText(updates[1]!)).toContain('2 answered');

    const rows = await database.db.select().from(answers).where(eq(answers.roundId, round.id));
    expect(rows).toHaveLength(2);
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    expect(byUser.get(await userId(alice))).toMatchObject({ correct: true, points: 10, choice: round.correctChoice });
    expect(byUser.get(await userId(bob))).toMatchObject({ correct: false, points: 0 });
    expect(await ledgerTotal(alice)).toBe(10);
    expect(await ledgerTotal(bob)).toBe(0);

    // Slack re-delivers bob's press (X-Slack-Retry-Num): acked, counted once, no second reply.
    const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
    const retry = await fake.send(bobPress, { retryNum: 1 });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(standin.callsTo('chat.postEphemeral')).toHaveLength(ephemeralsBefore);
    expect(await database.db.select().from(answers).where(eq(answers.roundId, round.id))).toHaveLength(2);

    // Even a process that never saw the first delivery (restart) does not count it twice: the core's idempotence key holds.
    await slack.stop();
    await startAdapter();
    await fake.send(bobPress, { retryNum: 2 });
    const again = await nthCall('chat.postEphemeral', ephemeralsBefore + 1, 'duplicate notice');
    expect(String(again.args.text)).toContain('already answered');
    expect(await database.db.select().from(answers).where(eq(answers.roundId, round.id))).toHaveLength(2);
    expect(await ledgerTotal(alice)).toBe(10);
    expect(await ledgerTotal(bob)).toBe(0);

    const postsBefore = standin.callsTo('chat.postMessage').length;
    const uploadsBefore = standin.callsTo('files.completeUploadExternal').length;
    await fake.command(bob, '/leaderboard', 'channel week');
    const board = await nthCall('chat.postMessage', postsBefore + 1, 'leaderboard');
    const text = blockText(board);
    expect(board.args.channel).toBe(CHANNEL);
    expect(text).toContain('this channel · this week');
    expect(text).toContain('🥇 Alice — 10 pts');
    // Bob scored nothing, so only Alice is on the board.
    expect(text).toContain('1 player');
    expect(text).not.toContain('Bob');
    // The card follows as an upload to the channel (files.uploadV2's steps), with its alt text.
    const complete = await nthCall('files.completeUploadExternal', uploadsBefore + 1, 'leaderboard card');
    expect(complete.args).toMatchObject({ channel_id: CHANNEL });
    const upload = standin.uploads.find((u) => u.fileId === (complete.args.files as { id: string }[])[0]!.id)!;
    expect(upload.filename).toBe('leaderboard.png');
    expect(PNG.sync.read(upload.bytes).width).toBeGreaterThan(300);
    const asked = standin.callsTo('files.getUploadURLExternal').at(-1)!;
    expect(String(asked.args.alt_txt)).toContain('Leaderboard picture for this channel, this week, 1 player. 1. Alice: 10 points');

    // Only Alice, who asked, can reveal: Bob is told privately, then Alice's press turns the question into its answer.
    const reveal = choices[4]!.actionId;
    const ephemeralsBeforeReveal = standin.callsTo('chat.postEphemeral').length;
    await fake.send(fake.blockActionBody(bob, { actionId: reveal, messageTs: ts }));
    const refusal = await nthCall('chat.postEphemeral', ephemeralsBeforeReveal + 1, 'reveal refusal');
    expect(String(refusal.args.text)).toContain('Only the person who started this quiz');
    const updatesBeforeReveal = standin.callsTo('chat.update').length;
    await fake.send(fake.blockActionBody(alice, { actionId: reveal, messageTs: ts }));
    const revealed = await nthCall('chat.update', updatesBeforeReveal + 1, 'reveal');
    expect(revealed.args).toMatchObject({ channel: CHANNEL, ts });
    expect(blockText(revealed)).toContain('Quiz answer');
    expect(blockText(revealed)).toMatch(/Got it right \(1 of 2\): .*Alice/);
    // Answering is over: only a lecture card's See it button may remain.
    expect(buttons(revealed).filter((b) => !b.actionId.startsWith('sb1:see:'))).toEqual([]);
    expect((await latestRound()).revealedAt).not.toBeNull();
  });

  it('takes a typed answer through the modal (views.open -> view_submission)', async () => {
    const postsBefore = standin.callsTo('chat.postMessage').length;
    await fake.command(carol, '/quiz', 'gan typed');
    const post = await nthCall('chat.postMessage', postsBefore + 1, 'typed question');
    const round = await latestRound();
    expect(round.mode).toBe('typed');
    const [answerButton] = buttons(post);
    expect(answerButton?.label).toBe('Answer');

    const opensBefore = standin.callsTo('views.open').length;
    await fake.send(fake.blockActionBody(carol, { actionId: answerButton!.actionId, messageTs: String(post.result!.ts), triggerId: 'trigger-carol' }));
    const formsBefore = standin.callsTo('views.update').length;
    const opened = await nthCall('views.open', opensBefore + 1, 'answer modal');
    expect(opened.args.trigger_id).toBe('trigger-carol');
    // The placeholder opened with the trigger becomes the form by view id.
    const filled = await nthCall('views.update', formsBefore + 1, 'answer form');
    const view = { ...(filled.args.view as { callback_id: string; private_metadata: string }), id: String((opened.result!.view as { id: string }).id) };

    // A blank answer keeps the form open with the problem under the field, and records nothing.
    expect((filled.args.view as { blocks: { element?: { max_length?: number } }[] }).blocks.at(-1)?.element?.max_length).toBe(2000);
    const ephemeralsBeforeBlank = standin.callsTo('chat.postEphemeral').length;
    const blank = await fake.send(fake.viewSubmissionBody(carol, view, '   \n '));
    expect(blank.status).toBe(200);
    expect(JSON.parse(blank.body)).toEqual({ response_action: 'errors', errors: { answer: 'Your answer was empty.' } });
    expect(standin.callsTo('chat.postEphemeral')).toHaveLength(ephemeralsBeforeBlank);
    expect(await database.db.select().from(answers).where(eq(answers.roundId, round.id))).toHaveLength(0);

    const [card] = await database.db.select().from(cards).where(eq(cards.id, round.cardId));
    const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
    const updatesBefore = standin.callsTo('chat.update').length;
    const submitted = await fake.send(fake.viewSubmissionBody(carol, view, card!.back));
    expect(submitted.status).toBe(200);
    const verdict = await nthCall('chat.postEphemeral', ephemeralsBefore + 1, 'typed verdict');
    const update = await nthCall('chat.update', updatesBefore + 1, 'typed count');

    expect(verdict.args).toMatchObject({ channel: CHANNEL, user: 'UCAROL' });
    expect(String(verdict.args.text)).toContain('Correct');
    expect(update.args).toMatchObject({ channel: CHANNEL, ts: post.result!.ts });
    expect(blockText(update)).toContain('1 answered');
    const [row] = await database.db.select().from(answers).where(eq(answers.roundId, round.id));
    expect(row).toMatchObject({ userId: await userId(carol), text: card!.back.trim(), correct: true });
    expect(row!.points).toBeGreaterThan(0);
    expect(await ledgerTotal(carol)).toBe(row!.points);
  });

  it('self-grades: Show answer (public) -> rating buttons (ephemeral) -> Good updates the public count', async () => {
    const postsBefore = standin.callsTo('chat.postMessage').length;
    await fake.command(bob, '/quiz', 'gan self');
    const post = await nthCall('chat.postMessage', postsBefore + 1, 'self question');
    const round = await latestRound();
    expect(round.mode).toBe('self');
    const [show] = buttons(post);
    const publicTs = String(post.result!.ts);

    const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
    await fake.send(fake.blockActionBody(bob, { actionId: show!.actionId, messageTs: publicTs }));
    const reveal = await nthCall('chat.postEphemeral', ephemeralsBefore + 1, 'answer reveal');
    const rateButtons = (reveal.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements!)
      .filter((b) => !b.action_id.startsWith('sb1:see:')); // a lecture card also offers See it
    expect(rateButtons.map((b) => b.text.text.split(' ')[0])).toEqual(['Again', 'Hard', 'Good', 'Easy']);
    const good = rateButtons[2]!;
    // The ephemeral reveal's buttons remember the public question they came from.
    expect(good.value).toBe(`${good.action_id}#${publicTs}`);

    const updatesBefore = standin.callsTo('chat.update').length;
    const ephemeralTs = String(reveal.result!.message_ts);
    const press = fake.blockActionPayload(bob, { actionId: good.action_id, messageTs: ephemeralTs, ephemeral: true });
    (press.actions as Array<{ value: string }>)[0]!.value = good.value;
    await fake.send(new URLSearchParams({ payload: JSON.stringify(press) }).toString());
    const saved = await nthCall('chat.postEphemeral', ephemeralsBefore + 2, 'saved');
    const update = await nthCall('chat.update', updatesBefore + 1, 'public count');

    expect(blockText(saved)).toContain('Saved');
    expect(update.args).toMatchObject({ channel: CHANNEL, ts: publicTs });
    expect(blockText(update)).toContain('1 answered');
    const [row] = await database.db.select().from(answers).where(eq(answers.roundId, round.id));
    expect(row).toMatchObject({ userId: await userId(bob), points: 0, correct: true });
  });

  it('reviews privately: /review -> Show answer -> Good writes a review log and shows the next card', async () => {
    const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
    await fake.command(carol, '/review');
    const card = await nthCall('chat.postEphemeral', ephemeralsBefore + 1, 'review card');
    expect(card.args).toMatchObject({ channel: CHANNEL, user: 'UCAROL' });
    const [show] = buttons(card);
    expect(show?.label).toBe('Show answer');

    await fake.send(fake.blockActionBody(carol, { actionId: show!.actionId, messageTs: String(card.result!.message_ts), ephemeral: true }));
    const reveal = await nthCall('chat.postEphemeral', ephemeralsBefore + 2, 'review reveal');
    const good = buttons(reveal).find((b) => b.label.startsWith('Good'))!;
    await fake.send(fake.blockActionBody(carol, { actionId: good.actionId, messageTs: String(reveal.result!.message_ts), ephemeral: true }));
    const next = await nthCall('chat.postEphemeral', ephemeralsBefore + 3, 'next card');

    expect(blockText(next)).toContain('Saved *Good*');
    const logs = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, await userId(carol)));
    expect(logs.filter((l) => l.source === 'review').map((l) => l.rating)).toEqual([3]);
  });

  it('lets a Slack admin turn on /daily and refuses a non-admin', async () => {
    const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
    await fake.command(bob, '/daily', 'on deck:gan time:09:00 tz:Europe/Stockholm mode:mcq window:12h');
    const refused = await nthCall('chat.postEphemeral', ephemeralsBefore + 1, 'refusal');
    expect(blockText(refused)).toContain('Only people who can manage');
    expect(await database.db.select().from(channelSettings)).toHaveLength(0);

    await fake.command(alice, '/daily', 'on deck:gan time:09:00 tz:Europe/Stockholm mode:mcq window:12h');
    await nthCall('chat.postEphemeral', ephemeralsBefore + 2, 'daily on');
    const [settings] = await database.db.select().from(channelSettings);
    expect(settings).toMatchObject({ channelId: CHANNEL, localTime: '09:00', timeZone: 'Europe/Stockholm', mode: 'mcq', windowMinutes: 720, enabled: true });
  });

  it('uploads a /generate image to the channel (files.uploadV2 steps) ', async () => {
    const uploadsBefore = standin.callsTo('files.completeUploadExternal').length;
    await fake.command(alice, '/generate', 'model:wgan digit:7 seed:42');
    const complete = await nthCall('files.completeUploadExternal', uploadsBefore + 1, 'upload');
    const upload = standin.uploads.at(-1)!;
    expect(upload.filename).toBe('wgan-42.png');
    expect([...upload.bytes]).toEqual([0x89, 0x50, 0x4e, 0x47, 42]);
    expect(complete.args).toMatchObject({ channel_id: CHANNEL });
    expect(complete.args.files).toEqual([{ id: upload.fileId, title: 'wgan-42.png' }]);
  });

  it('posts /leaderboard where the bot has not joined as text through the response_url, saying how to get the picture, and /generate not at all', async () => {
    // A private channel made since 2021 has a C id like a public one: chat:write.public does not reach it either.
    standin.channelKinds.set('CPRIVATE', 'private');
    for (const channelId of ['CPUBLIC', 'GSECRET', 'CPRIVATE']) {
      standin.notJoined.add(channelId);
      const responsesBefore = standin.responses.length;
      const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
      const refusedBefore = standin.callsTo('files.completeUploadExternal').filter((c) => c.result?.error === 'not_in_channel').length;
      await fake.command({ ...alice, channelId }, '/leaderboard');
      const board = await standin.waitFor(() => standin.responses[responsesBefore], 10_000, `the board in ${channelId}`);
      // The card was tried first and refused, as Slack refuses a file share in a channel the bot is not in.
      expect(standin.callsTo('files.completeUploadExternal').filter((c) => c.result?.error === 'not_in_channel')).toHaveLength(refusedBefore + 1);
      expect(board.body.response_type).toBe('in_channel');
      const shown = JSON.stringify(board.body.blocks);
      expect(shown).toContain('🥇 Alice — 10 pts');
      expect(shown).toContain('The picture needs me in this channel. Invite me with `/invite @studybot`');
      expect(standin.callsTo('chat.postMessage').filter((c) => c.args.channel === channelId && c.result?.ok)).toHaveLength(0);
      expect(standin.callsTo('chat.postEphemeral')).toHaveLength(ephemeralsBefore);

      // /generate's picture is the reply: nothing goes without it, the user hears once how to fix it.
      await fake.command({ ...alice, channelId }, '/generate', 'model:wgan digit:7 seed:1');
      const told = await standin.waitFor(() => standin.responses[responsesBefore + 1], 10_000, `the /generate hint in ${channelId}`);
      expect(told.body.response_type ?? 'ephemeral').toBe('ephemeral');
      expect(String(told.body.text)).toContain('/invite @studybot');
      expect(standin.callsTo('chat.postMessage').filter((c) => c.args.channel === channelId && c.result?.ok)).toHaveLength(0);
    }
  });

  it('puts See it under a lecture card\'s verdict and sends its picture to the presser\'s DM', async () => {
    const [gan] = await database.db.select().from(decks).where(eq(decks.slug, 'gan'));
    const [card] = await database.db.select().from(cards).where(sql`${cards.deckId} = ${gan!.id} and ${cards.front} like '%WGAN%'`);
    const channel = { platform: 'slack' as const, workspaceId: STANDIN_TEAM, channelId: CHANNEL };
    const { roundId, message } = await bot.openChannelRound({ channel, deckId: gan!.id, cardId: card!.id, mode: 'mcq', closesAt: new Date(Date.now() + 3_600_000), source: 'daily' });
    const { messageRef } = await slack.sender.post(channel, message);
    await bot.setRoundMessageRef(roundId, messageRef);
    const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
    // Found by the ts it was posted at: the newest post may be a late one of an earlier test's.
    const question = standin.callsTo('chat.postMessage').find((c) => encodeMessageRef(String(c.args.channel), String(c.result?.ts)) === messageRef)!;
    expect(question, `the question post ${messageRef}`).toBeDefined();
    const choice = buttons(question)[0]!;
    await fake.send(fake.blockActionBody(carol, { actionId: choice.actionId, messageTs: String(question.result!.ts) }));
    const verdict = await nthCall('chat.postEphemeral', ephemeralsBefore + 1, 'carol verdict');
    const seeIt = buttons(verdict).find((b) => b.label === 'See it: WGAN');
    expect(seeIt).toBeDefined();

    const uploadsBefore = standin.callsTo('files.completeUploadExternal').length;
    await fake.send(fake.blockActionBody(carol, { actionId: seeIt!.actionId, messageTs: String(verdict.result!.message_ts), ephemeral: true }));
    const complete = await nthCall('files.completeUploadExternal', uploadsBefore + 1, 'See it upload');
    const dm = standin.callsTo('conversations.open').at(-1)!;
    expect(dm.args.users).toBe(carol.userId);
    expect(complete.args.channel_id).not.toBe(CHANNEL);
    const caption = await nthCall('chat.postEphemeral', ephemeralsBefore + 2, 'See it caption');
    expect(caption.args.user).toBe(carol.userId);
    expect(blockText(caption)).toContain(card!.front.slice(0, 30));
  });

  it('serves /timezone, /help and /deck import, which the core\'s texts point to', async () => {
    const before = standin.callsTo('chat.postEphemeral').length;
    await fake.command(alice, '/timezone', 'America/New_York');
    expect(blockText(await nthCall('chat.postEphemeral', before + 1, 'timezone'))).toContain('America/New_York');
    await fake.command(alice, '/help', '');
    expect(blockText(await nthCall('chat.postEphemeral', before + 2, 'help'))).toContain('/timezone');
    // Slack sends the typed & < > as entities: the deck must store what was typed, not &amp;lt;.
    await fake.command(alice, '/deck', 'import name:slackdeck.csv front,back\nWhat is a GAN?,Two nets (G & D) in a game\nWhat is a VAE?,An autoencoder with a prior <N(0; I)>');
    const imported = blockText(await nthCall('chat.postEphemeral', before + 3, 'deck import'));
    expect(imported).toContain('Deck imported');
    expect(imported).toContain('2 cards');
    const [slackDeck] = await database.db.select().from(decks).where(eq(decks.slug, 'slackdeck'));
    const backs = (await database.db.select().from(cards).where(eq(cards.deckId, slackDeck!.id))).map((c) => c.back).sort();
    expect(backs).toEqual(['An autoencoder with a prior <N(0; I)>', 'Two nets (G & D) in a game']);
  });

  it('imports a shared .apkg by its link (with history), exports it as uploads to the DM, and answers /fsrs', async () => {
    const before = standin.callsTo('chat.postEphemeral').length;
    const fileId = standin.shareFile('biology.apkg', await legacyApkg());
    await fake.command(alice, '/deck', `import file:https://standin.slack.com/files/U0ALICE/${fileId}/biology.apkg history:yes`);
    const imported = blockText(await nthCall('chat.postEphemeral', before + 1, 'apkg import'));
    expect(imported).toContain('Anki deck imported');
    expect(imported).toContain('6 cards');
    expect(imported).toContain('4 reviews of 2 cards');
    const [deck] = await database.db.select().from(decks).where(eq(decks.slug, 'biology'));
    expect(deck).toBeDefined();

    const uploadsBefore = standin.uploads.length;
    // Earlier tests of the suite upload to DMs too (See it): count this export's two only.
    const dmUploads = () => standin.callsTo('files.completeUploadExternal').filter((c) => String(c.args.channel_id).startsWith('D')).length;
    const dmUploadsBefore = dmUploads();
    await fake.command(alice, '/deck', 'export deck:biology');
    expect(blockText(await nthCall('chat.postEphemeral', before + 2, 'export'))).toContain('Deck exported');
    await standin.waitFor(() => dmUploads() >= dmUploadsBefore + 2, 10_000, 'export uploads');
    expect(standin.uploads.slice(uploadsBefore).map((u) => u.filename)).toEqual(['biology.apkg', 'biology.csv']);
    expect((await readApkg(new Uint8Array(standin.uploads.at(-2)!.bytes), 'biology.apkg')).cards).toHaveLength(6);

    await fake.command(alice, '/fsrs', 'retention 0.85');
    expect(blockText(await nthCall('chat.postEphemeral', before + 3, 'fsrs retention'))).toContain('85%');
    await fake.command(alice, '/deck', 'import file:F0NOSUCHFILE');
    expect(blockText(await nthCall('chat.postEphemeral', before + 4, 'unknown file'))).toContain("I can't open that file");
  });

  it('answers unknown words with usage help and no database change', async () => {
    const rounds = (await database.db.select().from(quizRounds)).length;
    const ephemeralsBefore = standin.callsTo('chat.postEphemeral').length;
    await fake.command(alice, '/quiz', 'gan typed please');
    const help = await nthCall('chat.postEphemeral', ephemeralsBefore + 1, 'usage');
    expect(String(help.args.text)).toContain('Usage: `/quiz');
    expect(await database.db.select().from(quizRounds)).toHaveLength(rounds);
  });
});
