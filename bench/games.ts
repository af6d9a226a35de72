/**
 * Games at scale: N channels each running a game at once against the database, with simulated players,
 * real time, and the game-step runner on its own database handle (as a scheduler replica would be).
 *
 *   npx tsx bench/games.ts [--channels 1000] [--rounds 3] [--time 10] [--players 3] [--replicas 2]
 *                          [--platform slack|discord] [--latency 20] [--concurrency 50]
 *
 * Uses the Postgres server when DATABASE_URL is set (a fresh database, dropped afterwards), else PGlite.
 * Prints the lateness of reveals behind their due time (due -> reveal posted), the runners' database
 * round trips per question (counted with a drizzle logger; the players' answers run on another handle
 * and are reported apart), and the edits per question message (Slack allows ~50 chat.update a minute).
 * Also where the time goes: the event loop's delay (players and runners share this process, as the
 * adapters and the scheduler share one in production), the runners' pool queue, CPU per question, and
 * with BENCH_PROFILE=1 the runners' statements by kind.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Logger as DrizzleLogger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { createStudyBot } from '../src/app.js';
import { buildId, parseId } from '../src/core/ids.js';
import type { Message } from '../src/core/messages.js';
import type { ChannelRef, Platform, Sender } from '../src/core/ports.js';
import { migrationsFolder, type Db } from '../src/db/connect.js';
import { scratchServerDatabase } from './interactions-db.js';
import { createPool } from '../src/db/pg-pool.js';
import { createGameStepStore } from '../src/db/game-step-store.js';
import { queryRows } from '../src/db/rows.js';
import * as schema from '../src/db/schema.js';
import { createGameRunner, type StepEvent } from '../src/scheduler/game-steps.js';

const { values: args } = parseArgs({
  options: {
    channels: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    time: { type: 'string', default: '10' },
    players: { type: 'string', default: '3' },
    replicas: { type: 'string', default: '2' },
    platform: { type: 'string', default: 'slack' },
    latency: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '50' },
  },
});
const channels = Number(args.channels);
const rounds = Number(args.rounds);
const seconds = Number(args.time);
const players = Number(args.players);
const replicas = Number(args.replicas);
const platform = args.platform as Platform;
const latencyMs = Number(args.latency);
const concurrency = Number(args.concurrency);
// One question is a plain quiz, not a game: there would be no game steps to measure.
if (!Number.isInteger(rounds) || rounds < 2) {
  console.error('--rounds takes a whole number of at least 2 (a game); one question is a plain quiz');
  process.exit(2);
}

/** A platform stand-in: every call takes `latencyMs`; it records when each message was edited. */
class StandInSender implements Sender {
  readonly liveCountdown = platform === 'discord';
  posts = 0;
  readonly edits = new Map<string, number[]>();
  readonly questionRefs = new Set<string>();
  constructor(
    readonly platform: Platform,
    private readonly onQuestion: (channel: ChannelRef, message: Message) => void,
  ) {}

  async post(channel: ChannelRef, message: Message): Promise<{ messageRef: string }> {
    await new Promise((r) => setTimeout(r, latencyMs));
    const messageRef = `m${++this.posts}`;
    if (message.countdown) {
      this.questionRefs.add(messageRef);
      this.onQuestion(channel, message);
    }
    return { messageRef };
  }

  async update(_channel: ChannelRef, messageRef: string): Promise<void> {
    await new Promise((r) => setTimeout(r, latencyMs));
    const times = this.edits.get(messageRef) ?? [];
    times.push(Date.now());
    this.edits.set(messageRef, times);
  }
}

interface BenchDb {
  kind: string;
  counted: Db;
  uncounted: Db;
  /** Queries waiting for a connection of the runners' pool now (0 on PGlite). */
  waiting(): number;
  close(): Promise<void>;
}

