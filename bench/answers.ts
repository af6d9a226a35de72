/**
 * How fast can the core take quiz answers? Many simulated users answer multiple-choice quiz rounds
 * concurrently through StudyBot.handle (the adapters' entry point) against Postgres: each answer is
 * one button press -> round lookup, grade, FSRS schedule, streak and points, committed in one
 * transaction. Prints answers/s, p50/p99 of one answer, and peak memory, for 1..64 concurrent users.
 *
 *   npm run bench:answers                          # both databases, default levels
 *   npm run bench:answers -- --db server --levels 1,8,64 --answers 30 --pool 10
 *
 * --db server|pglite|both   server: a fresh database on DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 *                           dropped afterwards; pglite: the embedded in-process database (in memory).
 * --levels 1,2,4,...        concurrent users per run.
 * --answers N               answers per user per run (default 100: shorter runs swing more).
 * --pool N                  server connection pool size (default 10, the app's default).
 * --scenario spread|hot|both  spread: every user answers rounds in their own channel (many channels);
 *                           hot: all users answer the same rounds at once (one busy channel; rows contend).
 *
 * Target (2-core machine, local server): 2,000 answers/s with p99 < 50 ms.
 *
 * Besides wall-clock figures (which swing with whatever else runs), each row gives CPU ms per answer in
 * this process and in the bench database's Postgres backends, and the ceiling that implies if the
 * machine did nothing else: 2 cores / (node + pg) for the server, 1 thread / node for PGlite.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import postgres from 'postgres';
import type { Actor } from '../src/core/commands.js';
import { parseId } from '../src/core/ids.js';
import type { Outcome } from '../src/core/messages.js';
import { seededRandom } from '../src/core/random.js';
import { createStudyBot } from '../src/app.js';
import type { StudyBot } from '../src/core/service.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { answers as answersTable } from '../src/db/schema.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    levels: { type: 'string', default: '1,2,4,8,16,32,64' },
    answers: { type: 'string', default: '100' },
    pool: { type: 'string', default: '10' },
    scenario: { type: 'string', default: 'both' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const levels = values.levels.split(',').map(Number);
const answersPerUser = Number(values.answers);
const pool = Number(values.pool);
const targets = values.db === 'both' ? ['server', 'pglite'] : [values.db];
const scenarios = values.scenario === 'both' ? ['spread', 'hot'] : [values.scenario];
if (levels.some((n) => !Number.isInteger(n) || n < 1) || !(answersPerUser >= 1) || !(pool >= 1)) {
  throw new Error('--levels, --answers and --pool take positive whole numbers');
}

interface LevelResult {
  users: number;
  answers: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  peakRssMb: number;
  /** CPU ms per answer in this process (core + driver; for PGlite also the database). */
  nodeCpuMs: number;
  /** CPU ms per answer in this database's server backends (server only; from /proc). */
  pgCpuMs?: number;
}

/**
 * CPU time of the Postgres backends serving one database, from /proc (Linux): wall-clock figures
 * swing with whatever else the machine runs; CPU per answer says what an answer costs.
 */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function backendCpuMs(database: string | undefined): number | undefined {
  if (!database) return undefined;
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(database)) continue;
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      } catch {
        // the process ended between listing and reading
      }
    }
  } catch {
    return undefined;
  }
  return (ticks * 1000) / clockTicks;
}

/** The bench database's name on the server (for backendCpuMs). */
let serverDatabase: string | undefined;

// ---- memory: sampled while answering, and the process high-water mark ----
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
sampler.unref();

function actor(userId: string, channelId: string): Actor {
  return { platform: 'discord', workspaceId: 'bench', channelId, userId, displayName: userId, canManage: false, timeZone: 'UTC' };
}

function roundOf(outcome: Outcome): number {
  const action = parseId(outcome.reply?.choices?.[0]?.id);
  if (!action || action.kind !== 'mcq') throw new Error(`/quiz did not open a round: ${outcome.reply?.text}`);
  return action.round;
}

