/**
 * Discord HTTP interactions at a fixed rate, end to end: the Discord stand-in signs each button press
 * (Ed25519) and POSTs it to the bot's interactions endpoint, the real adapter verifies it and asks the
 * real core (PGlite, or the Postgres server when DATABASE_URL is set: a fresh database, dropped
 * afterwards), and the HTTP answer is the initial interaction response. Follow-ups go over REST to
 * the stand-in as in production.
 *
 *   npx tsx bench/interactions.ts [--presses 2000] [--users 200] [--rate 200] [--replicas 1] [--in-process] [--profile DIR]
 *
 * `--users` players answer ceil(presses / users) MCQ questions, each in its own channel, one press
 * per player per question; press i goes out at i / rate seconds, to replica i mod replicas (each
 * replica its own adapter and core, sharing the database). On Postgres each replica is a process of
 * its own (bench/interactions-replica.ts) unless `--in-process`; on PGlite, which one process owns,
 * they share this one. Prints p50/p99/max time to the HTTP answer, the share answered within
 * Discord's 3 s, statuses, CPU per press (of the replica processes alone when they are apart; else
 * of this process: bot, stand-in and sender together), and a one-line summary.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { desc } from 'drizzle-orm';
import { createStudyBot } from '../src/app.js';
import { startDiscord } from '../src/bot/discord/index.js';
import type { DiscordHttpAdapter } from '../src/bot/discord/http-mode.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { quizRounds } from '../src/db/schema.js';
import { DiscordStandIn, type HttpDelivery } from '../test/support/discord-standin.js';
import { InteractionFactory, str, type TestUser } from '../test/support/discord-interactions.js';

const { values: args } = parseArgs({
  options: {
    presses: { type: 'string', default: '2000' },
    users: { type: 'string', default: '200' },
    rate: { type: 'string', default: '200' },
    replicas: { type: 'string', default: '1' },
    'in-process': { type: 'boolean', default: false },
    /** Write each replica process's CPU profile (.cpuprofile) to this folder. */
    profile: { type: 'string' },
  },
});
const presses = Number(args.presses);
const userCount = Number(args.users);
const rate = Number(args.rate);
const replicaCount = Number(args.replicas);
for (const [name, value] of Object.entries({ presses, users: userCount, rate, replicas: replicaCount })) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1`);
    process.exit(2);
  }
}

const APPLICATION_ID = '700000000000000001';
const GUILD_ID = '710000000000000001';
const TOKEN = 'bench-bot-token';
const DEADLINE_MS = 3000;

async function openBenchDatabase(): Promise<{ database: Database; kind: string; url?: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    return { database: await openDatabase(), kind: 'pglite', drop: async () => {} };
  }
  const pg = (await import('pg')).default;
  const name = `studybot_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    database: await openDatabase({ url: target.toString() }),
    kind: 'postgres',
    url: target.toString(),
    drop: async () => {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A replica in a process of its own; resolves once its endpoint listens. */
function forkReplica(url: string, standIn: DiscordStandIn, index: number): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = fork(new URL('./interactions-replica.ts', import.meta.url).pathname, [standIn.apiBase, standIn.publicKeyHex, APPLICATION_ID, GUILD_ID, TOKEN, String(index)], {
    execArgv: ['--import', 'tsx', ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [])],
    env: { ...process.env, DATABASE_URL: url },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { endpoint: string }) => resolve({ endpoint: message.endpoint, child }));
    child.once('exit', (code) => reject(new Error(`replica ${index} exited with ${code}`)));
  });
}

function stopReplica(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpuMs: number }) => resolve(message.cpuMs));
    child.send('stop');
  });
}

