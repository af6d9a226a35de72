/**
 * A daily card and its reveal that Slack posted but whose answer was lost (the connection dropped after the
 * request went out), end to end: the real StudyBot, scheduler and standalone Slack sender against the stand-in.
 * The Web API client does not send the post again (call-retries.ts), the tick counts it as failed, and the
 * next tick finds it in the channel (the round's metadata, the reveal's key) instead of posting it again:
 * the channel ends with one card and one reveal.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { createSchedulerStore } from '../../src/db/prompt-store.js';
import { standaloneSlackSender } from '../../src/ops/senders.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { makeBot } from '../support/core.js';
import { dbTargets, openForSuite } from '../support/db.js';
import { STANDIN_TEAM, startSlackStandIn } from '../support/slack-standin.js';

const CHANNEL = 'C0DAILY';

describe.each(dbTargets)('a Slack daily post whose answer was lost, on $name', (target) => {
  let database: Database;
  const closers: (() => Promise<void>)[] = [];
  openForSuite(target, (opened) => {
    database = opened;
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('is posted once: the next tick finds the card, and then the reveal, in the channel', async () => {
    await database.db.execute(sql`truncate workspaces, decks restart identity cascade`);
    const bot = await makeBot(database, { now: '2026-03-19T12:00:00Z' });
    const slack = await startSlackStandIn({ now: () => bot.clock.now().getTime() });
    closers.push(() => slack.close());
    const on = await bot.as('Mia', { platform: 'slack', workspaceId: STANDIN_TEAM, channelId: CHANNEL, canManage: true })({
      type: 'daily',
      action: 'on',
      deck: 'gan',
      time: '09:00',
      tz: 'UTC',
      window: '2h',
    });
    expect(on.reply?.text).toContain('**on**');
    const sender = standaloneSlackSender({ botToken: 'xoxb-standin', signingSecret: 's', port: 0, apiUrl: slack.apiUrl });
    const scheduler = createScheduler({ store: createSchedulerStore(database.db), rounds: bot.bot, senders: [sender], clock: bot.clock, instanceId: 'only' });

    bot.clock.set('2026-03-20T09:00:00Z');
    slack.loseAnswer('chat.postMessage', 1, 'drop');
    expect(await scheduler.tick()).toMatchObject({ claimed: 1, posted: 0, retrying: 1 });
    expect(slack.messagesIn(CHANNEL)).toHaveLength(1);
    bot.clock.set('2026-03-20T09:01:00Z');
    expect(await scheduler.tick()).toMatchObject({ claimed: 1, posted: 0, recovered: 1 });
    expect(slack.messagesIn(CHANNEL)).toHaveLength(1);

    bot.clock.set('2026-03-20T11:00:00Z');
    slack.loseAnswer('chat.postMessage', 1, 'drop');
    expect(await scheduler.tick()).toMatchObject({ revealed: 0, retrying: 1 });
    bot.clock.set('2026-03-20T11:01:00Z');
    expect(await scheduler.tick()).toMatchObject({ revealed: 1 });
    expect(slack.messagesIn(CHANNEL)).toHaveLength(2); // the card and its reveal
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2); // each sent once, found by the retry
  });
});
