/**
 * SQL for daily channel prompts: the DailyStore behind `/daily` (the scheduler's own SQL over the same
 * tables is in prompt-store.ts).
 * Raw SQL because the writes are single statements with data-modifying CTEs (atomic without a transaction,
 * which also keeps PGlite's single connection free for other work).
 */
import { sql } from 'drizzle-orm';
import type { DailyChannelKey, DailyDeck, DailyMode, DailyPromptSummary, DailySettingsInput, DailySettingsView, DailyStore } from '../core/daily/ports.js';
import type { Db } from './connect.js';
import { epochMs, msToDate, queryRows, timestamptz } from './rows.js';

export function createDailyStore(db: Db): DailyStore {
  return new SqlDailyStore(db);
}

interface SettingsRow {
  id: number;
  deck_id: number;
  slug: string;
  title: string;
  local_time: string;
  time_zone: string;
  mode: string;
  window_minutes: number;
  enabled: boolean;
  paused_reason: string | null;
}

class SqlDailyStore implements DailyStore {
  constructor(private readonly db: Db) {}

  async findDeck(channel: DailyChannelKey, slug: string): Promise<DailyDeck | null> {
    // The workspace's own deck wins over a built-in one with the same slug.
    const rows = await queryRows<{ id: number; slug: string; title: string }>(
      this.db,
      sql`select d.id, d.slug, d.title
          from decks d
          left join workspaces w on w.id = d.workspace_id
          where lower(d.slug) = lower(${slug})
            and (d.workspace_id is null or (w.platform = ${channel.platform} and w.external_id = ${channel.workspaceExternalId}))
          order by d.workspace_id nulls last
          limit 1`,
    );
    const row = rows[0];
    return row ? { id: Number(row.id), slug: row.slug, title: row.title } : null;
  }

  async getSettings(channel: DailyChannelKey): Promise<DailySettingsView | null> {
    const rows = await queryRows<SettingsRow>(
      this.db,
      sql`select s.id, s.deck_id, d.slug, d.title, s.local_time, s.time_zone, s.mode, s.window_minutes, s.enabled, s.paused_reason
          from channel_settings s
          join workspaces w on w.id = s.workspace_id
          join decks d on d.id = s.deck_id
          where w.platform = ${channel.platform} and w.external_id = ${channel.workspaceExternalId} and s.channel_id = ${channel.channelId}`,
    );
    const row = rows[0];
    if (!row) return null;
    const recent = await queryRows<{ local_date: string; due_ms: number; state: string; note: string | null }>(
      this.db,
      sql`select local_date::text as local_date, ${epochMs(sql`due_at`)} as due_ms, state, note
          from daily_prompts where settings_id = ${row.id}
          order by local_date desc limit 5`,
    );
    return {
      deck: { id: Number(row.deck_id), slug: row.slug, title: row.title },
      localTime: row.local_time,
      timeZone: row.time_zone,
      mode: row.mode as DailyMode,
      windowMinutes: Number(row.window_minutes),
      enabled: row.enabled,
      pausedReason: row.paused_reason,
      recent: recent.map<DailyPromptSummary>((p) => ({ localDate: p.local_date, dueAt: msToDate(p.due_ms), state: p.state, note: p.note })),
    };
  }

  async enable(channel: DailyChannelKey, input: DailySettingsInput, now: Date): Promise<DailySettingsView> {
    // One statement: upsert the workspace, upsert the settings (enabled, unpaused), drop unclaimed pending prompts
    // (their due time may be stale); the scheduler plans them again from the new settings.
    await this.db.execute(
      sql`with ws as (
            insert into workspaces (platform, external_id) values (${channel.platform}, ${channel.workspaceExternalId})
            on conflict (platform, external_id) do update set platform = excluded.platform
            returning id
          ), s as (
            insert into channel_settings (workspace_id, channel_id, deck_id, local_time, time_zone, mode, window_minutes, enabled, paused_reason, updated_at)
            select ws.id, ${channel.channelId}, ${input.deckId}, ${input.localTime}, ${input.timeZone}, ${input.mode}, ${input.windowMinutes}, true, null, ${timestamptz(now)}
            from ws
            on conflict (workspace_id, channel_id) do update set
              deck_id = excluded.deck_id, local_time = excluded.local_time, time_zone = excluded.time_zone, mode = excluded.mode,
              window_minutes = excluded.window_minutes, enabled = true, paused_reason = null, updated_at = excluded.updated_at
            returning id
          )
          delete from daily_prompts p using s where p.settings_id = s.id and p.state = 'pending'`,
    );
    const view = await this.getSettings(channel);
    if (!view) throw new Error('daily settings vanished right after being saved');
    return view;
  }

  async disable(channel: DailyChannelKey, now: Date): Promise<boolean> {
    const rows = await queryRows<{ n: number }>(
      this.db,
      sql`with s as (
            update channel_settings s set enabled = false, updated_at = ${timestamptz(now)}
            from workspaces w
            where w.id = s.workspace_id and w.platform = ${channel.platform} and w.external_id = ${channel.workspaceExternalId}
              and s.channel_id = ${channel.channelId} and s.enabled
            returning s.id
          ), dropped as (
            delete from daily_prompts p using s where p.settings_id = s.id and p.state = 'pending' returning p.id
          )
          select count(*)::int as n from s`,
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }
}
