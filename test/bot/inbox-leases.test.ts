/**
 * The inbox keeps its leases alive on a timer of its own (the rule of src/claim-leases.ts): a replay
 * that takes long holds up the sweeps that follow it, but not the renewal of what this process is still
 * working on, so no other replica replays that while this one is alive.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InteractionInbox, type InboxRow, type InboxStore } from '../../src/bot/inbox.js';
import { FakeClock } from '../support/clock.js';

describe('interaction inbox leases', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are renewed while a slow replay holds the sweeper up', async () => {
    vi.useFakeTimers();
    const clock = new FakeClock(new Date('2026-12-01T11:00:00Z'));
    const renewals: { keys: string[]; until: number }[] = [];
    let orphans: InboxRow[] = [{ key: 'orphan', payload: {}, receivedAt: clock.now(), attempts: 2 }];
    const store: InboxStore = {
      accept: async () => true,
      complete: async () => {},
      renew: async (keys, leaseUntil) => void renewals.push({ keys: [...keys], until: leaseUntil.getTime() }),
      claimOrphans: async () => orphans.splice(0),
      prune: async () => 0,
    };
    let replaying!: () => void;
    const replayStarted = new Promise<void>((resolve) => (replaying = resolve));
    const inbox = new InteractionInbox<unknown>({
      store,
      platform: 'slack',
      clock,
      leaseMs: 30_000,
      maxAgeMs: 15 * 60_000,
      replay: () => {
        replaying();
        return new Promise<void>(() => {}); // a replay that never ends
      },
    });
    expect(await inbox.take('mine', {})).toBe('new');
    const running = inbox.start(5_000);
    await replayStarted;
    for (let s = 5; s <= 120; s += 5) {
      clock.advance(5_000);
      await vi.advanceTimersByTimeAsync(5_000);
    }
    // Both the delivery taken here and the one being replayed: renewed all along, never left to lapse.
    expect(renewals.length).toBeGreaterThanOrEqual(20);
    expect(renewals.at(-1)).toEqual({ keys: ['mine', 'orphan'], until: clock.now().getTime() + 30_000 });
    for (const [i, r] of renewals.entries()) if (i > 0) expect(r.until - renewals[i - 1]!.until).toBeLessThanOrEqual(10_000);
    orphans = [];
    void running.stop(); // waits for the endless replay: not awaited
  });
});
