/**
 * Do deck imports block other users? Each case parses a deck file while the event loop's delay is
 * recorded (perf_hooks.monitorEventLoopDelay), once on the main thread (what the bot did before) and once
 * through the worker-thread parser start-up uses (src/ops/deck-parser.ts). Then whole imports through the
 * core, on embedded PGlite (whose database runs on a thread of its own, src/db/pglite-thread.ts) and on the
 * server: what is left on the bot's thread is building the statements and reading their rows.
 *
 *   npm run bench:imports          # with DATABASE_URL set, whole imports on that server too
 *
 * Target: no import blocks the event loop for more than 50 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseDeck } from '../src/core/decks/parse.js';
import { createStudyBot } from '../src/app.js';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/connect.js';
import { createDeckParser } from '../src/ops/deck-parser.js';

const TARGET_MS = 50;

const cases: [string, string, string][] = [
  ['100,000-line CSV (0.9 MB)', 'huge.csv', Array.from({ length: 100_000 }, (_, i) => `q${i},a`).join('\n')],
  ['19,999-line CSV, 2,000 cards + blank lines', 'tall.csv', `${Array.from({ length: 2000 }, (_, i) => `q${i},a`).join('\n')}${'\n'.repeat(17_998)}`],
  ['2,000-card CSV, 1 MB', 'wide.csv', Array.from({ length: 2000 }, (_, i) => `"q${i} ${'x'.repeat(100)}","${'y b'.repeat(140)}"`).join('\n')],
  ['2,000-card text deck, 19,000 lines', 'long.txt', `T\n${Array.from({ length: 2000 }, (_, i) => `What is ${i}?\n${Array.from({ length: 8 }, () => 'line of the answer').join('\n')}`).join('\n\n')}`],
  ['2,000-card Markdown Q/A', 'qa.md', `# T\n${Array.from({ length: 2000 }, (_, i) => `Q: ${i} ${'x'.repeat(60)}?\nA: ${'y '.repeat(100)}`).join('\n')}`],
];

/** Runs `work` with the event loop watched; returns the longest delay (ms) and the work's wall time. */
async function watched(work: () => Promise<unknown>): Promise<{ maxDelayMs: number; busyMs: number; wallMs: number; outcome: string }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A timer that wants to run every millisecond: its lateness is what another user's command would wait.
  let maxGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  histogram.enable();
  const utilisation = performance.eventLoopUtilization();
  const started = performance.now();
  let outcome: string;
  try {
    const result = await work();
    outcome = typeof result === 'string' ? result : 'ok';
  } catch (error) {
    outcome = (error as Error).message.slice(0, 60);
  }
  const wallMs = performance.now() - started;
  // Time the main thread spent working (not waiting): unlike the delay, other processes do not inflate it.
  const busyMs = performance.eventLoopUtilization(utilisation).active;
  // Let the watchers run once more: a block that just ended shows up in the next tick.
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  clearInterval(ticker);
  return { maxDelayMs: Math.max(histogram.max / 1e6, maxGap), busyMs, wallMs, outcome };
}

function row(name: string, how: string, r: { maxDelayMs: number; busyMs: number; wallMs: number; outcome: string }): string {
  return `${name.padEnd(46)}${how.padEnd(8)}${r.maxDelayMs.toFixed(1).padStart(13)}${r.busyMs.toFixed(1).padStart(10)}${r.wallMs.toFixed(0).padStart(9)}   ${r.outcome}`;
}

async function main(): Promise<void> {
  const os = await import('node:os');
  console.log(`bench:imports — node ${process.version}, load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  console.log(`${'deck file'.padEnd(46)}${'where'.padEnd(8)}${'max delay ms'.padStart(13)}${'busy ms'.padStart(10)}${'wall ms'.padStart(9)}   result`);
  const parser = createDeckParser();
  await parser.parse('warm.csv', 'a,b'); // the thread starts once, at the first import
  // What the machine alone does to a timer (other processes, GC): the floor under every figure below.
  const idle = await watched(() => new Promise((resolve) => setTimeout(() => resolve('idle'), 500)));
  console.log(row('(nothing: 500 ms of waiting)', 'idle', idle));
  let worst = 0;
  let worstInline = 0;
  // Worker first: the inline runs leave garbage whose collection would land in the next measurement.
  const inlineRows: string[] = [];
  for (const [name, file, content] of cases) {
    const worker = await watched(async () => `${(await parser.parse(file, content)).cards.length} cards`);
    console.log(row(name, 'worker', worker));
    worst = Math.max(worst, worker.maxDelayMs);
  }
  for (const [name, file, content] of cases) {
    const inline = await watched(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      try {
        return `${parseDeck(file, content).cards.length} cards`;
      } catch (error) {
        return (error as Error).message.slice(0, 60);
      }
    });
    inlineRows.push(row(name, 'inline', inline));
    worstInline = Math.max(worstInline, inline.maxDelayMs);
  }
  console.log(inlineRows.join('\n'));

  // Whole imports through the core: parse in the worker, then the Store writes the cards.
  const whole: Record<string, number> = {};
  for (const target of ['server', 'pglite'] as const) {
    const opened = await openTarget(target);
    if (!opened) continue;
    const bot = await createStudyBot({ db: opened.database.db, parseDeck: parser.parse });
    const actor = { platform: 'terminal' as const, workspaceId: 'bench', channelId: 'c', userId: 'u', displayName: 'U', canManage: true };
    whole[target] = 0;
    for (const [name, file, content] of cases) {
      const full = await watched(async () => {
        const outcome = await bot.handle({ actor, command: { type: 'deck_import', filename: file, content } });
        return (outcome.reply?.text ?? '').replace(/\s+/g, ' ').slice(0, 60);
      });
      console.log(row(name, target, full));
      whole[target] = Math.max(whole[target]!, full.maxDelayMs);
    }
    await opened.close();
  }
  await parser.close();

  console.log(
    `\nsummary: parsing blocks the event loop for at most ${worst.toFixed(1)} ms through the worker, ${worstInline.toFixed(0)} ms inline ` +
      `(target ${TARGET_MS} ms; an idle wait saw ${idle.maxDelayMs.toFixed(1)} ms on this machine now); whole imports: ` +
      Object.entries(whole)
        .map(([target, ms]) => `${target} ${ms.toFixed(1)} ms`)
        .join(', ') +
      '.',
  );
}

/**
 * A database for the whole-import rows: a fresh one on DATABASE_URL's server (dropped after), or PGlite
 * in a data folder, as `npm start` runs it (in-memory PGlite grows its files by copying them, which
 * stalls far longer than a folder does).
 */
async function openTarget(target: 'server' | 'pglite'): Promise<{ database: Database; close: () => Promise<void> } | undefined> {
  if (target === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'studybot-bench-imports-'));
    const database = await openDatabase({ dataDir });
    const close = async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
    return { database, close };
  }
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const name = `studybot_bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const at = new URL(url);
  at.pathname = `/${name}`;
  const database = await openDatabase({ url: at.toString() });
  return {
    database,
    close: async () => {
      await database.close();
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
