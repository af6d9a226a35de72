/**
 * A Web API call over a connection gone silent fails after the clients' timeout, instead of holding its reply,
 * daily tick or game step forever (the Web API client's own default is no timeout). A call safe to repeat is
 * then retried; a post is not, as Slack may have carried it out (call-retries.ts). Against the stand-in, which
 * can leave calls unanswered, before or after carrying them out.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_CALL_TIMEOUT_MS, chatUpdateClient, slackClientOptions } from '../../../src/bot/slack/clients.js';
import { SlackPoster } from '../../../src/bot/slack/sender.js';
import { startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

/** Short for the test, long enough that a loaded machine's answered calls never reach it. */
const TIMEOUT_MS = 2_000;

let standin: SlackStandIn | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function started(): Promise<{ slack: SlackStandIn; client: webApi.WebClient; ts: string }> {
  const slack = (standin = await startSlackStandIn());
  const client = new webApi.WebClient('xoxb-timeout', { ...slackClientOptions(slack.apiUrl, TIMEOUT_MS), logLevel: webApi.LogLevel.ERROR });
  const ts = slack.earlierMessage('CSTUDY', [{ type: 'section', text: { type: 'mrkdwn', text: 'Daily card' } }], { text: 'Daily card' });
  return { slack, client, ts };
}

const revealed = (ts: string) => ({ channel: 'CSTUDY', ts, text: 'Daily card: revealed' });

describe('Slack Web API calls', () => {
  it('give up an edit that is not answered and retry it: the edit goes through', async () => {
    const { slack, client, ts } = await started();
    slack.hang('chat.update', 1);
    expect((await client.chat.update(revealed(ts))).ok).toBe(true);
    expect(slack.callsTo('chat.update')).toHaveLength(2);
    expect(slack.messagesIn('CSTUDY').map((m) => m.text)).toEqual(['Daily card: revealed']);
  });

  it('fail, after their retries, when the connection stays silent', async () => {
    const { slack, client, ts } = await started();
    slack.hang('chat.update', 3);
    await expect(client.chat.update(revealed(ts))).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
    expect(slack.callsTo('chat.update')).toHaveLength(3);
    // The next call is answered as usual.
    expect((await client.chat.update(revealed(ts))).ok).toBe(true);
  });

  it('do not send a post again that Slack carried out but did not answer in time: it fails at once, posted once', async () => {
    const { slack, client } = await started();
    slack.loseAnswer('chat.postMessage', 1, 'silent');
    const failed = await client.chat.postMessage({ channel: 'CSTUDY', text: 'Question 1' }).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: webApi.ErrorCode.RequestError, original: { name: 'NotRepeatedError', method: 'chat.postMessage' } });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.messagesIn('CSTUDY').map((m) => m.text)).toEqual(['Daily card', 'Question 1']);
  });

  it('have a timeout by default in the options the adapter and the standalone sender build their clients from', () => {
    expect(slackClientOptions('http://127.0.0.1:1/api/').timeout).toBe(SLACK_CALL_TIMEOUT_MS);
    expect(SLACK_CALL_TIMEOUT_MS).toBeGreaterThan(0);
  });

  it('time out a response_url post and an upload outside the client too, not sent again', async () => {
    const { slack } = await started();
    const options = { ...slackClientOptions(slack.apiUrl, TIMEOUT_MS), logLevel: webApi.LogLevel.ERROR };
    const poster = new SlackPoster(new webApi.WebClient('xoxb-timeout', options), chatUpdateClient('xoxb-timeout', options), undefined, undefined, TIMEOUT_MS);

    // A reply through the press's response_url, shown by Slack, whose answer never comes.
    slack.hang('response_url', 1);
    const url = slack.responseUrl('press-1');
    await expect(poster.replaceEphemeral(url, { text: 'Correct!', visibility: 'private' })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(slack.responses.filter((r) => r.id === 'press-1')).toHaveLength(1);

    // An upload whose bytes were taken but never acknowledged: the share is not completed on a guess.
    slack.hang('upload', 1);
    const picture = { png: new Uint8Array([137, 80, 78, 71]), filename: 'card.png', alt: 'A card' };
    await expect(poster.upload('CSTUDY', picture)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(0);

    // The next ones are answered as usual.
    await poster.replaceEphemeral(url, { text: 'Correct!', visibility: 'private' });
    await poster.upload('CSTUDY', picture);
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });
});
