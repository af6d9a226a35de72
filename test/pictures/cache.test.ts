import { describe, expect, it } from 'vitest';
import { PictureCache } from '../../src/pictures/cache.js';

function fakeClock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** A render function that counts its calls and answers with the call number. */
function counter() {
  let calls = 0;
  return { render: () => Promise.resolve(++calls), calls: () => calls };
}

describe('picture cache', () => {
  it('reuses a picture for a minute under the same key and data, then draws it again', async () => {
    const clock = fakeClock();
    const cache = new PictureCache<number>({ clock });
    const r = counter();
    expect(await cache.get('leaderboard:1:*:all:', 'data-a', r.render)).toBe(1);
    clock.advance(59_999);
    expect(await cache.get('leaderboard:1:*:all:', 'data-a', r.render)).toBe(1);
    clock.advance(1);
    expect(await cache.get('leaderboard:1:*:all:', 'data-a', r.render)).toBe(2);
    expect(r.calls()).toBe(2);
  });

  it('never serves a picture of other data, even under the same key', async () => {
    const cache = new PictureCache<number>({ clock: fakeClock() });
    const r = counter();
    expect(await cache.get('k', 'points-100', r.render)).toBe(1);
    expect(await cache.get('k', 'points-110', r.render)).toBe(2);
    // both variants are kept: a caller outside the top 10 and one inside see different cards
    expect(await cache.get('k', 'points-100', r.render)).toBe(1);
  });

  it('forgets the pictures under an invalidated prefix only', async () => {
    const cache = new PictureCache<number>({ clock: fakeClock() });
    const r = counter();
    await cache.get('leaderboard:1:*:all:', 'x', r.render);
    await cache.get('leaderboard:1:C1:week:', 'x', r.render);
    await cache.get('leaderboard:2:*:all:', 'x', r.render);
    await cache.get('stats:5:', 'x', r.render);
    cache.invalidate(['leaderboard:1:', 'stats:5:']);
    expect(cache.size).toBe(1);
    expect(await cache.get('leaderboard:2:*:all:', 'x', r.render)).toBe(3);
    expect(await cache.get('leaderboard:1:*:all:', 'x', r.render)).toBe(5);
    await cache.get('stats:6:', 'x', r.render);
    cache.invalidate('leaderboard:');
    expect(cache.size).toBe(1);
    expect(await cache.get('stats:6:', 'x', r.render)).toBe(6);
  });

  it('shares one render between concurrent requests and keeps no failure', async () => {
    const cache = new PictureCache<number>({ clock: fakeClock() });
    let release!: (n: number) => void;
    let calls = 0;
    const slow = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = cache.get('k', 'x', slow);
    const b = cache.get('k', 'x', slow);
    release(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(calls).toBe(1);

    const failing = () => Promise.reject(new Error('no fonts'));
    await expect(cache.get('f', 'x', failing)).rejects.toThrow('no fonts');
    expect(await cache.get('f', 'x', () => Promise.resolve(8))).toBe(8);
  });

  it('keeps at most maxEntries pictures, dropping the oldest', async () => {
    const cache = new PictureCache<number>({ clock: fakeClock(), maxEntries: 2 });
    const r = counter();
    await cache.get('a', 'x', r.render);
    await cache.get('b', 'x', r.render);
    await cache.get('c', 'x', r.render);
    expect(cache.size).toBe(2);
    expect(await cache.get('c', 'x', r.render)).toBe(3);
    expect(await cache.get('a', 'x', r.render)).toBe(4);
  });
});
