/**
 * Which failed REST calls are sent again (call-retries.ts): a call Discord carried out whose answer was lost
 * (the client timed out, the connection reset, the edge's 502) is sent again only if a repeat creates
 * nothing, so a follow-up shows once; an edit and a channel post with enforce_nonce are still sent again; a
 * resent interaction callback that Discord refuses as already acknowledged counts as done. Against the
 * stand-in, through the adapter's REST (DiscordRest) and the adapter itself.
 */
import { DefaultRestOptions, MessageFlags, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { StudyBotApi } from '../../../src/core/bot.js';
import type { Outcome } from '../../../src/core/messages.js';
import { DiscordRest } from '../../../src/bot/discord/rest.js';
import { createDiscordSender } from '../../../src/bot/discord/sender.js';
import { NOT_ALL_SENT, SORRY } from '../../../src/bot/discord/respond.js';
import { MAYBE_NOT_SHOWN } from '../../../src/bot/unconfirmed.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, startHarness, TOKEN, type Harness } from '../../support/discord-harness.js';
import { DiscordStandIn, type LostAnswer } from '../../support/discord-standin.js';
import { closedLoopbackPort } from '../../support/closed-port.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function standIn(): Promise<DiscordStandIn> {
  const discord = await DiscordStandIn.start({ applicationId: APPLICATION_ID, token: TOKEN });
  closers.push(() => discord.close());
  return discord;
}

/** The adapter's REST, with a short timeout so a silent answer is given up on quickly. */
function restFor(discord: DiscordStandIn): DiscordRest {
  const rest = new DiscordRest({ api: `${discord.apiBase}/api`, timeout: 300 }).setToken(TOKEN);
  closers.push(async () => (rest.clearHashSweeper(), rest.clearHandlerSweeper()));
  return rest;
}

const card = { text: 'What does the discriminator learn?', visibility: 'public' as const };
const posts = (discord: DiscordStandIn) => discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
const inChannel = (discord: DiscordStandIn) => [...discord.messages.values()].filter((m) => m.channel_id === CHANNEL_ID);

