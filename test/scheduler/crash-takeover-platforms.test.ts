/**
 * kill -9 of the daily scheduler mid-post, end to end: the real StudyBot and the real Discord and Slack
 * senders against their stand-ins. The first scheduler's post reaches the platform (or not) and then the
 * process is gone; a second one, ticking later on the same fake clock, takes the stale claim over. Each
 * channel must end with exactly one card, the prompt with one round, and that round revealed at close.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sender } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { createSchedulerStore } from '../../src/db/prompt-store.js';
import { queryRows } from '../../src/db/rows.js';
import { createScheduler } from '../../src/scheduler/index.js';
import type { TestBot } from '../support/core.js';
import { dbTargets, openForSuite } from '../support/db.js';
import { botWithChannel, platformChannels, type PlatformChannel } from './platform-channels.js';
import { dyingSender } from './support.js';

describe.each(dbTargets)('a daily scheduler killed mid-post, end to end on $name', (target) => {
  let database: Database;
  const closers: (() => Promise<void>)[] = [];
  openForSuite(target, (opened) => {
    database = opened;
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  describe.each(platformChannels)('on $name', (platform) => {
    async function setUp(): Promise<{ bot: TestBot; channel: PlatformChannel; scheduler: (id: string, sender: Sender) => ReturnType<typeof createScheduler> }> {
      const { bot, channel } = await botWithChannel(database, platform, '2026-03-19T12:00:00Z', closers);
      const on = await bot.as('Mia', { platform: platform.name, workspaceId: platform.workspaceId, channelId: platform.channelId, canManage: true })({
        type: 'daily',
        action: 'on',
        deck: 'gan',
        time: '09:00',
        tz: 'UTC',
        window: '2h',
      });
      expect(on.reply?.text).toContain('**on**');
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

    // Discord's nonce folds a repeat only within a few minutes, and a stale reveal is taken over after ten:
    // there a reveal whose runner died after posting can show twice (README, "What survives what").
    for (const when of platform.name === 'slack' ? (['after', 'before'] as const) : []) {
      it(`died ${when} the platform took the reveal: the takeover ${when === 'after' ? 'finds it and posts nothing' : 'posts it'}, one reveal in the channel`, async () => {
        const { bot, channel, scheduler } = await setUp();
        bot.clock.set('2026-03-20T09:00:00Z');
        const first = scheduler('first', channel.sender);
        expect((await first.tick()).posted).toBe(1);

        // The card's reveal reaches the platform (or not), then its runner is gone.
        const dying = dyingSender(channel.sender, when);
        bot.clock.set('2026-03-20T11:00:00Z');
        void scheduler('dead', dying.sender).tick();
        await dying.died;
        expect(await channel.messageCount()).toBe(when === 'after' ? 2 : 1);

        bot.clock.set('2026-03-20T11:11:00Z');
        expect((await scheduler('survivor', channel.sender).tick()).revealed).toBe(1);
        expect(await dailyRounds()).toEqual([{ id: await promptRound(), revealed: true, message_ref: expect.any(String) }]);
        expect(await channel.messageCount()).toBe(2); // the card and one reveal
      });
    }
  });
});