/** Runs `work` over `items` with at most `limit` at once. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function runLevel(bot: StudyBot, target: string, scenario: string, users: number): Promise<LevelResult> {
  const tag = `${target}-${scenario}-${users}`;
  const people = Array.from({ length: users }, (_, i) => `${tag}-u${i}`);
  // Set-up (not timed): the rounds each user will answer, opened with /quiz like a real channel.
  const roundsFor = new Map<string, number[]>();
  if (scenario === 'spread') {
    await inParallel(people, 8, async (user) => {
      const rounds: number[] = [];
      for (let i = 0; i < answersPerUser; i++) {
        rounds.push(roundOf(await bot.handle({ actor: actor(user, `${user}-ch`), command: { type: 'quiz', deck: 'gan' } })));
      }
      roundsFor.set(user, rounds);
    });
  } else {
    const rounds: number[] = [];
    for (let i = 0; i < answersPerUser; i++) {
      rounds.push(roundOf(await bot.handle({ actor: actor(`${tag}-host`, `${tag}-ch`), command: { type: 'quiz', deck: 'gan' } })));
    }
    for (const user of people) roundsFor.set(user, rounds);
  }
  // Users exist before timing starts, as returning users would.
  await inParallel(people, 8, async (user) => {
    await bot.handle({ actor: actor(user, `${user}-ch`), command: { type: 'help' } });
  });

  const random = seededRandom(users);
  const latencies: number[] = [];
  let failures = 0;
  peakRss = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const pgBefore = backendCpuMs(target === 'server' ? serverDatabase : undefined);
  const started = performance.now();
  await Promise.all(
    people.map(async (user) => {
      const channel = scenario === 'spread' ? `${user}-ch` : `${tag}-ch`;
      for (const round of roundsFor.get(user)!) {
        const choice = Math.floor(random() * 4);
        const t0 = performance.now();
        const outcome = await bot.handle({
          actor: actor(user, channel),
          command: { type: 'press', id: `sb1:mcq:${round}:${choice}` },
          interactionId: `${user}-${round}`,
        });
        latencies.push(performance.now() - t0);
        if (!outcome.update) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = backendCpuMs(target === 'server' ? serverDatabase : undefined);
  if (failures > 0) throw new Error(`${failures} answers were not recorded (${tag})`);
  latencies.sort((a, b) => a - b);
  return {
    users,
    answers: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1]!,
    peakRssMb: peakRss / 2 ** 20,
    nodeCpuMs: (cpu.user + cpu.system) / 1000 / latencies.length,
    pgCpuMs: pgBefore !== undefined && pgAfter !== undefined ? (pgAfter - pgBefore) / latencies.length : undefined,
  };
}

async function openTarget(target: string): Promise<Database> {
  if (target === 'pglite') return openDatabase();
  const name = `studybot_bench_${randomBytes(5).toString('hex')}`;
  serverDatabase = name;
  const admin = postgres(values.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(values.url);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: pool });
  return {
    ...database,
    close: async () => {
      await database.close();
      const again = postgres(values.url, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

function table(rows: LevelResult[]): string {
  const header = 'users   answers   answers/s   p50 ms   p99 ms   max ms   peak RSS MB   CPU ms/answer: node   pg   => CPU ceiling/s';
  const lines = rows.map((r) =>
    [
      String(r.users).padStart(5),
      String(r.answers).padStart(9),
      r.perSecond.toFixed(0).padStart(11),
      r.p50.toFixed(2).padStart(8),
      r.p99.toFixed(2).padStart(8),
      r.max.toFixed(1).padStart(8),
      r.peakRssMb.toFixed(0).padStart(13),
      r.nodeCpuMs.toFixed(2).padStart(21),
      (r.pgCpuMs === undefined ? '—' : r.pgCpuMs.toFixed(2)).padStart(6),
      // If the machine did nothing else: the server case spreads over both cores; PGlite runs on the one JS thread.
      (r.pgCpuMs === undefined ? 1000 / r.nodeCpuMs : 2000 / (r.nodeCpuMs + r.pgCpuMs)).toFixed(0).padStart(19),
    ].join(' '),
  );
  return [header, ...lines].join('\n');
}

/**
 * Where one answer's time goes, one user at a time: a bare round trip, a command that only
 * resolves the user (/help: the two upserts every command makes), and a whole answer.
 */