describe('a REST call Discord carried out whose answer was lost', () => {
  for (const how of ['silent', 'reset', 'close', 'bad-gateway'] as LostAnswer[]) {
    it(`(${how}) is a post without a nonce that fails at once and is in the channel once`, async () => {
      const discord = await standIn();
      discord.loseAnswer((method, path) => method === 'POST' && path.startsWith('/channels/'), 1, how);
      const failed = await restFor(discord).post(Routes.channelMessages(CHANNEL_ID), { body: { content: 'daily' } }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(Error);
      expect(posts(discord)).toHaveLength(1);
      expect(inChannel(discord)).toHaveLength(1);
    });

    it(`(${how}) is an edit sent again, which goes through`, async () => {
      const discord = await standIn();
      const rest = restFor(discord);
      const { id } = (await rest.post(Routes.channelMessages(CHANNEL_ID), { body: { content: 'v1' } })) as { id: string };
      discord.loseAnswer((method) => method === 'PATCH', 1, how);
      await rest.patch(Routes.channelMessage(CHANNEL_ID, id), { body: { content: 'v2' } });
      expect(discord.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
      expect(discord.messages.get(id)?.content).toBe('v2');
    });
  }

  it('is a round post (enforce_nonce) sent again, which Discord folds: in the channel once', async () => {
    const discord = await standIn();
    discord.loseAnswer((method, path) => method === 'POST' && path.startsWith('/channels/'), 1, 'bad-gateway');
    const posted = await createDiscordSender(restFor(discord)).post({ platform: 'discord', workspaceId: GUILD_ID, channelId: CHANNEL_ID }, card, { roundId: 7 });
    expect(posts(discord)).toHaveLength(2);
    expect(inChannel(discord).map((m) => m.id)).toEqual([posted.messageRef]);
  });
});

describe('the adapter, when an answer is lost', () => {
  const core: StudyBotApi & { outcome: Outcome } = {
    outcome: { reply: { text: 'The question', visibility: 'public' }, update: { text: 'And its count', visibility: 'public' } },
    handle: async () => core.outcome,
    suggestDecks: async () => [],
  };
  let h: Harness;
  const start = async () => {
    h = await startHarness(core);
    closers.push(() => h.close());
  };
  const shown = (text: string) => h.standIn.shownInChannel.filter((s) => s.embeds[0]?.description === text);

  for (const how of ['reset', 'close', 'bad-gateway'] as LostAnswer[]) {
    it(`(${how}) shows a follow-up carried out once, and says privately that part may be missing, not that it failed`, async () => {
      await start();
      const i = h.guild.slash({ id: '800000000000000001', username: 'alice' }, 'quiz');
      const followUps = `/webhooks/${APPLICATION_ID}/${i.token}`;
      h.standIn.loseAnswer((method, path) => method === 'POST' && path === followUps, 1, how);
      h.standIn.interact(i);
      const note = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === followUps && r.body?.embeds?.[0]?.description === MAYBE_NOT_SHOWN);
      expect(note.status).toBe(200);
      expect(note.body.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(h.standIn.requestsFor(i).map((r) => r.body?.embeds?.[0]?.description)).not.toContain(NOT_ALL_SENT);
      expect(shown('And its count')).toHaveLength(1);
      expect(h.standIn.requestsFor(i).filter((r) => r.body?.embeds?.[0]?.description === 'And its count')).toHaveLength(1);
    });
  }

  it('says a follow-up Discord refused could not be sent', async () => {
    await start();
    const i = h.guild.slash({ id: '800000000000000001', username: 'alice' }, 'quiz');
    const followUps = `/webhooks/${APPLICATION_ID}/${i.token}`;
    h.standIn.failNext({ match: (method, path) => method === 'POST' && path === followUps, times: 1, status: 400, code: 50035, message: 'Invalid Form Body' });
    h.standIn.interact(i);
    const note = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === followUps && r.status === 200);
    expect(note.body?.embeds?.[0]?.description).toBe(NOT_ALL_SENT);
    expect(shown('And its count')).toHaveLength(0);
  });

  it('takes a resent callback refused as already acknowledged (40060) as done: the follow-up goes out, no apology', async () => {
    await start();
    const i = h.guild.slash({ id: '800000000000000001', username: 'alice' }, 'quiz');
    h.standIn.loseAnswer((method, path) => method === 'POST' && path === `/interactions/${i.id}/${i.token}/callback`, 1, 'reset');
    h.standIn.interact(i);
    await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${i.token}`);
    expect(h.standIn.requestsFor(i).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'POST 400', 'POST 200']);
    expect(shown('The question')).toHaveLength(1);
    expect(shown('And its count')).toHaveLength(1);
    const texts = h.standIn.requestsFor(i).map((r) => r.body?.data?.embeds?.[0]?.description ?? r.body?.embeds?.[0]?.description);
    expect(texts).not.toContain(SORRY);
    expect(texts).not.toContain(NOT_ALL_SENT);
  });
});

describe('a REST call that never left (connection refused)', () => {
  it('is sent again after a growing pause, a follow-up too, and fails after the retries if nothing ever listens', async () => {
    const port = await closedLoopbackPort();
    // Nothing listens there, so the only record of the attempts is the requests the REST makes.
    const attempts: string[] = [];
    const pauses: number[] = [];
    const rest = new DiscordRest(
      {
        api: `http://127.0.0.1:${port}/api`,
        makeRequest: (url, init) => (attempts.push(`${init.method} ${url}`), DefaultRestOptions.makeRequest(url, init)),
      },
      async (ms) => void pauses.push(ms),
    ).setToken(TOKEN);
    closers.push(async () => (rest.clearHashSweeper(), rest.clearHandlerSweeper()));
    const followUp = rest.post(Routes.webhook(APPLICATION_ID, 'interaction-token'), { body: { content: 'And its count' }, auth: false });
    await expect(followUp).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(attempts).toEqual(Array(4).fill(`POST http://127.0.0.1:${port}/api/v10/webhooks/${APPLICATION_ID}/interaction-token`));
    // Sent again at once, it met the same refused connection three times within a millisecond or two.
    expect(pauses).toEqual([100, 200, 400]);
  });
});
