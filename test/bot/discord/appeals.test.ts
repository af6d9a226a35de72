/**
 * "I was right" end to end on Discord: the real adapter and core on a real database, through the local
 * Discord stand-in. The appeal is posted in the channel as a notice without the answer (the question may
 * be open); the asker or a moderator opens it privately (an ephemeral reply: Discord can only show a
 * message to one person as the reply to their own press) and accepts or rejects it there; the notice is
 * then edited so the appellant sees the outcome.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import type { StudyBot } from '../../../src/core/service.js';
import type { Database } from '../../../src/db/connect.js';
import { answers, appeals, pointsLedger, quizRounds, reviewLogs, users } from '../../../src/db/schema.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { CHANNEL_ID, GUILD_ID, startHarness, type Harness } from '../../support/discord-harness.js';
import { MANAGE_GUILD, MEMBER_PERMISSIONS, str, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type RecordedRequest, type StoredMessage } from '../../support/discord-standin.js';

const asker: TestUser = { id: '810000000000000021', username: 'asker', globalName: 'Asker' };
const cyd: TestUser = { id: '810000000000000022', username: 'cyd', globalName: 'Cyd' };
const eve: TestUser = { id: '810000000000000023', username: 'eve', globalName: 'Eve' };
const mod: TestUser = { id: '810000000000000024', username: 'mod', globalName: 'Mod', permissions: MEMBER_PERMISSIONS | MANAGE_GUILD };

const WRONG = 'it paints pictures of cats';

describe.each(dbTargets)('Discord appeals end to end (real core on $name)', (target) => {
  let database: Database;
  let h: Harness;
  let core: StudyBot;

  openForSuite(target, async (opened) => {
    database = opened;
    core = await createStudyBot({ db: database.db });
    h = await startHarness(core, {}, { cachedGuild: true, heartbeatIntervalMs: 41_250 });
    // A one-card deck, so every quiz asks the same card.
    await core.handle({
      actor: { platform: 'discord', workspaceId: GUILD_ID, channelId: CHANNEL_ID, userId: asker.id, displayName: 'Asker', canManage: false },
      command: { type: 'deck_import', filename: 'solo.csv', content: "front,back\nWhat does a GAN's discriminator do?,It tells real samples from generated ones.\n" },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = async (interaction: any): Promise<RecordedRequest> => {
    h.standIn.interact(interaction);
    return h.standIn.callbackFor(interaction.id);
  };
  /** The message an interaction's follow-up created. */
  const followUp = async (interaction: { token: string }): Promise<StoredMessage> => {
    await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${interaction.token}`));
    return [...h.standIn.messages.values()].filter((m) => (m as any).interaction_token === interaction.token).at(-1)!;
  };
  const buttons = (message: { components?: any[] }) => (message.components ?? []).flatMap((row: any) => row.components);
  const button = (message: { components?: any[] }, label: string) => buttons(message).find((b: any) => b.label === label);
  const userId = async (user: TestUser) => (await database.db.select().from(users).where(eq(users.externalId, user.id)))[0]!.id;
  const points = async (user: TestUser) => {
    const [row] = await database.db
      .select({ total: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` })
      .from(pointsLedger)
      .where(eq(pointsLedger.userId, await userId(user)));
    return row!.total;
  };

  /** The asker starts a typed quiz on the one card; `user` answers it with `text`; returns the private verdict. */
  async function answer(user: TestUser, text: string) {
    const quiz = h.guild.slash(asker, 'quiz', [str('deck', 'solo'), str('mode', 'typed')]);
    await send(quiz);
    const question = h.standIn.originalOf(quiz.token)!;
    const modal = await send(h.guild.button(user, question, button(question, 'Answer').custom_id));
    const submit = h.guild.modalSubmit(user, modal.body.data.custom_id, text, h.standIn.messages.get(question.id));
    await send(submit);
    return { question, verdict: await followUp(submit) };
  }

  /** `user` appeals from their verdict: returns the public notice. */
  async function appeal(user: TestUser, verdict: StoredMessage): Promise<StoredMessage> {
    const press = h.guild.button(user, verdict, button(verdict, 'I was right').custom_id);
    const callback = await send(press);
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data)).toBe(false);
    return h.standIn.originalOf(press.token)!;
  }

  it('goes to the asker, is refused to others, pays once under two concurrent accepts, and is remembered', async () => {
    const { verdict } = await answer(cyd, WRONG);
    expect(isEphemeral(verdict)).toBe(true);
    expect(verdict.embeds[0]!.title).toMatch(/Not quite|Partly right/);
    const before = await points(cyd);

    const notice = await appeal(cyd, verdict);
    expect(notice.embeds[0]!.description).toContain('Cyd');
    expect(JSON.stringify(notice.embeds)).not.toContain('paints');
    const reviewId = button(notice, 'Review appeal').custom_id;
    expect(reviewId.length).toBeLessThanOrEqual(100);

    // Eve has no right to it, and Cyd may not judge her own appeal: clear private refusals.
    const refusedEve = await send(h.guild.button(eve, notice, reviewId));
    expect(isEphemeral(refusedEve.body.data)).toBe(true);
    expect(refusedEve.body.data.embeds[0].description).toContain('Only the person who asked this question, or a moderator');

    const open = h.guild.button(asker, notice, reviewId);
    const opened = await send(open);
    expect(isEphemeral(opened.body.data)).toBe(true);
    expect(JSON.stringify(opened.body.data.embeds)).toContain(WRONG);
    const privateReview = h.standIn.originalOf(open.token)!;
    const acceptId = button(privateReview, 'Accept').custom_id;

    // The ids are not trusted: Eve and Cyd pressing a copy of Accept change nothing.
    for (const who of [eve, cyd]) {
      const forged = await send(h.guild.button(who, privateReview, acceptId));
      expect(forged.body.data.embeds[0].description).toMatch(/Only the person who asked|cannot decide your own appeal/);
    }
    expect(await points(cyd)).toBe(before);

    // The asker and a moderator accept at the same moment: one wins, the other is told, it pays once.
    const first = h.guild.button(asker, privateReview, acceptId);
    const second = h.guild.button(mod, privateReview, acceptId);
    h.standIn.interact(first);
    h.standIn.interact(second);
    const replies = await Promise.all([h.standIn.callbackFor(first.id), h.standIn.callbackFor(second.id)]);
    const texts = replies.map((r) => r.body.data.embeds[0].description as string).sort();
    expect(texts[0]).toContain('Accepted.');
    expect(texts[1]).toContain('already accepted');
    // The gateway delivering the first press again changes nothing either. Gateway events arrive in
    // order and the adapter drops a repeat on arrival, so once a later press is answered it was dropped.
    h.standIn.interact(first);
    await send(h.guild.button(eve, notice, reviewId));
    expect(h.logs.some((l) => l.interactionId === first.id && l.msg === 'duplicate discord interaction ignored')).toBe(true);
    expect(h.standIn.requestsFor(first).filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
    const [row] = await database.db.select().from(appeals).where(eq(appeals.userId, await userId(cyd)));
    expect(row).toMatchObject({ status: 'accepted', answerText: WRONG });
    expect(await points(cyd)).toBe(Math.max(before, 10));
    expect((await database.db.select().from(answers).where(eq(answers.userId, await userId(cyd))))[0]).toMatchObject({ correct: true });
    const logs = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, await userId(cyd)));
    expect(logs.map((l) => l.rating)).toEqual([3]);
    // The channel notice now says how it ended.
    await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${notice.id}`));
    expect(h.standIn.messages.get(notice.id)!.embeds[0]!.title).toContain('Appeal accepted');
    expect(h.standIn.messages.get(notice.id)!.components).toEqual([]);

    // Remembered: the same answer passes the next time the card is asked.
    const again = await answer(cyd, 'It paints pictures of cats.');
    expect(again.verdict.embeds[0]!.title).toContain('Correct');
    expect(button(again.verdict, 'I was right')).toBeUndefined();
  });

  it('rejects an appeal: the appellant sees it on the notice, nothing else changes, one appeal per answer', async () => {
    const { verdict } = await answer(eve, 'a loud noise');
    const before = await points(eve);
    const notice = await appeal(eve, verdict);
    const twice = await send(h.guild.button(eve, verdict, button(verdict, 'I was right').custom_id));
    expect(twice.body.data.embeds[0].description).toContain('One appeal per answer');

    const open = h.guild.button(mod, notice, button(notice, 'Review appeal').custom_id);
    await send(open);
    const privateReview = h.standIn.originalOf(open.token)!;
    const rejected = await send(h.guild.button(mod, privateReview, button(privateReview, 'Reject').custom_id));
    expect(rejected.body.data.embeds[0].description).toContain("Rejected. Eve's verdict stands");
    await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${notice.id}`));
    expect(h.standIn.messages.get(notice.id)!.embeds[0]!.title).toContain('Appeal rejected');
    expect(await points(eve)).toBe(before);
    const [round] = await database.db.select().from(quizRounds).orderBy(sql`${quizRounds.id} desc`).limit(1);
    expect((await database.db.select().from(answers).where(and(eq(answers.roundId, round!.id), eq(answers.userId, await userId(eve)))))[0]).toMatchObject({ correct: false });
    expect((await database.db.select().from(appeals).where(eq(appeals.userId, await userId(eve))))).toMatchObject([{ status: 'rejected' }]);
  });

  it('self-grades a typed /review answer in the private message, once', async () => {
    const review = h.guild.slash(mod, 'review');
    await send(review);
    const card = h.standIn.originalOf(review.token)!;
    const modal = await send(h.guild.button(mod, card, button(card, 'Type answer').custom_id));
    expect(modal.body.type).toBe(9);
    const submitted = await send(h.guild.modalSubmit(mod, modal.body.data.custom_id, 'bananas and a bicycle', h.standIn.messages.get(card.id)));
    expect(submitted.body.type).toBe(7);
    expect(submitted.body.data.embeds[0].title).toContain('Not quite');
    const right = button(submitted.body.data, 'I was right').custom_id;
    const marked = await send(h.guild.button(mod, h.standIn.messages.get(card.id)!, right));
    expect(marked.body.data.embeds[0].description).toContain('Marked right');
    const again = await send(h.guild.button(mod, h.standIn.messages.get(card.id)!, right));
    expect(again.body.data.embeds[0].description).toContain('already marked right');
    const logs = await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, await userId(mod)));
    expect(logs.map((l) => [l.rating, l.source])).toEqual([[3, 'review']]);
  });
});
