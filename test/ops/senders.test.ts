/** The REST-only senders a scheduler-only process posts with, against the local Discord and Slack stand-ins. */
import { afterEach, describe, expect, it } from 'vitest';
import { standaloneDiscordSender, standaloneSlackSender } from '../../src/ops/senders.js';
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
});
