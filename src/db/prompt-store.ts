/**
 * The scheduler's SQL (the SchedulerStore port): daily prompts, channel settings, and each channel's
 * history with a deck's cards for the card rotation. Every claim is one UPDATE over a
 * `FOR UPDATE SKIP LOCKED` sub-select, so replicas on one database never claim the same row, and a
 * single statement needs no explicit transaction (PGlite has one connection; this keeps it free
 * between statements).
 *
 * Times are passed in from the scheduler's Clock (never SQL now()), so a fake clock drives everything.
 */
import { sql } from 'drizzle-orm';
import type { Platform } from '../core/ports.js';
import type {
  CardHistory,
  ClaimedPrompt,
  ClaimedReveal,
  ClaimOptions,
  PlannedPrompt,
  SchedulerStore,
  SettingsToPlan,
} from '../scheduler/ports.js';
import type { Db } from './connect.js';
import { epochMs, idArray, msToDate, platformList, queryRows, timestamptz } from './rows.js';

export function createSchedulerStore(db: Db): SchedulerStore {
  return new SqlSchedulerStore(db);
}

interface ClaimRow {
  id: number;
  local_date: string;
  due_ms: number;
  settings_id: number;
  workspace_id: number;
  platform: string;
  external_id: string;
  channel_id: string;
  deck_id: number;
  mode: string;
  window_minutes: number;
  time_zone: string;
  reclaimed_from: string | null;
  round_id: number | null;
}

interface RevealRow {
  id: number;
  round_id: number;
  message_ref: string | null;
  settings_id: number;
  platform: string;
  external_id: string;
  channel_id: string;
  earlier_reveal_since: Date | string | null;
}

/** Planned prompts go in by this many rows per statement. */
const INSERT_CHUNK = 1000;

class SqlSchedulerStore implements SchedulerStore {
  constructor(private readonly db: Db) {}

  async settingsWithoutFuturePrompt(now: Date): Promise<SettingsToPlan[]> {
    // Steady state: every channel has tomorrow's prompt, so this finds none and stays cheap.
    // local_date is within a day of the UTC date of due_at, so the date bound lets the unique
    // (settings_id, local_date) index skip the channel's history.
    const rows = await queryRows<{ id: number; local_time: string; time_zone: string; since_ms: number }>(
      this.db,
      sql`select s.id, s.local_time, s.time_zone, ${epochMs(sql`s.updated_at`)} as since_ms
          from channel_settings s
          where s.enabled and s.paused_reason is null
            and not exists (
              select 1 from daily_prompts p
              where p.settings_id = s.id
                and p.local_date >= (${timestamptz(now)} at time zone 'UTC')::date - 2
                and p.due_at > ${timestamptz(now)})
          order by s.id`,
    );
    return rows.map((r) => ({ settingsId: Number(r.id), localTime: r.local_time, timeZone: r.time_zone, since: msToDate(r.since_ms) }));
  }

  /**
   * Rows arrive ordered by settings id and date, so replicas planning at once take the unique-index
   * locks in the same order and cannot deadlock.
   */
  async insertPlannedPrompts(prompts: readonly PlannedPrompt[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < prompts.length; i += INSERT_CHUNK) {
      const values = sql.join(
        prompts.slice(i, i + INSERT_CHUNK).map((p) => sql`(${p.settingsId}, ${p.localDate}::date, ${timestamptz(p.dueAt)}, 'pending')`),
        sql`, `,
      );
      const rows = await queryRows<{ id: number }>(
        this.db,
        sql`insert into daily_prompts (settings_id, local_date, due_at, state) values ${values}
            on conflict (settings_id, local_date) do nothing returning id`,
      );
      inserted += rows.length;
    }
    return inserted;
  }

