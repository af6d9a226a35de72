import { describe, expect, it } from 'vitest';
import { UpdateCoalescer } from '../../../src/bot/slack/updates.js';

/** A fake clock: timers run when the test advances time. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; run: () => void }> = [];
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => timers.push({ at: now + ms, run }),
    advance(ms: number) {
      now += ms;
      for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) (t.at <= now ? t.run() : timers.push(t));
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('UpdateCoalescer', () => {
  it('sends the first edit at once, then one edit with the newest content per interval', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock);
    const sent: number[] = [];
    const settled: number[] = [];
    const first = updates.submit('m', async () => void sent.push(1)).then(() => settled.push(1));
    const later = [2, 3, 4].map((n) => updates.submit('m', async () => void sent.push(n)).then(() => settled.push(n)));
    await first;
    expect(sent).toEqual([1]);
    clock.advance(999);
    await tick();
    expect(sent).toEqual([1]);
    clock.advance(1);
    await Promise.all(later);
    expect(sent).toEqual([1, 4]);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('keeps messages apart and rejects the callers whose send failed', async () => {
    const clock = fakeClock();
    const updates = new UpdateCoalescer(1000, clock);
    const sent: string[] = [];
    await updates.submit('a', async () => void sent.push('a'));
    await updates.submit('b', async () => void sent.push('b'));
    expect(sent).toEqual(['a', 'b']);
    const failing = updates.submit('a', async () => Promise.reject(new Error('ratelimited')));
    clock.advance(1000);
    await expect(failing).rejects.toThrow('ratelimited');
  });
});
