/**
 * Group commit for answers. Answers that arrive while earlier ones are being written wait and go in
 * together, so N concurrent answers cost one transaction of three statements (lock the rounds, read,
 * write) instead of N. At low load a batch holds one answer and nothing waits for a timer.
 *
 * Inside a batch answers are decided in arrival order against state read once and carried forward, so
 * two answers of one user (card state, streak) or of one round (first-correct ranks, counts) see each
 * other exactly as they would in separate transactions.
 */
import { sql } from 'drizzle-orm';
import type { AnswerContext, AnswerDecision, AnswerResult } from '../core/ports.js';
import type { Round } from '../core/model.js';
import type { CardState } from '../core/scheduling/fsrs.js';
import type { Streak } from '../core/streaks.js';
import { findAnswer } from './answer-rows.js';
import type { Db } from './connect.js';
import { cardStateColumns, reviewLogColumns } from './fsrs-columns.js';
import { epochMs, msToDate, queryRows, type Tx } from './rows.js';

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

interface ReadRow {
  existing_id: unknown;
  prior_correct: unknown;
  answer_count: unknown;
  has_state: unknown;
  due: unknown;
  stability: unknown;
  difficulty: unknown;
  elapsed_days: unknown;
  scheduled_days: unknown;
  learning_steps: unknown;
  reps: unknown;
  lapses: unknown;
  state: unknown;
  last_review: unknown;
  streak_current: unknown;
  streak_longest: unknown;
  streak_last_day: unknown;
  streak_freezes: unknown;
}

/** Decides and writes one batch inside `tx`; one result (or the error of its `decide`) per answer, in order. */
async function writeBatch(tx: Tx, batch: Pending[]): Promise<(AnswerResult | Error)[]> {
  const open = await lockRounds(tx, batch);
  const context = await readContext(tx, batch);

  const roundTally = new Map<number, { correct: number; total: number }>();
  const answered = new Set<string>();
  const cardStates = new Map<string, CardState | null>();
  const userStreaks = new Map<number, Streak | null>();
  // One slot per answer; recorded answers are filled in once the write returns their ids.
  const outcomes: (AnswerResult | Error | 'duplicate')[] = new Array(batch.length);
  const recorded: { index: number; decision: AnswerDecision; input: AnswerInput; answerCount: number }[] = [];

  batch.forEach(({ input, decide }, index) => {
    const row = context[index]!;
    const roundId = input.round.id;
    const closesAt = open.get(roundId);
    if (closesAt === undefined || (closesAt !== null && closesAt <= input.at.getTime())) {
      outcomes[index] = { status: 'closed' };
      return;
    }
    const answerKey = `${roundId}:${input.userId}`;
    if (row.existing_id !== null || answered.has(answerKey)) {
      outcomes[index] = 'duplicate';
      return;
    }
    const tally = roundTally.get(roundId) ?? { correct: Number(row.prior_correct), total: Number(row.answer_count) };
    roundTally.set(roundId, tally);
    const stateKey = `${input.userId}:${input.round.card.id}`;
    if (!cardStates.has(stateKey)) cardStates.set(stateKey, cardStateOf(row));
    if (!userStreaks.has(input.userId)) userStreaks.set(input.userId, streakOf(row));
    let decision: AnswerDecision;
    try {
      decision = decide({ round: input.round, priorCorrect: tally.correct, cardState: cardStates.get(stateKey)!, streak: userStreaks.get(input.userId)! });
    } catch (error) {
      outcomes[index] = error instanceof Error ? error : new Error(String(error));
      return;
    }
    tally.total++;
    if (decision.correct) tally.correct++;
    answered.add(answerKey);
    cardStates.set(stateKey, decision.state);
    userStreaks.set(input.userId, decision.streak);
    recorded.push({ index, decision, input, answerCount: tally.total });
  });

  const ids = recorded.length > 0 ? await writeAnswers(tx, recorded) : new Map<string, number>();
  for (const { index, input, decision, answerCount } of recorded) {
    outcomes[index] = { status: 'recorded', answerId: ids.get(`${input.round.id}:${input.userId}`)!, decision, answerCount };
  }
  // Duplicates are rare (double clicks, redeliveries): read each one's first answer back.
  return Promise.all(
    outcomes.map(async (outcome, index) => {
      if (outcome !== 'duplicate') return outcome;
      const { round, userId } = batch[index]!.input;
      return { status: 'duplicate', existing: (await findAnswer(tx, round.id, userId))! } as const;
    }),
  );
}

/**
 * Locks the batch's rounds in id order (so batches cannot deadlock on them) and returns, for each round
 * still open, when it closes (null: never). Answers are serialised per round from here, and a reveal that
 * committed before the lock was taken closes the round for them.
 */
