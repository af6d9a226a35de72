/**
 * The bot keeps working when its server connections die under load (issue 12, item 2): backends killed
 * with pg_terminate_backend, a restart (connections cut, then "the database system is starting up"),
 * and a failover (connections cut, refused, then served from a new address). Runs against the server only
 * (DATABASE_URL), each test on its own fresh database; only that database's backends are terminated.
 *
 * Every answer a user sees acknowledged must be in the database exactly once, with its one review log
 * and no doubled points; users told to try again retry as a person would, with the same interaction.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../src/app.js';
import type { Actor } from '../../src/core/commands.js';
import { parseId } from '../../src/core/ids.js';
import { seededRandom } from '../../src/core/random.js';
import type { StudyBot } from '../../src/core/service.js';
import type { Database } from '../../src/db/connect.js';
import { resilientStore } from '../../src/db/resilient-store.js';
import { queryRows } from '../../src/db/rows.js';
import { FakeClock } from '../support/clock.js';
import { openFreshServerDatabase } from '../support/db.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const serverUrl = process.env.DATABASE_URL;
const USERS = 12;
const ROUNDS = 20;
/** A user who keeps being told to try again gives up after this many tries (the test then fails). */
const MAX_TRIES = 30;

interface Harness {
  database: Database;
  bot: StudyBot;
  retries: number;
  unexpected: unknown[];
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  cleanup = [];
});

async function harness(url: string): Promise<Harness> {
  const database = await openFreshServerDatabase(url, 6);
  cleanup.push(() => database.close());
  const h: Harness = { database, bot: undefined as unknown as StudyBot, retries: 0, unexpected: [] };
  h.bot = await createStudyBot({
    db: database.db,
    clock: new FakeClock(new Date('2026-03-02T10:00:00Z')),
    random: seededRandom(3),
    wrapStore: (store) => resilientStore(store, { onRetry: () => h.retries++ }),
    onError: (error) => h.unexpected.push(error),
  });
  return h;
}

const actor = (user: string): Actor => ({
  platform: 'discord',
  workspaceId: 'faults',
  channelId: `${user}-ch`,
  userId: user,
  displayName: user,
  canManage: false,
  timeZone: 'UTC',
});

/** Opens ROUNDS quiz rounds per user (before any fault). */
async function openRounds(bot: StudyBot): Promise<Map<string, number[]>> {
  const rounds = new Map<string, number[]>();
  for (let u = 0; u < USERS; u++) {
    const user = `u${u}`;
    const ids: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const outcome = await bot.handle({ actor: actor(user), command: { type: 'quiz', deck: 'gan' } });
      const action = parseId(outcome.reply?.choices?.[0]?.id);
      if (action?.kind !== 'mcq') throw new Error(`no round opened: ${outcome.reply?.text}`);
      ids.push(action.round);
    }
    rounds.set(user, ids);
  }
  return rounds;
}

interface BurstResult {
  acknowledged: Set<string>;
  toldToRetry: number;
  gaveUp: string[];
}

/**
 * Every user answers their rounds one after another, all users at once. `afterAcknowledged(n)` runs when
 * the n-th answer is acknowledged (the fault schedule hangs off it, so faults land mid-burst).
 */
async function burst(bot: StudyBot, rounds: Map<string, number[]>, afterAcknowledged: (n: number) => void): Promise<BurstResult> {
  const result: BurstResult = { acknowledged: new Set(), toldToRetry: 0, gaveUp: [] };
  await Promise.all(
    [...rounds].map(async ([user, ids]) => {
      for (const round of ids) {
        const request = { actor: actor(user), command: { type: 'press' as const, id: `sb1:mcq:${round}:1` }, interactionId: `${user}-${round}` };
        let done = false;
        for (let attempt = 0; attempt < MAX_TRIES && !done; attempt++) {
          const outcome = await bot.handle(request);
          const text = outcome.reply?.text ?? '';
          // A verdict updates the question's message; "already answered" means an earlier try committed.
          if (outcome.update || /already answered/.test(text)) done = true;
          else if (/try again/i.test(text)) result.toldToRetry++;
          else throw new Error(`unexpected reply for ${user} round ${round}: ${text}`);
        }
        if (!done) {
          result.gaveUp.push(`${user}-${round}`);
          continue;
        }
        result.acknowledged.add(`${user}-${round}`);
        afterAcknowledged(result.acknowledged.size);
      }
    }),
  );
  return result;
}

