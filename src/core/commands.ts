import type { Platform } from './ports.js';

/** Who is acting, where. External ids are the platform's own; the Store maps them to rows. */
export interface Actor {
  platform: Platform;
  /** Discord guild id, Slack team id, or 'local' for the terminal. */
  workspaceId: string;
  channelId: string;
  userId: string;
  displayName: string;
  /** May change channel settings (/daily): Discord Manage Server, Slack admin or configured. */
  canManage: boolean;
  /** IANA zone if the platform tells us; otherwise the stored or default zone is used. */
  timeZone?: string;
}

export type QuizMode = 'mcq' | 'typed' | 'self';

/** Raw option strings as typed by a user: the core validates them and answers bad input clearly. */
export type Command =
  | { type: 'help' }
  /** One question, or with `rounds`/`time` a timed game (core/games). */
  | { type: 'quiz'; deck?: string; mode?: string; rounds?: string; time?: string }
  /** Stop the channel's game (its asker or a moderator). */
  | { type: 'quiz_stop' }
  /** Show, or (managers) change, the channel's game settings: default and most seconds a question, speed bonus on/off. */
  | { type: 'quiz_settings'; time?: string; max?: string; speed?: string }
  | { type: 'review' }
  | { type: 'leaderboard'; scope?: string; period?: string }
  | { type: 'stats' }
  /** Show, or with `tz` set, the user's IANA time zone (streaks and weekly boards use it). */
  | { type: 'timezone'; tz?: string }
  | { type: 'decks' }
  /** A deck file: text decks as `content`; binary files (Anki's .apkg) as `bytes`. `history`: yes to bring an .apkg's review history along. */
  | { type: 'deck_import'; filename: string; content: string; bytes?: Uint8Array; history?: string }
  /** A deck as an Anki package and CSV. */
  | { type: 'deck_export'; deck?: string }
  /** Personal scheduling: show (no action), `optimize`, or `retention` with a value. */
  | { type: 'fsrs'; action?: string; value?: string }
  | { type: 'generate'; model?: string; digit?: string; seed?: string; interpolate?: string }
  | {
      type: 'daily';
      action?: string; // on | off | status
      deck?: string;
      time?: string; // HH:MM
      tz?: string;
      mode?: string;
      window?: string; // hours, e.g. "12" or "12h"
    }
  /** A button press: `id` is the custom id the platform sent back (never trusted). */
  | { type: 'press'; id: string }
  /** A modal submission: `id` is the modal's custom id, `text` what the user typed. */
  | { type: 'submit'; id: string; text: string };

export interface Request {
  actor: Actor;
  command: Command;
  /**
   * Platform interaction id (Discord interaction id, Slack trigger/retry-stable key).
   * Used as an idempotence key so a retried delivery changes nothing twice.
   */
  interactionId?: string;
  /**
   * For a press on a public channel message: that message, as this platform's Sender refers to it
   * (`Sender.update`), so the core can ask for it to be edited later (a /quiz reveal after an appeal).
   */
  messageRef?: string;
}
