/**
 * Which failed Web API calls the clients send again (call-retries.ts): a call Slack carried out whose answer
 * was lost (a dropped connection, the edge's 504) is not sent again unless its method is safe to repeat, so a
 * post shows once; a call that never left (connection refused) is retried whatever its method. Against the
 * stand-in, through the clients the standalone sender and the adapter (Bolt's app.client) build.
 * The timeout, the third way an answer is lost, is in call-timeout.test.ts.
 */
import { webApi } from '@slack/bolt';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatUpdateClient, slackClientOptions } from '../../../src/bot/slack/clients.js';
import { transport } from '../../../src/bot/slack/lean-fetch.js';
import { SlackPoster } from '../../../src/bot/slack/sender.js';
import { startSlack } from '../../../src/bot/slack/index.js';
import { buildId } from '../../../src/core/ids.js';
import { MAYBE_NOT_SHOWN } from '../../../src/bot/unconfirmed.js';
import { FakeSlack } from '../../support/slack-requests.js';
import { ScriptedBot } from '../../support/slack-scripted-bot.js';
import { STANDIN_TEAM, startSlackStandIn, type LostAnswer, type SlackStandIn } from '../../support/slack-standin.js';
import { closedLoopbackPort } from '../../support/closed-port.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const close of closers.splice(0).reverse()) await close();
});

async function standIn(): Promise<SlackStandIn> {
  const slack = await startSlackStandIn();
  closers.push(() => slack.close());
  return slack;
}

function posterFor(slack: SlackStandIn): SlackPoster {
  const options = { ...slackClientOptions(slack.apiUrl), logLevel: webApi.LogLevel.ERROR };
  return new SlackPoster(new webApi.WebClient('xoxb-retries', options), chatUpdateClient('xoxb-retries', options));
}

const card = { title: 'Daily card', text: 'What does the discriminator learn?', visibility: 'public' as const };
const picture = { png: new Uint8Array([137, 80, 78, 71]), filename: 'card.png', alt: 'A card' };

/** Every method the bot calls that creates something, and a call of it through the poster. */
const creating: { method: string; call: (poster: SlackPoster, slack: SlackStandIn) => Promise<unknown> }[] = [
  { method: 'chat.postMessage', call: (poster) => poster.postPublic('CSTUDY', card) },
  { method: 'chat.postEphemeral', call: (poster) => poster.postPrivate('CSTUDY', 'UALICE', { text: 'Correct!', visibility: 'private' }) },
  { method: 'files.completeUploadExternal', call: (poster) => poster.upload('CSTUDY', picture) },
  { method: 'views.open', call: (poster, slack) => poster.openModal(slack.issueTrigger(), { type: 'modal', title: { type: 'plain_text', text: 'Answer' }, blocks: [] }) },
];

