/**
 * Socket Mode against the stand-in: apps.connections.open at SLACK_API_URL, the WebSocket hello,
 * envelopes in and acks out by envelope_id, the same handlers as HTTP mode behind them.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import { buildId } from '../../../src/core/ids.js';
import { earlierButtons } from '../../support/slack-calls.js';
import { FakeSlack } from '../../support/slack-requests.js';
import { ScriptedBot } from '../../support/slack-scripted-bot.js';
import { startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

let standin: SlackStandIn;
let slack: RunningSlack;
let bot: ScriptedBot;
let payloads: FakeSlack;
const alice = { userId: 'UALICE', channelId: 'CSOCK' };

beforeEach(async () => {
  standin = await startSlackStandIn();
  bot = new ScriptedBot();
  slack = await startSlack({ bot, botToken: 'xoxb-sock', appToken: 'xapp-sock', apiUrl: standin.apiUrl, log: pino({ level: 'silent' }) });
  await standin.socketConnected();
  // Only used to build payloads here; nothing is posted over HTTP.
  payloads = new FakeSlack('http://unused.invalid', 'unused', standin);
});

afterEach(async () => {
  await slack.stop();
  await standin.close();
});

describe('Socket Mode', () => {
  it('connects with the app token through apps.connections.open and reports healthy, with no HTTP port', () => {
    const open = standin.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe('xapp-sock');
    expect(slack.port).toBeUndefined();
    expect(slack.isHealthy()).toBe(true);
  });

  it('acks a slash command envelope and runs it through the core', async () => {
    bot.respond = () => ({ reply: { text: 'Quiz time', visibility: 'public' } });
    const ack = await standin.sendEnvelope('slash_commands', payloads.slashCommandPayload(alice, '/quiz', 'gan self'));
    expect(ack).toEqual({});
    const post = await standin.waitFor(() => standin.callsTo('chat.postMessage')[0], 5000, 'post');
    expect(post.args).toMatchObject({ channel: 'CSOCK', text: 'Quiz time' });
    expect(post.token).toBe('xoxb-sock');
    expect(bot.requests[0]?.command).toEqual({ type: 'quiz', deck: 'gan', mode: 'self' });
  });

  it('acks a button press envelope once and ignores its re-delivery', async () => {
    const id = buildId({ kind: 'show', round: 2 });
    bot.respond = () => ({ reply: { text: 'Answer: 42', visibility: 'private' } });
    const press = payloads.blockActionPayload(alice, { actionId: id, messageTs: earlierButtons(standin, 'CSOCK', [id]), actionTs: '1764000200.000001' });
    await standin.sendEnvelope('interactive', press);
    await standin.sendEnvelope('interactive', press, { retryAttempt: 1 });
    await standin.waitFor(() => standin.callsTo('chat.postEphemeral')[0], 5000, 'reply');
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.requests).toHaveLength(1);
    expect(bot.requests[0]?.command).toEqual({ type: 'press', id });
  });

  it('is unhealthy once stopped', async () => {
    await slack.stop();
    expect(slack.isHealthy()).toBe(false);
  });
});
