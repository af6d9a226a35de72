/**
 * The scheduler's SQL over daily_prompts. Every claim is one UPDATE over a `FOR UPDATE SKIP LOCKED`
 * sub-select, so replicas on one database never claim the same row, and a single statement needs no
 * explicit transaction (PGlite has one connection; this keeps it free between statements).
 *
 * Times are passed in from the scheduler's Clock (never SQL now()), so a fake clock drives everything.
 */
import { sql } from 'drizzle-orm';
import type { Platform } from '../core/ports.js';
import type { Db } from '../db/connect.js';
import { msToDate, queryRows } from '../db/rows.js';

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export interface SettingsToPlan {
  settingsId: number;
  localTime: string;
  timeZone: string;
  /** When the settings were last turned on/changed: no prompt is planned for a time before this. */
  since: Date;
}

/** Enabled, unpaused settings with no prompt planned after `now` (steady state: none, so this stays cheap). */
export async function settingsWithoutFuturePrompt(db: Db, now: Date): Promise<SettingsToPlan[]> {
  // local_date is within a day of the UTC date of due_at, so the date bound lets the unique
  // (settings_id, local_date) index skip the channel's history.
  const rows = await queryRows<{ id: number; local_time: string; time_zone: string; since_ms: number }>(
    db,
    sql`select s.id, s.local_time, s.time_zone, (extract(epoch from s.updated_at) * 1000)::float8 as since_ms
        from channel_settings s
        where s.enabled and s.paused_reason is null
          and not exists (
            select 1 from daily_prompts p
            where p.settings_id = s.id
              and p.local_date >= (${iso(now)} at time zone 'UTC')::date - 2
              and p.due_at > ${iso(now)})
        order by s.id`,
  );
  return rows.map((r) => ({ settingsId: Number(r.id), localTime: r.local_time, timeZone: r.time_zone, since: msToDate(r.since_ms) }));
}

export interface PlannedPrompt {
  settingsId: number;
  localDate: string;
  dueAt: Date;
}

/**
 * Inserts planned prompts; an existing (settings, local date) row wins, so planning twice is harmless.
 * Rows arrive ordered by settings id and date, so replicas planning at once take the unique-index locks
 * in the same order and cannot deadlock.
 */
export async function insertPlannedPrompts(db: Db, prompts: PlannedPrompt[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < prompts.length; i += 1000) {
    const chunk = prompts.slice(i, i + 1000);
    const values = sql.join(
      chunk.map((p) => sql`(${p.settingsId}, ${p.localDate}::date, ${iso(p.dueAt)}, 'pending')`),
      sql`, `,
    );
    const rows = await queryRows<{ id: number }>(
      db,
      sql`insert into daily_prompts (settings_id, local_date, due_at, state) values ${values}
          on conflict (settings_id, local_date) do nothing returning id`,
    );
    inserted += rows.length;
  }
  return inserted;
}

export interface ClaimedPrompt {
  promptId: number;
  localDate: string;
  dueAt: Date;
  settingsId: number;
  workspaceRowId: number;
  platform: Platform;
  workspaceExternalId: string;
  channelId: string;
  deckId: number;
  mode: 'mcq' | 'typed';
  windowMinutes: number;
  /** The channel's zone, so the card can show its closing time locally. */
  timeZone: string;
  /** Set when this claim took over a stale one (the earlier claimant died mid-post). */
  reclaimedFrom: string | null;
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
}

export interface ClaimOptions {
  instanceId: string;
  now: Date;
  platforms: Platform[];
  limit: number;
  /** A failed attempt is retried no sooner than this. */
  retryBefore: Date;
  /** A 'posting' claim older than this is taken over. */
  staleBefore: Date;
}

/**
 * Claims due prompts for the platforms this instance can post to: `pending` ones whose time has come,
 * or `stale` ones stuck in 'posting' since before `staleBefore` (their claimant died). Two kinds, two
 * queries: each walks the (state, due_at) index in order and stops after `limit` rows, so a claim costs
 * the same with 10 or 10,000 prompts due.
 */
export async function claimDuePrompts(db: Db, o: ClaimOptions, kind: 'pending' | 'stale' = 'pending'): Promise<ClaimedPrompt[]> {
  if (o.platforms.length === 0) return [];
  const platforms = sql.join(o.platforms.map((p) => sql`${p}`), sql`, `);
  const due =
    kind === 'pending'
      ? sql`p2.state = 'pending' and p2.due_at <= ${iso(o.now)} and (p2.claimed_at is null or p2.claimed_at <= ${iso(o.retryBefore)})`
      : sql`p2.state = 'posting' and p2.claimed_at <= ${iso(o.staleBefore)}`;
  const rows = await queryRows<ClaimRow>(
    db,
    sql`with claim as (
          select p2.id from daily_prompts p2
          where ${due}
            and exists (
              select 1 from channel_settings s2 join workspaces w2 on w2.id = s2.workspace_id
              where s2.id = p2.settings_id and s2.enabled and s2.paused_reason is null and w2.platform in (${platforms}))
          order by p2.due_at
          limit ${o.limit}
          for update of p2 skip locked)
        update daily_prompts p
        set state = 'posting', claimed_by = ${o.instanceId}, claimed_at = ${iso(o.now)},
            note = case when p.state = 'posting' then 'reclaimed from ' || coalesce(p.claimed_by, '?') else p.note end
        from claim, channel_settings s, workspaces w
        where p.id = claim.id and s.id = p.settings_id and w.id = s.workspace_id
        returning p.id, p.local_date::text as local_date, (extract(epoch from p.due_at) * 1000)::float8 as due_ms,
          s.id as settings_id, w.id as workspace_id, w.platform, w.external_id, s.channel_id, s.deck_id, s.mode, s.window_minutes, s.time_zone,
          case when p.note like 'reclaimed from %' then substr(p.note, 16) else null end as reclaimed_from`,
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
  }));
}

