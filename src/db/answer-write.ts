/**
 * The writing half of an answer batch: every recorded answer with its review log and points, and the
 * final card state and streak of each user, in one statement. Rows travel as JSON so the statement
 * text is the same for any batch size.
 */
import { sql } from 'drizzle-orm';
import type { AnswerDecision } from '../core/ports.js';
import type { CardState } from '../core/scheduling/fsrs.js';
import type { Streak } from '../core/streaks.js';
import type { AnswerInput } from './answer-batch.js';
import { cardStateColumns, reviewLogColumns } from './learner-rows.js';
import { bySqlName, queryRows, type Tx } from './rows.js';
import { cardStates, reviewLogs } from './schema.js';

/** Writes the answers; returns their ids by `round:user`. */
export async function writeAnswers(tx: Tx, recorded: { decision: AnswerDecision; input: AnswerInput }[]): Promise<Map<string, number>> {
  const answerRows = [];
  const logRows = [];
  const pointRows = [];
  // The last decision per (user, card) and per user is the state to keep: an upsert may touch a row once.
  const finalStates = new Map<string, { userId: number; cardId: number; state: CardState }>();
  const finalStreaks = new Map<number, Streak>();
  for (const { decision, input } of recorded) {
    const key = { round_id: input.round.id, user_id: input.userId };
    answerRows.push({
      ...key,
      choice: decision.choice,
      text: decision.text,
      score: decision.score,
      correct: decision.correct,
      points: decision.points.reduce((sum, entry) => sum + entry.amount, 0),
      idempotency_key: input.idempotencyKey ?? null,
      answered_at: input.at.toISOString(),
    });
    logRows.push({ ...key, card_id: input.round.card.id, source: decision.source, ...bySqlName(reviewLogs, reviewLogColumns(decision.log)) });
    for (const entry of decision.points) {
      if (entry.amount === 0) continue;
      const { amount, reason } = entry;
      pointRows.push({ ...key, workspace_id: input.round.workspaceId, channel_id: input.channelId, amount, reason, at: input.at.toISOString() });
    }
    finalStates.set(`${input.userId}:${input.round.card.id}`, { userId: input.userId, cardId: input.round.card.id, state: decision.state });
    finalStreaks.set(input.userId, decision.streak);
  }
  // Upserts in key order, so that concurrent batches take their row locks in the same order.
  const stateRows = [...finalStates.values()]
    .sort((a, b) => a.userId - b.userId || a.cardId - b.cardId)
    .map(({ userId, cardId, state }) => bySqlName(cardStates, { userId, cardId, ...cardStateColumns(state) }));
  const streakRows = [...finalStreaks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([userId, { current, longest, lastDay, freezes = 0 }]) => ({ user_id: userId, current, longest, last_day: lastDay, freezes }));

  const rows = await queryRows<{ id: unknown; round_id: unknown; user_id: unknown }>(
    tx,
    sql`with answer as (
          insert into answers (round_id, user_id, choice, text, score, correct, points, idempotency_key, answered_at)
          select * from json_to_recordset(${JSON.stringify(answerRows)}::json) as t(
            round_id bigint, user_id int, choice smallint, text text, score float8, correct boolean, points int,
            idempotency_key text, answered_at timestamptz)
          returning id, round_id, user_id
        ), review as (
          insert into review_logs (user_id, card_id, rating, state, due, stability, difficulty, elapsed_days, last_elapsed_days,
                                   scheduled_days, learning_steps, reviewed_at, source, idempotency_key)
          select l.user_id, l.card_id, l.rating, l.state, l.due, l.stability, l.difficulty, l.elapsed_days, l.last_elapsed_days,
                 l.scheduled_days, l.learning_steps, l.reviewed_at, l.source, 'answer:' || a.id
          from json_to_recordset(${JSON.stringify(logRows)}::json) as l(
            round_id bigint, user_id int, card_id int, source text, rating smallint, state smallint, due timestamptz,
            stability float8, difficulty float8, elapsed_days int, last_elapsed_days int, scheduled_days int,
            learning_steps int, reviewed_at timestamptz)
          join answer a on a.round_id = l.round_id and a.user_id = l.user_id
        ), card_state as (
          insert into card_states (user_id, card_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps,
                                   reps, lapses, state, last_review)
          select * from json_to_recordset(${JSON.stringify(stateRows)}::json) as s(
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
