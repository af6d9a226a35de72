/**
 * After an accepted appeal the channel's messages agree with the points, end to end on Discord: the
 * real adapter and core on a real database, the local stand-in, and the game-step runner on a fake
 * clock. A /quiz question's reveal (posted as the /quiz interaction's reply, so edited over its
 * webhook while the token lives) and a game's reveal and standings (posted over the channel route) are
 * edited once; a rejected appeal edits nothing; an edit Discord refuses (the message deleted, the bot
 * without access) leaves the decision, its reply and the points as they are.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import type { StudyBot } from '../../../src/core/service.js';
import type { Database } from '../../../src/db/connect.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { answers, appeals, pointsLedger, users } from '../../../src/db/schema.js';
import { createGameRunner, type GameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { CHANNEL_ID, GUILD_ID, startHarness, type Harness } from '../../support/discord-harness.js';
import { int, MANAGE_GUILD, MEMBER_PERMISSIONS, str, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type RecordedRequest, type StoredMessage } from '../../support/discord-standin.js';
import { SECOND } from '../../support/games.js';

const asker: TestUser = { id: '810000000000000031', username: 'asker', globalName: 'Asker' };
const cyd: TestUser = { id: '810000000000000032', username: 'cyd', globalName: 'Cyd' };
const eve: TestUser = { id: '810000000000000033', username: 'eve', globalName: 'Eve' };
const mod: TestUser = { id: '810000000000000034', username: 'mod', globalName: 'Mod', permissions: MEMBER_PERMISSIONS | MANAGE_GUILD };
// Each test's appellants meet the deck's cards for the first time, so their accepted answers pay (due-card rule).
const fay: TestUser = { id: '810000000000000035', username: 'fay', globalName: 'Fay' };
const gus: TestUser = { id: '810000000000000036', username: 'gus', globalName: 'Gus' };
const hal: TestUser = { id: '810000000000000037', username: 'hal', globalName: 'Hal' };

const DECK = "front,back\nWhat does a GAN's discriminator do?,It tells real samples from generated ones.\nWhat does a GAN's generator do?,It turns random noise into samples that look real.\n";

describe.each(dbTargets)('Discord: an accepted appeal edits what the channel was shown (real core on $name)', (target) => {
  let database: Database;
  let h: Harness;
  let core: StudyBot;
  let runner: GameRunner;
  const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));

  openForSuite(target, async (opened) => {
    database = opened;
    core = await createStudyBot({ db: database.db, clock });
    h = await startHarness(core, {}, { cachedGuild: true, heartbeatIntervalMs: 41_250 });
    runner = createGameRunner({ store: createGameStepStore(database.db), steps: core.gameSteps!, senders: [h.adapter.sender], clock });
    await core.handle({
      actor: { platform: 'discord', workspaceId: GUILD_ID, channelId: CHANNEL_ID, userId: asker.id, displayName: 'Asker', canManage: false },
      command: { type: 'deck_import', filename: 'duo.csv', content: DECK },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = async (interaction: any): Promise<RecordedRequest> => {
    h.standIn.interact(interaction);
    return h.standIn.callbackFor(interaction.id);
  };
  const buttons = (message: { components?: any[] }) => (message.components ?? []).flatMap((row: any) => row.components);
  const button = (message: { components?: any[] }, label: string) => buttons(message).find((b: any) => b.label === label)?.custom_id as string;
  const edits = (messageId: string) => h.standIn.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${messageId}`));
  const userId = async (user: TestUser) => (await database.db.select().from(users).where(eq(users.externalId, user.id)))[0]!.id;
  const points = async (user: TestUser) => {
    const [row] = await database.db.select({ total: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` }).from(pointsLedger).where(eq(pointsLedger.userId, await userId(user)));
    return row!.total;
  };
  const appealOf = async (user: TestUser) => (await database.db.select().from(appeals).where(eq(appeals.userId, await userId(user))).orderBy(sql`${appeals.id} desc`))[0]!;

  /** `user` answers the question in `question` with `text`: their private verdict. */
  async function answer(user: TestUser, question: StoredMessage, text: string): Promise<StoredMessage> {
    const form = await send(h.guild.button(user, question, button(question, 'Answer')));
    const submit = h.guild.modalSubmit(user, form.body.data.custom_id, text, h.standIn.messages.get(question.id));
    const callback = await send(submit);
    // The verdict is the reply, or a follow-up where the reply updated the question's count.
    if (callback.body.type !== 4) await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${submit.token}`));
    return [...h.standIn.messages.values()].filter((m) => m.interaction_token === submit.token && isEphemeral(m)).at(-1)!;
  }

  /** `user` appeals from `verdict`; `decider` opens it and presses `choice`: the decider's reply, and the private review pressed. */
  async function appealAndDecide(user: TestUser, verdict: StoredMessage, decider: TestUser, choice: 'Accept' | 'Reject'): Promise<RecordedRequest & { pressed: { review: StoredMessage; id: string } }> {
    const press = h.guild.button(user, verdict, button(verdict, 'I was right'));
    await send(press);
    const notice = h.standIn.originalOf(press.token)!;
    const open = h.guild.button(decider, notice, button(notice, 'Review appeal'));
    await send(open);
    const review = h.standIn.originalOf(open.token)!;
    const pressed = { review: { ...review }, id: button(review, choice) };
    const decided = await send(h.guild.button(decider, review, pressed.id));
    // The notice is updated after the reply; the edits follow it.
    await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${notice.id}`) && r.at >= decided.at);
    return { ...decided, pressed };
  }

  /** The asker's typed /quiz on the duo deck, answered by `user` with `text` and revealed by the asker. */
  async function revealedQuiz(user: TestUser, text: string) {
    const quiz = h.guild.slash(asker, 'quiz', [str('deck', 'duo'), str('mode', 'typed')]);
    await send(quiz);
    const question = h.standIn.originalOf(quiz.token)!;
    const verdict = await answer(user, question, text);
    const revealed = await send(h.guild.button(asker, h.standIn.messages.get(question.id)!, button(question, 'Reveal')));
    expect(revealed.body).toMatchObject({ type: 7 });
    expect(revealed.body.data.embeds[0].description).toContain('Nobody got it right (1 answered)');
    return { question, verdict, quizToken: quiz.token as string };
  }

  it("edits a /quiz question's reveal once, over its own webhook, and pays once", async () => {
    const { question, verdict, quizToken } = await revealedQuiz(cyd, 'it paints pictures of cats');
    const before = await points(cyd);
    const decided = await appealAndDecide(cyd, verdict, asker, 'Accept');
    expect(decided.body.data.embeds[0].description).toContain('Accepted. Cyd gets +10 points');
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${question.id}`));
    // The /quiz reply is the interaction's own message: its webhook edits it, no channel permission needed.
    expect(edit.path).toMatch(new RegExp(`^/webhooks/\\d+/${quizToken}/messages/`));
    expect(h.standIn.messages.get(question.id)!.embeds[0].description).toMatch(/Got it right \(1 of 1\): 🥇 Cyd \(\+10, accepted on appeal\)/);
    // A moderator's accept after it finds it decided: no second edit, no second payment.
    const again = await send(h.guild.button(mod, decided.pressed.review, decided.pressed.id));
    expect(again.body.data.embeds[0].description).toContain('already accepted');
    expect(edits(question.id)).toHaveLength(1);
    expect(await points(cyd)).toBe(before + 10);
  });

  it('edits nothing for a rejected appeal', async () => {
    const { question, verdict } = await revealedQuiz(eve, 'a loud noise');
    const decided = await appealAndDecide(eve, verdict, mod, 'Reject');
    expect(decided.body.data.embeds[0].description).toContain("Rejected. Eve's verdict stands");
    expect(edits(question.id)).toEqual([]);
    expect(h.standIn.messages.get(question.id)!.embeds[0].description).toContain('Nobody got it right (1 answered)');
  });

  it('keeps the decision, its reply and the points when the reveal was deleted', async () => {
    const { question, verdict } = await revealedQuiz(fay, 'bananas and a bicycle');
    const before = await points(fay);
    h.standIn.deleteMessage(question.id);
    const decided = await appealAndDecide(fay, verdict, asker, 'Accept');
    expect(decided.body.data.embeds[0].description).toContain('Accepted. Fay gets +10 points');
    const refused = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${question.id}`));
    expect(refused.status).toBe(404);
    await waitForLog((l) => l.msg === 'could not update the public message' && l.messageId === question.id);
    expect(await appealOf(fay)).toMatchObject({ status: 'accepted', points: 10 });
    expect(await points(fay)).toBe(before + 10);
    const [row] = await database.db.select().from(answers).where(and(eq(answers.userId, await userId(fay)), eq(answers.text, 'bananas and a bicycle')));
    expect(row).toMatchObject({ correct: true });
  });

  it("edits a game's reveal and standings once over the channel route; without access, the decision stands", async () => {
    await send(h.guild.slash(asker, 'quiz', [str('deck', 'duo'), str('mode', 'typed'), int('rounds', 2), int('time', 30)]));
    await runner.tick();
    const posted = (title: string) => [...h.standIn.messages.values()].filter((m) => m.channel_id === CHANNEL_ID && m.embeds[0]?.title?.includes(title)).at(-1)!;
    const q1 = posted('Question 1 of 2');
    clock.advance(4 * SECOND);
    const gusVerdict = await answer(gus, q1, 'it hums a tune');
    const halVerdict = await answer(hal, h.standIn.messages.get(q1.id)!, 'it sings a song');
    await runner.tick();
    clock.advance(26 * SECOND);
    await runner.tick(); // the reveal
    const reveal1 = posted('Question 1 of 2 · answer');
    expect(reveal1.embeds[0].description).toContain('Nobody got it right (2 answered)');
    for (let i = 0; i < 20 && !posted('Final standings'); i++) {
      clock.advance(5 * SECOND);
      await runner.tick();
    }
    const standings = posted('Final standings');
    expect(standings.embeds[0].description).toContain('**Gus** — 0 pts');
    const before = await points(gus);

    const decided = await appealAndDecide(gus, gusVerdict, asker, 'Accept');
    expect(decided.body.data.embeds[0].description).toContain('Accepted. Gus gets +10 points');
    await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${CHANNEL_ID}/messages/${standings.id}`);
    expect(edits(reveal1.id).map((r) => r.path)).toEqual([`/channels/${CHANNEL_ID}/messages/${reveal1.id}`]);
    expect(edits(standings.id)).toHaveLength(1);
    expect(h.standIn.messages.get(reveal1.id)!.embeds[0].description).toMatch(/Got it right \(1 of 2\): 🥇 Gus \+12 \(4\.0 s, accepted on appeal\)/);
    expect(h.standIn.messages.get(reveal1.id)!.components).toEqual([]);
    expect(h.standIn.messages.get(standings.id)!.embeds[0].description.split('\n')[0]).toBe('🥇 **Gus** — 12 pts · 1/2 right · fastest 4.0 s');
    expect(await points(gus)).toBe(before + 10);

    // The bot loses access to the channel (View Channel taken away): Hal's accept still stands.
    h.standIn.failChannel(CHANNEL_ID, 403);
    const halPoints = await points(hal);
    const halDecided = await appealAndDecide(hal, halVerdict, mod, 'Accept');
    expect(halDecided.body.data.embeds[0].description).toContain('Accepted. Hal gets +10 points');
    await waitForLog((l) => l.msg === 'could not update the public message' && l.messageId === standings.id);
    expect(edits(reveal1.id).map((r) => r.status)).toEqual([200, 403]);
    expect(await appealOf(hal)).toMatchObject({ status: 'accepted', points: 10 });
    expect(await points(hal)).toBe(halPoints + 10);
  });

  async function waitForLog(match: (line: Harness['logs'][number]) => boolean): Promise<void> {
    for (let waited = 0; !h.logs.some(match); waited += 10) {
      if (waited > 10_000) throw new Error('the expected log line never came');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
});