describe('a Slack call carried out whose answer was lost', () => {
  for (const how of ['drop', 'gateway-timeout'] as LostAnswer[]) {
    it(`(${how}) is a post that fails at once and is in the channel once`, async () => {
      const slack = await standIn();
      slack.loseAnswer('chat.postMessage', 1, how);
      const failed = await posterFor(slack).postPublic('CSTUDY', card).catch((error: unknown) => error);
      expect(failed).toMatchObject({ code: webApi.ErrorCode.RequestError, original: { name: 'NotRepeatedError', method: 'chat.postMessage' } });
      expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
      expect(slack.messagesIn('CSTUDY')).toHaveLength(1);
    });
  }

  for (const { method, call } of creating) {
    it(`is not sent again: ${method}`, async () => {
      const slack = await standIn();
      slack.loseAnswer(method, 1, 'drop');
      await expect(call(posterFor(slack), slack)).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
      expect(slack.callsTo(method)).toHaveLength(1);
    });
  }

  for (const how of ['drop', 'gateway-timeout'] as LostAnswer[]) {
    it(`(${how}) is sent again where repeating it changes nothing: chat.update goes through`, async () => {
      const slack = await standIn();
      const ts = slack.earlierMessage('CSTUDY', [{ type: 'section', text: { type: 'mrkdwn', text: 'Question' } }], { text: 'Question' });
      slack.loseAnswer('chat.update', 1, how);
      await posterFor(slack).edit({ workspace: STANDIN_TEAM, channelId: 'CSTUDY', ts, message: { ...card, text: 'Revealed: real from fake' } });
      expect(slack.callsTo('chat.update')).toHaveLength(2);
      expect(slack.messagesIn('CSTUDY').map((m) => m.text)).toEqual([expect.stringContaining('Revealed: real from fake')]);
    });
  }

  /** The adapter, answering every command with a public leaderboard; `spoil` sets up the stand-in's fault, then /leaderboard is sent. */
  async function leaderboardWith(spoil: (slack: SlackStandIn) => void): Promise<SlackStandIn> {
    const slack = await standIn();
    const bot = new ScriptedBot();
    bot.respond = () => ({ reply: { title: 'Leaderboard', text: '1. Alice 30 points', visibility: 'public' } });
    const adapter = await startSlack({ bot, botToken: 'xoxb-test', signingSecret: 'secret', port: 0, apiUrl: slack.apiUrl, log: pino({ level: 'silent' }) });
    closers.push(() => adapter.stop());
    spoil(slack);
    await new FakeSlack(`http://127.0.0.1:${adapter.port}/slack/events`, 'secret', slack).command({ userId: 'UALICE', channelId: 'CSTUDY' }, '/leaderboard');
    return slack;
  }

  it('is not sent again by the clients Bolt builds for the adapter: a public reply shows once, and its asker hears it may be missing, not that it failed', async () => {
    const slack = await leaderboardWith((s) => s.loseAnswer('chat.postMessage', 1, 'drop'));
    const told = await slack.waitFor(() => slack.callsTo('chat.postEphemeral')[0], 10_000, 'the note to the asker');
    expect(told.args.text).toBe(MAYBE_NOT_SHOWN);
    expect(told.args.user).toBe('UALICE');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.messagesIn('CSTUDY')).toHaveLength(1);
  });

  it('is told apart from a post Slack refused: that asker hears it went wrong', async () => {
    const slack = await leaderboardWith((s) => s.fail('chat.postMessage', 'internal_error'));
    const told = await slack.waitFor(() => slack.callsTo('chat.postEphemeral')[0], 10_000, 'the failure told to the asker');
    expect(String(told.args.text)).toContain('something went wrong');
    expect(slack.messagesIn('CSTUDY')).toHaveLength(0);
  });

  it('is found in the channel when it is a question: the asker is told nothing went wrong, and it shows once', async () => {
    const slack = await standIn();
    const bot = new ScriptedBot();
    const question = { title: 'Quiz', text: 'What is a GAN?', visibility: 'public' as const, choices: [{ id: buildId({ kind: 'mcq', round: 41, choice: 0 }), label: 'A' }, { id: buildId({ kind: 'reveal', round: 41 }), label: 'Reveal' }] };
    bot.respond = () => ({ reply: question });
    const adapter = await startSlack({ bot, botToken: 'xoxb-test', signingSecret: 'secret', port: 0, apiUrl: slack.apiUrl, log: pino({ level: 'silent' }) });
    let stopped = false;
    closers.push(() => (stopped ? Promise.resolve() : adapter.stop()));
    slack.loseAnswer('chat.postMessage', 1, 'drop');
    await new FakeSlack(`http://127.0.0.1:${adapter.port}/slack/events`, 'secret', slack).command({ userId: 'UALICE', channelId: 'CSTUDY' }, '/quiz', 'gan');
    await slack.waitFor(() => slack.callsTo('conversations.history')[0], 10_000, 'the lookup of the question');
    // Stopping waits for the command's delivery to finish: whatever it was going to tell the asker is sent by then.
    await adapter.stop();
    stopped = true;
    expect(slack.callsTo('chat.postEphemeral')).toHaveLength(0);
    expect(slack.callsTo('chat.postMessage')[0]?.args.metadata).toEqual({ event_type: 'studybot_round', event_payload: { round_id: 41 } });
    expect(slack.messagesIn('CSTUDY')).toHaveLength(1);
  });
});

describe('a Slack call that never left (connection refused)', () => {
  it('is retried, a post too', async () => {
    const port = await closedLoopbackPort();
    // Nothing listens there, so the only record of the attempts is the client's fetches.
    const fetches = vi.spyOn(transport, 'fetch');
    const client = new webApi.WebClient('xoxb-retries', { ...slackClientOptions(`http://127.0.0.1:${port}/api/`), logLevel: webApi.LogLevel.ERROR });
    const failed = await client.chat.postMessage({ channel: 'CSTUDY', text: 'Daily card' }).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: webApi.ErrorCode.RequestError, original: { cause: { code: 'ECONNREFUSED' } } });
    expect(fetches.mock.calls.map(([url]) => String(url))).toEqual(Array(3).fill(`http://127.0.0.1:${port}/api/chat.postMessage`));
  });
});
