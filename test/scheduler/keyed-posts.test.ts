/** A keyed post (a game's reveal, its standings) and the lookup before it, against a recording sender. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { postKeyedOnce } from '../../src/scheduler/keyed-posts.js';
import { RecordingSender } from './support.js';

const channel = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const reveal = { title: 'Question 1 of 3 · answer', text: 'GAN', visibility: 'public' as const };
const log = pino({ level: 'silent' });
const since = new Date('2026-03-02T10:00:00Z');

describe('postKeyedOnce', () => {
  it('posts with its key, and does not look on a first attempt', async () => {
    const sender = new RecordingSender('slack');
    let lookups = 0;
    const find = sender.findKeyedMessage!;
    Object.assign(sender, { findKeyedMessage: (...args: Parameters<typeof find>) => (lookups++, find(...args)) });
    await sender.post(channel, reveal, { key: 'v1.1' }); // in the channel, but a first attempt does not ask
    expect(await postKeyedOnce(sender, channel, 'v1.1', reveal, null, log)).toMatchObject({ found: false });
    expect(lookups).toBe(0);
    expect(sender.posts().map((p) => p.key)).toEqual(['v1.1', 'v1.1']);
  });

  it('finds what an earlier attempt posted instead of posting it again, and posts what it cannot find', async () => {
    const sender = new RecordingSender('slack');
    const first = await sender.post(channel, reveal, { key: 'v1.1' });
    expect(await postKeyedOnce(sender, channel, 'v1.1', reveal, since, log)).toEqual({ ...first, found: true });
    expect(await postKeyedOnce(sender, channel, 'v1.2', reveal, since, log)).toMatchObject({ found: false });
    expect(sender.posts().map((p) => p.key)).toEqual(['v1.1', 'v1.2']);
  });

  it('posts when the lookup fails (the channel history cannot be read): a repeat rather than a stuck game', async () => {
    const sender = new RecordingSender('slack');
    await sender.post(channel, reveal, { key: 'v1.1' });
    Object.assign(sender, { findKeyedMessage: () => Promise.reject(new Error('not_in_channel')) });
    expect(await postKeyedOnce(sender, channel, 'v1.1', reveal, since, log)).toMatchObject({ found: false });
    expect(sender.posts()).toHaveLength(2);
  });

  it('posts where the sender cannot be asked (the terminal)', async () => {
    const sender = new RecordingSender('discord', 0, false);
    expect(await postKeyedOnce(sender, channel, 'v1.1', reveal, since, log)).toMatchObject({ found: false });
    expect(sender.posts()).toHaveLength(1);
  });
});