async function main(): Promise<void> {
  const { database, kind, url, drop } = await openBenchDatabase();
  const standIn = await DiscordStandIn.start({ applicationId: APPLICATION_ID, token: TOKEN });
  const log = pino({ level: 'warn' }, pino.destination(2));
  const apart = url !== undefined && !args['in-process'];
  const replicas: { endpoint: string; go?(): void; stop(): Promise<number | undefined> }[] = [];
  for (let i = 0; i < replicaCount; i++) {
    if (apart) {
      const { endpoint, child } = await forkReplica(url, standIn, i);
      replicas.push({ endpoint, go: () => void child.send('go'), stop: () => stopReplica(child) });
      continue;
    }
    const bot = await createStudyBot({ db: database.db });
    const adapter = await startDiscord({
      bot,
      token: TOKEN,
      applicationId: APPLICATION_ID,
      guildId: GUILD_ID,
      apiBase: standIn.apiBase,
      log: log.child({ replica: i }),
      http: { publicKey: standIn.publicKeyHex, port: 0 },
    });
    const http = adapter as DiscordHttpAdapter;
    replicas.push({ endpoint: http.endpoint, stop: async () => void (await http.stop()) });
  }

  const users: TestUser[] = Array.from({ length: userCount }, (_, i) => ({ id: String(830000000000000000n + BigInt(i)), username: `u${i}`, globalName: `User ${i}` }));
  const questions = Math.ceil(presses / userCount);
  const rounds: { factory: InteractionFactory; message: any; buttons: any[] }[] = [];
  for (let q = 0; q < questions; q++) {
    const factory = new InteractionFactory(standIn, { guildId: GUILD_ID, channelId: String(740000000000000000n + BigInt(q)) });
    const quiz = factory.slash(users[q % userCount]!, 'quiz', [str('deck', 'gan'), str('mode', 'mcq')]);
    const answer = await standIn.deliver(replicas[0]!.endpoint, quiz);
    if (answer.status !== 200 || answer.body.type !== 4) throw new Error(`could not start question ${q}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    const buttons = answer.body.data.components.flatMap((row: any) => row.components).filter((b: any) => b.label !== 'Reveal');
    rounds.push({ factory, message: standIn.originalOf(quiz.token)!, buttons });
  }
  const [latest] = await database.db.select().from(quizRounds).orderBy(desc(quizRounds.id)).limit(1);
  if (!latest) throw new Error('no rounds were opened');

  console.log(`${presses} presses by ${userCount} users on ${questions} questions, ${rate}/s, ${replicaCount} replica(s) ${apart ? 'in their own processes' : 'in this process'}, ${kind}`);
  const results: HttpDelivery[] = new Array(presses);
  for (const replica of replicas) replica.go?.(); // CPU counts from here
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < presses; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const round = rounds[Math.floor(i / userCount)]!;
    const user = users[i % userCount]!;
    const button = round.buttons[i % round.buttons.length];
    const press = round.factory.button(user, round.message, button.custom_id);
    inFlight.push(
      standIn.deliver(replicas[i % replicaCount]!.endpoint, press).then(
        (result) => void (results[i] = result),
        (error) => void (results[i] = { status: 0, body: String(error), contentType: undefined, ms: performance.now() - due }),
      ),
    );
  }
  await Promise.all(inFlight);
  const wallMs = performance.now() - started;
  // Stopping lets the follow-ups finish; a replica apart reports its own CPU.
  const replicaCpuMs = await Promise.all(replicas.map((replica) => replica.stop()));
  const cpu = process.cpuUsage(cpuBefore);

  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const ok = results.filter((r) => r.status === 200).length;
  const within = results.filter((r) => r.status === 200 && r.ms <= DEADLINE_MS).length;
  const statuses = new Map<number, number>();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const types = new Map<number, number>();
  for (const r of results) if (r.status === 200) types.set(r.body.type, (types.get(r.body.type) ?? 0) + 1);
  const cpuMsPerPress = (apart ? replicaCpuMs.reduce((sum: number, ms) => sum + (ms ?? 0), 0) : (cpu.user + cpu.system) / 1000) / presses;
  const cpuWhat = apart ? 'replica processes' : 'bench process (bot, stand-in and sender)';
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);

  console.log(`time to HTTP answer: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
  console.log(`answered within 3 s: ${((100 * within) / presses).toFixed(2)}% (${within} of ${presses})`);
  console.log(`HTTP statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; response types: ${[...types].map(([t, n]) => `${t}×${n}`).join(', ')}`);
  console.log(`throughput: ${((presses * 1000) / wallMs).toFixed(0)} presses/s offered ${rate}/s; CPU of the ${cpuWhat}: ${cpuMsPerPress.toFixed(2)} ms per press`);
  console.log(`stand-in violations: ${standIn.violations.length}${standIn.violations.length ? ` (first: ${standIn.violations[0]})` : ''}`);
  console.log(
    `summary: ${presses} signed presses at ${rate}/s on ${replicaCount} replica(s) (${kind}): p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ` +
      `${((100 * within) / presses).toFixed(1)}% within 3 s, ${ok} answered 200, ${cpuMsPerPress.toFixed(2)} ms CPU/press (${apart ? 'replicas' : 'whole process'})`,
  );

  await standIn.close();
  await database.close();
  await drop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
