/**
 * The game-step runner's SQL (the GameStepStore port). Like the daily prompts: a claim is one UPDATE
 * over a `FOR UPDATE SKIP LOCKED` sub-select, renewed by its holder (`renewClaims`) and taken over once
 * not renewed for the lease, and every later write checks the claim, so replicas never run the same
 * step and a restart picks up where the game was. Each write is a single statement, and
 * concurrent completions share one.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ClaimedEdit, ClaimedStep, FollowUp, NextStep, ShownState, StepKind } from '../core/games/model.js';
import type { Platform } from '../core/ports.js';
import type { EditClaimOptions, GameStepStore, StepClaimOptions } from '../scheduler/game-ports.js';
import type { Db } from './connect.js';
import { GAME_COLUMNS, GAME_JOINS, toGame, type GameRow } from './game-rows.js';
import { GroupBatcher } from './group-batch.js';
import { epochMs, idArray, msToDate, platformList, queryRows, timestamptz } from './rows.js';

/**
 * When the claimed step's game last had a step done, or started: the step's row was inserted with (or,
 * for a Stop's end, after) that completion, so none of its attempts can have posted before it.
 */
const AFTER_PREVIOUS = sql`coalesce((select max(p.done_at) from game_steps p where p.game_id = g.id and p.state = 'done'), g.started_at)`;

export function createGameStepStore(db: Db): GameStepStore {
  return new SqlGameStepStore(db);
}

interface StepRow extends GameRow {
  step_id: unknown;
  step_round: unknown;
  step_kind: string;
  step_due_ms: unknown;
  step_attempts: unknown;
  after_previous_ms: unknown;
  platform: string;
  workspace_external_id: string;
  question_round_id: unknown;
  question_message_ref: string | null;
  last_reveal_ref: string | null;
}

interface EditRow extends GameRow {
  platform: string;
  workspace_external_id: string;
  round_id: unknown;
  game_round: unknown;
  message_ref: string;
  shown_answers: unknown;
  shown_hint: boolean;
  shown_bucket: unknown;
}

class SqlGameStepStore implements GameStepStore {
  constructor(private readonly db: Db) {}

  async claimSteps(o: StepClaimOptions, kind: 'due' | 'stale'): Promise<ClaimedStep[]> {
    if (o.platforms.length === 0) return [];
    const ready =
      kind === 'due'
        ? sql`s2.state = 'pending' and s2.due_at <= ${timestamptz(o.now)}`
        : sql`s2.state = 'running' and s2.claimed_at <= ${timestamptz(o.staleBefore)}`;
    const rows = await queryRows<StepRow>(
      this.db,
      sql`with claim as (
            select s2.id from game_steps s2
            where ${ready}
              and exists (select 1 from games g2 join workspaces w2 on w2.id = g2.workspace_id
                          where g2.id = s2.game_id and w2.platform in (${platformList(o.platforms)}))
            order by s2.due_at
            limit ${o.limit}
            for update of s2 skip locked
          ), step as (
            update game_steps s set state = 'running', claimed_by = ${o.instanceId}, claimed_at = ${timestamptz(o.now)}, attempts = s.attempts + 1
            from claim where s.id = claim.id
            returning s.id, s.game_id, s.round, s.kind, s.due_at, s.attempts
          )
          select step.id as step_id, step.round as step_round, step.kind as step_kind, ${epochMs(sql`step.due_at`)} as step_due_ms,
                 step.attempts as step_attempts, ${epochMs(AFTER_PREVIOUS)} as after_previous_ms, w.platform, w.external_id as workspace_external_id,
                 q.id as question_round_id, q.message_ref as question_message_ref,
                 case when step.kind = 'end' then
                   (select r.reveal_message_ref from quiz_rounds r where r.game_id = g.id and r.reveal_message_ref is not null
                    order by r.game_round desc limit 1)
                 end as last_reveal_ref, ${GAME_COLUMNS}
          from step
          join games g on g.id = step.game_id ${GAME_JOINS}
          join workspaces w on w.id = g.workspace_id
          left join quiz_rounds q on q.game_id = g.id and q.game_round = step.round
          order by step.due_at`,
    );
    return rows.map((r) => ({
      stepId: Number(r.step_id),
      kind: r.step_kind as StepKind,
      round: Number(r.step_round),
      dueAt: msToDate(r.step_due_ms),
      attempts: Number(r.step_attempts),
      afterPrevious: msToDate(r.after_previous_ms),
      game: toGame(r),
      channel: { platform: r.platform as Platform, workspaceId: r.workspace_external_id, channelId: r.game_channel_id },
      question: r.question_round_id === null ? null : { roundId: Number(r.question_round_id), messageRef: r.question_message_ref },
      lastRevealRef: r.last_reveal_ref,
    }));
  }

