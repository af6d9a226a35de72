/** The scheduler driving the real StudyBot: /daily on, the card posted at 09:00 local, answers, the reveal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildId, parseId } from '../../src/core/ids.js';
import type { Database } from '../../src/db/connect.js';
import { createSchedulerStore } from '../../src/db/prompt-store.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { makeBot } from '../support/core.js';
import { dbTargets } from '../support/db.js';
import { RecordingSender } from './support.js';

describe.each(dbTargets)('daily scheduler with the real StudyBot on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database.close();
  });

  it('posts the card at 09:00 Stockholm time and reveals the right winners in answer order', async () => {
    const bot = await makeBot(database, { now: '2026-03-19T12:00:00Z' });
    const manager = bot.as('Mia', { canManage: true });
    const on = await manager({ type: 'daily', action: 'on', deck: 'gan', time: '09:00', tz: 'Europe/Stockholm', window: '2h' });
    expect(on.reply?.text).toContain('Next card: Fri 20 Mar, 09:00 (Europe/Stockholm)');

    const sender = new RecordingSender('discord');
    const scheduler = createScheduler({ store: createSchedulerStore(database.db), rounds: bot.bot, senders: [sender], clock: bot.clock, instanceId: 'real' });

    bot.clock.set('2026-03-20T07:59:00Z');
    expect((await scheduler.tick()).posted).toBe(0);
    bot.clock.set('2026-03-20T08:00:00Z'); // 09:00 CET
    expect((await scheduler.tick()).posted).toBe(1);
    const [card] = sender.posts('chan-1');
    expect(card!.message.visibility).toBe('public');
    expect(card!.message.choices).toHaveLength(4);
    const action = parseId(card!.message.choices![0]!.id);
    if (!action || action.kind !== 'mcq') throw new Error('expected an MCQ button');
    const round = (await bot.store.getRound(action.round))!;
    expect(round).toMatchObject({ source: 'daily', messageRef: card!.messageRef });
    expect(round.closesAt?.toISOString()).toBe('2026-03-20T10:00:00.000Z');

    const right = round.correctChoice!;
    const press = (user: string, choice: number, at: string) => {
      bot.clock.set(at);
      return bot.as(user)({ type: 'press', id: buildId({ kind: 'mcq', round: round.id, choice }) }, `press-${user}`);
    };
    await press('Cy', (right + 1) % 4, '2026-03-20T08:03:00Z');
    await press('Bob', right, '2026-03-20T08:05:00Z');
    await press('Ada', right, '2026-03-20T08:30:00Z');

    bot.clock.set('2026-03-20T09:59:00Z');
    expect((await scheduler.tick()).revealed).toBe(0);
    bot.clock.set('2026-03-20T10:00:00Z');
    expect((await scheduler.tick()).revealed).toBe(1);
    const reveal = sender.posts('chan-1').at(-1)!.message;
    expect(reveal.text).toContain(round.card.back);
    const winnersLine = reveal.text.split('\n').find((line) => line.includes('Got it right'))!;
    expect(winnersLine).toMatch(/Bob.*Ada/);
    expect(winnersLine).not.toContain('Cy');
    // The original card is replaced by the reveal, and a late press is refused.
    expect(sender.sent.find((s) => s.kind === 'update')?.messageRef).toBe(card!.messageRef);
    const late = await press('Dee', right, '2026-03-20T10:01:00Z');
    expect(late.reply).toMatchObject({ visibility: 'private', text: expect.stringContaining('closed') });
    expect((await bot.store.getRound(round.id))?.revealedAt).not.toBeNull();

    const status = await bot.as('Dee')({ type: 'daily', action: 'status' });
    expect(status.reply?.text).toContain('Next card: Sat 21 Mar, 09:00 (Europe/Stockholm)');
    expect(status.reply?.text).toContain('Last: 2026-03-20 — revealed');
  });

  it('fans out to many channels at once through the real StudyBot, one round per channel', async () => {
    const bot = await makeBot(database, { now: '2026-04-01T12:00:00Z' });
    const channels = Array.from({ length: 12 }, (_, i) => `fan-${i}`);
    for (const channelId of channels) {
      const on = await bot.as('Mia', { canManage: true, workspaceId: 'guild-fan', channelId })({ type: 'daily', action: 'on', deck: 'gan', time: '07:30', mode: 'typed' });
      expect(on.reply?.text).toContain('**on**');
    }
    const sender = new RecordingSender('discord');
    const scheduler = createScheduler({ store: createSchedulerStore(database.db), rounds: bot.bot, senders: [sender], clock: bot.clock, instanceId: 'fan', concurrency: 6, batchSize: 5 });
    bot.clock.set('2026-04-02T07:30:00Z');
    const report = await scheduler.tick();
    expect(report.retrying).toBe(0);
    expect(report.posted).toBeGreaterThanOrEqual(12); // plus the first test's channel, still on in this database
    const posted = sender.posts().filter((p) => p.channel.workspaceId === 'guild-fan');
    expect(posted.map((p) => p.channel.channelId).sort()).toEqual([...channels].sort());
    const rounds = await Promise.all(
      posted.map(async (p) => {
        const action = parseId(p.message.choices?.[0]?.id);
        if (!action || !('round' in action)) throw new Error('no round button');
        return (await bot.store.getRound(action.round))!;
      }),
    );
    expect(new Set(rounds.map((r) => r.id)).size).toBe(12);
    expect(rounds.every((r) => r.mode === 'typed' && r.messageRef !== null)).toBe(true);
  });
});
