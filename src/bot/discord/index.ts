/**
 * The Discord adapter: connects with discord.js, registers the slash commands, and turns each
 * interaction into one core Request whose Outcome is rendered back. No study rules live here.
 */
import { Client, Events, GatewayIntentBits, Status, type AutocompleteInteraction, type Interaction } from 'discord.js';
import pino, { type Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Command, Request } from '../../core/commands.js';
import type { Sender } from '../../core/ports.js';
import { truncate } from '../../core/text.js';
import type { RunningAdapter } from '../adapter.js';
import { InflightTracker } from '../inflight.js';
import { isPackageName, MAX_PACKAGE_BYTES, packageFileTooBig } from '../../core/decks/package.js';
import { downloadBytes, downloadText } from '../download.js';
import { registerCommands } from './commands.js';
import { actorOf, parseChatCommand, parseModalSubmit } from './parse.js';
import { raceTimer, respond, type RespondableInteraction } from './respond.js';
import { createDiscordSender } from './sender.js';
import { InteractionTokens } from './tokens.js';

export interface DiscordOptions {
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
}

/** Commands that are slow by nature: acknowledge before doing the work. */
const SLOW_COMMANDS = new Set(['generate', 'deck', 'fsrs']);
/** Commands whose answer is normally only for the caller: a deferral is private too. */
const PRIVATE_COMMANDS = new Set(['review', 'stats', 'timezone', 'decks', 'deck', 'daily', 'help', 'fsrs']);
/** Gateway redeliveries (e.g. after a resume) of an interaction already handled here are dropped. */
const SEEN_LIMIT = 2000;

export async function startDiscord(options: DiscordOptions): Promise<RunningAdapter & { sender: Sender }> {
  const log = options.log ?? pino({ name: 'discord' });
  const ackAfterMs = options.ackAfterMs ?? 2000;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : { shards: 'auto' as const }),
    rest: options.apiBase ? { api: `${options.apiBase.replace(/\/+$/, '')}/api` } : {},
  });
  client.rest.setToken(options.token);

  const inflight = new InflightTracker();
  const seen = new Set<string>();
  const tokens = new InteractionTokens();
  let stopping = false;

  const handleInteraction = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    if (seen.has(interaction.id)) {
      log.info({ interactionId: interaction.id }, 'duplicate discord interaction ignored');
      return;
    }
    remember(seen, interaction.id);
    log.debug({ interactionId: interaction.id, type: interaction.type, cachedGuild: interaction.inCachedGuild() }, 'discord interaction');
    await dispatch(interaction);
  };

  const autocomplete = async (interaction: AutocompleteInteraction): Promise<void> => {
    try {
      const focused = interaction.options.getFocused(true);
      const pending = focused.name === 'deck' ? options.bot.suggestDecks(actorOf(interaction), String(focused.value)) : Promise.resolve([]);
      // Autocomplete cannot be deferred: a core slower than the deadline gets no suggestions this
      // keystroke (the next one asks again) rather than an expired interaction.
      const quick = await raceTimer(pending, ackAfterMs);
      if (!quick.done) {
        pending.catch(() => undefined);
        log.warn({ interactionId: interaction.id, ackAfterMs }, 'discord autocomplete too slow; answered with no choices');
      }
      const decks = quick.done ? quick.value : [];
      await interaction.respond(
        decks.slice(0, 25).map((deck) => ({ name: truncate(`${deck.title} (${deck.slug})`, 100), value: truncate(deck.slug, 100) })),
      );
    } catch (error) {
      log.warn({ err: error, interactionId: interaction.id }, 'discord autocomplete failed');
    }
  };

  const dispatch = async (interaction: RespondableInteraction): Promise<void> => {
    const actor = actorOf(interaction);
    const call = (command: Command) => {
      const request: Request = { actor, command, interactionId: interaction.id };
      return options.bot.handle(request);
    };
    if (interaction.isChatInputCommand()) {
      const parsed = parseChatCommand(interaction);
      const name = interaction.commandName;
      const work =
        parsed.kind === 'deck_import'
          ? async () => {
              const { name } = parsed.attachment;
              const history = parsed.history === undefined ? {} : { history: parsed.history };
              if (isPackageName(name)) {
                return call({ type: 'deck_import', filename: name, content: '', bytes: await downloadBytes(parsed.attachment, MAX_PACKAGE_BYTES, packageFileTooBig), ...history });
              }
              return call({ type: 'deck_import', filename: name, content: await downloadText(parsed.attachment), ...history });
            }
          : () => call(parsed.command);
      await respond(interaction, work, {
        deferFirst: SLOW_COMMANDS.has(name),
        deferPrivate: PRIVATE_COMMANDS.has(name),
        ackAfterMs,
        log,
        tokens,
      });
      return;
    }
    const command: Command = interaction.isButton()
      ? { type: 'press', id: interaction.customId }
      : parseModalSubmit(interaction);
    await respond(interaction, () => call(command), { deferFirst: false, deferPrivate: true, ackAfterMs, log, tokens });
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) return;
    void inflight.run(() =>
      handleInteraction(interaction).catch((error) =>
        log.error({ err: error, interactionId: interaction.id }, 'discord interaction handler crashed'),
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

  return {
    name: 'discord',
    sender: createDiscordSender(client.rest),
    // Healthy only while every shard of this replica is connected; /healthz lists each one.
    isHealthy: () => !stopping && client.isReady() && [...client.ws.shards.values()].every((shard) => shard.status === Status.Ready),
    healthDetails: () => ({
      shards: Object.fromEntries(
        [...client.ws.shards.values()].map((shard) => [String(shard.id), { status: Status[shard.status] ?? String(shard.status), pingMs: shard.ping }]),
      ),
    }),
    async stop() {
      if (stopping) return;
      stopping = true;
      await inflight.drain(options.drainMs ?? 10_000);
      await client.destroy();
      log.info('discord disconnected');
    },
  };
}

function remember(seen: Set<string>, id: string): void {
  seen.add(id);
  // Sets iterate in insertion order, so the first entry is the oldest.
  if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
}