async function open(counter: DrizzleLogger): Promise<BenchDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const client = new PGlite();
    const uncounted = drizzlePglite(client, { schema });
    await migratePglite(uncounted, { migrationsFolder });
    return { kind: 'pglite', counted: drizzlePglite(client, { schema, logger: counter }) as unknown as Db, uncounted: uncounted as unknown as Db, waiting: () => 0, close: () => client.close() };
  }
  const scratch = await scratchServerDatabase(url);
  // Two pools of the production kind, as two processes would have: the runners' and the players' (the chat adapters').
  const runners = createPool({ target: { url: scratch.url }, max: 10, preparedStatements: true });
  const adapters = createPool({ target: { url: scratch.url }, max: 10, preparedStatements: true });
  // Dropping the database at the end ends whatever connection is left: not an error here.
  for (const pool of [runners, adapters]) pool.on('error', () => {});
  const uncounted = drizzlePg(adapters, { schema });
  await migratePg(uncounted, { migrationsFolder });
  return {
    kind: 'postgres',
    counted: drizzlePg(runners, { schema, logger: counter }) as unknown as Db,
    uncounted: uncounted as unknown as Db,
    waiting: () => runners.waitingCount,
    close: async () => {
      await runners.end();
      await adapters.end();
      await scratch.drop();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  let queries = 0;
  // What the runners' statements are, by their first words (BENCH_PROFILE=1 prints them).
  const kinds = new Map<string, number>();
  const db = await open({
    logQuery: (query) => {
      queries++;
      if (!process.env.BENCH_PROFILE) return;
      const key = query.replace(/\s+/g, ' ').slice(0, 70);
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    },
  });
  const random = Math.random;
  try {
    // The players' side: a bot answering /quiz and button presses (like a chat adapter's process).
    const players$ = await createStudyBot({ db: db.uncounted });
    // The runners' side: its own bot (for the core's step work) and store, on the counted handle.
    const stepsBot = await createStudyBot({ db: db.counted });
    let answers = 0;
    let answerErrors = 0;
    const pendingAnswers = new Set<Promise<unknown>>();
    const onQuestion = (channel: ChannelRef, message: Message) => {
      const choices = message.choices ?? [];
      for (let p = 0; p < players; p++) {
        const at = random() * seconds * 1000 * 0.9;
        const timer = new Promise<void>((resolve) => setTimeout(resolve, at)).then(async () => {
          const press = choices[Math.floor(random() * Math.min(4, choices.length - 1))]!;
          const action = parseId(press.id);
          if (!action || action.kind !== 'mcq') return;
          const outcome = await players$.handle({
            actor: { platform, workspaceId: 'bench', channelId: channel.channelId, userId: `p${p}`, displayName: `Player ${p}`, canManage: false },
            command: { type: 'press', id: buildId(action) },
            interactionId: `${channel.channelId}-${p}-${action.round}`,
          });
          if (outcome.reply?.title) answers++;
          else answerErrors++;
        });
        pendingAnswers.add(timer);
        void timer.finally(() => pendingAnswers.delete(timer));
      }
    };
    const sender = new StandInSender(platform, onQuestion);
    const events: StepEvent[] = [];
    const running = Array.from({ length: replicas }, (_, i) =>
      createGameRunner({
        store: createGameStepStore(db.counted),
        steps: stepsBot.gameSteps!,
        senders: [sender],
        instanceId: `bench-${i}`,
        concurrency,
        onStep: (event) => events.push(event),
      }).start(),
    );

    queries = 0;
    // Where the time goes: the event loop (one process runs the runners and the players) and the runners' pool.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const waits: number[] = [];
    const sampler = setInterval(() => waits.push(db.waiting()), 50);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const starts = await Promise.all(
      Array.from({ length: channels }, (_, i) =>
        players$.handle({
          actor: { platform, workspaceId: 'bench', channelId: `channel-${i}`, userId: 'host', displayName: 'Host', canManage: false },
          command: { type: 'quiz', deck: 'gan', rounds: String(rounds), time: String(seconds) },
        }),
      ),
    );
    const startMs = performance.now() - started;
    const refused = starts.filter((s) => !s.reply?.title?.includes('Game on')).length;
    if (refused === channels) {
      // Nothing ran (e.g. a --time the game options refuse): say why, rather than print figures of nothing.
      console.error(`every game was refused: ${String(starts[0]?.reply?.text ?? starts[0]?.reply?.title)}`);
      process.exitCode = 2;
      clearInterval(sampler);
      await Promise.all(running.map((r) => r.stop()));
      return;
    }
    for (const r of running) r.wake();

    const deadline = Date.now() + (rounds * (seconds + 10) + 120) * 1000;
    for (;;) {
      const [row] = await queryRows<{ n: number }>(db.uncounted, sql`select count(*)::int as n from games where ended_at is not null`);
      if (Number(row!.n) >= channels - refused || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const totalMs = performance.now() - started;
    clearInterval(sampler);
    loopDelay.disable();
    const cpu = process.cpuUsage(cpuBefore);
    await Promise.all([...pendingAnswers]);
    await Promise.all(running.map((r) => r.stop()));

    const reveals = events.filter((e) => e.kind === 'reveal');
    const lateness = reveals.map((e) => e.sentAt.getTime() - e.dueAt.getTime()).sort((a, b) => a - b);
    const asks = events.filter((e) => e.kind === 'ask').length;
    const questionEdits = [...sender.questionRefs].map((ref) => sender.edits.get(ref) ?? []);
    const editCounts = questionEdits.map((t) => t.length).sort((a, b) => a - b);
    // The most edits any question message got within one minute (Slack: ~50/min for chat.update).
    const worstMinute = Math.max(0, ...questionEdits.map((times) => Math.max(0, ...times.map((t, i) => times.filter((u, j) => j >= i && u - t < 60_000).length))));
    const editsPerQuestion = editCounts.reduce((a, b) => a + b, 0) / Math.max(1, editCounts.length);
    const [ended] = await queryRows<{ n: number }>(db.uncounted, sql`select count(*)::int as n from games where state = 'finished'`);
    const [stepsRun] = await queryRows<{ n: number; dup: number }>(
      db.uncounted,
      sql`select count(*)::int as n, (select count(*)::int from (select game_id, game_round from quiz_rounds where game_id is not null group by 1, 2 having count(*) > 1) d) as dup from game_steps where state = 'done'`,
    );

    const line = (label: string, value: string) => console.log(`${label.padEnd(46)} ${value}`);
    console.log(
      `games on ${db.kind}: ${channels} channels × ${rounds} questions of ${seconds} s, ${players} players each, ${replicas} runner replicas, ${platform} stand-in (${latencyMs} ms a call), concurrency ${concurrency}`,
    );
    line('games started (refused)', `${channels - refused} (${refused}) in ${(startMs / 1000).toFixed(2)} s`);
    const why = new Map<string, number>();
    for (const s of starts) if (!s.reply?.title?.includes('Game on')) why.set(String(s.reply?.text ?? s.reply?.title).slice(0, 120), (why.get(String(s.reply?.text ?? s.reply?.title).slice(0, 120)) ?? 0) + 1);
    for (const [text, n] of why) line(`  refused ×${n}`, text);
    line('games finished / steps done / questions asked twice', `${Number(ended!.n)} / ${Number(stepsRun!.n)} / ${Number(stepsRun!.dup)}`);
    line('questions asked / revealed', `${asks} / ${reveals.length}`);
    line('answers recorded (refused)', `${answers} (${answerErrors})`);
    line('reveal lateness p50 / p99 / max', `${percentile(lateness, 50)} / ${percentile(lateness, 99)} / ${lateness.at(-1)} ms`);
    const begun = reveals.map((e) => e.startedAt.getTime() - e.dueAt.getTime()).sort((a, b) => a - b);
    line('  of which due -> claimed and begun p50 / p99', `${percentile(begun, 50)} / ${percentile(begun, 99)} ms`);
    line('runner DB round trips per question', `${(queries / Math.max(1, asks)).toFixed(2)} (${queries} statements: steps, edits, standings)`);
    line('edits per question message: mean / max', `${editsPerQuestion.toFixed(2)} / ${editCounts.at(-1) ?? 0}`);
    line('edits of one message in its busiest minute', `${worstMinute} (Slack chat.update: ~50/min)`);
    const sortedWaits = [...waits].sort((a, b) => a - b);
    line('event loop delay p50 / p99 / max', `${(loopDelay.percentile(50) / 1e6).toFixed(0)} / ${(loopDelay.percentile(99) / 1e6).toFixed(0)} / ${(loopDelay.max / 1e6).toFixed(0)} ms`);
    line('queries waiting for a runner connection p50 / p99 / max', `${percentile(sortedWaits, 50)} / ${percentile(sortedWaits, 99)} / ${sortedWaits.at(-1) ?? 0}`);
    if (process.env.BENCH_PROFILE) {
      // Which reveals are late, and when: by question number and by the second they fell due.
      const t0 = Math.min(...reveals.map((e) => e.dueAt.getTime()));
      const late = reveals.filter((e) => e.sentAt.getTime() - e.dueAt.getTime() > 500);
      const by = (key: (e: StepEvent) => string) => [...late.reduce((m, e) => m.set(key(e), (m.get(key(e)) ?? 0) + 1), new Map<string, number>())].sort().join(' ');
      line('  reveals late > 500 ms by question', by((e) => `q${e.round}`));
      line('  ... by the second they fell due', by((e) => `${String(Math.floor((e.dueAt.getTime() - t0) / 1000)).padStart(2, '0')}s`));
      for (const q of Array.from({ length: rounds }, (_, i) => i + 1)) {
        const due = reveals.filter((e) => e.round === q).map((e) => (e.dueAt.getTime() - t0) / 1000).sort((a, b) => a - b);
        line(`  question ${q} reveals fell due from / p50 / to`, `${due[0]?.toFixed(1)} / ${percentile(due, 50).toFixed(1)} / ${due.at(-1)?.toFixed(1)} s`);
      }
      const askLate = events.filter((e) => e.kind === 'ask').map((e) => e.sentAt.getTime() - e.dueAt.getTime()).sort((a, b) => a - b);
      line('  ask lateness p50 / p99', `${percentile(askLate, 50)} / ${percentile(askLate, 99)} ms`);
    }
    for (const [key, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 12)) line(`  ${(n / Math.max(1, asks)).toFixed(2)}/question`, key);
    line('bench process CPU (players and runners)', `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${((cpu.user + cpu.system) / 1e3 / Math.max(1, asks)).toFixed(2)} ms per question`);
    line('wall time', `${(totalMs / 1000).toFixed(1)} s`);
    console.log(
      `summary: ${channels} games, reveal lateness p50 ${percentile(lateness, 50)} ms / p99 ${percentile(lateness, 99)} ms, ${(queries / Math.max(1, asks)).toFixed(1)} DB round trips per question, ${editsPerQuestion.toFixed(1)} edits per question (max ${worstMinute}/min)`,
    );
    if (Number(ended!.n) !== channels || Number(stepsRun!.dup) > 0) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

await main();
