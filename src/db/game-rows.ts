/**
 * One way to read a game row back, shared by the game store and the step store: the select list
 * (`GAME_COLUMNS`, with `GAME_JOINS`) and its mapper. Timestamps travel as epoch ms (rows.ts).
 */
import { sql } from 'drizzle-orm';
import type { QuizMode } from '../core/commands.js';
import type { Game, GameState } from '../core/games/model.js';
import { epochMs, msToDate } from './rows.js';

/** Columns of `games g`, its deck `d` and the user who stopped it `su`, prefixed `game_` so they mix with others. */
export const GAME_COLUMNS = sql`g.id as game_id, g.workspace_id as game_workspace_id, g.channel_id as game_channel_id,
  g.deck_id as game_deck_id, d.title as game_deck_title, g.mode as game_mode, g.rounds as game_rounds,
  g.seconds as game_seconds, g.speed_bonus as game_speed_bonus, g.card_ids as game_card_ids,
  g.created_by as game_created_by, g.time_zone as game_time_zone, g.state as game_state,
  g.stopped_by as game_stopped_by, su.display_name as game_stopped_by_name,
  ${epochMs(sql`g.started_at`)} as game_started_ms, ${epochMs(sql`g.ended_at`)} as game_ended_ms`;

/** The joins GAME_COLUMNS needs, after `from games g` (or a join of it). */
export const GAME_JOINS = sql`join decks d on d.id = g.deck_id left join users su on su.id = g.stopped_by`;

export interface GameRow {
  game_id: unknown;
  game_workspace_id: unknown;
  game_channel_id: string;
  game_deck_id: unknown;
  game_deck_title: string;
  game_mode: string;
  game_rounds: unknown;
  game_seconds: unknown;
  game_speed_bonus: boolean;
  game_card_ids: unknown;
  game_created_by: unknown;
  game_time_zone: string;
  game_state: string;
  game_stopped_by: unknown;
  game_stopped_by_name: string | null;
  game_started_ms: unknown;
  game_ended_ms: unknown;
}

export function toGame(row: GameRow): Game {
  // jsonb arrives parsed from both drivers, but a driver set to raw text would hand over a string.
  const cards = typeof row.game_card_ids === 'string' ? JSON.parse(row.game_card_ids) : row.game_card_ids;
  return {
    id: Number(row.game_id),
    workspaceId: Number(row.game_workspace_id),
    channelId: row.game_channel_id,
    deckId: Number(row.game_deck_id),
    deckTitle: row.game_deck_title,
    mode: row.game_mode as QuizMode,
    rounds: Number(row.game_rounds),
    seconds: Number(row.game_seconds),
    speedBonus: row.game_speed_bonus === true,
    cardIds: (cards as unknown[]).map(Number),
    createdBy: row.game_created_by === null ? null : Number(row.game_created_by),
    timeZone: row.game_time_zone,
    state: row.game_state as GameState,
    stoppedBy: row.game_stopped_by === null ? null : Number(row.game_stopped_by),
    stoppedByName: row.game_stopped_by_name,
    startedAt: msToDate(row.game_started_ms),
    endedAt: row.game_ended_ms === null ? null : msToDate(row.game_ended_ms),
  };
}
