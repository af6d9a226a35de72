/**
 * The reading half of an answer batch: lock the batch's rounds, then read in one statement all that
 * each answer's decision depends on.
 */
import { sql } from 'drizzle-orm';
import type { CardState } from '../core/scheduling/fsrs.js';
import type { Streak } from '../core/streaks.js';
import type { AnswerInput } from './answer-batch.js';
import { toCardState, toStreak } from './learner-rows.js';
import { epochMs, queryRows, type Tx } from './rows.js';

/** What one answer is decided against, as it stood when the batch's locks were taken. */
export interface AnswerContextRow {
  /** The user has answered this round already. */
  answered: boolean;
  priorCorrect: number;
  answerCount: number;
  cardState: CardState | null;
  streak: Streak | null;
}

/** One row of readContext as the driver returns it. */
type RawContextRow = Record<
  | 'i' | 'answered' | 'prior_correct' | 'answer_count' | 'has_state'
  | 'due' | 'stability' | 'difficulty' | 'elapsedDays' | 'scheduledDays' | 'learningSteps' | 'reps' | 'lapses' | 'state' | 'lastReview'
  | 'current' | 'longest' | 'lastDay',
  unknown
>;

/**
 * Locks the batch's rounds in id order (so batches cannot deadlock on them) and returns, for each round
 * still open, when it closes (null: never). Answers are serialised per round from here, and a reveal that
 * committed before the lock was taken closes the round for them.
 */
export async function lockRounds(tx: Tx, inputs: AnswerInput[]): Promise<Map<number, number | null>> {
  const ids = [...new Set(inputs.map((input) => input.round.id))];
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
 * What each answer depends on, read after the locks are held, in input order. It must be its own
 * statement: under READ COMMITTED a statement that waited for a lock still reads with the snapshot it
 * started with. Card state and streak columns are aliased to the names learner-rows.ts maps.
 */
export async function readContext(tx: Tx, inputs: AnswerInput[]): Promise<AnswerContextRow[]> {
  const keys = inputs.map((input, i) => ({ i, round_id: input.round.id, user_id: input.userId, card_id: input.round.card.id }));
  const rows = await queryRows<RawContextRow>(
    tx,
    sql`select q.i,
          exists (select 1 from answers a where a.round_id = q.round_id and a.user_id = q.user_id) as answered,
          (select count(*)::int from answers a where a.round_id = q.round_id and a.correct) as prior_correct,
          (select count(*)::int from answers a where a.round_id = q.round_id) as answer_count,
          cs.user_id is not null as has_state,
          ${epochMs(sql`cs.due`)} as due, cs.stability, cs.difficulty, cs.elapsed_days as "elapsedDays",
          cs.scheduled_days as "scheduledDays", cs.learning_steps as "learningSteps", cs.reps, cs.lapses, cs.state,
          ${epochMs(sql`cs.last_review`)} as "lastReview",
          st.current, st.longest, st.last_day::text as "lastDay", st.freezes
        from json_to_recordset(${JSON.stringify(keys)}::json) as q(i int, round_id bigint, user_id int, card_id int)
        left join card_states cs on cs.user_id = q.user_id and cs.card_id = q.card_id
        left join streaks st on st.user_id = q.user_id`,
  );
  const byIndex: AnswerContextRow[] = new Array(inputs.length);
  for (const row of rows) {
    byIndex[Number(row.i)] = {
      answered: row.answered === true,
      priorCorrect: Number(row.prior_correct),
      answerCount: Number(row.answer_count),
      cardState: row.has_state === true ? toCardState(row) : null,
      streak: row.lastDay === null ? null : toStreak(row),
    };
  }
  return byIndex;
}
