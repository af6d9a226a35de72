/** The REST-only senders a scheduler-only process posts with, against the local Discord and Slack stand-ins. */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildId } from '../../src/core/ids.js';
import { ChannelUnavailableError } from '../../src/core/errors.js';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/ports.js';
import { queryRows } from '../../src/db/rows.js';
import { durableParts } from '../../src/ops/durable-parts.js';
import { standaloneDiscordSender, standaloneSlackSender } from '../../src/ops/senders.js';
import { FakeClock } from '../support/clock.js';
import { openTemplatedPglite } from '../support/pglite-template.js';
import { snowflakeAt } from '../../src/bot/discord/find-posted.js';
import { DiscordStandIn } from '../support/discord-standin.js';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-standin.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const prompt = { title: 'Daily card', text: 'What does the discriminator learn?', visibility: 'public' as const };

describe('standalone senders', () => {
  it('posts and edits Discord channel messages over REST with the bot token, without a gateway connection', async () => {
    const standIn = await DiscordStandIn.start({ applicationId: '700000000000000001', token: 'bot-token' });
    closers.push(() => standIn.close());
    const sender = standaloneDiscordSender({ token: 'bot-token', applicationId: '700000000000000001', apiBase: standIn.apiBase });
    const channel = { platform: 'discord' as const, workspaceId: '710000000000000001', channelId: '720000000000000001' };

    const { messageRef } = await sender.post(channel, prompt);
    const posted = standIn.messages.get(messageRef);
    expect(posted?.channel_id).toBe('720000000000000001');
    expect(JSON.stringify(posted?.embeds)).toContain('What does the discriminator learn?');

    await sender.update(channel, messageRef, { ...prompt, text: 'Revealed: real from fake' });
    expect(JSON.stringify(standIn.messages.get(messageRef)?.embeds)).toContain('Revealed: real from fake');
    expect(standIn.gatewayReceived).toHaveLength(0);
  });

  it('posts to Slack through the Web API with the bot token', async () => {
    const standIn: SlackStandIn = await startSlackStandIn();
    closers.push(() => standIn.close());
    const sender = standaloneSlackSender({ botToken: 'xoxb-standin', signingSecret: 's', port: 0, apiUrl: standIn.apiUrl });

    const { messageRef } = await sender.post({ platform: 'slack', workspaceId: 'T0STANDIN', channelId: 'C123' }, prompt);
    const [call] = standIn.callsTo('chat.postMessage');
    expect(call?.token).toBe('xoxb-standin');
    expect(call?.args.channel).toBe('C123');
    expect(messageRef).toContain(String(call?.result?.ts));
  });
  it('takes a Slack edit\'s turn from the shared budget in the database, by the database\'s clock (as startApp wires it)', async () => {
    const standIn: SlackStandIn = await startSlackStandIn();
    closers.push(() => standIn.close());
    const database = await openTemplatedPglite();
    closers.push(() => database.close());
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-standin', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: standIn.apiUrl }, ['--only', 'scheduler']);
    const sender = standaloneSlackSender(config.slack!, undefined, durableParts(database.db, config, systemClock).slackSender);
    const channel = { platform: 'slack' as const, workspaceId: 'T0STANDIN', channelId: 'C123' };
    const { messageRef } = await sender.post(channel, prompt);
    await sender.update(channel, messageRef, { ...prompt, text: 'Revealed: real from fake' });
    // The scheduler's edit is queued for its turn (it holds up no step): it goes out once the database granted it.
    await standIn.waitFor(() => standIn.callsTo('chat.update').length === 1, 20_000, 'the edit');
    const rows = await queryRows<{ ahead: boolean }>(database.db, sql`select tat > now() as ahead from slack_update_budget where workspace = 'T0STANDIN'`);
    expect(rows).toEqual([{ ahead: true }]);
  });

  it("holds back only the Slack edit a 429 refused, for its Retry-After, then sends the message's newest content once", async () => {
    const clock = new FakeClock(new Date('2026-03-20T09:00:00Z'));
    const standIn: SlackStandIn = await startSlackStandIn({ now: () => clock.now().getTime() });
    closers.push(() => standIn.close());
    const warnings: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });
    const sender = standaloneSlackSender({ botToken: 'xoxb-standin', signingSecret: 's', port: 0, apiUrl: standIn.apiUrl }, log, { updateClock: clock });
    const channel = { platform: 'slack' as const, workspaceId: 'T0STANDIN', channelId: 'C123' };
    const { messageRef } = await sender.post(channel, prompt);
    const start = clock.now().getTime();

    standIn.rateLimit('chat.update', 1, 30);
    const countdown = sender.update(channel, messageRef, { ...prompt, text: 'Closes in 20 s' });
    const refused = await standIn.waitFor(() => standIn.callsTo('chat.update')[0], 10_000, 'the refused edit');
    expect(refused.result).toMatchObject({ ok: false, error: 'ratelimited' });
    // The next step's post is not held back by the edit's Retry-After.
    void sender.post(channel, { ...prompt, text: 'The next card' });
    const next = await standIn.waitFor(() => standIn.callsTo('chat.postMessage')[1], 10_000, 'the next post');
    expect(next.at).toBe(start);
    // A newer edit of the message while it waits (queued for its turn: it holds up no step).
    await sender.update(channel, messageRef, { ...prompt, text: 'Closed' });

    // Just before the Retry-After has passed, the edit still waits (the next step's post does not).
    clock.advance(29_999);
    await sender.post(channel, { ...prompt, text: 'Another card' });
    expect(standIn.callsTo('chat.update')).toHaveLength(1);
    clock.advance(1);
    await countdown;
    const edits = standIn.callsTo('chat.update');
    expect(edits).toHaveLength(2);
    expect(edits[1]).toMatchObject({ at: start + 30_000, result: { ok: true } });
    expect(JSON.stringify(edits[1]!.args.blocks)).toContain('Closed');
    expect(warnings.filter((w) => String(w.msg).includes('429'))).toEqual([expect.objectContaining({ workspace: 'T0STANDIN', retryAfterS: 30 })]);
  });

  it('tags a Discord daily card with its round (nonce, enforce_nonce), so a quick retry is one message, and finds it again by its buttons', async () => {
    let now = Date.parse('2026-03-20T09:00:00Z');
    const standIn = await DiscordStandIn.start({ applicationId: '700000000000000001', token: 'bot-token', now: () => now });
    closers.push(() => standIn.close());
    const sender = standaloneDiscordSender({ token: 'bot-token', applicationId: '700000000000000001', apiBase: standIn.apiBase });
    const channel = { platform: 'discord' as const, workspaceId: '710000000000000001', channelId: '720000000000000001' };
    const card = { ...prompt, choices: [{ id: buildId({ kind: 'show', round: 42 }), label: 'Show answer' }] };
    const opened = new Date(now);

    now += 1000;
    const first = await sender.post(channel, card, { roundId: 42 });
    expect(standIn.requests.find((r) => r.method === 'POST')?.body).toMatchObject({ nonce: 'sbr42', enforce_nonce: true });
    now += 30_000;
    expect(await sender.post(channel, card, { roundId: 42 })).toEqual(first);
    expect(standIn.messages.size).toBe(1);

    await sender.post(channel, { ...prompt, choices: [{ id: buildId({ kind: 'show', round: 43 }), label: 'Show answer' }] }, { roundId: 43 });
    expect(await sender.findRoundMessage!(channel, 42, opened)).toEqual(first);
    expect(await sender.findRoundMessage!(channel, 44, opened)).toBeNull();
    // A message from someone else carrying our ids is not ours.
    standIn.messages.get(first.messageRef)!.author = { id: '1', bot: true };
    expect(await sender.findRoundMessage!(channel, 42, opened)).toBeNull();
  });

  it('tags a Slack daily card with its round in message metadata and finds it in the channel history; a channel it is not in is a plain error', async () => {
    const standIn: SlackStandIn = await startSlackStandIn();
    closers.push(() => standIn.close());
    const sender = standaloneSlackSender({ botToken: 'xoxb-standin', signingSecret: 's', port: 0, apiUrl: standIn.apiUrl });
    const channel = { platform: 'slack' as const, workspaceId: 'T0STANDIN', channelId: 'C123' };
    const opened = new Date(Date.now() - 1000);

    const { messageRef } = await sender.post(channel, prompt, { roundId: 42 });
    await sender.post(channel, prompt, { roundId: 43 });
    expect(standIn.callsTo('chat.postMessage')[0]?.args.metadata).toEqual({ event_type: 'studybot_round', event_payload: { round_id: 42 } });
    expect(await sender.findRoundMessage!(channel, 42, opened)).toEqual({ messageRef });
    expect(await sender.findRoundMessage!(channel, 44, opened)).toBeNull();
    expect(standIn.callsTo('conversations.history')[0]?.args).toMatchObject({ channel: 'C123', include_all_metadata: 'true', limit: '50' });

    standIn.notJoined.add('C9');
    const lookup = sender.findRoundMessage!({ ...channel, channelId: 'C9' }, 42, opened);
    await expect(lookup).rejects.toThrow(/not a member/);
    await expect(lookup).rejects.not.toBeInstanceOf(ChannelUnavailableError);
  });

  it('tags a Slack post without a round (a reveal, the standings) with its key in message metadata and finds it by that key alone', async () => {
    let now = Date.parse('2026-03-20T09:00:00Z');
    const standIn: SlackStandIn = await startSlackStandIn({ now: () => now });
    closers.push(() => standIn.close());
    const sender = standaloneSlackSender({ botToken: 'xoxb-standin', signingSecret: 's', port: 0, apiUrl: standIn.apiUrl });
    const channel = { platform: 'slack' as const, workspaceId: 'T0STANDIN', channelId: 'C123' };
    const since = new Date(now);

    now += 1000;
    const reveal = await sender.post(channel, prompt, { key: 'v3.2' });
    await sender.post(channel, prompt, { key: 'v3.20' });
    const question = await sender.post(channel, prompt, { roundId: 32 });
    expect(standIn.callsTo('chat.postMessage')[0]?.args.metadata).toEqual({ event_type: 'studybot_post', event_payload: { key: 'v3.2' } });
    expect(await sender.findKeyedMessage!(channel, 'v3.2', since, prompt)).toEqual(reveal);
    expect(await sender.findKeyedMessage!(channel, 'e3', since, prompt)).toBeNull();
    expect(await sender.findRoundMessage!(channel, 32, since)).toEqual(question);
    // Only messages since then are read: one posted before `since` (less Slack's clock skew) is not looked at.
    now += 5 * 60_000;
    expect(await sender.findKeyedMessage!(channel, 'v3.2', new Date(now), prompt)).toBeNull();
    expect(standIn.callsTo('conversations.history').at(-1)?.args).toMatchObject({ oldest: ((now - 60_000) / 1000).toFixed(6), include_all_metadata: 'true' });
  });

  it('finds a Discord post without a round (a reveal) by what it shows, long after the nonce could fold a repeat', async () => {
    let now = Date.parse('2026-03-20T11:00:00Z');
    const standIn = await DiscordStandIn.start({ applicationId: '700000000000000001', token: 'bot-token', now: () => now });
    closers.push(() => standIn.close());
    const sender = standaloneDiscordSender({ token: 'bot-token', applicationId: '700000000000000001', apiBase: standIn.apiBase });
    const channel = { platform: 'discord' as const, workspaceId: '710000000000000001', channelId: '720000000000000001' };
    const reveal = { title: '📣 Question 2 of 3 · answer', text: '**What does D learn?**\n\n**Answer:** real from fake', footer: 'Next question in 10 s.', visibility: 'public' as const };
    const since = new Date(now);

    // The same reveal the day before, and another question's reveal since: neither is it.
    now -= 24 * 3_600_000;
    await sender.post(channel, reveal, { key: 'd6' });
    now += 24 * 3_600_000 + 1000;
    await sender.post(channel, { ...reveal, title: '📣 Question 1 of 3 · answer' }, { key: 'v3.1' });
    expect(await sender.findKeyedMessage!(channel, 'v3.2', since, reveal)).toBeNull();

    // A busy channel before it went out: it is on the second page read.
    for (let i = 0; i < 120; i++) await sender.post(channel, { title: `chatter ${i}`, text: 'x', visibility: 'public' });
    const posted = await sender.post(channel, reveal, { key: 'v3.2' });
    expect(standIn.requests.at(-1)?.body).toMatchObject({ nonce: 'sbkv3.2', enforce_nonce: true });
    now += 3 * 3_600_000;
    // A repeat renders its footer and buttons anew (the countdown to the next question): found by its title and text.
    const again = { ...reveal, footer: 'Next question in 7 s.', choices: [{ id: buildId({ kind: 'show', round: 9 }), label: 'Stop' }] };
    expect(await sender.findKeyedMessage!(channel, 'v3.2', since, again)).toEqual(posted);
    expect(await sender.findKeyedMessage!(channel, 'v3.2', since, { ...reveal, text: `${reveal.text}\nNobody answered this one.` })).toBeNull();
    const reads = standIn.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/messages'));
    expect(reads.slice(-2).map((r) => Object.fromEntries(r.query))).toEqual([
      { limit: '100', after: snowflakeAt(new Date(since.getTime() - 60_000)) },
      { limit: '100', after: expect.any(String) },
    ]);

    // The last game's reveal of the same card reads the same: only what came after this one's question counts.
    const question = await sender.post(channel, { title: 'Question 2 of 3', text: '**What does D learn?**', visibility: 'public' }, { roundId: 77 });
    expect(await sender.findKeyedMessage!(channel, 'v3.2', since, reveal, question.messageRef)).toBeNull();
    expect(standIn.requests.at(-1)?.query.get('after')).toBe(question.messageRef);
    const afterQuestion = await sender.post(channel, reveal, { key: 'v4.2' });
    expect(await sender.findKeyedMessage!(channel, 'v4.2', since, reveal, question.messageRef)).toEqual(afterQuestion);
    // A question from before the time bound does not widen the search.
    expect(await sender.findKeyedMessage!(channel, 'v4.2', new Date(now + 3_600_000), reveal, question.messageRef)).toBeNull();
    standIn.messages.delete(afterQuestion.messageRef);

    // Someone else's message that shows the same is not the bot's.
    standIn.messages.get(posted.messageRef)!.author = { id: '1', bot: true };
    expect(await sender.findKeyedMessage!(channel, 'v3.2', since, reveal)).toBeNull();
    // Why it is looked for: hours later, the nonce no longer folds a repeat into the first message.
    expect(await sender.post(channel, reveal, { key: 'v3.2' })).not.toEqual(posted);
  });
});
