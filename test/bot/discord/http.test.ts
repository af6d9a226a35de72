/**
 * End to end in HTTP interactions mode: the real adapter as two replicas (two endpoints on one
 * database), the real core on PGlite (and the Postgres server when DATABASE_URL is set), and the
 * Discord stand-in delivering signed interactions over HTTP. The initial response is the HTTP answer;
 * follow-ups, edits and scheduled posts go over REST.
 */
import { desc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import type { StudyBot } from '../../../src/core/service.js';
import type { Database } from '../../../src/db/connect.js';
import { answers, cards, decks, pointsLedger, quizRounds, users } from '../../../src/db/schema.js';
import { createPictureRenderer } from '../../../src/pictures/index.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID } from '../../support/discord-harness.js';
import { startHttpHarness, type HttpHarness } from '../../support/discord-http-harness.js';
import { str, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type RecordedRequest } from '../../support/discord-standin.js';

const ada: TestUser = { id: '810000000000000001', username: 'ada', globalName: 'Ada' };
const bob: TestUser = { id: '810000000000000002', username: 'bob', globalName: 'Bob' };
const players: TestUser[] = Array.from({ length: 6 }, (_, i) => ({ id: `8200000000000000${10 + i}`, username: `p${i}`, globalName: `Player ${i}` }));

let database: Database;
let h: HttpHarness;
let core: StudyBot;
const pictures = createPictureRenderer({ inline: true });
afterAll(() => pictures.close());

function followUpOf(interaction: { token: string }): Promise<RecordedRequest> {
  return h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}`);
}

async function startQuiz(user: TestUser, replica = 0) {
  const quiz = h.guild.slash(user, 'quiz', [str('deck', 'gan'), str('mode', 'mcq')]);
  const callback = await h.send(quiz, replica);
  expect(callback).toMatchObject({ via: 'http', body: { type: 4 } });
  const [round] = await database.db.select().from(quizRounds).orderBy(desc(quizRounds.id)).limit(1);
  const buttons = callback.body.data.components.flatMap((row: any) => row.components);
  return { message: h.standIn.originalOf(quiz.token)!, round: round!, buttons };
}

async function answersOf(roundId: number) {
  return database.db.select().from(answers).where(eq(answers.roundId, roundId));
}

async function ledgerSize(): Promise<number> {
  return (await database.db.select().from(pointsLedger)).length;
}

describe.each(dbTargets)('Discord HTTP interactions end to end (real core on $name)', (target) => {
  openForSuite(target, async (opened) => {
    database = opened;
    await pictures.ready();
    // Each replica has its own core, sharing only the database, as two processes would.
    core = await createStudyBot({ db: database.db, pictures });
    const other = await createStudyBot({ db: database.db, pictures });
    h = await startHttpHarness([core, other], {}, { replicas: 2 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers PING with PONG, registers the commands, and opens no gateway connection', async () => {
    const ping = await h.deliver({ id: h.standIn.id(), application_id: APPLICATION_ID, type: 1, token: 'ping', version: 1 });
    expect(ping).toMatchObject({ status: 200, body: { type: 1 } });
    expect(ping.contentType).toMatch(/^application\/json/);
    expect(h.standIn.requests.filter((r) => r.method === 'PUT')[0]?.path).toBe(`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect(h.standIn.requests.some((r) => r.path === '/gateway/bot')).toBe(false);
    expect(h.standIn.gatewayReceived).toEqual([]);
    expect(h.replicas.every((replica) => replica.isHealthy())).toBe(true);
  });

  it('runs a quiz over HTTP: the question from one replica, the answer on the other', async () => {
    const { message, round, buttons } = await startQuiz(ada, 0);
    const press = h.guild.button(bob, message, buttons[round.correctChoice!].custom_id);
    const callback = await h.send(press, 1);
    expect(callback.body.type).toBe(7);
    expect(callback.body.data.embeds[0].footer.text).toContain('1 answered');
    const verdict = await followUpOf(press);
    expect(isEphemeral(verdict.body)).toBe(true);
    expect(verdict.body.embeds[0].title).toContain('Correct');
    const [stored] = await answersOf(round.id);
    expect(stored).toMatchObject({ choice: round.correctChoice, correct: true, idempotencyKey: press.id });
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('1 answered');
  });

  it('sends a reply with a picture as a deferral in the HTTP answer, then the picture on @original', async () => {
    const board = h.guild.slash(ada, 'leaderboard', [str('scope', 'workspace'), str('period', 'all')]);
    const answer = await h.deliver(board, 1);
    expect(answer).toMatchObject({ status: 200, body: { type: 5, data: { flags: 0 } } });
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${board.token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(edit.files).toHaveLength(1);
    expect(edit.body.embeds[0].image.url).toBe(`attachment://${edit.files[0]!.name}`);
    expect(h.standIn.originalOf(board.token)!.embeds[0].description).toContain('Bob');
  });

  it('refuses bad, stale, unsigned and tampered deliveries with 401 and changes nothing', async () => {
    const { message, round, buttons } = await startQuiz(ada, 0);
    const requestsBefore = h.standIn.requests.length;
    const ledgerBefore = await ledgerSize();
    const press = () => h.guild.button(bob, message, buttons[round.correctChoice!].custom_id);
    const stale = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const future = String(Math.floor(Date.now() / 1000) + 6 * 60);
    const tampered = press();
    const answers401 = await Promise.all([
      h.deliver(press(), 0, { signature: 'ab'.repeat(64) }),
      h.deliver(press(), 1, { signature: 'not hex' }),
      h.deliver(press(), 0, { timestamp: stale }),
      h.deliver(press(), 1, { timestamp: future }),
      h.deliver(press(), 0, { unsigned: true }),
      h.deliver(tampered, 1, { body: JSON.stringify({ ...tampered, member: { ...tampered.member, permissions: String(1n << 5n) } }) }),
    ]);
    for (const answer of answers401) expect(answer.status).toBe(401);
    expect(h.standIn.requests.length).toBe(requestsBefore);
    expect(await answersOf(round.id)).toEqual([]);
    expect(await ledgerSize()).toBe(ledgerBefore);
    // A PING with a bad signature is refused too: Discord checks that the endpoint does so.
    const ping = { id: h.standIn.id(), application_id: APPLICATION_ID, type: 1, token: 'ping', version: 1 };
    expect((await h.deliver(ping, 0, { signature: '00'.repeat(64) })).status).toBe(401);
  });

  it('changes nothing twice when a delivery is replayed, to the same replica or the other', async () => {
    const { message, round, buttons } = await startQuiz(ada, 1);
    const press = h.guild.button(bob, message, buttons[(round.correctChoice! + 1) % 4].custom_id);
    expect((await h.send(press, 0)).body.type).toBe(7);
    await followUpOf(press);
    const ledgerAfterFirst = await ledgerSize();
    const sentAfterFirst = h.standIn.requestsFor(press).length;

    // The same replica knows it: 409, nothing sent.
    const again = await h.deliver(press, 0);
    expect(again.status).toBe(409);
    expect(h.standIn.requestsFor(press)).toHaveLength(sentAfterFirst);

    // The other replica does not, but the core's idempotence key does: no second answer, no points;
    // its answer reaches Discord as a second response, which Discord refuses (40060).
    const elsewhere = await h.deliver(press, 1);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.data.embeds[0].description).toContain('already answered');
    const refused = h.standIn.requestsFor(press).filter((r) => r.via === 'http');
    expect(refused.map((r) => r.status)).toEqual([204, 400]);
    expect(await answersOf(round.id)).toHaveLength(1);
    expect(await ledgerSize()).toBe(ledgerAfterFirst);
    expect(h.standIn.messages.get(message.id)!.embeds[0].footer.text).toContain('1 answered');
  });

  it('serves players alternately from two replicas on one database', async () => {
    const { message, round, buttons } = await startQuiz(ada, 0);
    const results = await Promise.all(
      players.map((player, i) => h.send(h.guild.button(player, message, buttons[(round.correctChoice! + i) % 4].custom_id), i % 2)),
    );
    expect(results.map((r) => r.body.type)).toEqual(players.map(() => 7));
    const counts = results.map((r) => Number(/(\d+) answered/.exec(r.body.data.embeds[0].footer.text)![1]));
    expect(Math.max(...counts)).toBe(players.length);
    const stored = await answersOf(round.id);
    expect(stored).toHaveLength(players.length);
    const names = await database.db.select({ name: users.displayName }).from(users);
    expect(names.map((n) => n.name)).toEqual(expect.arrayContaining(players.map((p) => p.globalName)));
    // Both replicas did their share.
    for (const replica of [0, 1]) expect(h.logs.some((l) => l.replica === replica && l.msg === 'discord interaction')).toBe(true);
  });

  it('posts a daily question over REST (no gateway) and takes an answer on it over HTTP', async () => {
    const [gan] = await database.db.select().from(decks).where(eq(decks.slug, 'gan'));
    const [card] = await database.db.select().from(cards).where(eq(cards.deckId, gan!.id)).limit(1);
    const channel = { platform: 'discord' as const, workspaceId: GUILD_ID, channelId: CHANNEL_ID };
    const opened = await core.openChannelRound({
      channel,
      deckId: gan!.id,
      cardId: card!.id,
      mode: 'mcq',
      closesAt: new Date(Date.now() + 3_600_000),
      source: 'daily',
    });
    const { messageRef } = await h.replicas[1]!.sender.post(channel, opened.message);
    await core.setRoundMessageRef(opened.roundId, messageRef);
    const posted = h.standIn.messages.get(messageRef)!;
    const [round] = await database.db.select().from(quizRounds).where(eq(quizRounds.id, opened.roundId));
    const buttons = posted.components.flatMap((row: any) => row.components);
    const callback = await h.send(h.guild.button(bob, posted, buttons[round!.correctChoice!].custom_id), 0);
    expect(callback.body.type).toBe(7);
    expect(h.standIn.messages.get(messageRef)!.embeds[0].footer.text).toContain('1 answered');
  });

  it('answers deck autocomplete in the HTTP answer', async () => {
    const typing = h.guild.autocomplete(ada, 'quiz', [{ name: 'deck', type: 3, value: 'ga', focused: true }]);
    const answer = await h.deliver(typing, 1);
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe(8);
    expect(answer.body.data.choices.map((c: any) => c.value)).toContain('gan');
  });
});