  /**
   * Only for the platforms this instance can post to. Two kinds, two queries: each walks the
   * (state, due_at) index in order and stops after `limit` rows, so a claim costs the same with 10 or
   * 10,000 prompts due.
   */
  async claimDuePrompts(o: ClaimOptions, kind: 'pending' | 'stale' = 'pending'): Promise<ClaimedPrompt[]> {
    if (o.platforms.length === 0) return [];
    const due =
      kind === 'pending'
        ? sql`p2.state = 'pending' and p2.due_at <= ${timestamptz(o.now)} and (p2.claimed_at is null or p2.claimed_at <= ${timestamptz(o.retryBefore)})`
        : sql`p2.state = 'posting' and p2.claimed_at <= ${timestamptz(o.staleBefore)}`;
    const rows = await queryRows<ClaimRow>(
      this.db,
      sql`with claim as (
            select p2.id from daily_prompts p2
            where ${due}
              and exists (
                select 1 from channel_settings s2 join workspaces w2 on w2.id = s2.workspace_id
                where s2.id = p2.settings_id and s2.enabled and s2.paused_reason is null and w2.platform in (${platformList(o.platforms)}))
            order by p2.due_at
            limit ${o.limit}
            for update of p2 skip locked)
          update daily_prompts p
          set state = 'posting', claimed_by = ${o.instanceId}, claimed_at = ${timestamptz(o.now)},
              note = case when p.state = 'posting' then 'reclaimed from ' || coalesce(p.claimed_by, '?') else p.note end
          from claim, channel_settings s, workspaces w
          where p.id = claim.id and s.id = p.settings_id and w.id = s.workspace_id
          returning p.id, p.local_date::text as local_date, ${epochMs(sql`p.due_at`)} as due_ms,
            s.id as settings_id, w.id as workspace_id, w.platform, w.external_id, s.channel_id, s.deck_id, s.mode, s.window_minutes, s.time_zone,
            case when p.note like 'reclaimed from %' then substr(p.note, 16) else null end as reclaimed_from, p.round_id`,
    );
    return rows.map((r) => ({
      promptId: Number(r.id),
      localDate: r.local_date,
      dueAt: msToDate(r.due_ms),
      settingsId: Number(r.settings_id),
      workspaceRowId: Number(r.workspace_id),
      platform: r.platform as Platform,
      workspaceExternalId: r.external_id,
      channelId: r.channel_id,
      deckId: Number(r.deck_id),
      mode: r.mode === 'typed' ? 'typed' : 'mcq',
      windowMinutes: Number(r.window_minutes),
      timeZone: r.time_zone,
      reclaimedFrom: r.reclaimed_from,
      roundId: r.round_id === null ? null : Number(r.round_id),
    }));
  }

  async attachRound(promptId: number, instanceId: string, roundId: number): Promise<boolean> {
    const rows = await queryRows<{ id: number }>(
      this.db,
      sql`update daily_prompts set round_id = ${roundId}
          where id = ${promptId} and state = 'posting' and claimed_by = ${instanceId} returning id`,
    );
    return rows.length > 0;
  }

  /** By primary key (idArray): a long fan-out can hold thousands. */
  async renewClaims(promptIds: readonly number[], instanceId: string, now: Date): Promise<void> {
    if (promptIds.length === 0) return;
    await this.db.execute(
      sql`update daily_prompts set claimed_at = ${timestamptz(now)}
          where id = any(${idArray(promptIds)}) and claimed_by = ${instanceId} and state in ('posting', 'revealing')`,
    );
  }

  async closeOrphanRounds(input: { settingsId: number; workspaceRowId: number; channelId: string; openedAfter: Date; openedBefore: Date; now: Date }): Promise<number> {
    const rows = await queryRows<{ id: number }>(
      this.db,
      sql`update quiz_rounds r set revealed_at = ${timestamptz(input.now)}
          where r.workspace_id = ${input.workspaceRowId} and r.channel_id = ${input.channelId} and r.source = 'daily'
            and r.revealed_at is null and r.message_ref is null
            and r.opens_at >= ${timestamptz(input.openedAfter)} and r.opens_at < ${timestamptz(input.openedBefore)}
            and not exists (select 1 from daily_prompts p where p.settings_id = ${input.settingsId} and p.round_id = r.id)
          returning r.id`,
    );
    return rows.length;
  }

  /** Walks the (state, due_at) index over due prompts only; the rows are locked so replicas split them. */
  async closeAbandonedRounds(now: Date): Promise<number> {
    const rows = await queryRows<{ id: number }>(
      this.db,
      sql`with abandoned as (
            select p.id, p.round_id from daily_prompts p
            join channel_settings s on s.id = p.settings_id
            join quiz_rounds r on r.id = p.round_id
            where p.state in ('pending', 'posting') and p.due_at <= ${timestamptz(now)}
              and (not s.enabled or s.paused_reason is not null)
              and r.closes_at <= ${timestamptz(now)}
            for update of p skip locked),
          closed as (
            update quiz_rounds r set revealed_at = coalesce(r.revealed_at, ${timestamptz(now)})
            from abandoned a where r.id = a.round_id returning r.id)
          update daily_prompts p set state = 'failed', note = 'the channel was turned off or paused mid-post; its round closed'
          from abandoned a where p.id = a.id returning p.id`,
    );
    return rows.length;
  }

  async markPosted(promptId: number, instanceId: string, roundId: number, now: Date, note: string | null): Promise<boolean> {
    const rows = await queryRows<{ id: number }>(
      this.db,
      sql`update daily_prompts set state = 'posted', posted_at = ${timestamptz(now)}, round_id = ${roundId}, note = ${note}
          where id = ${promptId} and state = 'posting' and claimed_by = ${instanceId} returning id`,
    );
    return rows.length > 0;
  }

