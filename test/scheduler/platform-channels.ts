/**
 * One channel on Discord or Slack behind its stand-in, reached through the real sender, for the crash
 * tests of the daily scheduler and the game runner: what the bot's messages in the channel carry.
 */
import { sql } from 'drizzle-orm';
import { parseId } from '../../src/core/ids.js';
import type { Platform, Sender } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { standaloneDiscordSender, standaloneSlackSender } from '../../src/ops/senders.js';
import { makeBot, type TestBot } from '../support/core.js';
import { DiscordStandIn } from '../support/discord-standin.js';
import { startSlackStandIn } from '../support/slack-standin.js';

export interface PlatformChannel {
  sender: Sender;
  /** Round ids carried by the bot's messages in the channel, one entry per message that has any. */
  cardRounds(): Promise<number[]>;
  /** Messages in the channel (cards, questions, reveals, standings). */
  messageCount(): Promise<number>;
  /** The titles of the bot's messages in the channel, oldest first. */
  titles(): Promise<string[]>;
  /** Times the bot read the channel's messages back (to look for one it may have posted). */
  lookups(): Promise<number>;
  close(): Promise<void>;
}

const DISCORD = { app: '700000000000000001', token: 'bot-token', guild: '710000000000000001', channel: '720000000000000001' };
const SLACK = { team: 'T0STANDIN', channel: 'C0DAILY' };

/** `now`: the stand-in's clock (message times, Discord's nonce window), the test's fake one. */
async function discord(now: () => number): Promise<PlatformChannel> {
  const standIn = await DiscordStandIn.start({ applicationId: DISCORD.app, token: DISCORD.token, now });
  const inChannel = () => [...standIn.messages.values()].filter((m) => m.channel_id === DISCORD.channel);
  return {
    sender: standaloneDiscordSender({ token: DISCORD.token, applicationId: DISCORD.app, apiBase: standIn.apiBase }),
    // A closed question has lost its buttons, so the round is read from the nonce it was created with.
    cardRounds: async () =>
      inChannel().flatMap((m) => {
        const nonce = /^sbr(\d+)$/.exec(String(m.nonce ?? ''));
        return nonce ? [Number(nonce[1])] : roundsOf(m.components.flatMap((row: any) => row.components ?? []).map((c: any) => c.custom_id));
      }),
    messageCount: async () => inChannel().length,
    titles: async () => inChannel().map((m) => String(m.embeds[0]?.title ?? '')),
    lookups: async () => standIn.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${DISCORD.channel}/messages`).length,
    async close() {
      await standIn.close();
      if (standIn.violations.length) throw new Error(standIn.violations.join('\n'));
    },
  };
}

async function slack(now: () => number): Promise<PlatformChannel> {
  const standIn = await startSlackStandIn({ now });
  const posts = () => standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === SLACK.channel && c.result?.ok);
  return {
    sender: standaloneSlackSender({ botToken: 'xoxb-standin', signingSecret: 's', port: 0, apiUrl: standIn.apiUrl }),
    cardRounds: async () => posts().flatMap((c) => roundsOf(((c.args.blocks as any[]) ?? []).flatMap((b) => b.elements ?? []).map((e: any) => e.action_id))),
    messageCount: async () => posts().length,
    titles: async () => posts().map((c) => String(((c.args.blocks as any[]) ?? []).find((b) => b.type === 'header')?.text?.text ?? '')),
    lookups: async () => standIn.callsTo('conversations.history').filter((c) => c.args.channel === SLACK.channel).length,
    close: () => standIn.close(),
  };
}

/** The distinct round ids behind a message's buttons (one per message that has buttons). */
function roundsOf(ids: unknown[]): number[] {
  const rounds = new Set(ids.map((id) => parseId(id)).flatMap((a) => (a && 'round' in a ? [a.round] : [])));
  return [...rounds];
}

export type PlatformUnderTest = (typeof platformChannels)[number];

/**
 * The start of every crash test here: workspaces and decks emptied, a bot at `now` on the database, and
 * the platform's channel behind its stand-in (its close goes to `closers`, run after the test).
 */
export async function botWithChannel(
  database: Database,
  platform: PlatformUnderTest,
  now: string,
  closers: (() => Promise<void>)[],
): Promise<{ bot: TestBot; channel: PlatformChannel }> {
  await database.db.execute(sql`truncate workspaces, decks restart identity cascade`);
  const bot = await makeBot(database, { now });
  const channel = await platform.start(() => bot.clock.now().getTime());
  closers.push(() => channel.close());
  return { bot, channel };
}

export const platformChannels: { name: Platform; start: (now: () => number) => Promise<PlatformChannel>; workspaceId: string; channelId: string }[] = [
  { name: 'discord', start: discord, workspaceId: DISCORD.guild, channelId: DISCORD.channel },
  { name: 'slack', start: slack, workspaceId: SLACK.team, channelId: SLACK.channel },
];
