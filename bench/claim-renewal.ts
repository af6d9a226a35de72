/**
 * What a daily claimant's heartbeat costs: one renewClaims statement for a batch (100 prompts) and for a
 * whole 10,000-channel fan-out, on the server when DATABASE_URL is set, else PGlite.
 *
 *   npx tsx bench/claim-renewal.ts [--channels 10000]
 */
import { parseArgs } from 'node:util';
import { createSchedulerStore } from '../src/db/prompt-store.js';
import { createScheduler } from '../src/scheduler/index.js';
import { openFreshServerDatabase } from '../test/support/db.js';
import { openTemplatedPglite } from '../test/support/pglite-template.js';
import { FakeClock, FakeRoundOpener, RecordingSender, seedDaily } from '../test/scheduler/support.js';

const { values: args } = parseArgs({ options: { channels: { type: 'string', default: '10000' } } });
const channels = Number(args.channels);
const url = process.env.DATABASE_URL;
const database = url ? await openFreshServerDatabase(url) : await openTemplatedPglite();
try {
  const clock = new FakeClock(new Date('2026-03-20T08:00:00Z'));
  await seedDaily(database.db, { channels: Array.from({ length: channels }, (_, i) => `c${i}`), localTime: '09:00', timeZone: 'UTC', since: new Date('2026-03-19T00:00:00Z') });
  await createScheduler({ store: createSchedulerStore(database.db), rounds: new FakeRoundOpener(database.db), senders: [new RecordingSender('discord')], clock, instanceId: 'planner' }).tick();
  clock.set('2026-03-20T09:00:00Z');
  const store = createSchedulerStore(database.db);
  const claimed = await store.claimDuePrompts({ instanceId: 'a', now: clock.now(), platforms: ['discord'], limit: channels, retryBefore: clock.now(), staleBefore: new Date(clock.now().getTime() - 60_000) });
  const ids = claimed.map((p) => p.promptId);
  for (const size of [100, ids.length]) {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      clock.set(new Date(clock.now().getTime() + 10_000));
      const started = performance.now();
      await store.renewClaims(ids.slice(0, size), 'a', clock.now());
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    console.log(`${url ? 'server' : 'pglite'}: renewing ${size} claims: p50 ${times[10]!.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms (20 runs)`);
  }
} finally {
  await database.close();
}
