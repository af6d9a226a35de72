/**
 * Daily prompt fan-out: N channels due in the same minute, one scheduler tick, a stand-in Sender that
 * accepts posts at Discord's global limit (token bucket, 50/s by default).
 *
 *   npx tsx bench/daily-fanout.ts [--channels 10000] [--rate 50] [--batch 100] [--concurrency 10]
 *
 * Uses the Postgres server when DATABASE_URL is set (in a fresh database it drops afterwards), else PGlite.
 * Prints planning and claim times, posts per second, and database round trips per prompt: the scheduler's
 * own queries are counted with a drizzle logger; the stand-in RoundOpener (the StudyBot in production)
 * runs on a separate, uncounted drizzle handle and its queries are reported apart.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Message } from '../src/core/messages.js';
import type { ChannelRef, Platform, Sender } from '../src/core/ports.js';
import { migrationsFolder, type Db } from '../src/db/connect.js';
import { createSchedulerStore } from '../src/db/prompt-store.js';
import * as schema from '../src/db/schema.js';
import { createScheduler } from '../src/scheduler/index.js';
import { FakeClock, FakeRoundOpener, seedDaily } from '../test/scheduler/support.js';

const { values: args } = parseArgs({
  options: {
    channels: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '50' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '10' },
  },
});
const channels = Number(args.channels);
const rate = Number(args.rate);
const batchSize = Number(args.batch);
const concurrency = Number(args.concurrency);

/** Accepts `rate` posts per second with a one-second burst, like a platform's global rate limit. */
class TokenBucketSender implements Sender {
  posted = 0;
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly platform: Platform,
    private readonly perSecond: number,
  ) {
    this.tokens = perSecond;
  }

  private take(): Promise<void> {
    // Serialise waiters so tokens go out in order.
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = performance.now();
        this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
        this.last = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
      }
    });
    this.queue = turn;
    return turn;
  }

  async post(_channel: ChannelRef, _message: Message): Promise<{ messageRef: string }> {
    await this.take();
    return { messageRef: `m${++this.posted}` };
  }

  async update(): Promise<void> {
    await this.take();
  }
}

interface BenchDb {
  kind: string;
  counted: Db;
  uncounted: Db;
  close(): Promise<void>;
}

async function open(counter: DrizzleLogger): Promise<BenchDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const client = new PGlite();
    const uncounted = drizzlePglite(client, { schema });
    await migratePglite(uncounted, { migrationsFolder });
    return {
      kind: 'pglite',
      counted: drizzlePglite(client, { schema, logger: counter }) as unknown as Db,
      uncounted: uncounted as unknown as Db,
      close: () => client.close(),
    };
  }
  const name = `studybot_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const client = postgres(target.toString(), { max: 10, onnotice: () => {} });
  const uncounted = drizzlePostgres(client, { schema });
  await migratePostgres(uncounted, { migrationsFolder });
  return {
    kind: 'postgres',
    counted: drizzlePostgres(client, { schema, logger: counter }) as unknown as Db,
    uncounted: uncounted as unknown as Db,
    close: async () => {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  let queries = 0;
  const counter: DrizzleLogger = { logQuery: () => void queries++ };
  const db = await open(counter);
  try {
    const names = Array.from({ length: channels }, (_, i) => `channel-${i}`);
    const seedStart = performance.now();
    await seedDaily(db.uncounted, { channels: names, cards: 50, localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-20T00:00:00Z') });
    const seedMs = performance.now() - seedStart;

    const clock = new FakeClock(new Date('2026-03-20T09:00:00Z'));
    const sender = new TokenBucketSender('discord', rate);
    const rounds = new FakeRoundOpener(db.uncounted);
    const scheduler = createScheduler({ store: createSchedulerStore(db.counted), rounds, senders: [sender], clock, instanceId: 'bench', batchSize, concurrency });

    queries = 0;
    const started = performance.now();
    const report = await scheduler.tick();
    const totalMs = performance.now() - started;
    const postMs = totalMs - report.planMillis;

    // Claiming alone, without posting: tomorrow's N prompts (planned by the tick above), all due at once.
    const tomorrow = new Date('2026-03-21T09:00:00Z');
    let claimedOnly = 0;
    const claimOnly = createSchedulerStore(db.uncounted);
    const claimOnlyStart = performance.now();
    for (;;) {
      const batch = await claimOnly.claimDuePrompts({
        instanceId: 'claim-only',
        now: tomorrow,
        platforms: ['discord'],
        limit: batchSize,
        retryBefore: new Date(tomorrow.getTime() - 60_000),
        staleBefore: new Date(tomorrow.getTime() - 600_000),
      });
      if (batch.length === 0) break;
      claimedOnly += batch.length;
    }
    const claimOnlyMs = performance.now() - claimOnlyStart;

    const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
    console.log(`daily fan-out on ${db.kind}: ${channels} channels due at once, sender limit ${rate}/s, batch ${batchSize}, concurrency ${concurrency}`);
    line('seeded settings in', `${(seedMs / 1000).toFixed(1)} s`);
    line('planned prompt rows (today + tomorrow)', `${report.planned} in ${(report.planMillis / 1000).toFixed(2)} s`);
    line('posted / skipped / retrying', `${report.posted} / ${report.skipped} / ${report.retrying}`);
    line('time to claim all (tick start -> last claim)', `${(report.allClaimedAfterMillis / 1000).toFixed(2)} s`);
    line('claim queries alone (sum over batches)', `${(report.claimMillis / 1000).toFixed(2)} s (${((report.claimMillis / Math.max(1, report.claimed)) * 1000).toFixed(0)} µs per prompt)`);
    line('claim all, no posting (next day, N due)', `${claimedOnly} in ${(claimOnlyMs / 1000).toFixed(2)} s (${((claimedOnly / claimOnlyMs) * 1000).toFixed(0)} claims/s)`);
    line('whole tick', `${(totalMs / 1000).toFixed(2)} s`);
    line('posts per second achieved (after planning)', `${(report.posted / (postMs / 1000)).toFixed(1)} /s (limit ${rate}/s)`);
    line('scheduler DB round trips per prompt', `${(queries / Math.max(1, report.posted)).toFixed(2)} (${queries} queries incl. planning)`);
    line('stand-in RoundOpener round trips per prompt', '2 (insert round, set message ref; not counted above)');
    if (report.posted !== channels) {
      console.error(`expected ${channels} posts, got ${report.posted}`);
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}

await main();
