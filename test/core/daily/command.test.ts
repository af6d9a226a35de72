import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/commands.js';
import { handleDailyCommand, type DailyCommand } from '../../../src/core/daily/command.js';
import type { DailyStore } from '../../../src/core/daily/ports.js';
import type { Database } from '../../../src/db/connect.js';
import { createDailyStore } from '../../../src/db/daily-store.js';
import { queryRows } from '../../../src/db/rows.js';
import { dbTargets, openForSuite } from '../../support/db.js';

const NOW = new Date('2026-03-20T10:00:00Z');
const clock = { now: () => NOW };

function actor(overrides: Partial<Actor> = {}): Actor {
  return { platform: 'discord', workspaceId: 'guild-9', channelId: 'chan-1', userId: 'u1', displayName: 'Ada', canManage: true, ...overrides };
}

describe.each(dbTargets)('/daily on $name', (target) => {
  let database: Database;
  let store: DailyStore;
  const run = (command: Omit<DailyCommand, 'type'>, who = actor()) => handleDailyCommand(who, { type: 'daily', ...command }, { store, clock });

  openForSuite(target, async (opened) => {
    database = opened;
    store = createDailyStore(database.db);
    // A built-in deck, a deck of this workspace and one of another workspace.
    await database.db.execute(sql`insert into workspaces (platform, external_id) values ('discord', 'other-guild')`);
    await database.db.execute(sql`insert into decks (workspace_id, slug, title) values (null, 'gan', 'GANs, built in')`);
    await database.db.execute(
      sql`insert into decks (workspace_id, slug, title) select id, 'secret', 'Not yours' from workspaces where external_id = 'other-guild'`,
    );
  });

  const settingsRows = () =>
    queryRows<{ channel_id: string; local_time: string; time_zone: string; mode: string; window_minutes: number; enabled: boolean; paused_reason: string | null }>(
      database.db,
      sql`select channel_id, local_time, time_zone, mode, window_minutes, enabled, paused_reason from channel_settings order by id`,
    );

  it('reports off before anything is set, and status is open to everyone', async () => {
    const out = await run({}, actor({ canManage: false }));
    expect(out.reply).toMatchObject({ visibility: 'private', text: expect.stringContaining('**off**') });
  });

  it('refuses on/off to members who cannot manage the channel, privately', async () => {
    for (const action of ['on', 'off']) {
      const out = await run({ action, deck: 'gan' }, actor({ canManage: false }));
      expect(out.reply).toMatchObject({ visibility: 'private', text: expect.stringContaining('Only people who can manage') });
    }
    expect(await settingsRows()).toEqual([]);
  });

  it.each([
    [{ action: 'maybe' }, 'Unknown action'],
    [{ action: 'on' }, 'Which deck?'],
    [{ action: 'on', deck: 'nope' }, 'No deck called "nope"'],
    [{ action: 'on', deck: 'secret' }, 'No deck called "secret"'],
    [{ action: 'on', deck: 'gan', time: '25:00' }, 'not a time'],
    [{ action: 'on', deck: 'gan', time: '9am' }, 'not a time'],
    [{ action: 'on', deck: 'gan', tz: 'Mars/Olympus' }, 'not a time zone'],
    [{ action: 'on', deck: 'gan', mode: 'self' }, 'Unknown mode'],
    [{ action: 'on', deck: 'gan', window: '24' }, 'from 1 to 23'],
    [{ action: 'on', deck: 'gan', window: '0h' }, 'from 1 to 23'],
    [{ action: 'on', deck: 'gan', window: 'long' }, 'from 1 to 23'],
  ])('answers bad input %j clearly and stores nothing', async (command, message) => {
    const out = await run(command);
    expect(out.reply).toMatchObject({ visibility: 'private', text: expect.stringContaining(message) });
    expect(await settingsRows()).toEqual([]);
  });

  it('turns daily cards on with defaults, creating the workspace row', async () => {
    const out = await run({ action: 'on', deck: 'GAN' }, actor({ workspaceId: 'brand-new', channelId: 'c-new' }));
    expect(out.reply?.text).toContain('**on**');
    expect(out.reply?.text).toContain('GANs, built in');
    // 09:00 UTC today has passed at 10:00 UTC: next is tomorrow.
    expect(out.reply?.text).toContain('Next card: Sat 21 Mar, 09:00 (UTC)');
    expect(await settingsRows()).toEqual([
      { channel_id: 'c-new', local_time: '09:00', time_zone: 'UTC', mode: 'mcq', window_minutes: 720, enabled: true, paused_reason: null },
    ]);
  });

  it('stores time, zone, mode and window, and shows the next prompt in the channel zone', async () => {
    const out = await run({ action: 'on', deck: 'gan', time: '18:30', tz: 'europe/stockholm', mode: 'typed', window: '6h' });
    expect(out.reply?.text).toContain('Next card: Fri 20 Mar, 18:30 (Europe/Stockholm)');
    const row = (await settingsRows()).find((r) => r.channel_id === 'chan-1');
    expect(row).toMatchObject({ local_time: '18:30', time_zone: 'Europe/Stockholm', mode: 'typed', window_minutes: 360 });

    // Changing only the time keeps the zone, mode and window.
    await run({ action: 'on', time: '7:05' });
    expect((await settingsRows()).find((r) => r.channel_id === 'chan-1')).toMatchObject({ local_time: '07:05', time_zone: 'Europe/Stockholm', mode: 'typed', window_minutes: 360 });

    const status = await run({ action: 'status' }, actor({ canManage: false }));
    expect(status.reply?.text).toContain('Every day at 07:05 (Europe/Stockholm)');
    expect(status.reply?.text).toContain('Next card: Sat 21 Mar, 07:05 (Europe/Stockholm)');
  });

  it('shows a paused channel in status, and /daily on clears the pause', async () => {
    await database.db.execute(sql`update channel_settings set paused_reason = 'cannot post here: Missing Access' where channel_id = 'chan-1'`);
    const status = await run({});
    expect(status.reply?.text).toContain('**Paused**: cannot post here: Missing Access');
    const on = await run({ action: 'on' });
    expect(on.reply?.text).toContain('resumed');
    expect((await settingsRows()).find((r) => r.channel_id === 'chan-1')).toMatchObject({ enabled: true, paused_reason: null });
  });

  it('turns off, dropping planned prompts, and says so when it was not on', async () => {
    await database.db.execute(
      sql`insert into daily_prompts (settings_id, local_date, due_at, state)
          select id, '2026-03-21', '2026-03-21T06:05:00Z', 'pending' from channel_settings where channel_id = 'chan-1'`,
    );
    const off = await run({ action: 'off' });
    expect(off.reply?.text).toContain('**off**');
    expect((await settingsRows()).find((r) => r.channel_id === 'chan-1')?.enabled).toBe(false);
    expect(await queryRows(database.db, sql`select id from daily_prompts`)).toEqual([]);
    expect((await run({ action: 'off' })).reply?.text).toContain('were not on');
    expect((await run({ action: 'status' })).reply?.text).toContain('**off**');
  });

  it("prefers the workspace's own deck over a built-in one with the same slug", async () => {
    await database.db.execute(
      sql`insert into decks (workspace_id, slug, title) select id, 'gan', 'Our own GAN deck' from workspaces where platform = 'discord' and external_id = 'guild-9'`,
    );
    const out = await run({ action: 'on', deck: 'gan' });
    expect(out.reply?.text).toContain('Our own GAN deck');
  });
});
