/**
 * Starts the real discord.js adapter against the local Discord stand-in, with a log that tests can
 * read. Used by the adapter tests (fake core) and the end-to-end tests (real core on PGlite).
 */
import pino from 'pino';
import type { StudyBotApi } from '../../src/core/bot.js';
import { startDiscord, type DiscordOptions } from '../../src/bot/discord/index.js';
import { DiscordStandIn, type StandInOptions } from './discord-standin.js';
import { InteractionFactory, type Place } from './discord-interactions.js';

export const APPLICATION_ID = '700000000000000001';
export const TOKEN = 'stand-in-bot-token';
export const GUILD_ID = '710000000000000001';
export const CHANNEL_ID = '720000000000000001';

export interface Harness {
  standIn: DiscordStandIn;
  adapter: Awaited<ReturnType<typeof startDiscord>>;
  /** Interactions in the test guild's channel. */
  guild: InteractionFactory;
  /** Interactions in a DM with the bot. */
  dm: (channelId: string) => InteractionFactory;
  logs: { level: number; msg: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Announce the test guild with GUILD_CREATE so discord.js caches it (as in production). */
  cachedGuild?: boolean;
  /**
   * Gateway heartbeat interval. Default 250 ms so tests see heartbeats; a long real-world value keeps
   * tests that block the event loop (PGlite) from tripping discord.js's zombie-connection check.
   */
  heartbeatIntervalMs?: number;
  /** For tests that provoke rule breaks on purpose: do not fail close() on `standIn.violations`. */
  allowViolations?: boolean;
  /** What the stand-in plays, e.g. Discord's recommended shard count. */
  standIn?: Pick<StandInOptions, 'recommendedShards' | 'maxConcurrency'>;
}

export async function startHarness(
  bot: StudyBotApi,
  extra: Partial<DiscordOptions> = {},
  harnessOptions: HarnessOptions = {},
): Promise<Harness> {
  const standIn = await DiscordStandIn.start({
    applicationId: APPLICATION_ID,
    token: TOKEN,
    heartbeatIntervalMs: harnessOptions.heartbeatIntervalMs ?? 250,
    ...(harnessOptions.cachedGuild ? { guilds: [{ id: GUILD_ID, name: 'Study Hall', channelIds: [CHANNEL_ID] }] } : {}),
    ...harnessOptions.standIn,
  });
  const logs: Harness['logs'] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  try {
    const adapter = await startDiscord({
      bot,
      token: TOKEN,
      applicationId: APPLICATION_ID,
      guildId: GUILD_ID,
      apiBase: standIn.apiBase,
      log,
      ...extra,
    });
    const place = (p: Place) => new InteractionFactory(standIn, p);
    return {
      standIn,
      adapter,
      guild: place({ guildId: GUILD_ID, channelId: CHANNEL_ID }),
      dm: (channelId) => place({ channelId }),
      logs,
      async close() {
        await adapter.stop();
        await standIn.close();
        // A passing test must not have broken a rule real Discord enforces (see discord-rules.ts).
        if (!harnessOptions.allowViolations && standIn.violations.length > 0) {
          throw new Error(`the bot broke Discord's documented rules:\n${standIn.violations.join('\n')}`);
        }
      },
    };
  } catch (error) {
    await standIn.close();
    throw error;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
