/**
 * End to end: the real discord.js adapter, the real core (StudyBot) on PGlite (and on the Postgres
 * server when DATABASE_URL is set), and the local Discord stand-in. Interactions go in over the gateway; assertions are on what the bot sent back over REST
 * and on the database rows it wrote.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/connect.js';
import { answers, cards, channelSettings, decks, pointsLedger, quizRounds, reviewLogs, users } from '../../../src/db/schema.js';
import type { StudyBot } from '../../../src/core/service.js';
import { createStudyBot } from '../../../src/app.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, sleep, startHarness, type Harness } from '../../support/discord-harness.js';
import { MANAGE_GUILD, MEMBER_PERMISSIONS, int, str, sub, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type RecordedRequest, type StoredMessage } from '../../support/discord-standin.js';
import { type GanModelInfo, type GeneratedImage, type GenerateRequest, type ImageGenerator } from '../../../src/core/ports.js';
import { BusyError } from '../../../src/core/errors.js';
import { PNG } from 'pngjs';
import { dbTargets, openForSuite } from '../../support/db.js';
import { createPictureRenderer } from '../../../src/pictures/index.js';

const ada: TestUser = { id: '810000000000000001', username: 'ada', globalName: 'Ada' };
const bob: TestUser = { id: '810000000000000002', username: 'bob', globalName: 'Bob' };
const cyd: TestUser = { id: '810000000000000003', username: 'cyd', globalName: 'Cyd', nick: 'Cyd the Typist' };
const owner: TestUser = { id: '810000000000000004', username: 'owner', globalName: 'Owner', permissions: MEMBER_PERMISSIONS | MANAGE_GUILD };

let database: Database;
let h: Harness;
let core: StudyBot;

/** A stand-in for the TensorFlow worker: a real PNG, or BusyError when its queue is "full". */
class TinyGenerator implements ImageGenerator {
  busy = false;
  requests: GenerateRequest[] = [];
  models(): GanModelInfo[] {
    return [{ name: 'dcgan', title: 'DCGAN', loss: 'binary cross-entropy', conditional: true, cardHint: 'intuition behind a GAN' }];
  }
  async generate(request: GenerateRequest): Promise<GeneratedImage> {
    if (this.busy) throw new BusyError();
    this.requests.push(request);
    const png = new PNG({ width: 28, height: 28 });
    png.data.fill(request.seed % 256);
    return { png: PNG.sync.write(png), width: 28, height: 28, model: request.model, backend: 'stand-in', millis: 3 };
  }
  async close(): Promise<void> {}
}
const generator = new TinyGenerator();
/** The real card renderer, on the test's thread (the worker has its own tests). */
const pictures = createPictureRenderer({ inline: true });
// One renderer for the file: each database target's suite uses it, so it closes after all of them.
afterAll(() => pictures.close());

/** The buttons left on a message but a lecture card's See it (answering is over once it is revealed). */
function answerButtons(rows: any[]): string[] {
  return rows.flatMap((row) => row.components.map((button: any) => button.custom_id as string)).filter((id) => !id.startsWith('sb1:see:'));
}

/** Sends an interaction and returns its first callback. */
async function send(interaction: any): Promise<RecordedRequest> {
  h.standIn.interact(interaction);
  return h.standIn.callbackFor(interaction.id);
}

/** The follow-up message posted with this interaction's token. */
function followUpOf(interaction: { token: string }): Promise<RecordedRequest> {
  return h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}`);
}

async function startQuiz(user: TestUser, mode: string): Promise<{ message: StoredMessage; roundId: number; callback: RecordedRequest }> {
  const quiz = h.guild.slash(user, 'quiz', [str('deck', 'gan'), str('mode', mode)]);
  const callback = await send(quiz);
  expect(callback.body.type).toBe(4);
  const message = h.standIn.originalOf(quiz.token)!;
  const [round] = await database.db.select().from(quizRounds).orderBy(desc(quizRounds.id)).limit(1);
  return { message, roundId: round!.id, callback };
}

async function userRow(user: TestUser) {
  const [row] = await database.db.select().from(users).where(eq(users.externalId, user.id));
  return row!;
}

async function pointsOf(user: TestUser): Promise<number> {
  const row = await userRow(user);
  const [sum] = await database.db
    .select({ total: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` })
    .from(pointsLedger)
    .where(eq(pointsLedger.userId, row.id));
  return sum!.total;
}