async function breakdown(bot: StudyBot, database: Database, target: string): Promise<void> {
  const repeat = 100;
  const user = `${target}-breakdown`;
  const rounds: number[] = [];
  for (let i = 0; i < repeat; i++) {
    rounds.push(roundOf(await bot.handle({ actor: actor(user, `${user}-ch`), command: { type: 'quiz', deck: 'gan' } })));
  }
  const steps: [string, (i: number) => Promise<unknown>][] = [
    ['select 1 (one round trip)', () => database.ping()],
    ['/help (user upserts only)', () => bot.handle({ actor: actor(user, `${user}-ch`), command: { type: 'help' } })],
    [
      'one MCQ answer',
      (i) =>
        bot.handle({
          actor: actor(user, `${user}-ch`),
          command: { type: 'press', id: `sb1:mcq:${rounds[i]}:0` },
          interactionId: `${user}-${i}`,
        }),
    ],
  ];
  console.log(`\n${target}: one user at a time, mean of ${repeat}\nstep                          ms    CPU ms: node     pg`);
  for (const [name, work] of steps) {
    const cpuBefore = process.cpuUsage();
    const pgBefore = backendCpuMs(target === 'server' ? serverDatabase : undefined);
    const started = performance.now();
    for (let i = 0; i < repeat; i++) await work(i);
    const ms = (performance.now() - started) / repeat;
    const cpu = process.cpuUsage(cpuBefore);
    const pgAfter = backendCpuMs(target === 'server' ? serverDatabase : undefined);
    const pg = pgBefore !== undefined && pgAfter !== undefined ? ((pgAfter - pgBefore) / repeat).toFixed(2) : '—';
    console.log(
      `${name.padEnd(28)}${ms.toFixed(2).padStart(6)}${((cpu.user + cpu.system) / 1000 / repeat).toFixed(2).padStart(16)}${pg.padStart(7)}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:answers — ${answersPerUser} answers per user, levels ${levels.join(',')}, pool ${pool}, node ${process.version}, ` +
      `load average ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')}`,
  );
  for (const target of targets) {
    const database = await openTarget(target);
    try {
      // The same wiring as start-up (src/app.ts), built-in decks installed.
      const bot = await createStudyBot({ db: database.db, random: seededRandom(1) });
      // Warm-up: JIT, prepared statements, connection pool.
      await runLevel(bot, `${target}-warmup`, 'spread', Math.min(8, Math.max(...levels)));
      let expected = Math.min(8, Math.max(...levels)) * answersPerUser;
      await breakdown(bot, database, target);
      expected += 100;
      for (const scenario of scenarios) {
        const rows: LevelResult[] = [];
        for (const users of levels) {
          rows.push(await runLevel(bot, target, scenario, users));
          expected += users * answersPerUser;
        }
        const label = scenario === 'spread' ? 'each user in their own channel' : 'all users on the same rounds';
        console.log(`\n${target} (${database.kind}), ${scenario}: ${label}\n${table(rows)}`);
      }
      const [row] = await database.db.select({ n: count() }).from(answersTable);
      if (row?.n !== expected) throw new Error(`expected ${expected} answers committed, found ${row?.n}`);
      console.log(`(${row.n} answers committed and checked in the database)`);
    } finally {
      await database.close();
    }
  }
  console.log(`\nprocess peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (the Postgres server's own memory is not included)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