/** What the database holds for the burst: answer pairs, and any doubled review logs or points. */
async function committed(database: Database) {
  const pairs = await queryRows<{ pair: string }>(
    database.db,
    sql`select u.external_id || '-' || a.round_id as pair from answers a join users u on u.id = a.user_id`,
  );
  const [logs] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from review_logs where source = 'quiz'`);
  const doubledPoints = await queryRows<{ answer_id: number }>(
    database.db,
    sql`select answer_id from points_ledger where answer_id is not null group by answer_id, reason having count(*) > 1`,
  );
  return { pairs: new Set(pairs.map((r) => r.pair)), quizLogs: logs!.n, doubledPoints: doubledPoints.length };
}

function expectExactlyOnce(result: BurstResult, db: Awaited<ReturnType<typeof committed>>, h: Harness): void {
  expect(h.unexpected).toEqual([]);
  expect(result.gaveUp).toEqual([]);
  expect(result.acknowledged.size).toBe(USERS * ROUNDS);
  expect([...db.pairs].sort()).toEqual([...result.acknowledged].sort());
  expect(db.quizLogs).toBe(USERS * ROUNDS);
  expect(db.doubledPoints).toBe(0);
}

describe.skipIf(!serverUrl)('lost server connections', () => {
  it('survives its backends being terminated during a burst of answers, and nothing is lost or doubled', { timeout: 240_000 }, async () => {
    const h = await harness(serverUrl!);
    const name = (await queryRows<{ name: string }>(h.database.db, sql`select current_database() as name`))[0]!.name;
    const rounds = await openRounds(h.bot);

    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    cleanup.push(() => admin.end());
    const terminated: number[] = [];
    const kills: Promise<void>[] = [];
    const killAt = new Set([20, 60, 100, 140, 180]);
    const result = await burst(h.bot, rounds, (n) => {
      if (!killAt.has(n)) return;
      kills.push(
        admin
          .query<{ n: number }>(
            `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
              where datname = $1 and pid <> pg_backend_pid()) killed`,
            [name],
          )
          .then((res) => void terminated.push(res.rows[0]!.n)),
      );
    });
    await Promise.all(kills);

    expect(terminated).toHaveLength(killAt.size);
    expect(terminated.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The kills interrupted real work: some calls had to be retried (or users told to try again).
    expect(h.retries + result.toldToRetry).toBeGreaterThan(0);
    expectExactlyOnce(result, await committed(h.database), h);
    // Recovered: a plain round trip and a new command work straight away.
    await h.database.ping();
    const stats = await h.bot.handle({ actor: actor('u0'), command: { type: 'stats' } });
    expect(stats.reply?.text).not.toMatch(/try again|went wrong/i);
  });

  it.each([
    ['a restart ("starting up" after the cut)', 'starting-up'],
    ['a failover (connections refused, then a new address)', 'reset'],
  ] as const)('rides out %s in the middle of a burst', { timeout: 240_000 }, async (_what, mode) => {
    const upstream = new URL(serverUrl!);
    const proxies: TcpProxy[] = [];
    const proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    proxies.push(proxy);
    cleanup.push(() => Promise.all(proxies.map((p) => p.close())).then(() => {}));
    const viaProxy = new URL(serverUrl!);
    viaProxy.port = String(proxy.port);
    const h = await harness(viaProxy.toString());
    const rounds = await openRounds(h.bot);

    let outage: Promise<void> | undefined;
    const result = await burst(h.bot, rounds, (n) => {
      if (n !== 80) return;
      proxy.cut(mode);
      // The server is back once the bot has been turned away three times (it retries by itself).
      outage = proxy.refusals(3).then(() => {
        if (mode === 'reset') proxy.upstream = { host: '127.0.0.1', port: Number(upstream.port || 5432) };
        proxy.mode = 'forward';
      });
    });
    await outage;

    expect(proxy.refused).toBeGreaterThanOrEqual(3);
    expect(h.retries + result.toldToRetry).toBeGreaterThan(0);
    expectExactlyOnce(result, await committed(h.database), h);
    await h.database.ping();
  });
});