async function answersOf(roundId: number, user?: TestUser) {
  const rows = await database.db.select().from(answers).where(eq(answers.roundId, roundId));
  if (!user) return rows;
  const row = await userRow(user);
  return rows.filter((a) => a.userId === row.id);
}

describe.each(dbTargets)('Discord end to end (real core on $name)', (target) => {
  openForSuite(target, async (opened) => {
    database = opened;
    await pictures.ready();
    const bot = (core = await createStudyBot({ db: database.db, generator, pictures }));
    // The guild arrives by GUILD_CREATE and is cached, as in production (the adapter tests cover the uncached path).
    h = await startHarness(bot, {}, { cachedGuild: true, heartbeatIntervalMs: 41_250 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('registered the command list with a PUT to the guild route', () => {
    const puts = h.standIn.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect((puts[0]!.body as { name: string }[]).map((c) => c.name)).toContain('quiz');
  });

  it('runs a full MCQ round by two users, then shows the leaderboard', async () => {
    const { message, roundId, callback } = await startQuiz(ada, 'mcq');
    expect(isEphemeral(callback.body.data)).toBe(false);
    const buttons = callback.body.data.components.flatMap((row: any) => row.components);
    expect(buttons.map((b: any) => b.label)).toEqual(['A', 'B', 'C', 'D', 'Reveal']);
    expect(callback.body.data.embeds[0].footer.text).toContain('0 answered');

    const [round] = await database.db.select().from(quizRounds).where(eq(quizRounds.id, roundId));
    const right = round!.correctChoice!;
    const wrong = (right + 1) % 4;

    // Ada answers right: the public message is updated in place, the verdict is hers alone.
    const adaPress = h.guild.button(ada, message, buttons[right].custom_id);
    const adaCallback = await send(adaPress);
    expect(adaCallback.body.type).toBe(7);
    expect(adaCallback.body.data.embeds[0].footer.text).toContain('1 answered');
    const adaVerdict = await followUpOf(adaPress);
    expect(isEphemeral(adaVerdict.body)).toBe(true);
    expect(adaVerdict.body.embeds[0].title).toContain('Correct');

    // Bob answers wrong.
    const bobPress = h.guild.button(bob, h.standIn.messages.get(message.id)!, buttons[wrong].custom_id);
    const bobCallback = await send(bobPress);
    expect(bobCallback.body.type).toBe(7);
    expect(bobCallback.body.data.embeds[0].footer.text).toContain('2 answered');
    const bobVerdict = await followUpOf(bobPress);
    expect(isEphemeral(bobVerdict.body)).toBe(true);
    expect(bobVerdict.body.embeds[0].title).toContain('Not quite');
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('2 answered');

    // The database holds one answer each, with the right verdicts and Ada's points.
    const [adaAnswer] = await answersOf(roundId, ada);
    const [bobAnswer] = await answersOf(roundId, bob);
    expect(adaAnswer).toMatchObject({ choice: right, correct: true, idempotencyKey: adaPress.id });
    expect(bobAnswer).toMatchObject({ choice: wrong, correct: false, idempotencyKey: bobPress.id });
    expect(adaAnswer!.points).toBeGreaterThan(0);
    const adaPoints = await pointsOf(ada);
    const bobPoints = await pointsOf(bob);
    expect(adaPoints).toBeGreaterThanOrEqual(adaAnswer!.points);
    expect(bobPoints).toBeLessThan(adaPoints);

    // The leaderboard shows both, Ada first, with the points the ledger holds.
    const board = await send(h.guild.slash(bob, 'leaderboard', [str('scope', 'workspace'), str('period', 'all')]));
    expect(board.body.type).toBe(4);
    expect(isEphemeral(board.body.data)).toBe(false);
    const text: string = board.body.data.embeds[0].description;
    expect(text).toContain(`Ada — ${adaPoints} pts`);
    if (bobPoints > 0) expect(text).toContain(`Bob — ${bobPoints} pts`);
    expect(text.indexOf('Ada')).toBeLessThan(text.indexOf('Bob') === -1 ? Infinity : text.indexOf('Bob'));
    // Beside the text, the card: a PNG attachment shown as the embed's image, described by its alt text.
    expect(board.files).toHaveLength(1);
    expect(board.body.data.embeds[0].image.url).toBe(`attachment://${board.files[0]!.name}`);
    const card = PNG.sync.read(board.files[0]!.data);
    expect(card.width).toBeGreaterThan(300);
    const [attachment] = board.body.data.attachments;
    expect(attachment.description).toContain('Leaderboard picture for everyone, all time');
    expect(attachment.description).toContain(`Ada: ${adaPoints} points`);

    // Only Ada, who asked, can reveal: Bob gets a private no, then Ada's press turns the question into its answer.
    const reveal = buttons[4].custom_id;
    const bobReveal = await send(h.guild.button(bob, h.standIn.messages.get(message.id)!, reveal));
    expect(bobReveal.body.type).toBe(4);
    expect(isEphemeral(bobReveal.body.data)).toBe(true);
    expect(bobReveal.body.data.embeds[0].description).toMatch(/Only the person who started this quiz/);
    const adaReveal = await send(h.guild.button(ada, h.standIn.messages.get(message.id)!, reveal));
    expect(adaReveal.body.type).toBe(7);
    expect(adaReveal.body.data.embeds[0].title).toMatch(/Quiz answer/);
    expect(adaReveal.body.data.embeds[0].description).toMatch(/Got it right \(1 of 2\): .*Ada/);
    expect(answerButtons(adaReveal.body.data.components)).toEqual([]);
    const [revealed] = await database.db.select().from(quizRounds).where(eq(quizRounds.id, roundId));
    expect(revealed!.revealedAt).not.toBeNull();
  });

  it('takes a typed answer through the modal', async () => {
    const { message, roundId, callback } = await startQuiz(bob, 'typed');
    const answerButton = callback.body.data.components[0].components[0];
    expect(answerButton.label).toBe('Answer');

    const press = h.guild.button(cyd, message, answerButton.custom_id);
    const modal = await send(press);
    expect(modal.body.type).toBe(9);
    expect(modal.body.data.components.at(-1)).toMatchObject({ type: 18, component: { type: 4, style: 2 } });

    const [round] = await database.db.select().from(quizRounds).where(eq(quizRounds.id, roundId));
    const [card] = await database.db.select().from(cards).where(eq(cards.id, round!.cardId));
    const submit = h.guild.modalSubmit(cyd, modal.body.data.custom_id, card!.back, h.standIn.messages.get(message.id));
    const submitted = await send(submit);
    expect(submitted.body.type).toBe(7);
    expect(submitted.body.data.embeds[0].footer.text).toContain('1 answered');
    const verdict = await followUpOf(submit);
    expect(isEphemeral(verdict.body)).toBe(true);

    const [stored] = await answersOf(roundId, cyd);
    expect(stored).toMatchObject({ text: card!.back.trim(), correct: true, idempotencyKey: submit.id });
    expect(stored!.score).toBeGreaterThan(0.8);
    expect(await pointsOf(cyd)).toBeGreaterThanOrEqual(stored!.points);
    expect((await userRow(cyd)).displayName).toBe('Cyd the Typist');
    // The guild came by GUILD_CREATE, so discord.js resolved the member through its cache.
    expect(h.logs.find((l) => l.interactionId === submit.id && l.msg === 'discord interaction')?.cachedGuild).toBe(true);
    expect(verdict.body.embeds[0].title ?? '').not.toBe('');
  });

  it('counts a double click and a redelivered interaction once', async () => {
    const { message, roundId, callback } = await startQuiz(ada, 'mcq');
    const buttons = callback.body.data.components.flatMap((row: any) => row.components);
    const first = h.guild.button(cyd, message, buttons[0].custom_id);
    const second = h.guild.button(cyd, message, buttons[0].custom_id);
    expect((await send(first)).body.type).toBe(7);
    const pointsAfterFirst = await pointsOf(cyd);

    // Same button pressed again: a new interaction, refused privately, the message left alone.
    const again = await send(second);
    expect(again.body.type).toBe(4);
    expect(isEphemeral(again.body.data)).toBe(true);
    expect(again.body.data.embeds[0].description).toContain('already answered');

    // The first interaction delivered again by the gateway: nothing is sent or written twice.
    h.standIn.interact(first);
    await sleep(300);
    expect(h.standIn.requestsFor(first).filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);

    expect(await answersOf(roundId)).toHaveLength(1);
    expect(await pointsOf(cyd)).toBe(pointsAfterFirst);
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('1 answered');
  });

  it('runs /review privately in one ephemeral message and records the rating once', async () => {
    const review = h.guild.slash(ada, 'review');
    const first = await send(review);
    expect(first.body.type).toBe(4);
    expect(isEphemeral(first.body.data)).toBe(true);
    const show = first.body.data.components[0].components[0];
    expect(show.label).toBe('Show answer');
    const reviewMessage = h.standIn.originalOf(review.token)!;

    // Show answer: the same private message now shows the answer and the rating buttons.
    const reveal = await send(h.guild.button(ada, reviewMessage, show.custom_id));
    expect(reveal.body.type).toBe(7);
    expect(reveal.body.data.embeds[0].fields[0].name).toBe('Answer');
    const ratings = reveal.body.data.components.flatMap((row: any) => row.components);
    expect(ratings).toHaveLength(4);
    const good = ratings.find((b: any) => b.label.startsWith('Good'));

    const rated = await send(h.guild.button(ada, h.standIn.messages.get(reviewMessage.id)!, good.custom_id));
    expect(rated.body.type).toBe(7);
    expect(rated.body.data.embeds[0].description).toContain('Saved **Good**');
    const logs = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, (await userRow(ada)).id));
    expect(logs.filter((l) => l.source === 'review')).toHaveLength(1);
    expect(logs.find((l) => l.source === 'review')!.rating).toBe(3);

    // Pressing the same rating again (a stale copy of the message) saves nothing new.
    const again = await send(h.guild.button(ada, reviewMessage, good.custom_id));
    expect(again.body.data.embeds[0].description).toContain('already saved');
    const after = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, (await userRow(ada)).id));
    expect(after.filter((l) => l.source === 'review')).toHaveLength(1);
  });

  it('self-grades a quiz card privately and updates the public answer count', async () => {
    const { message, roundId, callback } = await startQuiz(bob, 'self');
    const show = callback.body.data.components[0].components[0];
    expect(show.label).toBe('Show answer');

    // The reveal is private to the presser: a new ephemeral message linked to the public one.
    const showPress = h.guild.button(cyd, message, show.custom_id);
    const reveal = await send(showPress);
    expect(reveal.body.type).toBe(4);
    expect(isEphemeral(reveal.body.data)).toBe(true);
    const privateMessage = h.standIn.originalOf(showPress.token)!;
    const good = reveal.body.data.components.flatMap((row: any) => row.components).find((b: any) => b.label.startsWith('Good'));

    const rate = await send(h.guild.button(cyd, privateMessage, good.custom_id));
    expect(rate.body.type).toBe(7);
    expect(rate.body.data.embeds[0].title).toBe('Saved');
    // The public question shows the new count, edited with the /quiz interaction's own webhook token.
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${message.id}`));
    expect(edit.path).toMatch(new RegExp(`^/webhooks/${APPLICATION_ID}/tok_`));
    expect(edit.body.embeds[0].footer.text).toContain('1 answered');
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('1 answered');

    const [stored] = await answersOf(roundId, cyd);
    expect(stored).toMatchObject({ correct: true, points: 0 });
  });

  it('defers /generate and sends the image as an attachment of the public reply', async () => {
    const request = h.guild.slash(ada, 'generate', [str('model', 'dcgan'), int('digit', 3), int('seed', 7)]);
    const callback = await send(request);
    expect(callback.body.type).toBe(5);
    expect(isEphemeral(callback.body.data)).toBe(false);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${request.token}/messages/@original`);
    expect(generator.requests.at(-1)).toMatchObject({ model: 'dcgan', digit: 3, seed: 7 });
    expect(edit.files).toHaveLength(1);
    const image = PNG.sync.read(edit.files[0]!.data);
    expect([image.width, image.height, image.data[0]]).toEqual([28, 28, 7]);
    expect(edit.body.embeds[0].image.url).toBe(`attachment://${edit.files[0]!.name}`);
    expect(edit.body.embeds[0].title).toContain('DCGAN');
    expect(isEphemeral(h.standIn.originalOf(request.token))).toBe(false);
  });

  it('defers a /generate its options already refuse privately, and fills that deferral with the reason', async () => {
    const drawn = generator.requests.length;
    const request = h.guild.slash(bob, 'generate', [str('model', 'dcgan'), int('digit', 12)]);
    const deferral = await send(request);
    expect(deferral.body.type).toBe(5);
    expect(isEphemeral(deferral.body.data)).toBe(true);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(request.token));
    expect(edit.body.embeds[0].description).toContain('digit must be a whole number from 0 to 9');
    expect(h.standIn.requestsFor(request).map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(generator.requests.length).toBe(drawn);
  });

  it('tells only the requester when the image generator is busy', async () => {
    generator.busy = true;
    try {
      const request = h.guild.slash(bob, 'generate', [str('model', 'dcgan')]);
      expect((await send(request)).body.type).toBe(5);
      // Only the queue knows it is full: the public "thinking" message is filled with a neutral note and
      // deleted, then the reason comes privately (deferred-reply.ts); the channel never sees it.
      const follow = await followUpOf(request);
      expect(isEphemeral(follow.body)).toBe(true);
      expect(follow.body.embeds[0].description).toContain('busy');
      expect(h.standIn.requestsFor(request).map((r) => r.method)).toEqual(['POST', 'PATCH', 'DELETE', 'POST']);
      expect(h.standIn.shownInChannel.some((shown) => JSON.stringify(shown).includes('busy'))).toBe(false);
    } finally {
      generator.busy = false;
    }
  });

  it('posts a daily question through the Sender and takes answers on it', async () => {
    const [gan] = await database.db.select().from(decks).where(eq(decks.slug, 'gan'));
    const [card] = await database.db.select().from(cards).where(eq(cards.deckId, gan!.id)).limit(1);
    const channel = { platform: 'discord' as const, workspaceId: GUILD_ID, channelId: CHANNEL_ID };
    const { roundId, message } = await core.openChannelRound({
      channel,
      deckId: gan!.id,
      cardId: card!.id,
      mode: 'mcq',
      closesAt: new Date(Date.now() + 3_600_000),
      source: 'daily',
    });
    const { messageRef } = await h.adapter.sender.post(channel, message);
    await core.setRoundMessageRef(roundId, messageRef);
    const posted = h.standIn.messages.get(messageRef)!;
    expect(posted.embeds[0].title).toContain('Daily');

    const [round] = await database.db.select().from(quizRounds).where(eq(quizRounds.id, roundId));
    const buttons = posted.components.flatMap((row: any) => row.components);
    const press = h.guild.button(bob, posted, buttons[round!.correctChoice!].custom_id);
    const callback = await send(press);
    expect(callback.body.type).toBe(7);
    expect(h.standIn.messages.get(messageRef)!.embeds[0].footer.text).toContain('1 answered');
    expect(isEphemeral((await followUpOf(press)).body)).toBe(true);
    const [stored] = await answersOf(roundId, bob);
    expect(stored).toMatchObject({ correct: true, idempotencyKey: press.id });
    const ledger = await database.db.select().from(pointsLedger).where(eq(pointsLedger.answerId, stored!.id));
    expect(ledger.map((entry) => entry.reason)).toContain('first_correct');

    // Closing: the scheduler edits the same message with the reveal.
    const reveal = await core.revealRound(roundId);
    await h.adapter.sender.update(channel, reveal.messageRef!, reveal.message);
    const revealed = h.standIn.messages.get(messageRef)!;
    expect(revealed.embeds[0].title).toContain('answer');
    expect(revealed.embeds[0].description).toContain(`**Answer:** ${card!.back.slice(0, 40)}`);
    expect(revealed.embeds[0].description).toContain('Bob');
    expect(answerButtons(revealed.components)).toEqual([]);
  });

  it('shows a lecture card\'s See it button under the verdict and sends its picture privately', async () => {
    const [gan] = await database.db.select().from(decks).where(eq(decks.slug, 'gan'));
    const [card] = await database.db.select().from(cards).where(sql`${cards.deckId} = ${gan!.id} and ${cards.front} like '%intuition behind a GAN%'`);
    const channel = { platform: 'discord' as const, workspaceId: GUILD_ID, channelId: CHANNEL_ID };
    const { roundId, message } = await core.openChannelRound({ channel, deckId: gan!.id, cardId: card!.id, mode: 'mcq', closesAt: new Date(Date.now() + 3_600_000), source: 'daily' });
    const { messageRef } = await h.adapter.sender.post(channel, message);
    await core.setRoundMessageRef(roundId, messageRef);
    const posted = h.standIn.messages.get(messageRef)!;
    const press = h.guild.button(cyd, posted, posted.components[0].components[0].custom_id);
    await send(press);
    const verdict = await followUpOf(press);
    expect(isEphemeral(verdict.body)).toBe(true);
    const seeIt = verdict.body.components.flatMap((row: any) => row.components).find((b: any) => b.label === 'See it: DCGAN');
    expect(seeIt).toBeDefined();

    const verdictMessage = [...h.standIn.messages.values()].find((m) => m.components?.some((row: any) => row.components.some((b: any) => b.custom_id === seeIt.custom_id)))!;
    const drawn = generator.requests.length;
    // A new private message: the verdict it was pressed on stays as it was.
    const picture = await send(h.guild.button(cyd, verdictMessage, seeIt.custom_id));
    expect(picture.body.type).toBe(4);
    expect(isEphemeral(picture.body.data)).toBe(true);
    expect(picture.files).toHaveLength(1);
    expect(picture.body.data.embeds[0].description).toContain(card!.front.slice(0, 30));
    expect(generator.requests.length).toBe(drawn + 1);
  });

  it('answers an unknown deck privately and starts no round', async () => {
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(quizRounds);
    const callback = await send(h.guild.slash(ada, 'quiz', [str('deck', 'no-such-deck')]));
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data)).toBe(true);
    expect(callback.body.data.embeds[0].description).toContain('no-such-deck');
    const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(quizRounds);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses /daily to a member without Manage Server and changes no settings', async () => {
    const callback = await send(h.guild.slash(bob, 'daily', [sub('on', [str('deck', 'gan'), str('time', '09:00')])]));
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data)).toBe(true);
    expect(callback.body.data.embeds[0].description).toContain('Only people who can manage this server');
    expect(await database.db.select().from(channelSettings)).toHaveLength(0);
  });

  it('lets a member with Manage Server turn /daily on', async () => {
    const callback = await send(h.guild.slash(owner, 'daily', [sub('on', [str('deck', 'gan'), str('time', '08:30'), str('tz', 'Europe/Berlin')])]));
    expect(isEphemeral(callback.body.data)).toBe(true);
    const rows = await database.db.select().from(channelSettings);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ localTime: '08:30', timeZone: 'Europe/Berlin' });
  });

  it('imports a deck from an attachment and quizzes from it', async () => {
    const deckText = 'Tiny deck\nWhat does D stand for in a GAN?\nThe discriminator\nWhat does G stand for in a GAN?\nThe generator\n';
    const imported = h.guild.deckImport(owner, 'tiny.txt', deckText);
    expect((await send(imported)).body.type).toBe(5);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(imported.token));
    expect(isEphemeral(h.standIn.originalOf(imported.token))).toBe(true);
    expect(edit.body.embeds[0].description).toContain('`tiny-deck`: 2 cards');
    const [deck] = await database.db.select().from(decks).where(eq(decks.slug, 'tiny-deck'));
    expect(deck).toBeDefined();
    const deckCards = await database.db.select().from(cards).where(eq(cards.deckId, deck!.id));
    expect(deckCards.map((c) => c.back).sort()).toEqual(['The discriminator', 'The generator']);

    const suggest = h.guild.autocomplete(ada, 'quiz', [{ name: 'deck', type: 3, value: 'tin', focused: true }]);
    const choices = await send(suggest);
    expect(choices.body.type).toBe(8);
    expect(choices.body.data.choices.map((c: any) => c.value)).toEqual(['tiny-deck']);

    const quiz = await send(h.guild.slash(ada, 'quiz', [str('deck', 'tiny-deck'), str('mode', 'self')]));
    expect(quiz.body.type).toBe(4);
    expect(quiz.body.data.embeds[0].title).toContain('Tiny deck');
  });
});
