import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { queryRows } from '../../src/db/rows.js';
import { seededRandom } from '../../src/core/random.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { createSchedulerStore } from '../../src/db/prompt-store.js';
import { dbTargets } from '../support/db.js';
import { FakeClock, FakeRoundOpener, RecordingSender, promptRows, seedDaily } from './support.js';

const STOCKHOLM = 'Europe/Stockholm';

/** Daily cards (not reveals) posted to a channel. */
const cardsPosted = (sender: RecordingSender, channelId: string) => sender.posts(channelId).filter((p) => p.message.title === 'Daily card');

describe.each(dbTargets)('daily scheduler on $name', (target) => {
  let database: Database;
  let clock: FakeClock;
  let sender: RecordingSender;
  let rounds: FakeRoundOpener;

  // One database per target (opening PGlite is slow); every test starts from empty tables.
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.db.execute(sql`truncate workspaces, decks restart identity cascade`);
    clock = new FakeClock(new Date('2026-03-20T00:00:00Z'));
    sender = new RecordingSender('discord');
    rounds = new FakeRoundOpener(database.db);
  });

  const scheduler = (instanceId = 'a') =>
    createScheduler({ store: createSchedulerStore(database.db), rounds, senders: [sender], clock, instanceId, random: seededRandom(7) });

  it('fires at 09:00 local on both sides of the spring DST change, and not an hour early or late', async () => {
    await seedDaily(database.db, { channels: ['c1'], localTime: '09:00', timeZone: STOCKHOLM, since: new Date('2026-03-27T12:00:00Z') });
    const s = scheduler();

    // Saturday 28 March: CET (+01:00), so 09:00 local is 08:00Z.
    clock.set('2026-03-28T07:59:00Z');
    expect((await s.tick()).posted).toBe(0);
    clock.set('2026-03-28T08:00:00Z');
    expect((await s.tick()).posted).toBe(1);

    // Sunday 29 March: CEST (+02:00) from 01:00Z, so 09:00 local is 07:00Z.
    clock.set('2026-03-29T06:59:00Z');
    expect((await s.tick()).posted).toBe(0);
    clock.set('2026-03-29T07:00:00Z');
    expect((await s.tick()).posted).toBe(1);
    clock.set('2026-03-29T08:00:00Z');
    expect((await s.tick()).posted).toBe(0);

    const rows = await promptRows(database.db);
    const byDate = Object.fromEntries(rows.map((r) => [r.local_date, r]));
    expect(byDate['2026-03-28']).toMatchObject({ state: 'revealed', due_at: '2026-03-28T08:00Z' });
    expect(byDate['2026-03-29']).toMatchObject({ state: 'posted', due_at: '2026-03-29T07:00Z' });
    expect(cardsPosted(sender, 'c1')).toHaveLength(2);
  });

  it('fires a nonexistent spring-forward time at the first valid minute, and a repeated autumn time once', async () => {
    await seedDaily(database.db, { channels: ['spring'], localTime: '02:30', timeZone: STOCKHOLM, since: new Date('2026-03-28T12:00:00Z') });
    const s = scheduler();
    // 02:30 does not exist on 29 March in Stockholm (02:00 -> 03:00); 03:00 CEST is 01:00Z.
    clock.set('2026-03-29T00:59:00Z');
    expect((await s.tick()).posted).toBe(0);
    clock.set('2026-03-29T01:00:00Z');
    expect((await s.tick()).posted).toBe(1);

    await seedDaily(database.db, { workspace: 'guild-2', channels: ['autumn'], localTime: '02:30', timeZone: STOCKHOLM, since: new Date('2026-10-24T12:00:00Z') });
    // 25 October: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET): post at the first only.
    clock.set('2026-10-25T00:29:00Z');
    await s.tick();
    expect(cardsPosted(sender, 'autumn')).toHaveLength(0);
    clock.set('2026-10-25T00:30:00Z');
    await s.tick();
    expect(cardsPosted(sender, 'autumn')).toHaveLength(1);
    clock.set('2026-10-25T01:30:00Z');
    await s.tick();
    expect(cardsPosted(sender, 'autumn')).toHaveLength(1);
    const rows = await promptRows(database.db);
    expect(rows.filter((r) => r.local_date === '2026-10-25').map((r) => r.due_at)).toEqual(['2026-10-25T00:30Z', '2026-10-25T00:30Z']);
  });

  it('two schedulers ticking concurrently post each prompt exactly once', async () => {
    const channels = Array.from({ length: 40 }, (_, i) => `ch${i}`);
    await seedDaily(database.db, { channels, localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-19T00:00:00Z') });
    // On the server the second instance gets its own connection pool, like a second replica.
    let second: Database | undefined;
    if (database.kind === 'postgres') {
      const [row] = await queryRows<{ name: string }>(database.db, sql`select current_database() as name`);
      const url = new URL(process.env.DATABASE_URL as string);
      url.pathname = `/${row!.name}`;
      second = await openDatabase({ url: url.toString(), maxConnections: 4 });
    }
    try {
      // Posts slow enough that one instance cannot finish all 40 before the other's first claim.
      const slowA = new RecordingSender('discord', 10);
      const slowB = new RecordingSender('discord', 10);
      const a = createScheduler({ store: createSchedulerStore(database.db), rounds, senders: [slowA], clock, instanceId: 'a', batchSize: 4, concurrency: 2 });
      const b = createScheduler({ store: createSchedulerStore((second ?? database).db), rounds: new FakeRoundOpener((second ?? database).db), senders: [slowB], clock, instanceId: 'b', batchSize: 4, concurrency: 2 });
      clock.set('2026-03-20T09:00:00Z');
      const reports = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      const posted = [...slowA.posts(), ...slowB.posts()].map((p) => p.channel.channelId).sort();
      expect(posted).toEqual([...channels].sort());
      expect(new Set(posted).size).toBe(channels.length);
      // Any of the four ticks may win the planning race, but together they insert each row exactly once.
      const plannedRows = await promptRows(database.db);
      expect(reports.reduce((sum, r) => sum + r.planned, 0)).toBe(plannedRows.length);
      expect(plannedRows.length).toBeGreaterThanOrEqual(channels.length);
      if (second) {
        // Two pools really did share the work.
        expect(slowA.posts().length).toBeGreaterThan(0);
        expect(slowB.posts().length).toBeGreaterThan(0);
      }
      const rows = await promptRows(database.db);
      expect(rows.filter((r) => r.local_date === '2026-03-20').every((r) => r.state === 'posted')).toBe(true);
      // Later ticks by either instance change nothing.
      clock.set('2026-03-20T09:05:00Z');
      const again = await Promise.all([a.tick(), b.tick()]);
      expect(again.map((r) => r.posted)).toEqual([0, 0]);
    } finally {
      await second?.close();
    }
  });

  it('a restart mid-window neither repeats nor loses the prompt; the reveal comes once after the window', async () => {
    await seedDaily(database.db, { channels: ['c1'], localTime: '09:00', timeZone: 'UTC', windowMinutes: 600, since: new Date('2026-03-19T00:00:00Z') });
    clock.set('2026-03-20T09:00:00Z');
    expect((await scheduler('before-restart').tick()).posted).toBe(1);

    const after = scheduler('after-restart');
    for (const t of ['2026-03-20T09:01:00Z', '2026-03-20T12:00:00Z', '2026-03-20T18:59:00Z']) {
      clock.set(t);
      const r = await after.tick();
      expect(r.posted + r.revealed).toBe(0);
    }
    clock.set('2026-03-20T19:00:00Z');
    expect((await after.tick()).revealed).toBe(1);
    clock.set('2026-03-20T19:01:00Z');
    expect((await after.tick()).revealed).toBe(0);
    expect(sender.posts('c1').map((p) => p.message.title)).toEqual(['Daily card', 'Answer']);
    // The original card is replaced by the reveal (its buttons go away).
    expect(sender.sent.filter((s) => s.kind === 'update')).toEqual([expect.objectContaining({ messageRef: sender.posts('c1')[0]!.messageRef })]);
  });

  it('posts a prompt missed during downtime while its window is open, else records it as skipped', async () => {
    await seedDaily(database.db, { channels: ['c1'], localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-19T00:00:00Z') });
    const s = scheduler();
    clock.set('2026-03-20T08:00:00Z'); // plans the 20th, then the bot goes down
    await s.tick();
    clock.set('2026-03-20T15:30:00Z'); // back inside the 12 h window
    expect((await s.tick()).posted).toBe(1);
    // The round still closes at 21:00, 12 h after the due time.
    const [round] = await queryRows<{ closes: string }>(database.db, sql`select to_char(closes_at at time zone 'UTC', 'HH24:MI') as closes from quiz_rounds`);
    expect(round!.closes).toBe('21:00');

    // Down from before the 21st's prompt until after its window: skipped with a note, the 22nd still comes.
    clock.set('2026-03-22T08:00:00Z');
    const r = await s.tick();
    expect(r.skipped).toBe(1);
    expect(r.posted).toBe(0);
    expect(r.revealed).toBe(1); // the 20th's round is revealed, not re-posted
    const rows = await promptRows(database.db);
    expect(rows.find((p) => p.local_date === '2026-03-21')).toMatchObject({ state: 'skipped', note: expect.stringContaining('missed') });
    expect(rows.find((p) => p.local_date === '2026-03-22')?.state).toBe('pending');
  });

  it('takes over a claim whose holder died before posting, only once it went a lease without renewal', async () => {
    await seedDaily(database.db, { channels: ['c1'], localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-19T00:00:00Z') });
    const s = createScheduler({ store: createSchedulerStore(database.db), rounds, senders: [sender], clock, instanceId: 'survivor', claimLeaseMs: 60_000 });
    clock.set('2026-03-20T08:00:00Z');
    await s.tick();
    // Another replica claims the prompt, renews its claim for a while, and dies.
    const other = createSchedulerStore(database.db);
    clock.set('2026-03-20T09:00:00Z');
    const options = () => ({ instanceId: 'dead', now: clock.now(), platforms: ['discord' as const], limit: 10, retryBefore: clock.now(), staleBefore: new Date(clock.now().getTime() - 60_000) });
    const [stolen, ...more] = await other.claimDuePrompts(options());
    expect(stolen).toBeDefined();
    expect(more).toHaveLength(0);
    clock.set('2026-03-20T09:00:50Z');
    await other.renewClaims([stolen!.promptId], 'dead', clock.now());
    clock.set('2026-03-20T09:01:49Z'); // 109 s after the claim, 59 s after its last renewal
    expect(await s.tick()).toMatchObject({ claimed: 0, posted: 0 });
    clock.set('2026-03-20T09:01:50Z');
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 1 });
    const rows = await promptRows(database.db);
    expect(rows.find((p) => p.local_date === '2026-03-20')).toMatchObject({ state: 'posted', claimed_by: 'survivor', note: 'reclaimed from dead' });
    expect(sender.posts('c1')).toHaveLength(1);
    // The dead one's heartbeat, had it only been slow, renews nothing now, and its writes change nothing.
    clock.set('2026-03-20T09:02:00Z');
    await other.renewClaims([stolen!.promptId], 'dead', clock.now());
    expect(await other.markPosted(stolen!.promptId, 'dead', 1, clock.now(), null)).toBe(false);
    const [row] = await queryRows<{ claimed_by: string; claimed: string; state: string }>(
      database.db,
      sql`select claimed_by, state, to_char(claimed_at at time zone 'UTC', 'HH24:MI:SS') as claimed from daily_prompts where id = ${stolen!.promptId}`,
    );
    expect(row).toEqual({ claimed_by: 'survivor', state: 'posted', claimed: '09:01:50' });
  });

  it('renews only the claims still its own, in one statement for a whole fan-out', async () => {
    await seedDaily(database.db, { channels: Array.from({ length: 300 }, (_, i) => `c${i}`), localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-19T00:00:00Z') });
    const store = createSchedulerStore(database.db);
    clock.set('2026-03-20T08:00:00Z');
    await scheduler('planner').tick();
    clock.set('2026-03-20T09:00:00Z');
    const claim = (instanceId: string, kind: 'pending' | 'stale', limit: number) =>
      store.claimDuePrompts({ instanceId, now: clock.now(), platforms: ['discord'], limit, retryBefore: clock.now(), staleBefore: new Date(clock.now().getTime() - 60_000) }, kind);
    const mine = await claim('a', 'pending', 300);
    expect(mine).toHaveLength(300);
    clock.set('2026-03-20T09:00:40Z');
    await store.renewClaims(mine.slice(0, 200).map((p) => p.promptId), 'a', clock.now());
    clock.set('2026-03-20T09:01:00Z');
    // The 100 not renewed go stale; the 200 renewed stay a's.
    expect(await claim('b', 'stale', 300)).toHaveLength(100);
    clock.set('2026-03-20T09:01:10Z');
    await store.renewClaims(mine.map((p) => p.promptId), 'a', clock.now());
    const counts = await queryRows<{ claimed_by: string; claimed: string; n: number }>(
      database.db,
      sql`select claimed_by, to_char(claimed_at at time zone 'UTC', 'HH24:MI:SS') as claimed, count(*)::int as n
          from daily_prompts where state = 'posting' group by 1, 2 order by 1`,
    );
    expect(counts).toEqual([
      { claimed_by: 'a', claimed: '09:01:10', n: 200 },
      { claimed_by: 'b', claimed: '09:01:00', n: 100 },
    ]);
  });

  it('pauses a channel the bot can no longer post in, and retries a transient error next minute', async () => {
    const { settingsIds } = await seedDaily(database.db, { channels: ['gone', 'flaky'], localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-19T00:00:00Z') });
    sender.unavailable.add('gone');
    sender.flaky.add('flaky');
    const s = scheduler();
    clock.set('2026-03-20T09:00:00Z');
    const first = await s.tick();
    expect(first).toMatchObject({ posted: 0, paused: 1, retrying: 1 });
    const [settings] = await queryRows<{ enabled: boolean; paused_reason: string | null }>(
      database.db,
      sql`select enabled, paused_reason from channel_settings where id = ${settingsIds[0]!}`,
    );
    expect(settings).toMatchObject({ enabled: true, paused_reason: expect.stringContaining('Missing Access') });

    clock.set('2026-03-20T09:00:30Z'); // too soon for the retry
    expect((await s.tick()).posted).toBe(0);
    clock.set('2026-03-20T09:01:00Z');
    expect((await s.tick()).posted).toBe(1);
    expect(cardsPosted(sender, 'flaky')).toHaveLength(1);

    // The paused channel gets nothing the next day either: no endless retries.
    clock.set('2026-03-21T09:00:00Z');
    await s.tick();
    expect(sender.posts('gone')).toHaveLength(0);
    expect(cardsPosted(sender, 'flaky')).toHaveLength(2);
  });

  it('shows the whole deck before repeating a card', async () => {
    const { cardIds } = await seedDaily(database.db, { channels: ['c1'], cards: 4, localTime: '09:00', timeZone: 'UTC', windowMinutes: 60, since: new Date('2026-03-19T00:00:00Z') });
    const s = scheduler();
    const shown: string[] = [];
    for (let day = 20; day < 28; day++) {
      clock.set(`2026-03-${day}T09:00:00Z`);
      await s.tick();
    }
    for (const p of cardsPosted(sender, 'c1')) shown.push(p.message.text.split(' ')[0]!);
    expect(shown).toHaveLength(8);
    const firstCycle = new Set(shown.slice(0, 4));
    const secondCycle = new Set(shown.slice(4, 8));
    const all = new Set(cardIds.map((id) => `card:${id}`));
    expect(firstCycle).toEqual(all);
    expect(secondCycle).toEqual(all);
  });

  it('only claims prompts for platforms it has a sender for', async () => {
    await seedDaily(database.db, { platform: 'slack', workspace: 'T1', channels: ['C1'], localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-19T00:00:00Z') });
    clock.set('2026-03-20T09:00:00Z');
    expect((await scheduler('discord-only').tick()).claimed).toBe(0);
    const slack = new RecordingSender('slack');
    const r = await createScheduler({ store: createSchedulerStore(database.db), rounds, senders: [slack], clock, instanceId: 'slack' }).tick();
    expect(r.posted).toBe(1);
    expect(slack.posts('C1')[0]!.channel).toEqual({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
  });

  it('reveals with the winners the round opener reports, in answer order', async () => {
    await seedDaily(database.db, { channels: ['c1'], localTime: '09:00', timeZone: 'UTC', windowMinutes: 60, since: new Date('2026-03-19T00:00:00Z') });
    const s = scheduler();
    clock.set('2026-03-20T09:00:00Z');
    await s.tick();
    const [round] = await queryRows<{ id: number; workspace_id: number }>(database.db, sql`select id, workspace_id from quiz_rounds`);
    const answerers: [string, boolean, string][] = [
      ['zoe', true, '09:20'],
      ['adam', false, '09:05'],
      ['bea', true, '09:10'],
    ];
    for (const [name, correct, at] of answerers) {
      const [u] = await queryRows<{ id: number }>(
        database.db,
        sql`insert into users (workspace_id, external_id, display_name) values (${round!.workspace_id}, ${name}, ${name}) returning id`,
      );
      await database.db.execute(
        sql`insert into answers (round_id, user_id, choice, score, correct, points, answered_at)
            values (${round!.id}, ${u!.id}, 0, ${correct ? 1 : 0}, ${correct}, 0, ${`2026-03-20T${at}:00Z`}::timestamptz)`,
      );
    }
    clock.set('2026-03-20T10:00:00Z');
    expect((await s.tick()).revealed).toBe(1);
    expect(sender.posts('c1').at(-1)!.message.text).toBe(`round:${round!.id} winners:bea,zoe`);
  });
});
