/**
 * Group commit for any one-statement write or read: calls that arrive while earlier ones are running
 * wait and go in together, so N concurrent calls cost one statement (or a few) instead of N. At low load
 * a batch holds one call and nothing waits for a timer. (The answers' own batcher, answer-batch.ts,
 * works the same way inside a transaction.)
 */
import { nextTurn } from '../core/next-turn.js';
import { mayComeFromOneAnswer } from './answer-batch.js';

interface Pending<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export interface GroupBatchOptions {
  /** Most calls in one batch. */
  maxBatch?: number;
  /** Batches run at once (each on its own connection). */
  concurrency?: number;
}

export class GroupBatcher<In, Out> {
  private readonly queue: Pending<In, Out>[] = [];
  private running = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  /** `run` returns one output per input, in order. */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    options: GroupBatchOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 100);
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.running < this.concurrency) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      await nextTurn();
      while (this.queue.length > 0) await this.runBatch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.running--;
    }
  }

  private async runBatch(batch: Pending<In, Out>[]): Promise<void> {
    let outputs: Out[];
    try {
      outputs = await this.run(batch.map((p) => p.input));
    } catch (error) {
      if (batch.length === 1 || !mayComeFromOneAnswer(error)) {
        // A lost connection fails every call alike: retrying one by one would only wait longer.
        for (const pending of batch) pending.reject(error);
        return;
      }
      // One bad input (or a deadlock with another replica) must not fail the rest: run each alone.
      for (const pending of batch) await this.runBatch([pending]);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(outputs[i]!));
  }
}