  async renewClaims(stepIds: readonly number[], instanceId: string, now: Date): Promise<void> {
    if (stepIds.length === 0) return;
    await this.db.execute(
      sql`update game_steps set claimed_at = ${timestamptz(now)}
          where id = any(${idArray(stepIds)}) and claimed_by = ${instanceId} and state = 'running'`,
    );
  }

  /**
   * Completions that arrive together share one statement (group-batch.ts): at 1,000 games a reveal
   * falls due every few milliseconds, and one statement per step kept the pool's queue long.
   */
  private readonly completions = new GroupBatcher<Completion, boolean>((batch) => this.completeBatch(batch));

  completeStep(
    step: ClaimedStep,
    instanceId: string,
    now: Date,
    followUp: FollowUp,
    question?: { roundId: number; messageRef: string; shown: ShownState },
    reveal?: { roundId: number; messageRef: string },
  ): Promise<boolean> {
    return this.completions.submit({ stepId: step.stepId, instanceId, now, followUp, question, reveal });
  }

  /**
   * The games' rows are updated (so locked, and read at their latest version) in the same statement that
   * completes the steps, so a concurrent Stop is either seen here or sees the follow-up inserted here.
   * A game has one step running at a time, so no two rows of a batch touch one game.
   */
  private async completeBatch(batch: Completion[]): Promise<boolean[]> {
    const rows = sql.join(
      batch.map((c) => {
        const q = c.question;
        return sql`(${c.stepId}::bigint, ${c.instanceId}::text, ${timestamptz(c.now)}, ${q?.roundId ?? null}::bigint, ${q?.messageRef ?? null}::text,
                    ${q?.shown.answers ?? null}::int, ${q?.shown.hint ?? null}::boolean, ${q?.shown.bucket ?? null}::int,
                    ${c.reveal?.roundId ?? null}::bigint, ${c.reveal?.messageRef ?? null}::text, ${followUpColumns(c.followUp)})`;
      }),
      sql`, `,
    );
    const done = await queryRows<{ id: unknown }>(
      this.db,
      sql`with input (step_id, claimed_by, done_at, round_id, message_ref, shown_answers, shown_hint, shown_bucket,
                      reveal_round_id, reveal_ref, run_kind, run_round, run_due, stop_kind, stop_round, stop_due) as (values ${rows}),
          done as (
            update game_steps s set state = 'done', done_at = i.done_at, note = null
            from input i where s.id = i.step_id and s.state = 'running' and s.claimed_by = i.claimed_by
            returning s.id, s.game_id
          ), game as (
            update games g set current_round_id = i.round_id,
              last_edit_at = case when i.round_id is null then g.last_edit_at else i.done_at end,
              shown_answers = coalesce(i.shown_answers, g.shown_answers), shown_hint = coalesce(i.shown_hint, g.shown_hint),
              shown_bucket = coalesce(i.shown_bucket, g.shown_bucket)
            from done join input i on i.step_id = done.id where g.id = done.game_id
            returning g.id, g.state, done.id as step_id
          ), message as (
            update quiz_rounds r set message_ref = i.message_ref
            from done join input i on i.step_id = done.id where r.id = i.round_id and i.message_ref is not null
          ), reveal as (
            update quiz_rounds r set reveal_message_ref = i.reveal_ref
            from done join input i on i.step_id = done.id where r.id = i.reveal_round_id and i.reveal_ref is not null
          ), next as (
            insert into game_steps (game_id, round, kind, due_at, state)
            select game.id, n.round, n.kind, n.due_at, 'pending'
            from game join input i on i.step_id = game.step_id
            cross join lateral (select case when game.state = 'stopping' then i.stop_kind else i.run_kind end as kind,
                                       case when game.state = 'stopping' then i.stop_round else i.run_round end as round,
                                       case when game.state = 'stopping' then i.stop_due else i.run_due end as due_at) n
            where n.kind is not null
            on conflict (game_id, round, kind) do nothing
          )
          select id from done`,
    );
    const completed = new Set(done.map((r) => Number(r.id)));
    return batch.map((c) => completed.has(c.stepId));
  }

  private readonly finishes = new GroupBatcher<Finish, boolean>((batch) => this.finishBatch(batch));

  finishGame(step: ClaimedStep, instanceId: string, now: Date, end: { abandoned?: string; standingsRef?: string } = {}): Promise<boolean> {
    return this.finishes.submit({ stepId: step.stepId, instanceId, now, abandoned: end.abandoned ?? null, standingsRef: end.standingsRef ?? null });
  }

