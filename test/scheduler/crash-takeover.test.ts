/**
 * A scheduler killed mid-post (issue 12 item 4): whoever takes its claim over resumes the round it
 * opened, asks the platform whether the card arrived, and posts it only if not; every round closes.
 * The platform here is the recording sender; crash-takeover-platforms.test.ts runs the same faults
 * through the real Discord and Slack senders against their stand-ins.
 */
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { createSchedulerStore } from '../../src/db/prompt-store.js';
import { queryRows } from '../../src/db/rows.js';
import { createScheduler } from '../../src/scheduler/index.js';
import type { SchedulerStore } from '../../src/scheduler/ports.js';
import type { Sender } from '../../src/core/ports.js';
import { dbTargets, openForSuite } from '../support/db.js';
import { dyingSender, FakeClock, FakeRoundOpener, promptRows, RecordingSender, seedDaily, slowSender } from './support.js';

const cards = (sender: RecordingSender, channelId: string) => sender.posts(channelId).filter((p) => p.message.title === 'Daily card');

describe.each(dbTargets)('daily scheduler after a crash mid-post on $name', (target) => {
  let database: Database;
  let clock: FakeClock;
  let sender: RecordingSender;
  let rounds: FakeRoundOpener;

  openForSuite(target, (opened) => {
    database = opened;
  });
  beforeEach(async () => {
    await database.db.execute(sql`truncate workspaces, decks restart identity cascade`);
    clock = new FakeClock(new Date('2026-03-20T08:00:00Z'));
    sender = new RecordingSender('discord');
    rounds = new FakeRoundOpener(database.db, clock);
    // A 2-hour window from 09:00 UTC.
    await seedDaily(database.db, { channels: ['c1'], localTime: '09:00', timeZone: 'UTC', windowMinutes: 120, since: new Date('2026-03-19T00:00:00Z') });
  });

  const scheduler = (instanceId: string, senders: Sender[] = [sender], store: SchedulerStore = createSchedulerStore(database.db), concurrency?: number) =>
    createScheduler({ store, rounds, senders, clock, instanceId, ...(concurrency !== undefined ? { concurrency } : {}) });
  const at = (seconds: number) => new Date(Date.parse('2026-03-20T09:00:00Z') + seconds * 1000);

  /** Starts a tick on `first` and waits until it died mid-post. */
  async function crash(when: 'before' | 'after'): Promise<void> {
    const dying = dyingSender(sender, when);
    clock.set('2026-03-20T09:00:00Z');
    void scheduler('dead', [dying.sender]).tick();
    await dying.died;
  }

  const roundRows = () =>
    queryRows<{ id: number; message_ref: string | null; revealed: boolean }>(
      database.db,
      sql`select id::int as id, message_ref, revealed_at is not null as revealed from quiz_rounds order by id`,
    );
  const promptRound = async () => Number((await queryRows<{ round_id: number }>(database.db, sql`select round_id from daily_prompts where local_date = '2026-03-20'`))[0]!.round_id);

  it('died after the platform accepted the post: the takeover finds the card, posts nothing, and reveals its round at close', async () => {
    await crash('after');
    expect(cards(sender, 'c1')).toHaveLength(1);

    clock.set('2026-03-20T09:00:59Z'); // not renewed for 59 s: not stale yet
    expect((await scheduler('survivor').tick()).claimed).toBe(0);
    clock.set('2026-03-20T09:01:00Z');
    expect(await scheduler('survivor').tick()).toMatchObject({ claimed: 1, posted: 0, recovered: 1 });
    expect(cards(sender, 'c1')).toHaveLength(1);
    const [round, ...others] = await roundRows();
    expect(others).toHaveLength(0);
    expect(round).toMatchObject({ id: await promptRound(), message_ref: cards(sender, 'c1')[0]!.messageRef, revealed: false });
    expect((await promptRows(database.db)).find((p) => p.local_date === '2026-03-20')).toMatchObject({ state: 'posted', note: 'found posted after taking over from dead' });

    clock.set('2026-03-20T11:00:00Z');
    expect((await scheduler('survivor').tick()).revealed).toBe(1);
    expect((await roundRows())[0]!.revealed).toBe(true);
    expect(sender.posts('c1').at(-1)!.message.text).toBe(`round:${round!.id} winners:`);
  });

  it('died after opening the round but before posting: the takeover posts that same round, once', async () => {
    await crash('before');
    expect(sender.posts('c1')).toHaveLength(0);
    const roundId = await promptRound();

    clock.set('2026-03-20T09:11:00Z');
    expect(await scheduler('survivor').tick()).toMatchObject({ claimed: 1, posted: 1, recovered: 0 });
    expect(cards(sender, 'c1').map((p) => p.roundId)).toEqual([roundId]);
    expect(await roundRows()).toEqual([{ id: roundId, message_ref: cards(sender, 'c1')[0]!.messageRef, revealed: false }]);
    // Later ticks change nothing until the reveal.
    clock.set('2026-03-20T09:30:00Z');
    expect(await scheduler('other').tick()).toMatchObject({ claimed: 0, posted: 0 });
    expect(cards(sender, 'c1')).toHaveLength(1);
  });

  it('where the platform cannot be asked (a terminal), the takeover posts the same round again rather than a new one', async () => {
    const blind = new RecordingSender('discord', 0, false);
    const dying = dyingSender(blind, 'after');
    clock.set('2026-03-20T09:00:00Z');
    void scheduler('dead', [dying.sender]).tick();
    await dying.died;
    clock.set('2026-03-20T09:11:00Z');
    expect((await scheduler('survivor', [blind]).tick()).posted).toBe(1);
    const posts = cards(blind, 'c1');
    expect(posts.map((p) => p.roundId)).toEqual([posts[0]!.roundId, posts[0]!.roundId]);
    expect(await roundRows()).toHaveLength(1);
  });

  it('a post whose answer was lost is not repeated by the retry: it finds the card', async () => {
    sender.lostAnswers.add('c1');
    clock.set('2026-03-20T09:00:00Z');
    expect(await scheduler('a').tick()).toMatchObject({ posted: 0, retrying: 1 });
    clock.set('2026-03-20T09:01:00Z');
    expect(await scheduler('a').tick()).toMatchObject({ posted: 0, recovered: 1 });
    expect(cards(sender, 'c1')).toHaveLength(1);
    expect(await roundRows()).toHaveLength(1);
  });

  it('a takeover after the window closes the round: revealed if the card had arrived, closed unposted if not', async () => {
    await crash('after');
    clock.set('2026-03-20T11:30:00Z'); // the whole window passed with no scheduler running
    expect(await scheduler('late').tick()).toMatchObject({ recovered: 1 });
    clock.set('2026-03-20T11:31:00Z'); // a reveal waits a minute after the claim, like a retry
    expect(await scheduler('late').tick()).toMatchObject({ revealed: 1 });
    expect((await roundRows())[0]!.revealed).toBe(true);
    expect(cards(sender, 'c1')).toHaveLength(1);

    await database.db.execute(sql`truncate workspaces, decks restart identity cascade`);
    sender = new RecordingSender('discord');
    await seedDaily(database.db, { channels: ['c1'], localTime: '09:00', timeZone: 'UTC', windowMinutes: 120, since: new Date('2026-03-19T00:00:00Z') });
    await crash('before');
    clock.set('2026-03-20T11:30:00Z');
    expect(await scheduler('late').tick()).toMatchObject({ posted: 0, skipped: 1, revealed: 0 });
    expect(sender.posts('c1')).toHaveLength(0);
    expect(await roundRows()).toEqual([expect.objectContaining({ message_ref: null, revealed: true })]);
    expect((await promptRows(database.db)).find((p) => p.local_date === '2026-03-20')).toMatchObject({ state: 'skipped', note: expect.stringContaining('closed unposted') });
  });

  it('died between opening the round and recording it: the takeover closes that unposted round and posts one of its own', async () => {
    const real = createSchedulerStore(database.db);
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    const dyingStore: SchedulerStore = Object.assign(Object.create(real) as SchedulerStore, {
      attachRound: () => {
        died();
        return new Promise<never>(() => {});
      },
    });
    clock.set('2026-03-20T09:00:00Z');
    void scheduler('dead', [sender], dyingStore).tick();
    await dead;
    const [orphan] = await roundRows();

    clock.set('2026-03-20T09:11:00Z');
    expect((await scheduler('survivor').tick()).posted).toBe(1);
    const all = await roundRows();
    expect(all).toHaveLength(2);
    expect(all.find((r) => r.id === orphan!.id)).toMatchObject({ message_ref: null, revealed: true });
    expect(cards(sender, 'c1').map((p) => p.roundId)).toEqual([await promptRound()]);
    expect(await promptRound()).not.toBe(orphan!.id);
  });
  it('a fan-out held up behind a slow post keeps the whole batch: the rows waiting their turn are renewed too', async () => {
    await seedDaily(database.db, { channels: ['c2', 'c3'], localTime: '09:00', timeZone: 'UTC', windowMinutes: 120, since: new Date('2026-03-19T00:00:00Z'), deckSlug: 'more' });
    const slow = slowSender(sender);
    clock.set(at(0));
    const holder = scheduler('holder', [slow.sender], createSchedulerStore(database.db), 1); // one post at a time
    const holding = holder.tick();
    await slow.waiting;
    for (let s = 10; s <= 240; s += 10) {
      clock.set(at(s));
      await holder.renewClaims();
      if (s % 30 === 0) expect((await scheduler('other').tick()).claimed).toBe(0);
    }
    slow.finish();
    expect(await holding).toMatchObject({ posted: 3, retrying: 0 }); // (the 19th's prompts, missed, are skipped)
    for (const c of ['c1', 'c2', 'c3']) expect(cards(sender, c)).toHaveLength(1);
  });

  it('a claimant that renewed for a while and then died is taken over a lease after its last renewal', async () => {
    const dying = dyingSender(sender, 'after');
    clock.set(at(0));
    const dead = scheduler('dead', [dying.sender]);
    void dead.tick();
    await dying.died;
    for (let s = 10; s <= 120; s += 10) {
      clock.set(at(s));
      await dead.renewClaims(); // alive, though its post never returns
    }
    // Its last renewal was at 09:02:00; then it is gone.
    clock.set(at(179));
    expect((await scheduler('survivor').tick()).claimed).toBe(0);
    clock.set(at(180));
    expect(await scheduler('survivor').tick()).toMatchObject({ claimed: 1, posted: 0, recovered: 1 });
    expect(cards(sender, 'c1')).toHaveLength(1);
  });

  it('a channel turned off while its card was mid-post still gets its round closed when the window ends', async () => {
    await crash('after');
    await database.db.execute(sql`update channel_settings set enabled = false`);
    clock.set('2026-03-20T09:30:00Z');
    expect(await scheduler('survivor').tick()).toMatchObject({ claimed: 0, skipped: 0 });
    expect((await roundRows())[0]!.revealed).toBe(false);
    clock.set('2026-03-20T11:00:00Z');
    expect(await scheduler('survivor').tick()).toMatchObject({ claimed: 0, skipped: 1 });
    expect((await roundRows())[0]!.revealed).toBe(true);
    expect((await promptRows(database.db)).find((p) => p.local_date === '2026-03-20')).toMatchObject({ state: 'failed' });
    expect(cards(sender, 'c1')).toHaveLength(1);
  });
});
