import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/index.js';
import type { SchedulerStore } from '../../src/scheduler/ports.js';
import { RecordingSender } from './support.js';

describe('scheduler start()', () => {
  it('registers one node-cron task firing every 15 s, and stop() removes it', async () => {
    const unusedStore = {} as SchedulerStore; // the task never fires within this test
    const rounds = { openChannelRound: async () => ({ roundId: 0, message: { text: '', visibility: 'public' as const } }), setRoundMessageRef: async () => {}, roundToPost: async () => ({ message: { text: '', visibility: 'public' as const }, opensAt: new Date(0), closesAt: null, messageRef: null }), revealRound: async () => ({ message: { text: '', visibility: 'public' as const } }) };
    const running = createScheduler({ store: unusedStore, rounds, senders: [new RecordingSender('discord')], instanceId: 'cron-test' }).start();
    const ours = () => [...cron.getTasks().values()].filter((task) => task.name === 'daily-scheduler-cron-test');
    expect(running.name).toBe('scheduler');
    expect(running.isHealthy()).toBe(true);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.getPattern()).toBe('*/15 * * * * *');
    const next = ours()[0]!.getNextRun()!;
    expect(next.getSeconds() % 15).toBe(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(15_000);
    await running.stop();
    expect(ours()).toHaveLength(0);
    // A stopped scheduler takes no work, so /healthz must not count it as up.
    expect(running.isHealthy()).toBe(false);
  });
});
