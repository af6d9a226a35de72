/** The PictureRenderer as the app uses it: cards drawn in the worker thread, cached per key, failures rejected. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { pictureCacheKeys, type PictureCard } from '../../src/core/pictures.js';
import { createPictureRenderer, type StartedPictureRenderer } from '../../src/pictures/index.js';
import { leaderboardSize } from '../../src/pictures/leaderboard.js';
import { board, decode, stats } from '../support/pictures.js';

/** Time limits far beyond a real card's: a loaded machine is slow, and these tests are about behaviour. */
const SLOW = { timeoutMs: 120_000 };

function fakeClock() {
  let now = Date.UTC(2025, 2, 14, 9);
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('picture renderer (worker thread)', () => {
  const clock = fakeClock();
  let renderer: StartedPictureRenderer;
  beforeAll(async () => {
    renderer = createPictureRenderer({ ...SLOW, clock });
    await renderer.ready();
  }, 180_000);
  afterAll(() => renderer?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws a leaderboard and a stats card as PNGs with their alt text', async () => {
    const card = board(['Ada', '李小龙', 'שרה'], { rank: 40, name: 'Me' });
    const picture = await renderer.render(card);
    const image = decode(picture.png);
    expect([image.width, image.height]).toEqual([leaderboardSize(card).width, leaderboardSize(card).height]);
    expect([picture.width, picture.height]).toEqual([image.width, image.height]);
    expect(picture.alt).toMatch(/^Leaderboard picture for everyone, all time, 45 players\. 1\. Ada/);

    const statsPicture = await renderer.render(stats('2025-03-14', true));
    expect(decode(statsPicture.png).width).toBe(800);
    expect(statsPicture.filename).toBe('stats.png');
  });

  it('reuses a picture under its key for a minute, and draws again after an invalidation or new data', async () => {
    const key = pictureCacheKeys.leaderboard(1, null, 'all');
    const card = board(['Ada', 'Bo']);
    const first = await renderer.render(card, { cacheKey: key });
    expect((await renderer.render(card, { cacheKey: key })).png).toBe(first.png);

    renderer.invalidate(pictureCacheKeys.changedBy(1, 5));
    const redrawn = await renderer.render(card, { cacheKey: key });
    expect(redrawn.png).not.toBe(first.png);
    expect(Buffer.from(redrawn.png).equals(Buffer.from(first.png))).toBe(true);

    const moved = { ...card, rows: card.rows.map((r) => ({ ...r, points: r.points + 10 })) };
    expect((await renderer.render(moved, { cacheKey: key })).png).not.toBe(redrawn.png);

    clock.advance(60_000);
    expect((await renderer.render(card, { cacheKey: key })).png).not.toBe(redrawn.png);
  });

  it('rejects a card it cannot draw, and goes on drawing the next', async () => {
    await expect(renderer.render({ kind: 'pie-chart' } as unknown as PictureCard)).rejects.toThrow(/could not draw the picture: unknown picture kind "pie-chart"/);
    await expect(renderer.render({ kind: 'leaderboard', rows: null } as unknown as PictureCard)).rejects.toThrow(/could not draw the picture/);
    await expect(renderer.render(board(['Ada']))).resolves.toMatchObject({ filename: 'leaderboard.png' });
  });

  it('rejects a picture that takes longer than its time limit', async () => {
    const own = createPictureRenderer({ timeoutMs: 1_000 });
    try {
      await own.ready();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const late = own.render(board(['Ada']));
      vi.advanceTimersByTime(1_000); // before the worker could possibly have answered
      await expect(late).rejects.toThrow('the picture took longer than 1000 ms');
    } finally {
      vi.useRealTimers();
      await own.close();
    }
  }, 180_000);

  it('rejects at once beyond its queue bound', async () => {
    const own = createPictureRenderer({ ...SLOW, maxQueue: 2 });
    try {
      await own.ready();
      const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => own.render(board([`Player ${n}`]))));
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
      expect((settled[2] as PromiseRejectedResult).reason.message).toMatch(/too many pictures waiting \(2\)/);
    } finally {
      await own.close();
    }
  }, 180_000);

  it('rejects every picture when the worker cannot start (no fonts)', async () => {
    const broken = createPictureRenderer({ ...SLOW, fontPackages: [] });
    try {
      await expect(broken.ready()).rejects.toThrow(/could not start: no font package/);
      await expect(broken.render(board(['Ada']))).rejects.toThrow(/could not start/);
    } finally {
      await broken.close();
    }
  }, 180_000);

  it('rejects pictures in flight and after it is closed', async () => {
    const own = createPictureRenderer(SLOW);
    const inFlight = expect(own.render(board(['Ada']))).rejects.toThrow(/closed/);
    await own.close();
    await inFlight;
    await expect(own.render(board(['Ada']))).rejects.toThrow(/closed/);
  });
});
