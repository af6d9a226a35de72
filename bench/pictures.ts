/**
 * How long does a picture take, and does drawing it hold up the event loop? For each card kind, in a
 * process of its own (so its peak memory is its own): the renderer starts, draws a few warm-up cards, then
 * draws `--cards` cards one after another through the worker thread. Prints per kind: p50/p95 of one
 * render (call to PNG bytes), CPU per card (all threads: drawing, PNG compression), peak RSS, and the
 * longest event-loop stall while rendering next to the longest one while idle for as long (the machine's
 * own noise). The last row draws on the main thread, to show what the worker saves.
 *
 *   npm run bench:pictures                 # every kind, 60 cards each
 *   npm run bench:pictures -- --cards 200
 *
 * Goal (2-core machine): p50 <= 50 ms a card, no event-loop stall over 20 ms while rendering.
 */
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { PictureCard } from '../src/core/pictures.js';
import { createPictureRenderer } from '../src/pictures/index.js';
import { board, HARD_NAMES, stats } from '../test/support/pictures.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    cards: { type: 'string', default: '60' },
  },
});
const cards = Number(values.cards);
if (!Number.isInteger(cards) || cards < 5) throw new Error('--cards takes a whole number of at least 5');

const KINDS: Record<string, { label: string; inline?: boolean; card: (i: number) => PictureCard }> = {
  'leaderboard-latin': { label: 'leaderboard, 10 Latin names + you', card: (i) => board(Array.from({ length: 10 }, (_, n) => `Player ${n + i}`), { rank: 40 + i, name: 'Me' }) },
  'leaderboard-mixed': { label: 'leaderboard, 10 mixed-script names', card: (i) => board(HARD_NAMES.map((n) => `${n} ${i}`)) },
  'stats-new': { label: 'stats, new user', card: (i) => ({ ...stats('2025-03-14', false), points: i }) },
  'stats-year': { label: 'stats, a year of history', card: (i) => ({ ...stats('2025-03-14', true), points: 4000 + i }) },
  'leaderboard-inline': { label: 'leaderboard, on the main thread', inline: true, card: (i) => board(HARD_NAMES.map((n) => `${n} ${i}`)) },
};

interface Result {
  kind: string;
  p50: number;
  p95: number;
  cpuPerCard: number;
  stallMs: number;
  idleStallMs: number;
  rssMb: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** The longest event-loop delay (ms) while `work` runs, sampled every millisecond. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  const monitor = monitorEventLoopDelay({ resolution: 1 });
  monitor.enable();
  await work();
  monitor.disable();
  return monitor.max / 1e6;
}

async function measure(kind: string): Promise<Result> {
  const spec = KINDS[kind];
  if (!spec) throw new Error(`unknown --kind ${kind}; one of ${Object.keys(KINDS).join(', ')}`);
  const renderer = createPictureRenderer({ inline: spec.inline, timeoutMs: 120_000 });
  await renderer.ready();
  for (let i = 0; i < 5; i++) await renderer.render(spec.card(-1 - i));
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const stallMs = await longestStall(async () => {
    for (let i = 0; i < cards; i++) {
      const t = performance.now();
      await renderer.render(spec.card(i));
      latencies.push(performance.now() - t);
    }
  });
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const idleStallMs = await longestStall(() => sleep(Math.min(elapsed, 10_000)));
  await renderer.close();
  latencies.sort((a, b) => a - b);
  return {
    kind,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    cpuPerCard: (cpu.user + cpu.system) / 1000 / cards,
    stallMs,
    idleStallMs,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

if (values.kind) {
  console.log(JSON.stringify(await measure(values.kind)));
} else {
  const results: Result[] = [];
  for (const kind of Object.keys(KINDS)) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--kind', kind, '--cards', String(cards)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${kind} failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Result;
    results.push(result);
    const f = (n: number) => n.toFixed(1).padStart(6);
    console.log(
      `${KINDS[kind]!.label.padEnd(36)} p50 ${f(result.p50)} ms  p95 ${f(result.p95)} ms  cpu ${f(result.cpuPerCard)} ms/card  ` +
        `max stall ${f(result.stallMs)} ms (idle ${f(result.idleStallMs)})  peak RSS ${result.rssMb.toFixed(0)} MB`,
    );
  }
  const worker = results.filter((r) => !KINDS[r.kind]!.inline);
  const p50 = Math.max(...worker.map((r) => r.p50));
  const stall = Math.max(...worker.map((r) => r.stallMs));
  const met = p50 <= 50 && stall <= 20;
  console.log(
    `bench:pictures ${cards} cards a kind: worst p50 ${p50.toFixed(1)} ms, worst stall ${stall.toFixed(1)} ms through the worker ` +
      `(goal p50 <= 50 ms, stall <= 20 ms): ${met ? 'met' : 'not met'}`,
  );
}
