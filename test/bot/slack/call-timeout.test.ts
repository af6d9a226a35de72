/**
 * A Web API call over a connection gone silent fails after the clients' timeout and is retried, instead of
 * holding its reply, daily tick or game step forever (the Web API client's own default is no timeout).
 * Against the stand-in, which can leave calls unanswered.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_CALL_TIMEOUT_MS, slackClientOptions } from '../../../src/bot/slack/clients.js';
import { startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

/** Short for the test, long enough that a loaded machine's answered calls never reach it. */
const TIMEOUT_MS = 2_000;

let standin: SlackStandIn | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

describe('Slack Web API calls', () => {
  it('give up a call that is not answered and retry it: the post goes out', async () => {
    const started = (standin = await startSlackStandIn());
    const client = new webApi.WebClient('xoxb-timeout', { ...slackClientOptions(started.apiUrl, TIMEOUT_MS), logLevel: webApi.LogLevel.ERROR });
    started.hang('chat.postMessage', 1);
    const posted = await client.chat.postMessage({ channel: 'CSTUDY', text: 'Daily card' });
    expect(posted.ok).toBe(true);
    expect(started.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('fail, after their retries, when the connection stays silent', async () => {
    const started = (standin = await startSlackStandIn());
    const client = new webApi.WebClient('xoxb-timeout', { ...slackClientOptions(started.apiUrl, TIMEOUT_MS), logLevel: webApi.LogLevel.ERROR });
    started.hang('chat.postMessage', 3);
    await expect(client.chat.postMessage({ channel: 'CSTUDY', text: 'Daily card' })).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
    expect(started.callsTo('chat.postMessage')).toHaveLength(3);
    // The next call is answered as usual.
    expect((await client.chat.postMessage({ channel: 'CSTUDY', text: 'Daily card' })).ok).toBe(true);
  });

  it('have a timeout by default in the options the adapter and the standalone sender build their clients from', () => {
    expect(slackClientOptions('http://127.0.0.1:1/api/').timeout).toBe(SLACK_CALL_TIMEOUT_MS);
    expect(SLACK_CALL_TIMEOUT_MS).toBeGreaterThan(0);
  });
});