async function lockRounds(tx: Tx, batch: Pending[]): Promise<Map<number, number | null>> {
  const ids = [...new Set(batch.map((p) => p.input.round.id))];
  const rows = await queryRows<{ id: unknown; closes_at: unknown; revealed: unknown }>(
    tx,
    sql`select id, ${epochMs(sql`closes_at`)} as closes_at, revealed_at is not null as revealed
        from quiz_rounds
        where id in (select value::bigint from json_array_elements_text(${JSON.stringify(ids)}::json))
        order by id
        for update`,
  );
  const open = new Map<number, number | null>();
  for (const row of rows) {
    if (row.revealed !== true) open.set(Number(row.id), row.closes_at === null ? null : Number(row.closes_at));
  }
  return open;
}

/**
 * What each answer depends on, read after the locks are held. It must be its own statement: under READ
 * COMMITTED a statement that waited for a lock still reads with the snapshot it started with.
 */
async function readContext(tx: Tx, batch: Pending[]): Promise<ReadRow[]> {
  const keys = batch.map((p, i) => ({ i, round_id: p.input.round.id, user_id: p.input.userId, card_id: p.input.round.card.id }));
  const rows = await queryRows<ReadRow & { i: unknown }>(
    tx,
    sql`select q.i,
          (select a.id from answers a where a.round_id = q.round_id and a.user_id = q.user_id) as existing_id,
          (select count(*)::int from answers a where a.round_id = q.round_id and a.correct) as prior_correct,
          (select count(*)::int from answers a where a.round_id = q.round_id) as answer_count,
          cs.user_id is not null as has_state,
          ${epochMs(sql`cs.due`)} as due, cs.stability, cs.difficulty, cs.elapsed_days, cs.scheduled_days,
          cs.learning_steps, cs.reps, cs.lapses, cs.state, ${epochMs(sql`cs.last_review`)} as last_review,
          st.current as streak_current, st.longest as streak_longest, st.last_day::text as streak_last_day, st.freezes as streak_freezes
        from json_to_recordset(${JSON.stringify(keys)}::json) as q(i int, round_id bigint, user_id int, card_id int)
        left join card_states cs on cs.user_id = q.user_id and cs.card_id = q.card_id
        left join streaks st on st.user_id = q.user_id`,
  );
  const byIndex: ReadRow[] = new Array(batch.length);
  for (const row of rows) byIndex[Number(row.i)] = row;
  return byIndex;
}

function cardStateOf(row: ReadRow): CardState | null {
  if (row.has_state !== true) return null;
  return {
    due: msToDate(row.due),
    stability: Number(row.stability),
    difficulty: Number(row.difficulty),
    elapsedDays: Number(row.elapsed_days),
    scheduledDays: Number(row.scheduled_days),
    learningSteps: Number(row.learning_steps),
    reps: Number(row.reps),
    lapses: Number(row.lapses),
    state: Number(row.state),
    lastReview: row.last_review === null ? null : msToDate(row.last_review),
  };
}

function streakOf(row: ReadRow): Streak | null {
  if (row.streak_last_day === null) return null;
  return { current: Number(row.streak_current), longest: Number(row.streak_longest), lastDay: String(row.streak_last_day), freezes: Number(row.streak_freezes ?? 0) };
}

/**
 * Writes every recorded answer with its review log, points, and the final card state and streak of each
 * user, in one statement. The rows travel as JSON so the statement text is the same for any batch size.
 * Returns answer ids by `round:user`.
 */
