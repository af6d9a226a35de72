/** Group commit for one-statement calls: concurrent calls share a run, one bad input fails alone. */
import { describe, expect, it } from 'vitest';
import { GroupBatcher } from '../../src/db/group-batch.js';

/** An error as the driver raises it for a constraint violation (SQLSTATE class 23). */
function constraintError(): Error {
  return Object.assign(new Error('duplicate key'), { code: '23505' });
}

describe('GroupBatcher', () => {
  it('runs calls made on one turn as one batch, and those that arrive while it runs as the next, each getting its own output in order', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const batcher = new GroupBatcher<number, number>(
      async (inputs) => {
        runs.push(inputs);
        if (runs.length === 1) {
          started();
          await first;
        }
        return inputs.map((n) => n * 10);
      },
      { concurrency: 1 },
    );
    const early = [batcher.submit(1), batcher.submit(2)];
    await running;
    const late = [batcher.submit(3), batcher.submit(4), batcher.submit(5)];
    release();
    expect(await Promise.all([...early, ...late])).toEqual([10, 20, 30, 40, 50]);
    expect(runs).toEqual([[1, 2], [3, 4, 5]]);
  });

  it('runs a failed batch one by one when one input may be the cause, so the others still succeed', async () => {
    const batcher = new GroupBatcher<number, number>(
      async (inputs) => {
        if (inputs.includes(3)) throw constraintError();
        return inputs;
      },
      { concurrency: 1 },
    );
    const results = await Promise.allSettled([batcher.submit(0), batcher.submit(2), batcher.submit(3), batcher.submit(4)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails every call of a batch alike on an error no single input causes (a lost connection)', async () => {
    let calls = 0;
    const batcher = new GroupBatcher<number, number>(
      async () => {
        calls++;
        throw Object.assign(new Error('Connection terminated'), { code: '57P01' });
      },
      { concurrency: 1 },
    );
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2), batcher.submit(3)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(1); // [1, 2, 3] together: no retry one by one
  });
});
