/**
 * waitForShare (upload.ts): Slack shares a completed upload asynchronously, so a caption is posted only once
 * files.info shows the share, with a bounded number of looks. Against the stand-in, whose shareLag says how
 * many looks answer without the share; the pauses go to a recording sleep, not the clock.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { slackClientOptions } from '../../../src/bot/slack/clients.js';
import { SHARE_LOOK_PAUSES_MS, uploadToChannel, waitForShare } from '../../../src/bot/slack/upload.js';
import { startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

let standin: SlackStandIn | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function uploaded(shareLag: number, channelId = 'CSTUDY') {
  standin = await startSlackStandIn({ shareLag });
  const client = new webApi.WebClient('xoxb-share', { ...slackClientOptions(standin.apiUrl), logLevel: webApi.LogLevel.ERROR });
  const fileId = await uploadToChannel(client, { channelId, bytes: Uint8Array.from([1, 2, 3]), filename: 'p.png', title: 'p.png', alt: 'p' });
  const pauses: number[] = [];
  const sleep = async (ms: number) => void pauses.push(ms);
  return { client, fileId, pauses, sleep, looks: () => standin!.callsTo('files.info').length };
}

describe('waiting for an upload to be shared', () => {
  it('is done at the first look when the share has landed', async () => {
    const { client, fileId, pauses, sleep, looks } = await uploaded(0);
    expect(await waitForShare(client, fileId, 'CSTUDY', sleep)).toBe(true);
    expect(looks()).toBe(1);
    expect(pauses).toEqual([]);
  });

  it('looks again after a pause until the share shows, in a private channel too', async () => {
    const { client, fileId, pauses, sleep, looks } = await uploaded(2, 'GPRIVATE');
    expect(await waitForShare(client, fileId, 'GPRIVATE', sleep)).toBe(true);
    expect(looks()).toBe(3);
    expect(pauses).toEqual(SHARE_LOOK_PAUSES_MS.slice(0, 2));
  });

  it('gives up after the last pause when the share never shows, and when files.info fails', async () => {
    const { client, fileId, pauses, sleep, looks } = await uploaded(99);
    standin!.fail('files.info', 'internal_error', 2);
    expect(await waitForShare(client, fileId, 'CSTUDY', sleep)).toBe(false);
    expect(looks()).toBe(SHARE_LOOK_PAUSES_MS.length + 1);
    expect(pauses).toEqual(SHARE_LOOK_PAUSES_MS);
  });

  it('does not take a share in another channel for this one', async () => {
    const { client, fileId, sleep } = await uploaded(0, 'COTHER');
    expect(await waitForShare(client, fileId, 'CSTUDY', sleep)).toBe(false);
  });
});
