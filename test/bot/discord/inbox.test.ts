/**
 * Acknowledged means kept, on Discord: replica A defers a slow command and a slow press (Discord now
 * counts both as answered and will not send them again), then dies before its core answers. Replica B,
 * on the same database, finishes them once A's lease has run out: the core gets each request again with
 * its own interaction id, and the answers arrive over the interactions' webhooks (the deferred original
 * edited, the private reply as a follow-up); an earlier /quiz question the replay edits goes over the
 * /quiz webhook, whose token B finds in the shared store; a replayed press that posts a public message
 * with buttons (an appeal notice) keeps its token for it, counted from when the press came.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDiscord } from '../../../src/bot/discord/index.js';
import type { StudyBotApi } from '../../../src/core/bot.js';
import type { Request } from '../../../src/core/commands.js';
import type { Outcome } from '../../../src/core/messages.js';
import type { Database } from '../../../src/db/connect.js';
import type { InboxStore } from '../../../src/bot/inbox.js';
import type { InteractionTokenStore } from '../../../src/bot/interaction-tokens.js';
import { createInboxStore } from '../../../src/db/inbox-store.js';
import { createInteractionTokenStore } from '../../../src/db/interaction-token-store.js';
import { FakeClock } from '../../support/clock.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, TOKEN, startHarness, type Harness } from '../../support/discord-harness.js';
import { str, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral } from '../../support/discord-standin.js';
import { openTemplatedPglite } from '../../support/pglite-template.js';

const LEASE_MS = 30_000;
const alice: TestUser = { id: '800000000000000011', username: 'alice' };

class Core implements StudyBotApi {
  readonly requests: Request[] = [];
  constructor(private readonly answer: (request: Request) => Promise<Outcome>) {}
  handle(request: Request): Promise<Outcome> {
    this.requests.push(request);
    return this.answer(request);
  }
  async suggestDecks() {
    return [];
  }
}

let database: Database;
let clock: FakeClock;
let h: Harness;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  database = await openTemplatedPglite();
  clock = new FakeClock(new Date());
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await h?.close();
  await database.close();
});

/** Replica B, on the same database and stand-in, finishing what the dead replica A left in the inbox. */
async function startSurvivor(survivor: Core, inbox: InboxStore, tokenStore?: InteractionTokenStore): Promise<void> {
  const b = await startDiscord({
    bot: survivor,
    token: TOKEN,
    applicationId: APPLICATION_ID,
    guildId: GUILD_ID,
    apiBase: h.standIn.apiBase,
    log: pino({ level: 'silent' }),
    inbox,
    inboxLeaseMs: LEASE_MS,
    clock,
    ...(tokenStore ? { tokenStore } : {}),
  });
  stops.push(() => b.stop());
}

