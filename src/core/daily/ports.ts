/** What the /daily command needs from storage, addressed by the platform's own ids (the store does the joins). */
import type { Platform } from '../ports.js';

export type DailyMode = 'mcq' | 'typed';

/** A channel, by external refs. */
export interface DailyChannelKey {
  platform: Platform;
  workspaceExternalId: string;
  channelId: string;
}

export interface DailyDeck {
  id: number;
  slug: string;
  title: string;
}

/** A recent prompt of the channel, newest first. */
export interface DailyPromptSummary {
  localDate: string;
  dueAt: Date;
  /** pending | posting | posted | revealing | revealed | skipped | failed */
  state: string;
  note: string | null;
}

export interface DailySettingsView {
  deck: DailyDeck;
  localTime: string;
  timeZone: string;
  mode: DailyMode;
  windowMinutes: number;
  enabled: boolean;
  pausedReason: string | null;
  recent: DailyPromptSummary[];
}

export interface DailySettingsInput {
  deckId: number;
  localTime: string;
  timeZone: string;
  mode: DailyMode;
  windowMinutes: number;
}

export interface DailyStore {
  /** The deck with this slug visible in the workspace (its own first, then built-in), or null. */
  findDeck(channel: DailyChannelKey, slug: string): Promise<DailyDeck | null>;
  /** Null when the channel never had daily prompts. */
  getSettings(channel: DailyChannelKey): Promise<DailySettingsView | null>;
  /**
   * Creates or replaces the channel's settings, enabled and unpaused (clears paused_reason), creating the
   * workspace row if needed. Pending prompts not yet claimed are dropped so the scheduler re-plans them.
   */
  enable(channel: DailyChannelKey, input: DailySettingsInput, now: Date): Promise<DailySettingsView>;
  /** Turns prompts off and drops pending ones; rounds already posted are still revealed. False if it was never on. */
  disable(channel: DailyChannelKey, now: Date): Promise<boolean>;
}
