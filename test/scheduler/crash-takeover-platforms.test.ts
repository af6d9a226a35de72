/**
 * kill -9 of the daily scheduler mid-post, end to end: the real StudyBot and the real Discord and Slack
 * senders against their stand-ins. The first scheduler's post reaches the platform (or not) and then the
 * process is gone; a second one, ticking later on the same fake clock, takes the claim over once it went
 * a lease (60 s) without renewal. Each channel must end with exactly one card, the prompt with one round,
 * that round revealed at close, and one reveal: the takeover looks for the reveal first (Slack: its key;
 * Discord: what it shows), also when it comes hours later, past the stand-in's nonce window (2 minutes,
 * as Discord's "past few minutes"). A live scheduler whose post is slow keeps renewing its claim and is
 * never taken over.
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
import { dyingSender, slowSender } from './support.js';

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
    async function setUp(daily: { mode?: string } = {}): Promise<{ bot: TestBot; channel: PlatformChannel; scheduler: (id: string, sender: Sender) => ReturnType<typeof createScheduler> }> {
      const { bot, channel } = await botWithChannel(database, platform, '2026-03-19T12:00:00Z', closers);
      const on = await bot.as('Mia', { platform: platform.name, workspaceId: platform.workspaceId, channelId: platform.channelId, canManage: true })({
        type: 'daily',
        action: 'on',
        deck: 'gan',
        time: '09:00',
        tz: 'UTC',
        window: '2h',
        ...daily,
      });
      expect(on.reply?.text).toContain('**on**');
      const scheduler = (instanceId: string, sender: Sender) =>
        createScheduler({ store: createSchedulerStore(database.db), rounds: bot.bot, senders: [sender], clock: bot.clock, instanceId });
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

        bot.clock.set('2026-03-20T09:00:59Z'); // within the lease: the dead one might still be working
        expect((await scheduler('early', channel.sender).tick()).claimed).toBe(0);
        bot.clock.set('2026-03-20T09:01:15Z'); // the first tick after the lease ran out
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

    for (const when of ['after', 'before'] as const) {
      it(`died ${when} the platform took the reveal: the takeover ${when === 'after' ? 'posts nothing new' : 'posts it'}, one reveal in the channel`, async () => {
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

        bot.clock.set('2026-03-20T11:00:59Z');
        expect((await scheduler('early', channel.sender).tick()).revealed).toBe(0);
        // 75 s after the dead one's post: Slack finds its key, Discord the message that shows it.
        bot.clock.set('2026-03-20T11:01:15Z');
        expect((await scheduler('survivor', channel.sender).tick()).revealed).toBe(1);
        expect(await dailyRounds()).toEqual([{ id: await promptRound(), revealed: true, message_ref: expect.any(String) }]);
        expect(await channel.messageCount()).toBe(2); // the card and one reveal
      });
    }

    // Past the nonce window (a whole fleet down for hours): Discord folds nothing, so the reveal is found by
    // what it shows (Slack by its key). One that never reached the channel is posted, not wrongly found.
    for (const when of ['after', 'before'] as const) {
      it(`died ${when} the platform took the reveal, taken over hours later: one reveal in the channel`, async () => {
        const { bot, channel, scheduler } = await setUp();
        bot.clock.set('2026-03-20T09:00:00Z');
        expect((await scheduler('first', channel.sender).tick()).posted).toBe(1);
        const dying = dyingSender(channel.sender, when);
        bot.clock.set('2026-03-20T11:00:00Z');
        void scheduler('dead', dying.sender).tick();
        await dying.died;
        bot.clock.set('2026-03-20T14:00:00Z');
        expect((await scheduler('late', channel.sender).tick()).revealed).toBe(1);
        expect(await channel.messageCount()).toBe(2); // the card and one reveal
        expect(await channel.lookups()).toBe(1);
      });
    }

    it('the same card revealed the day before is not taken for a reveal that never reached the channel', async () => {
      const { bot, channel, scheduler } = await setUp({ mode: 'typed' });
      // A deck of one card: both days ask it, and nobody answers, so both reveals read the same.
      await database.db.execute(sql`update cards set archived = true where id <> (select min(id) from cards)`);
      bot.clock.set('2026-03-20T09:00:00Z');
      const first = scheduler('first', channel.sender);
      expect((await first.tick()).posted).toBe(1);
      bot.clock.set('2026-03-20T11:00:00Z');
      expect((await first.tick()).revealed).toBe(1);

      bot.clock.set('2026-03-21T09:00:00Z');
      expect((await first.tick()).posted).toBe(1);
      const dying = dyingSender(channel.sender, 'before');
      bot.clock.set('2026-03-21T11:00:00Z');
      void scheduler('dead', dying.sender).tick();
      await dying.died;
      bot.clock.set('2026-03-21T14:00:00Z');
      expect((await scheduler('late', channel.sender).tick()).revealed).toBe(1);
      expect(await channel.messageCount()).toBe(4); // each day's card and its reveal
      expect((await dailyRounds()).map((r) => r.revealed)).toEqual([true, true]);
      const cards = await queryRows<{ card_id: number }>(database.db, sql`select card_id from quiz_rounds where source = 'daily'`);
      expect(new Set(cards.map((c) => c.card_id)).size).toBe(1);
    });

    for (const step of ['card', 'reveal'] as const) {
      it(`a live scheduler whose ${step} post takes minutes keeps renewing its claim: never taken over, posted once`, async () => {
        const { bot, channel, scheduler } = await setUp();
        const start = step === 'card' ? '2026-03-20T09:00:00Z' : '2026-03-20T11:00:00Z';
        if (step === 'reveal') {
          bot.clock.set('2026-03-20T09:00:00Z');
          expect((await scheduler('first', channel.sender).tick()).posted).toBe(1);
        }
        const slow = slowSender(channel.sender);
        bot.clock.set(start);
        const holder = scheduler('slow', slow.sender);
        const holding = holder.tick();
        await slow.waiting;
        const others = scheduler('other', channel.sender);
        // Five minutes of the holder's heartbeat every 10 s, another replica ticking every 15 s.
        for (let s = 5; s <= 300; s += 5) {
          bot.clock.advance(5_000);
          if (s % 10 === 0) await holder.renewClaims();
          if (s % 15 === 0) expect(await others.tick()).toMatchObject({ claimed: 0, posted: 0, revealed: 0 });
        }
        slow.finish();
        expect(await holding).toMatchObject(step === 'card' ? { posted: 1 } : { revealed: 1 });
        expect(await channel.messageCount()).toBe(step === 'card' ? 1 : 2);
        expect(await channel.cardRounds()).toEqual([await promptRound()]);
      });
    }
  });
});
