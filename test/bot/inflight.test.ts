import { describe, expect, it } from 'vitest';
import { InflightTracker } from '../../src/bot/inflight.js';

describe('InflightTracker', () => {
  it('drains at once when idle, and waits for running work otherwise', async () => {
    const tracker = new InflightTracker();
    expect(await tracker.drain(10)).toBe(true);

    let finish!: () => void;
    const running = tracker.run(() => new Promise<string>((resolve) => (finish = () => resolve('done'))));
    expect(tracker.size).toBe(1);
    const drained = tracker.drain(5_000);
    finish();
    expect(await running).toBe('done');
    expect(await drained).toBe(true);
    expect(tracker.size).toBe(0);
  });

  it('gives up after the timeout, and counts failed work as finished', async () => {
    const tracker = new InflightTracker();
    const stuck = tracker.run(() => new Promise<void>(() => {}));
    void stuck;
    expect(await tracker.drain(20)).toBe(false);

    const tracker2 = new InflightTracker();
    await expect(tracker2.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(tracker2.size).toBe(0);
  });
});
