/**
 * Interactions end to end through each adapter, closed loop: `--concurrency` players each press an
 * answer, wait for the acknowledgement, and press the next (on the next question). In: a signed Slack
 * request (HTTP mode), a signed Discord HTTP interaction, or a Discord gateway dispatch, from the
 * platforms' stand-ins. Out: the acknowledgement (Slack's HTTP 200, Discord's initial response) and
 * the reply (the verdict, sent after). The bot runs in processes of its own
 * (bench/interactions-replica.ts), wired as in production, interaction inbox included, on the
 * Postgres server when DATABASE_URL is set (a database made for the run and dropped after) or on
 * PGlite (in memory, inside the bot process: its CPU counts as the bot's).
 *
 *   npm run bench:interactions -- [--platform slack,discord-http,gateway] [--concurrency 1,16,64]
 *     [--presses 400] [--questions 8] [--warmup 2000] [--replicas 1] [--log-level info] [--compiled] [--statements] [--profile DIR]
 *
 * Per platform and level: interactions/s, p50/p99/max time to the acknowledgement, bot CPU per
 * interaction, database statements, calls to the platform's API and log lines per interaction,
 * replies sent, the Postgres server's CPU and this process's (stand-in and players) per interaction,
 * the load average;
 * then a one-line summary.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchDatabase } from './interactions-db.js';
import { discordDriver } from './interactions-discord.js';
import type { PlatformDriver } from './interactions-driver.js';
import type { Platform, ReplicaReport, ReplicaSetup } from './interactions-replica.js';
import { slackDriver } from './interactions-slack.js';

const { values: args } = parseArgs({
  options: {
    platform: { type: 'string', default: 'slack,discord-http,gateway' },
    concurrency: { type: 'string', default: '1,16,64' },
    /** Presses per level (rounded up to a whole number per player). */
    presses: { type: 'string', default: '400' },
    /**
     * Questions the presses go to. Few, as in a busy channel: on Slack each question's public count is
     * edited with chat.update, which allows ~50 a minute per workspace (src/bot/slack/updates.ts).
     */
    questions: { type: 'string', default: '8' },
    /** Presses before the first level, not counted (JIT, caches, pools). */
    // A bot runs for days: its first ~thousand presses pay V8's compiling and the pools' filling, which a
    // short warm-up left in the figures (Slack 3.6 ms of CPU a press after 120, 2.1 ms after 2,000).
    warmup: { type: 'string', default: '2000' },
    replicas: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'info' },
    /** Print the statements per press by kind. */
    statements: { type: 'boolean', default: false },
    /** Run the bot processes on compiled JavaScript under plain node, as the Docker image does (no tsx). */
    compiled: { type: 'boolean', default: false },
    /** Write a CPU profile of each bot process per level (<platform>-<db>-c<level>-r<n>.cpuprofile) to this folder. */
    profile: { type: 'string' },
  },
});

