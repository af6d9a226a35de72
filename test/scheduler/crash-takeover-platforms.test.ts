/**
 * kill -9 of the daily scheduler mid-post, end to end: the real StudyBot and the real Discord and Slack
 * senders against their stand-ins. The first scheduler's post reaches the platform (or not) and then the
 * process is gone; a second one, ticking later on the same fake clock, takes the stale claim over. Each
 * channel must end with exactly one card, the prompt with one round, and that round revealed at close.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseId } from '../../src/core/ids.js';
import type { Platform, Sender } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { createSchedulerStore } from '../../src/db/prompt-store.js';
import { queryRows } from '../../src/db/rows.js';
import { standaloneDiscordSender, standaloneSlackSender } from '../../src/ops/senders.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { makeBot, type TestBot } from '../support/core.js';
import { dbTargets } from '../support/db.js';
import { DiscordStandIn } from '../support/discord-standin.js';
import { startSlackStandIn } from '../support/slack-standin.js';
import { dyingSender } from './support.js';

/** One platform behind its stand-in: the real sender, and the round ids of the cards now in the channel. */
interface Platformed {
  sender: Sender;
  /** Round ids carried by the bot's messages in the channel, one entry per message that has any. */
  cardRounds(): Promise<number[]>;
  /** Messages in the channel, cards and reveals. */
  messageCount(): Promise<number>;
  close(): Promise<void>;
}

const DISCORD = { app: '700000000000000001', token: 'bot-token', guild: '710000000000000001', channel: '720000000000000001' };
const SLACK = { team: 'T0STANDIN', channel: 'C0DAILY' };

async function discord(bot: TestBot): Promise<Platformed> {
  const standIn = await DiscordStandIn.start({ applicationId: DISCORD.app, token: DISCORD.token, now: () => bot.clock.now().getTime() });
  const inChannel = () => [...standIn.messages.values()].filter((m) => m.channel_id === DISCORD.channel);
  return {
    sender: standaloneDiscordSender({ token: DISCORD.token, applicationId: DISCORD.app, apiBase: standIn.apiBase }),
    cardRounds: async () => inChannel().flatMap((m) => roundsOf(m.components.flatMap((row: any) => row.components ?? []).map((c: any) => c.custom_id))),
    messageCount: async () => inChannel().length,
    async close() {
      await standIn.close();
      if (standIn.violations.length) throw new Error(standIn.violations.join('\n'));
    },
  };
}

async function slack(bot: TestBot): Promise<Platformed> {
  const standIn = await startSlackStandIn({ now: () => bot.clock.now().getTime() });
  const posts = () => standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === SLACK.channel && c.result?.ok);
  return {
    sender: standaloneSlackSender({ botToken: 'xoxb-standin', signingSecret: 's', port: 0, apiUrl: standIn.apiUrl }),
    cardRounds: async () => posts().flatMap((c) => roundsOf(((c.args.blocks as any[]) ?? []).flatMap((b) => b.elements ?? []).map((e: any) => e.action_id))),
    messageCount: async () => posts().length,
    close: () => standIn.close(),
  };
}

/** The distinct round ids behind a message's buttons (one per message that has buttons). */
function roundsOf(ids: unknown[]): number[] {
  const rounds = new Set(ids.map((id) => parseId(id)).flatMap((a) => (a && 'round' in a ? [a.round] : [])));
  return [...rounds];
}

const platforms: { name: Platform; start: (bot: TestBot) => Promise<Platformed>; workspaceId: string; channelId: string }[] = [
  { name: 'discord', start: discord, workspaceId: DISCORD.guild, channelId: DISCORD.channel },
  { name: 'slack', start: slack, workspaceId: SLACK.team, channelId: SLACK.channel },
];

describe.each(dbTargets)('a daily scheduler killed mid-post, end to end on $name', (target) => {
  let database: Database;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database.close();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  describe.each(platforms)('on $name', (platform) => {
    async function setUp(): Promise<{ bot: TestBot; channel: Platformed; scheduler: (id: string, sender: Sender) => ReturnType<typeof createScheduler> }> {
      await database.db.execute(sql`truncate workspaces, decks restart identity cascade`);
      const bot = await makeBot(database, { now: '2026-03-19T12:00:00Z' });
      const on = await bot.as('Mia', { platform: platform.name, workspaceId: platform.workspaceId, channelId: platform.channelId, canManage: true })({
        type: 'daily',
        action: 'on',
        deck: 'gan',
        time: '09:00',
        tz: 'UTC',
        window: '2h',
      });
      expect(on.reply?.text).toContain('**on**');
      const channel = await platform.start(bot);
      closers.push(() => channel.close());
      const scheduler = (instanceId: string, sender: Sender) =>
        createScheduler({ store: createSchedulerStore(database.db), rounds: bot.bot, senders: [sender], clock: bot.clock, instanceId, staleClaimMinutes: 10 });
      return { bot, channel, scheduler };
    }

    const dailyRounds = () =>
      queryRows<{ id: number; revealed: boolean; message_ref: string | null }>(
        database.db,
        sql`select id::int as id, revealed_at is not null as revealed, message_ref from quiz_rounds where source = 'daily' order by id`,
      );
    const promptRound = async () => Number((await queryRows<{ round_id: number }>(database.db, sql`select round_id from daily_prompts where local_date = '2026-03-20'`))[0]!.round_id);

    for (const when of ['after', 'before'] as const) {
      it(`died ${when} the platform took the post: one card in the channel, one round, revealed at close`, async () => {
        const { bot, channel, scheduler } = await setUp();
        const dying = dyingSender(channel.sender, when);
        bot.clock.set('2026-03-20T09:00:00Z');
        void scheduler('dead', dying.sender).tick();
        await dying.died;
        expect(await channel.cardRounds()).toHaveLength(when === 'after' ? 1 : 0);

        bot.clock.set('2026-03-20T09:11:00Z');
        const survivor = scheduler('survivor', channel.sender);
        expect(await survivor.tick()).toMatchObject(when === 'after' ? { claimed: 1, posted: 0, recovered: 1 } : { claimed: 1, posted: 1, recovered: 0 });
        const roundId = await promptRound();
        expect(await channel.cardRounds()).toEqual([roundId]);
        expect(await dailyRounds()).toEqual([{ id: roundId, revealed: false, message_ref: expect.any(String) }]);

        bot.clock.set('2026-03-20T11:00:00Z');
        expect((await survivor.tick()).revealed).toBe(1);
        expect(await dailyRounds()).toEqual([{ id: roundId, revealed: true, message_ref: expect.any(String) }]);
        expect(await channel.messageCount()).toBe(2); // the card and its reveal
      });
    }
  });
});