describe('Discord interactions deferred by a replica that died', () => {
  it('are finished by another replica over their webhooks, each once', async () => {
    let questionPosted = false;
    const stuck: Array<(outcome: Outcome) => void> = [];
    const dying = new Core(async (request) => {
      if (!questionPosted) {
        questionPosted = true;
        return { reply: { text: 'Q?', visibility: 'public', choices: [{ id: 'sb1:mcq:5:1', label: 'B' }] } };
      }
      return new Promise<Outcome>((resolve) => stuck.push(resolve));
    });
    const inbox = createInboxStore(database.db);
    h = await startHarness(dying, { ackAfterMs: 200, drainMs: 0, inbox, inboxLeaseMs: LEASE_MS, clock });

    const quiz = h.guild.slash(alice, 'quiz', [str('mode', 'mcq')]);
    h.standIn.interact(quiz);
    await h.standIn.callbackFor(quiz.id);
    const question = h.standIn.originalOf(quiz.token)!;

    const stats = h.guild.slash(alice, 'stats');
    const press = h.guild.button(alice, question, 'sb1:mcq:5:1');
    h.standIn.interact(stats);
    h.standIn.interact(press);
    expect((await h.standIn.callbackFor(stats.id)).body.type).toBe(5); // deferred reply
    expect((await h.standIn.callbackFor(press.id)).body.type).toBe(6); // deferred update
    await vi.waitFor(() => expect(stuck).toHaveLength(2), { timeout: 10_000, interval: 50 });
    await h.adapter.stop(); // drainMs 0: what it was working on never finishes

    clock.advance(LEASE_MS + 1_000);
    const survivor = new Core(async (request) =>
      request.command.type === 'stats'
        ? { reply: { text: 'your stats', visibility: 'private' } }
        : { reply: { text: 'Correct!', visibility: 'private' }, update: { text: 'Q?', footer: '1 answered', visibility: 'public' } },
    );
    await startSurvivor(survivor, inbox);

    await vi.waitFor(() => expect(survivor.requests).toHaveLength(2), { timeout: 20_000, interval: 50 });
    expect(survivor.requests.map((r) => r.interactionId).sort()).toEqual([stats.id, press.id].sort());
    expect(survivor.requests.find((r) => r.interactionId === press.id)?.command).toEqual({ type: 'press', id: 'sb1:mcq:5:1' });

    // The deferred /stats reply is filled in; the press's message is updated and Alice hears privately.
    await vi.waitFor(() => expect(h.standIn.originalOf(stats.token)?.embeds[0]?.description).toBe('your stats'), { timeout: 10_000, interval: 50 });
    const follow = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${press.token}`);
    expect(isEphemeral(follow.body)).toBe(true);
    expect(follow.body.embeds[0].description).toBe('Correct!');
    expect(h.standIn.messages.get(question.id)?.embeds[0].footer.text).toBe('1 answered');

    stuck.forEach((resolve) => resolve({}));
  });

  it('keep the visibility they were deferred with: a private answer to a public deferral never fills it', async () => {
    const stuck: Array<(outcome: Outcome) => void> = [];
    const dying = new Core(() => new Promise<Outcome>((resolve) => stuck.push(resolve)));
    const inbox = createInboxStore(database.db);
    h = await startHarness(dying, { ackAfterMs: 200, drainMs: 0, inbox, inboxLeaseMs: LEASE_MS, clock });
    // /quiz is expected to be public, so it is deferred publicly; the replayed answer is a private refusal.
    const quiz = h.guild.slash(alice, 'quiz', [str('deck', 'nope')]);
    h.standIn.interact(quiz);
    const deferral = await h.standIn.callbackFor(quiz.id);
    expect(deferral.body.type).toBe(5);
    expect(isEphemeral(deferral.body.data)).toBe(false);
    await vi.waitFor(() => expect(stuck).toHaveLength(1), { timeout: 10_000, interval: 50 });
    await h.adapter.stop();

    clock.advance(LEASE_MS + 1_000);
    const secret = 'There is no deck called "nope".';
    const survivor = new Core(async () => ({ reply: { text: secret, visibility: 'private' } }));
    await startSurvivor(survivor, inbox);

    const answer = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${quiz.token}`, 20_000);
    expect(isEphemeral(answer.body)).toBe(true);
    expect(answer.body.embeds[0].description).toBe(secret);
    expect(h.standIn.requestsFor(quiz).map((r) => r.method)).toEqual(['POST', 'PATCH', 'DELETE', 'POST']);
    expect(h.standIn.shownInChannel.some((shown) => JSON.stringify(shown).includes(secret))).toBe(false);
    expect(survivor.requests).toHaveLength(1);
    stuck.forEach((resolve) => resolve({}));
  });

  it("edit the /quiz question over its webhook after the replay, through the tokens the replicas share", async () => {
    let questionPosted = false;
    const stuck: Array<(outcome: Outcome) => void> = [];
    const dying = new Core(async () => {
      if (questionPosted) return new Promise<Outcome>((resolve) => stuck.push(resolve));
      questionPosted = true;
      return { reply: { text: 'Q?', visibility: 'public', choices: [{ id: 'sb1:appeal:5', label: 'Accept' }] } };
    });
    const inbox = createInboxStore(database.db);
    const tokenStore = createInteractionTokenStore(database.db);
    h = await startHarness(dying, { ackAfterMs: 200, drainMs: 0, inbox, inboxLeaseMs: LEASE_MS, clock, tokenStore });
    // The bot lacks View Channel: only the /quiz webhook can edit the question.
    h.standIn.failChannel(CHANNEL_ID, 403);

    const quiz = h.guild.slash(alice, 'quiz', [str('mode', 'typed')]);
    h.standIn.interact(quiz);
    await h.standIn.callbackFor(quiz.id);
    const question = h.standIn.originalOf(quiz.token)!;
    const press = h.guild.button(alice, question, 'sb1:appeal:5');
    h.standIn.interact(press);
    expect((await h.standIn.callbackFor(press.id)).body.type).toBe(6);
    await vi.waitFor(() => expect(stuck).toHaveLength(1), { timeout: 10_000, interval: 50 });
    await h.adapter.stop();

    clock.advance(LEASE_MS + 1_000);
    const survivor = new Core(async () => ({
      reply: { text: 'Accepted.', visibility: 'private' },
      edits: [{ channelId: CHANNEL_ID, messageRef: question.id, message: { text: 'Q? (corrected after an appeal)', visibility: 'public' } }],
    }));
    await startSurvivor(survivor, inbox, tokenStore);

    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${question.id}`), 20_000);
    expect([edit.path, edit.status]).toEqual([`/webhooks/${APPLICATION_ID}/${quiz.token}/messages/${question.id}`, 200]);
    expect(h.standIn.messages.get(question.id)?.embeds[0].description).toBe('Q? (corrected after an appeal)');
    stuck.forEach((resolve) => resolve({}));
  });

  it("keep a replayed press's token for the public message with buttons its follow-up posts, from when the press came", async () => {
    let reviewPosted = false;
    const stuck: Array<(outcome: Outcome) => void> = [];
    const dying = new Core(async () => {
      if (reviewPosted) return new Promise<Outcome>((resolve) => stuck.push(resolve));
      reviewPosted = true;
      return { reply: { text: 'Your verdict', visibility: 'private', choices: [{ id: 'sb1:appeal:5', label: 'I was right' }] } };
    });
    const inbox = createInboxStore(database.db);
    const tokenStore = createInteractionTokenStore(database.db);
    h = await startHarness(dying, { ackAfterMs: 200, drainMs: 0, inbox, inboxLeaseMs: LEASE_MS, clock, tokenStore });
    // The bot lacks View Channel: only the press's webhook can edit what it posted.
    h.standIn.failChannel(CHANNEL_ID, 403);

    const review = h.guild.slash(alice, 'review');
    h.standIn.interact(review);
    await h.standIn.callbackFor(review.id);
    const verdict = h.standIn.originalOf(review.token)!;
    expect(isEphemeral(verdict)).toBe(true);
    const press = h.guild.button(alice, verdict, 'sb1:appeal:5');
    h.standIn.interact(press);
    expect((await h.standIn.callbackFor(press.id)).body.type).toBe(6);
    await vi.waitFor(() => expect(stuck).toHaveLength(1), { timeout: 10_000, interval: 50 });
    await h.adapter.stop();

    clock.advance(LEASE_MS + 1_000);
    let noticeId: string | undefined;
    const survivor = new Core(async (request) =>
      request.command.type === 'press'
        ? { reply: { text: 'Alice appeals', visibility: 'public', choices: [{ id: 'sb1:aview:1', label: 'Review appeal' }] } }
        : { reply: { text: 'Accepted.', visibility: 'private' }, edits: [{ channelId: CHANNEL_ID, messageRef: noticeId!, message: { text: 'Appeal accepted', visibility: 'public' } }] },
    );
    await startSurvivor(survivor, inbox, tokenStore);
    await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${press.token}`, 20_000);
    const notice = [...h.standIn.messages.values()].find((m) => m.interaction_token === press.token && !isEphemeral(m))!;
    noticeId = notice.id;

    // Edited by a later interaction on the survivor, before anyone pressed the notice.
    const editsOfNotice = () => h.standIn.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${notice.id}`));
    const decide = async () => {
      const before = editsOfNotice().length;
      const stats = h.guild.slash(alice, 'stats');
      h.standIn.interact(stats);
      await h.standIn.callbackFor(stats.id);
      await h.standIn.waitForRequest(() => editsOfNotice().length > before);
      const edit = editsOfNotice()[before]!;
      return [edit.path, edit.status];
    };
    expect(await decide()).toEqual([`/webhooks/${APPLICATION_ID}/${press.token}/messages/${notice.id}`, 200]);
    expect(h.standIn.messages.get(notice.id)?.embeds[0].description).toBe('Appeal accepted');
    // 14 minutes after the press came (not after its replay), the token is no longer used.
    clock.advance(14 * 60_000 - LEASE_MS);
    expect(await decide()).toEqual([`/channels/${CHANNEL_ID}/messages/${notice.id}`, 403]);
    stuck.forEach((resolve) => resolve({}));
  });
});