const PLATFORMS: Platform[] = ['slack', 'discord-http', 'gateway'];
const platforms = args.platform.split(',').map((p) => p.trim()) as Platform[];
const levels = args.concurrency.split(',').map(Number);
const presses = Number(args.presses);
const warmup = Number(args.warmup);
const questions = Number(args.questions);
const replicaCount = Number(args.replicas);
const WARMUP_PLAYERS = 8;
if (platforms.some((p) => !PLATFORMS.includes(p))) fail(`--platform takes ${PLATFORMS.join(', ')}`);
if ([...levels, presses, replicaCount, questions].some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(warmup) || warmup < 0) {
  fail('--concurrency, --presses and --replicas take whole numbers of at least 1');
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

interface Replica {
  endpoint: string;
  report(): Promise<ReplicaReport>;
  go(label: string): void;
  stop(): Promise<void>;
}

/** The bot process's entry point: the TypeScript under tsx, or (--compiled) its build, made now. */
function replicaEntry(): { path: string; execArgv: string[] } {
  if (!args.compiled) return { path: new URL('./interactions-replica.ts', import.meta.url).pathname, execArgv: ['--import', 'tsx'] };
  const root = new URL('..', import.meta.url).pathname;
  execFileSync(`${root}node_modules/.bin/tsc`, ['-p', `${root}bench/tsconfig.replica.json`], { stdio: 'inherit' });
  return { path: `${root}dist/bench-replica/bench/interactions-replica.js`, execArgv: [] };
}

let entry: { path: string; execArgv: string[] } | undefined;

function forkReplica(setup: ReplicaSetup, url: string | undefined): Promise<Replica> {
  const { DATABASE_URL: _, ...env } = process.env;
  entry ??= replicaEntry();
  const child: ChildProcess = fork(entry.path, [JSON.stringify(setup)], {
    execArgv: entry.execArgv,
    env: url ? { ...env, DATABASE_URL: url } : env,
  });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bot process ${setup.index} exited with ${code}`)));
    void next<{ endpoint: string }>().then(({ endpoint }) => {
      child.removeAllListeners('exit');
      resolve({
        endpoint,
        go: (label) => void child.send({ go: label }),
        report: () => {
          const answer = next<ReplicaReport>();
          child.send('report');
          return answer;
        },
        stop: () => new Promise<void>((done) => (child.once('exit', () => done()), child.send('stop'))),
      });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/**
 * `players` players, closed loop, each pressing `each` times: the k-th press is on question k mod
 * `questions`, by a player who has not answered it yet (a new one every round of the questions).
 */
async function closedLoop(driver: PlatformDriver, firstPlayer: number, players: number, each: number) {
  const times: number[] = [];
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: players }, async (_, p) => {
      for (let k = 0; k < each; k++) {
        const who = firstPlayer + p + players * Math.floor(k / questions);
        const result = await driver.press(who, k % questions, sent++).catch(() => ({ ok: false, ms: NaN }));
        if (result.ok) times.push(result.ms);
        else failed++;
      }
    }),
  );
  return { times: times.sort((a, b) => a - b), failed, wallMs: performance.now() - started };
}

interface Row {
  platform: Platform;
  level: number;
  rate: number;
  p50: number;
  p99: number;
  cpu: number;
  load: string;
}

async function runPlatform(platform: Platform, rows: Row[]): Promise<void> {
  const database = await benchDatabase();
  // One PGlite lives in one process: more replicas need the server.
  const replicasHere = database.kind === 'pglite' ? 1 : replicaCount;
  const driver = platform === 'slack' ? await slackDriver() : await discordDriver(platform === 'gateway' ? 'gateway' : 'http');
  // The gateway stand-in dispatches to every connection: one bot process there.
  const count = platform === 'gateway' ? 1 : replicasHere;
  const replicas: Replica[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const profileDir = args.profile;
      replicas.push(await forkReplica({ ...driver.replicaSetup, platform, index: i, logLevel: args['log-level'], profileDir }, database.url));
    }
    await driver.attach(replicas.map((r) => r.endpoint));
    await driver.openRounds(questions);
    const how = args.compiled ? 'compiled, under node' : 'under tsx';
    console.log(`\n${platform} on ${database.kind}, ${count} bot process(es) (${how}), presses on ${questions} questions, log level ${args['log-level']}`);
    if (warmup > 0) await closedLoop(driver, 900_000, WARMUP_PLAYERS, Math.ceil(warmup / WARMUP_PLAYERS));
    await Promise.all(replicas.map((r) => r.report()));

    for (const [index, level] of levels.entries()) {
      const each = Math.ceil(presses / level);
      const repliesBefore = driver.replies();
      const callsBefore = driver.calls();
      const serverBefore = await database.serverCpuMs();
      const benchBefore = process.cpuUsage();
      for (const [r, replica] of replicas.entries()) replica.go(`${platform}-${database.kind}-c${level}-r${r}`);
      const { times, failed, wallMs } = await closedLoop(driver, (index + 1) * 100_000, level, each);
      const reports = await Promise.all(replicas.map((r) => r.report()));
      const benchCpu = process.cpuUsage(benchBefore);
      const serverAfter = await database.serverCpuMs();
      const load = loadavg().map((n) => n.toFixed(2)).join(' ');
      const total = level * each;
      const cpu = reports.reduce((sum, r) => sum + r.cpuMs, 0) / total;
      const statements = reports.reduce((sum, r) => sum + r.statements, 0) / total;
      const logLines = reports.reduce((sum, r) => sum + r.logLines, 0) / total;
      const apiCalls = (driver.calls() - callsBefore) / total;
      const server = serverAfter === undefined ? 'in the bot process' : `${((serverAfter - serverBefore!) / total).toFixed(2)} ms`;
      const standIn = (benchCpu.user + benchCpu.system) / 1000 / total;
      const { served, loopDelay } = reports[0]!;
      const inBot =
        (served ? `, in the bot p50 ${served.p50.toFixed(1)} ms, p99 ${served.p99.toFixed(1)} ms` : '') +
        `, event loop delay p99 ${loopDelay.p99.toFixed(0)} ms, max ${loopDelay.max.toFixed(0)} ms`;
      const row: Row = { platform, level, rate: (total * 1000) / wallMs, p50: percentile(times, 50), p99: percentile(times, 99), cpu, load };
      rows.push(row);
      console.log(
        `  ${String(level).padStart(3)} concurrent: ${row.rate.toFixed(0)} interactions/s, ack p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ` +
          `max ${(times.at(-1) ?? NaN).toFixed(1)} ms${inBot}; bot CPU ${cpu.toFixed(2)} ms, ${statements.toFixed(2)} statements, ${apiCalls.toFixed(2)} API calls, ${logLines.toFixed(1)} log lines per interaction; ` +
          `${total - failed}/${total} acked, ${driver.replies() - repliesBefore} replies; ` +
          `Postgres CPU ${server}, stand-in and players ${standIn.toFixed(2)} ms per interaction; load ${load}`,
      );
      if (args.statements) {
        const kinds = new Map<string, number>();
        for (const r of reports) for (const [kind, n] of Object.entries(r.kinds)) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
        for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`      ${(n / total).toFixed(2)}  ${kind}`);
      }
    }
    const violations = driver.violations();
    console.log(`  stand-in violations: ${violations.length}${violations.length ? ` (first: ${violations[0]})` : ''}`);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await driver.close().catch(() => undefined);
    await database.drop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const platform of platforms) await runPlatform(platform, rows);
  const db = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const parts = rows.map((r) => `${r.platform}@${r.level} ${r.rate.toFixed(0)}/s p99 ${r.p99.toFixed(0)} ms ${r.cpu.toFixed(2)} ms CPU`);
  console.log(`\nsummary (${db}, ${replicaCount} replica(s), load ${loadavg().map((n) => n.toFixed(2)).join(' ')}): ${parts.join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
