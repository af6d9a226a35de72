/**
 * The Discord adapter: connects with discord.js, registers the slash commands, and turns each
 * interaction into one core Request whose Outcome is rendered back (interactions.ts). No study rules
 * live here. With `http` set it runs in HTTP interactions mode instead (http-mode.ts): no gateway.
 */
import { Client, Events, GatewayIntentBits, Status } from 'discord.js';
import pino, { type Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Sender } from '../../core/ports.js';
import type { RunningAdapter } from '../adapter.js';
import { InflightTracker } from '../inflight.js';
import type { CacheLimits } from './caches.js';
import { commonClientOptions } from './client-options.js';
import { registerCommands } from './commands.js';
import { startDiscordHttp, type DiscordHttpOptions } from './http-mode.js';
import { discordInbox, interactionTokens, type DurableOptions } from './durable.js';
import { createInteractionHandler } from './interactions.js';
import { DEFAULT_ACK_AFTER_MS } from './respond.js';
import { DiscordRest, useRest } from './rest.js';
import { createDiscordSender } from './sender.js';

export interface DiscordOptions extends DurableOptions {
  bot: StudyBotApi;
  token: string;
  applicationId: string;
  /** Register commands to this guild only (instant updates while developing). */
  guildId?: string;
  /** REST base URL without `/api`, e.g. a local stand-in; default Discord's. */
  apiBase?: string;
  log?: Logger;
  /** Defer an interaction when the core has not answered by then (ms). Discord allows 3000 in total. */
  ackAfterMs?: number;
  /** This replica's gateway shards; default `'auto'` (Discord's recommended count, all in this process). */
  shards?: { ids: number[]; count: number };
  /** How long stop() waits for in-flight interactions (ms). */
  drainMs?: number;
  /** HTTP interactions mode: no gateway; Discord POSTs signed interactions to this endpoint. */
  http?: DiscordHttpOptions;
  /** How many users (and members per guild) discord.js keeps in memory (caches.ts); default 1,000 and 200. */
  cacheLimits?: CacheLimits;
}

export async function startDiscord(options: DiscordOptions): Promise<RunningAdapter & { sender: Sender }> {
  if (options.http) return startDiscordHttp({ ...options, http: options.http });
  const log = options.log ?? pino({ name: 'discord' });
  const ackAfterMs = options.ackAfterMs ?? DEFAULT_ACK_AFTER_MS;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...commonClientOptions(options),
    ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : { shards: 'auto' as const }),
  });
  // Follow-ups outside discord.js's 50/s global queue, which Discord does not apply to them (rest.ts).
  const rest = useRest(client, new DiscordRest(client.options.rest ?? {})).setToken(options.token);

  const inflight = new InflightTracker();
  const tokens = interactionTokens(options, log);
  const inbox = discordInbox(options, client.rest, inflight, log, tokens);
  const handleInteraction = createInteractionHandler({ bot: options.bot, log, ackAfterMs, tokens, inbox });
  let stopping = false;

  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) return;
    void inflight.run(() =>
      handleInteraction(interaction).then(
        () => undefined,
        (error) => log.error({ err: error, interactionId: interaction.id }, 'discord interaction handler crashed'),
      ),
    );
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));

  await registerCommands(client.rest, options.applicationId, options.guildId);
  log.info({ guildId: options.guildId ?? null }, 'discord commands registered');

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  log.info({ user: client.user?.tag }, 'discord connected');
  // Finishes what a crashed process (this one before a restart, or another replica) deferred and left.
  const sweeper = inbox?.start();

  return {
    name: 'discord',
    sender: createDiscordSender(client.rest),
    // Healthy only while every shard of this replica is connected; /healthz lists each one.
    isHealthy: () => !stopping && client.isReady() && [...client.ws.shards.values()].every((shard) => shard.status === Status.Ready),
    healthDetails: () => ({
      shards: Object.fromEntries(
        [...client.ws.shards.values()].map((shard) => [String(shard.id), { status: Status[shard.status] ?? String(shard.status), pingMs: shard.ping }]),
      ),
      cachedUsers: client.users.cache.size,
      restHandlers: rest.handlerCount(),
    }),
    async stop() {
      if (stopping) return;
      stopping = true;
      await sweeper?.stop();
      await inflight.drain(options.drainMs ?? 10_000);
      await client.destroy();
      log.info('discord disconnected');
    },
  };
}