  async markFinished(promptId: number, instanceId: string, state: 'skipped' | 'failed', note: string): Promise<void> {
    await this.endClaim(promptId, instanceId, 'posting', state, note);
  }

  /** `claimed_at` stays as the attempt's last renewal, so the retry waits a minute. */
  async releaseForRetry(promptId: number, instanceId: string, note: string): Promise<void> {
    await this.endClaim(promptId, instanceId, 'posting', 'pending', note);
  }

  async claimDueReveals(o: ClaimOptions, kind: 'due' | 'stale' = 'due'): Promise<ClaimedReveal[]> {
    if (o.platforms.length === 0) return [];
    const ready =
      kind === 'due'
        ? sql`p2.state = 'posted' and (p2.claimed_at is null or p2.claimed_at <= ${timestamptz(o.retryBefore)})`
        : sql`p2.state = 'revealing' and p2.claimed_at <= ${timestamptz(o.staleBefore)}`;
    const rows = await queryRows<RevealRow>(
      this.db,
      sql`with claim as (
            select p2.id, p2.claimed_at as previous_claim from daily_prompts p2
            join quiz_rounds r2 on r2.id = p2.round_id
            where ${ready} and r2.closes_at <= ${timestamptz(o.now)}
              and exists (
                select 1 from channel_settings s2 join workspaces w2 on w2.id = s2.workspace_id
                where s2.id = p2.settings_id and w2.platform in (${platformList(o.platforms)}))
            order by p2.due_at
            limit ${o.limit}
            for update of p2 skip locked)
          update daily_prompts p
          set state = 'revealing', claimed_by = ${o.instanceId}, claimed_at = ${timestamptz(o.now)}
          from claim, quiz_rounds r, channel_settings s, workspaces w
          where p.id = claim.id and r.id = p.round_id and s.id = p.settings_id and w.id = s.workspace_id
          returning p.id, p.round_id, r.message_ref, s.id as settings_id, w.platform, w.external_id, s.channel_id,
            -- A claim at or after the close was a reveal attempt (posting ones come before it): it may have posted.
            case when claim.previous_claim >= r.closes_at then r.closes_at end as earlier_reveal_since`,
    );
    return rows.map((r) => ({
      promptId: Number(r.id),
      roundId: Number(r.round_id),
      messageRef: r.message_ref,
      settingsId: Number(r.settings_id),
      platform: r.platform as Platform,
      workspaceExternalId: r.external_id,
      channelId: r.channel_id,
      earlierAttemptSince: r.earlier_reveal_since === null ? null : new Date(r.earlier_reveal_since),
    }));
  }

  async markRevealed(promptId: number, instanceId: string, note: string | null): Promise<void> {
    await this.endClaim(promptId, instanceId, 'revealing', 'revealed', note);
  }

  /** `claimed_at` stays as the attempt's last renewal, so the retry waits a minute. */
  async releaseRevealForRetry(promptId: number, instanceId: string, note: string): Promise<void> {
    await this.endClaim(promptId, instanceId, 'revealing', 'posted', note);
  }

  async pauseChannel(settingsId: number, reason: string, now: Date): Promise<void> {
    await this.db.execute(
      sql`update channel_settings set paused_reason = ${reason}, updated_at = ${timestamptz(now)}
          where id = ${settingsId} and paused_reason is null`,
    );
  }

  /** One query: every live card of the deck with the channel's history of it. */
  async loadCardHistory(input: { workspaceRowId: number; channelId: string; deckId: number }): Promise<CardHistory[]> {
    const rows = await queryRows<{ id: number; shown: number; answers: number; wrong: number }>(
      this.db,
      sql`select c.id,
            count(distinct r.id) filter (where r.source = 'daily' and r.message_ref is not null)::int as shown,
            count(a.id)::int as answers,
            count(a.id) filter (where not a.correct)::int as wrong
          from cards c
          left join quiz_rounds r on r.card_id = c.id and r.workspace_id = ${input.workspaceRowId} and r.channel_id = ${input.channelId}
          left join answers a on a.round_id = r.id
          where c.deck_id = ${input.deckId} and not c.archived
          group by c.id`,
    );
    return rows.map((r) => ({ cardId: Number(r.id), shown: Number(r.shown), answers: Number(r.answers), wrong: Number(r.wrong) }));
  }

  /** Moves a prompt out of the state our claim put it in; does nothing if another instance took the claim over. */
  private async endClaim(promptId: number, instanceId: string, claimed: 'posting' | 'revealing', next: string, note: string | null): Promise<void> {
    await this.db.execute(
      sql`update daily_prompts set state = ${next}, note = ${note}
          where id = ${promptId} and state = ${claimed} and claimed_by = ${instanceId}`,
    );
  }
}