async function writeAnswers(
  tx: Tx,
  recorded: { decision: AnswerDecision; input: AnswerInput }[],
): Promise<Map<string, number>> {
  const answerRows = recorded.map(({ decision, input }) => {
    const log = reviewLogColumns(decision.log);
    return {
      round_id: input.round.id,
      user_id: input.userId,
      card_id: input.round.card.id,
      choice: decision.choice,
      text: decision.text,
      score: decision.score,
      correct: decision.correct,
      points: decision.points.reduce((sum, entry) => sum + entry.amount, 0),
      idempotency_key: input.idempotencyKey ?? null,
      answered_at: input.at.toISOString(),
      source: decision.source,
      rating: log.rating,
      log_state: log.state,
      log_due: log.due.toISOString(),
      log_stability: log.stability,
      log_difficulty: log.difficulty,
      log_elapsed_days: log.elapsedDays,
      log_last_elapsed_days: log.lastElapsedDays,
      log_scheduled_days: log.scheduledDays,
      log_learning_steps: log.learningSteps,
      log_reviewed_at: log.reviewedAt.toISOString(),
    };
  });
  // The last decision per (user, card) and per user is the state to keep: an upsert may touch a row once.
  const finalStates = new Map<string, ReturnType<typeof cardStateRow>>();
  const finalStreaks = new Map<number, { user_id: number; current: number; longest: number; last_day: string; freezes: number }>();
  const pointRows = [];
  for (const { decision, input } of recorded) {
    finalStates.set(`${input.userId}:${input.round.card.id}`, cardStateRow(input.userId, input.round.card.id, decision.state));
    const { current, longest, lastDay, freezes = 0 } = decision.streak;
    finalStreaks.set(input.userId, { user_id: input.userId, current, longest, last_day: lastDay, freezes });
    for (const entry of decision.points) {
      if (entry.amount === 0) continue;
      pointRows.push({
        round_id: input.round.id,
        user_id: input.userId,
        workspace_id: input.round.workspaceId,
        channel_id: input.channelId,
        amount: entry.amount,
        reason: entry.reason,
        at: input.at.toISOString(),
      });
    }
  }
  const states = [...finalStates.values()].sort((a, b) => a.user_id - b.user_id || a.card_id - b.card_id);
  const streakRows = [...finalStreaks.values()].sort((a, b) => a.user_id - b.user_id);

  const rows = await queryRows<{ id: unknown; round_id: unknown; user_id: unknown }>(
    tx,
    sql`with input as (
          select * from json_to_recordset(${JSON.stringify(answerRows)}::json) as t(
            round_id bigint, user_id int, card_id int, choice smallint, text text, score float8, correct boolean,
            points int, idempotency_key text, answered_at timestamptz, source text, rating smallint, log_state smallint,
            log_due timestamptz, log_stability float8, log_difficulty float8, log_elapsed_days int,
            log_last_elapsed_days int, log_scheduled_days int, log_learning_steps int, log_reviewed_at timestamptz)
        ), answer as (
          insert into answers (round_id, user_id, choice, text, score, correct, points, idempotency_key, answered_at)
          select round_id, user_id, choice, text, score, correct, points, idempotency_key, answered_at from input
          returning id, round_id, user_id
        ), review as (
          insert into review_logs (user_id, card_id, rating, state, due, stability, difficulty, elapsed_days, last_elapsed_days,
                                   scheduled_days, learning_steps, reviewed_at, source, idempotency_key)
          select i.user_id, i.card_id, i.rating, i.log_state, i.log_due, i.log_stability, i.log_difficulty, i.log_elapsed_days,
                 i.log_last_elapsed_days, i.log_scheduled_days, i.log_learning_steps, i.log_reviewed_at, i.source, 'answer:' || a.id
          from answer a join input i on i.round_id = a.round_id and i.user_id = a.user_id
        ), card_state as (
          insert into card_states (user_id, card_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps,
                                   reps, lapses, state, last_review)
          select * from json_to_recordset(${JSON.stringify(states)}::json) as s(
            user_id int, card_id int, due timestamptz, stability float8, difficulty float8, elapsed_days int, scheduled_days int,
            learning_steps int, reps int, lapses int, state smallint, last_review timestamptz)
          on conflict (user_id, card_id) do update set
            due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
            elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
            learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
            state = excluded.state, last_review = excluded.last_review
        ), streak as (
          insert into streaks (user_id, current, longest, last_day, freezes)
          select * from json_to_recordset(${JSON.stringify(streakRows)}::json) as s(user_id int, current int, longest int, last_day date, freezes smallint)
          on conflict (user_id) do update set current = excluded.current, longest = excluded.longest, last_day = excluded.last_day, freezes = excluded.freezes
        ), points as (
          insert into points_ledger (workspace_id, user_id, channel_id, amount, reason, answer_id, at)
          select p.workspace_id, p.user_id, p.channel_id, p.amount, p.reason, a.id, p.at
          from json_to_recordset(${JSON.stringify(pointRows)}::json) as p(
            round_id bigint, user_id int, workspace_id int, channel_id text, amount int, reason text, at timestamptz)
          join answer a on a.round_id = p.round_id and a.user_id = p.user_id
        )
        select id, round_id, user_id from answer`,
  );
  return new Map(rows.map((row) => [`${Number(row.round_id)}:${Number(row.user_id)}`, Number(row.id)]));
}

function cardStateRow(userId: number, cardId: number, state: CardState) {
  const c = cardStateColumns(state);
  return {
    user_id: userId,
    card_id: cardId,
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsedDays,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    last_review: c.lastReview ? c.lastReview.toISOString() : null,
  };
}
