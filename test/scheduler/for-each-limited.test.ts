import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../src/scheduler/for-each-limited.js';

/** Work items that finish only when the test says so, recording how many run at once. */
function gatedWork() {
  const gates = new Map<number, () => void>();
  const started: number[] = [];
  let running = 0;
  let most = 0;
  const work = (item: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(item);
      running++;
      most = Math.max(most, running);
      gates.set(item, () => {
        running--;
        if (item < 0) reject(new Error(`item ${item} failed`));
        else resolve();
      });
    });
  const open = (item: number) => gates.get(item)!();
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { work, open, settle, started, running: () => running, most: () => most };
}

describe('forEachLimited', () => {
  it('keeps at most `limit` items in flight and starts the next as soon as one finishes', async () => {
    const g = gatedWork();
    const done = forEachLimited([1, 2, 3, 4, 5], 2, g.work);
    await g.settle();
    expect(g.started).toEqual([1, 2]);
    g.open(2);
    await g.settle();
    expect(g.started).toEqual([1, 2, 3]);
    for (const item of [1, 3, 4, 5]) {
      g.open(item);
      await g.settle();
    }
    await done;
    expect(g.started).toEqual([1, 2, 3, 4, 5]);
    expect(g.most()).toBe(2);
  });

  it('runs every other item when one fails, and rejects with the first error only after all settle', async () => {
    const g = gatedWork();
    let settled = false;
    const done = forEachLimited([-1, 2, -3, 4], 2, g.work).finally(() => (settled = true));
    const outcome = done.catch((error: unknown) => error);
    await g.settle();
    g.open(-1);
    await g.settle();
    g.open(-3);
    await g.settle();
    g.open(2);
    await g.settle();
    expect(settled).toBe(false); // item 4 still runs
    g.open(4);
    expect(await outcome).toEqual(new Error('item -1 failed'));
    expect(g.started).toEqual([-1, 2, -3, 4]);
    expect(g.running()).toBe(0);
  });

  it('does nothing for no items, and treats a limit below one as one', async () => {
    const g = gatedWork();
    await forEachLimited([], 4, g.work);
    expect(g.started).toEqual([]);
    const done = forEachLimited([1, 2], 0, g.work);
    await g.settle();
    expect(g.started).toEqual([1]);
    g.open(1);
    await g.settle();
    g.open(2);
    await done;
    expect(g.most()).toBe(1);
  });
});