  private async finishBatch(batch: Finish[]): Promise<boolean[]> {
    const values = sql.join(
      batch.map((f) => sql`(${f.stepId}::bigint, ${f.instanceId}::text, ${timestamptz(f.now)}, ${f.abandoned}::text, ${f.standingsRef}::text)`),
      sql`, `,
    );
    const rows = await queryRows<{ id: unknown }>(
      this.db,
      sql`with input (step_id, claimed_by, done_at, abandoned, standings_ref) as (values ${values}),
          done as (
            update game_steps s set state = 'done', done_at = i.done_at, note = i.abandoned
            from input i where s.id = i.step_id and s.state = 'running' and s.claimed_by = i.claimed_by
            returning s.id, s.game_id
          ), rest as (
            update game_steps set state = 'cancelled', note = 'the game ended'
            where game_id in (select game_id from done) and state = 'pending'
          ), ended as (
            update games g
            set state = case when g.state = 'stopping' or i.abandoned is not null then 'stopped' else 'finished' end,
                ended_at = i.done_at, current_round_id = null, standings_message_ref = i.standings_ref
            from done join input i on i.step_id = done.id where g.id = done.game_id
          )
          select id from done`,
    );
    const finished = new Set(rows.map((r) => Number(r.id)));
    return batch.map((f) => finished.has(f.stepId));
  }

  async releaseStep(step: ClaimedStep, instanceId: string, retryAt: Date, note: string): Promise<void> {
    await this.db.execute(
      sql`update game_steps set state = 'pending', due_at = ${timestamptz(retryAt)}, note = ${note}
          where id = ${step.stepId} and state = 'running' and claimed_by = ${instanceId}`,
    );
  }

  /**
   * One statement finds the open questions whose message is behind (more answers, the hint due, a new
   * countdown step where the platform cannot count), records what they will show, and returns them.
   * The hint and countdown rules mirror core/games (hint.ts hintAt, steps.ts countdownBucket).
   */
  async claimEdits(o: EditClaimOptions): Promise<ClaimedEdit[]> {
    if (o.platforms.length === 0) return [];
    const now = timestamptz(o.now);
    const live = o.livePlatforms.length > 0 ? sql`w.platform in (${platformList(o.livePlatforms)})` : sql`false`;
    const answerCount = sql`(select count(*)::int from answers a where a.round_id = r.id)`;
    const hintDue = sql`(r.mode = 'typed' and r.opens_at + (r.closes_at - r.opens_at) / 2 <= ${now})`;
    const bucket = sql`(case when ${live} then 0 else greatest(0, ceil(extract(epoch from (r.closes_at - ${now})) / ${o.countdownStepSeconds}))::int end)`;
    const rows = await queryRows<EditRow>(
      this.db,
      sql`with cand as (
            select g.id from games g
            join quiz_rounds r on r.id = g.current_round_id
            join workspaces w on w.id = g.workspace_id
            where g.state = 'running' and r.revealed_at is null and r.message_ref is not null
              and r.closes_at > ${timestamptz(o.closingAfter)}
              and w.platform in (${platformList(o.platforms)})
              and ((g.last_edit_at <= ${timestamptz(o.editedBefore)} and (${answerCount} <> g.shown_answers or ${bucket} <> g.shown_bucket))
                   or (${hintDue} and not g.shown_hint))
            order by g.last_edit_at
            limit ${o.limit}
            for update of g skip locked
          ), edit as (
            update games g set last_edit_at = ${now}, shown_answers = ${answerCount}, shown_hint = ${hintDue}, shown_bucket = ${bucket}
            from cand, quiz_rounds r, workspaces w
            where g.id = cand.id and r.id = g.current_round_id and w.id = g.workspace_id
            returning g.id, g.shown_answers, g.shown_hint, g.shown_bucket
          )
          select edit.shown_answers, edit.shown_hint, edit.shown_bucket, w.platform, w.external_id as workspace_external_id,
                 r.id as round_id, r.game_round, r.message_ref, ${GAME_COLUMNS}
          from edit
          join games g on g.id = edit.id ${GAME_JOINS}
          join workspaces w on w.id = g.workspace_id
          join quiz_rounds r on r.id = g.current_round_id`,
    );
    return rows.map((r) => ({
      game: toGame(r),
      channel: { platform: r.platform as Platform, workspaceId: r.workspace_external_id, channelId: r.game_channel_id },
      round: Number(r.game_round),
      roundId: Number(r.round_id),
      messageRef: r.message_ref,
      shown: { answers: Number(r.shown_answers), hint: r.shown_hint === true, bucket: Number(r.shown_bucket) },
    }));
  }
}

interface Finish {
  stepId: number;
  instanceId: string;
  now: Date;
  abandoned: string | null;
  standingsRef: string | null;
}

interface Completion {
  stepId: number;
  instanceId: string;
  now: Date;
  followUp: FollowUp;
  question?: { roundId: number; messageRef: string; shown: ShownState };
  reveal?: { roundId: number; messageRef: string };
}

/** The follow-up as the columns (run_kind, run_round, run_due, stop_kind, stop_round, stop_due). */
function followUpColumns(followUp: FollowUp): SQL {
  const columns = (next: NextStep | null) =>
    next ? sql`${next.kind}::text, ${next.round}::smallint, ${timestamptz(next.dueAt)}` : sql`null::text, null::smallint, null::timestamptz`;
  return sql`${columns(followUp.whenRunning)}, ${columns(followUp.whenStopping)}`;
}
