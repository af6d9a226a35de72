import { describe, expect, it } from 'vitest';
import { raceTimer, withTimeout } from '../src/timeouts.js';
import { FakeClock } from './support/clock.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('raceTimer', () => {
  it('gives the value of a call that answers in time, and leaves no timer behind', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const call = deferred<string>();
    const race = raceTimer(call.promise, 1_000, clock);
    expect(clock.pendingTimers).toBe(1);
    call.resolve('answer');
    await expect(race).resolves.toEqual({ done: true, value: 'answer' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('says not done once the time has passed, while the call keeps running', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const call = deferred<string>();
    let settled: unknown = 'pending';
    const race = raceTimer(call.promise, 1_000, clock).then((value) => (settled = value));
    clock.advance(999);
    await flush();
    expect(settled).toBe('pending');
    clock.advance(1);
    await race;
    expect(settled).toEqual({ done: false });
    call.resolve('late'); // a late answer changes nothing
    await flush();
    expect(settled).toEqual({ done: false });
  });

  it('rejects as the call does, and clears its timer', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const call = deferred<string>();
    const race = raceTimer(call.promise, 1_000, clock);
    call.reject(new Error('store down'));
    await expect(race).rejects.toThrow('store down');
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs on real timers by default', async () => {
    await expect(raceTimer(new Promise<never>(() => {}), 1)).resolves.toEqual({ done: false });
    await expect(raceTimer(Promise.resolve(7), 60_000)).resolves.toEqual({ done: true, value: 7 });
  });
});

describe('withTimeout', () => {
  it('rejects a call that does not answer in time', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const call = withTimeout(clock, 500, new Promise<never>(() => {}));
    clock.advance(500);
    await expect(call).rejects.toThrow('no answer within 500 ms');
  });

  it('leaves no timer running after a call that answered (a budget take per edit must not leak timers)', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    for (let i = 0; i < 3; i++) await expect(withTimeout(clock, 500, Promise.resolve(i))).resolves.toBe(i);
    expect(clock.pendingTimers).toBe(0);
  });
});
