/**
 * Group commit for answers. Answers that arrive while earlier ones are being written wait and go in
 * together, so N concurrent answers cost one transaction of four statements (lock the rounds, lock the
 * learners, read: answer-context.ts and learner-locks.ts; write: answer-write.ts) instead of N, decided in
 * between (answer-decisions.ts). Locking the learners keeps two batches that hold answers of one user
 * (two rounds of one card) from deciding both against the same card state and streak.
 * At low load a batch holds one answer and nothing waits for a timer.
 */
import { nextTurn } from '../core/next-turn.js';
import type { AnswerContext, AnswerDecision, AnswerResult } from '../core/ports.js';
import type { Round } from '../core/model.js';
import { lockRounds, readContext } from './answer-context.js';
import { decideBatch, type DecidedAnswer } from './answer-decisions.js';
import { findAnswer } from './answer-rows.js';
import { lockLearners } from './learner-locks.js';
import { writeAnswers } from './answer-write.js';
import type { Db } from './connect.js';
import type { Tx } from './rows.js';

export interface AnswerInput {
  round: Round;
  userId: number;
  channelId: string;
  at: Date;
  idempotencyKey?: string;
}

export type Decide = (context: AnswerContext) => AnswerDecision;

interface Pending {
  input: AnswerInput;
  decide: Decide;
  resolve: (result: AnswerResult) => void;
  reject: (error: unknown) => void;
}

export interface BatchOptions {
  /** Most answers in one transaction. */
  maxBatch?: number;
  /** Batches written at once (each on its own connection). Two lets Postgres use two cores. */
  concurrency?: number;
  /** Told the size of each committed batch (for metrics). */
  onBatch?: (answers: number) => void;
}

export const DEFAULT_MAX_BATCH = 64;

export const DEFAULT_BATCH_CONCURRENCY = 2;

export class AnswerBatcher {
  private readonly queue: Pending[] = [];
  private writers = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly onBatch?: (answers: number) => void;

  constructor(
    private readonly db: Db,
    options: BatchOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_BATCH_CONCURRENCY);
    this.onBatch = options.onBatch;
  }

  record(input: AnswerInput, decide: Decide): Promise<AnswerResult> {
    return new Promise<AnswerResult>((resolve, reject) => {
      this.queue.push({ input, decide, resolve, reject });
      if (this.writers < this.concurrency) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writers++;
    try {
      // The turn ends first, so answers that came in on the same turn go in together (not a timer: at low
      // load nothing waits; a server round trip would wait for them anyway, a fast embedded one not).
      await nextTurn();
      while (this.queue.length > 0) await this.write(this.queue.splice(0, this.maxBatch));
    } finally {
      this.writers--;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let outcomes: (AnswerResult | Error)[];
    try {
      outcomes = await this.db.transaction((tx) => writeBatch(tx, batch));
      this.onBatch?.(batch.length);
    } catch (error) {
      if (batch.length === 1 || !mayComeFromOneAnswer(error)) {
        // A lost connection or a full disk fails every answer alike: retrying one by one would only wait longer.
        for (const pending of batch) pending.reject(error);
        return;
      }
      // One bad answer (or a deadlock with another replica) must not fail the rest: write each alone.
      for (const pending of batch) await this.write([pending]);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome instanceof Error ? batch[i]!.reject(outcome) : batch[i]!.resolve(outcome)));
  }
}

/**
 * Errors that one answer of a batch can cause alone, by SQLSTATE class: 22 data exception, 23 integrity
 * constraint violation, 40 transaction rollback (deadlock, serialization). drizzle wraps the driver's
 * error, so the code is looked for down the cause chain.
 */
export function mayComeFromOneAnswer(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return ['22', '23', '40'].includes(code.slice(0, 2));
  }
  return false;
}

/** Decides and writes one batch inside `tx`; one result (or the error of its `decide`) per answer, in order. */
async function writeBatch(tx: Tx, batch: Pending[]): Promise<(AnswerResult | Error)[]> {
  const inputs = batch.map((pending) => pending.input);
  const open = await lockRounds(tx, inputs);
  // Rounds first, then users: every transaction takes its locks in this one order.
  await lockLearners(tx, inputs.map((input) => input.userId));
  const verdicts = decideBatch(batch, open, await readContext(tx, inputs));
  const decided = verdicts.filter((verdict): verdict is DecidedAnswer => verdict !== 'duplicate' && 'decision' in verdict);
  const ids = decided.length > 0 ? await writeAnswers(tx, decided) : new Map<string, number>();
  return Promise.all(
    verdicts.map(async (verdict, index): Promise<AnswerResult | Error> => {
      if (verdict === 'duplicate') {
        // Duplicates are rare (double clicks, redeliveries): read each one's first answer back.
        const { round, userId } = inputs[index]!;
        return { status: 'duplicate', existing: (await findAnswer(tx, round.id, userId))! };
      }
      if (!('decision' in verdict)) return verdict;
      const { input, decision, answerCount } = verdict;
      return { status: 'recorded', answerId: ids.get(`${input.round.id}:${input.userId}`)!, decision, answerCount };
    }),
  );
}