/**
 * Records a successful post. Guarded by the claim: if our claim went stale and another instance took
 * over, this changes nothing and returns false (the caller logs the duplicate).
 */
export async function markPosted(db: Db, promptId: number, instanceId: string, roundId: number, now: Date, note: string | null): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update daily_prompts set state = 'posted', posted_at = ${iso(now)}, round_id = ${roundId}, note = ${note}
        where id = ${promptId} and state = 'posting' and claimed_by = ${instanceId} returning id`,
  );
  return rows.length > 0;
}

/** Ends a claimed prompt without posting: 'skipped' (window missed, empty deck) or 'failed' (channel gone). */
export async function markFinished(db: Db, promptId: number, instanceId: string, state: 'skipped' | 'failed', note: string): Promise<void> {
  await db.execute(
    sql`update daily_prompts set state = ${state}, note = ${note}
        where id = ${promptId} and state = 'posting' and claimed_by = ${instanceId}`,
  );
}

/** Hands a claim back after a transient error; `claimed_at` stays as the attempt time so the retry waits a minute. */
export async function releaseForRetry(db: Db, promptId: number, instanceId: string, note: string): Promise<void> {
  await db.execute(
    sql`update daily_prompts set state = 'pending', note = ${note}
        where id = ${promptId} and state = 'posting' and claimed_by = ${instanceId}`,
  );
}

/** The bot can no longer post in this channel: keep it enabled but paused, with the reason for /daily status. */
export async function pauseChannel(db: Db, settingsId: number, reason: string, now: Date): Promise<void> {
  await db.execute(
    sql`update channel_settings set paused_reason = ${reason}, updated_at = ${iso(now)}
        where id = ${settingsId} and paused_reason is null`,
  );
}

export interface ClaimedReveal {
  promptId: number;
  roundId: number;
  messageRef: string | null;
  settingsId: number;
  platform: Platform;
  workspaceExternalId: string;
  channelId: string;
}

/** Claims posted prompts whose round has closed (`due`), or reveals stuck since before `staleBefore` (`stale`). */
export async function claimDueReveals(db: Db, o: ClaimOptions, kind: 'due' | 'stale' = 'due'): Promise<ClaimedReveal[]> {
  if (o.platforms.length === 0) return [];
  const platforms = sql.join(o.platforms.map((p) => sql`${p}`), sql`, `);
  const ready =
    kind === 'due'
      ? sql`p2.state = 'posted' and (p2.claimed_at is null or p2.claimed_at <= ${iso(o.retryBefore)})`
      : sql`p2.state = 'revealing' and p2.claimed_at <= ${iso(o.staleBefore)}`;
  const rows = await queryRows<{
    id: number;
    round_id: number;
    message_ref: string | null;
    settings_id: number;
    platform: string;
    external_id: string;
    channel_id: string;
  }>(
    db,
    sql`with claim as (
          select p2.id from daily_prompts p2
          join quiz_rounds r2 on r2.id = p2.round_id
          where ${ready} and r2.closes_at <= ${iso(o.now)}
            and exists (
              select 1 from channel_settings s2 join workspaces w2 on w2.id = s2.workspace_id
              where s2.id = p2.settings_id and w2.platform in (${platforms}))
          order by p2.due_at
          limit ${o.limit}
          for update of p2 skip locked)
        update daily_prompts p
        set state = 'revealing', claimed_by = ${o.instanceId}, claimed_at = ${iso(o.now)}
        from claim, quiz_rounds r, channel_settings s, workspaces w
        where p.id = claim.id and r.id = p.round_id and s.id = p.settings_id and w.id = s.workspace_id
        returning p.id, p.round_id, r.message_ref, s.id as settings_id, w.platform, w.external_id, s.channel_id`,
  );
  return rows.map((r) => ({
    promptId: Number(r.id),
    roundId: Number(r.round_id),
    messageRef: r.message_ref,
    settingsId: Number(r.settings_id),
    platform: r.platform as Platform,
    workspaceExternalId: r.external_id,
    channelId: r.channel_id,
  }));
}

export async function markRevealed(db: Db, promptId: number, instanceId: string, note: string | null): Promise<void> {
  await db.execute(
    sql`update daily_prompts set state = 'revealed', note = ${note}
        where id = ${promptId} and state = 'revealing' and claimed_by = ${instanceId}`,
  );
}

/** A transient reveal failure: back to 'posted'; claimed_at (now) delays the retry by a minute. */
export async function releaseRevealForRetry(db: Db, promptId: number, instanceId: string, note: string): Promise<void> {
  await db.execute(
    sql`update daily_prompts set state = 'posted', note = ${note}
        where id = ${promptId} and state = 'revealing' and claimed_by = ${instanceId}`,
  );
}
