import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GameStepHandler, GameStepStore } from '../../src/scheduler/game-ports.js';
import { createGameRunner } from '../../src/scheduler/game-steps.js';
import { createScheduler } from '../../src/scheduler/index.js';
import type { SchedulerStore } from '../../src/scheduler/ports.js';
import { claimedReveal, RecordingSender } from './support.js';

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

describe('game runner start()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renews the steps it holds on a timer of its own while one hangs, every sixth of the lease, and no more once it is done', async () => {
    vi.useFakeTimers();
    const step = claimedReveal();
    const renewals: number[][] = [];
    let claimed = false;
    const store = {
      claimSteps: async (_options, kind) => {
        if (kind === 'stale' || claimed) return [];
        claimed = true;
        return [step];
      },
      renewClaims: async (ids, instanceId) => {
        expect(instanceId).toBe('games-test');
        renewals.push([...ids]);
      },
      releaseStep: async () => {},
      claimEdits: async () => [],
    } as Partial<GameStepStore> as GameStepStore;
    let fail!: (error: Error) => void;
    // The reveal hangs (a post waiting out a rate limit), then fails and is handed back.
    const steps = { reveal: () => new Promise((_, reject) => (fail = reject)) } as Partial<GameStepHandler> as GameStepHandler;
    const running = createGameRunner({ store, steps, senders: [new RecordingSender('discord')], instanceId: 'games-test', claimLeaseMs: 6_000 }).start();
    await vi.advanceTimersByTimeAsync(5_500);
    expect(renewals).toEqual([[7], [7], [7], [7], [7]]); // every second, the runner's loops busy or not
    fail(new Error('socket hang up'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renewals).toHaveLength(5);
    await running.stop();
  });
});
