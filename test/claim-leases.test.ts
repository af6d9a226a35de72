/**
 * The lease rule shared by the interaction inbox, the daily scheduler and the game runner
 * (src/claim-leases.ts): what is held is renewed on a timer of its own, whatever the work is waiting
 * for, one renewal at a time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostname } from 'node:os';
import { ClaimLeases, newHolderId, RENEWALS_PER_LEASE } from '../src/claim-leases.js';
import { FakeClock } from './support/clock.js';

describe('ClaimLeases', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renews what is held every sixth of the lease, on its own timer, and stops with stop()', async () => {
    vi.useFakeTimers();
    const clock = new FakeClock(new Date('2026-03-20T09:00:00Z'));
    const renewals: { keys: number[]; at: string }[] = [];
    const leases = new ClaimLeases<number>({ leaseMs: 60_000, clock, renew: async (keys, now) => void renewals.push({ keys: [...keys], at: now.toISOString() }) });
    expect(leases.renewEveryMs).toBe(60_000 / RENEWALS_PER_LEASE);
    const running = leases.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renewals).toEqual([]); // nothing held, nothing written
    leases.hold([1, 2, 3]);
    clock.advance(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    leases.release(2);
    clock.advance(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renewals).toEqual([
      { keys: [1, 2, 3], at: '2026-03-20T09:00:10.000Z' },
      { keys: [1, 3], at: '2026-03-20T09:00:20.000Z' },
    ]);
    await running.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(renewals).toHaveLength(2);
  });

  it('a renewal still under way is joined, not stacked; a failed one is logged and the next tried', async () => {
    vi.useFakeTimers();
    let calls = 0;
    let answer!: () => void;
    const warnings: unknown[] = [];
    const leases = new ClaimLeases<string>({
      leaseMs: 60_000,
      renew: () => {
        calls++;
        if (calls === 1) return new Promise<void>((resolve) => (answer = resolve)); // a slow database
        if (calls === 2) return Promise.reject(new Error('connection reset'));
        return Promise.resolve();
      },
      log: { warn: (...args: unknown[]) => void warnings.push(args) } as never,
    });
    leases.hold(['a']);
    const running = leases.start();
    await vi.advanceTimersByTimeAsync(35_000); // three timer rings while the first renewal hangs
    expect(calls).toBe(1);
    answer();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(2);
    expect(warnings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(3);
    await running.stop();
  });

  it('renewIfDue shares one renewal between two callers (the inbox sweep and its timer), and renews again once due', async () => {
    const clock = new FakeClock(new Date('2026-03-20T09:00:00Z'));
    let calls = 0;
    const leases = new ClaimLeases<string>({ leaseMs: 30_000, clock, renew: async () => void calls++ });
    await leases.renewIfDue();
    expect(calls).toBe(0); // nothing held
    leases.hold(['a']);
    await leases.renewIfDue();
    await leases.renewIfDue();
    expect(calls).toBe(1);
    clock.advance(leases.renewEveryMs / 2);
    await leases.renewIfDue();
    expect(calls).toBe(2);
    await leases.renewNow(); // renewNow always renews
    expect(calls).toBe(3);
  });

  it('gives every holder an id of its own, even two in one process (host and pid alone repeat across restarts)', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newHolderId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id.startsWith(`${hostname()}-${process.pid}-`)).toBe(true);
  });
});
