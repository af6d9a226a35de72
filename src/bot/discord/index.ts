/**
 * The Discord adapter: connects with discord.js, registers the slash commands, and turns each
 * interaction into one core Request whose Outcome is rendered back. No study rules live here.
 */
import { Client, Events, GatewayIntentBits, type AutocompleteInteraction, type Interaction } from 'discord.js';
import pino, { type Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Command, Request } from '../../core/commands.js';
import type { Sender } from '../../core/ports.js';
import { truncate } from '../../core/text.js';
import type { RunningAdapter } from '../adapter.js';
import { InflightTracker } from '../inflight.js';
import { downloadText } from './attachments.js';
import { registerCommands } from './commands.js';
import { actorOf, parseChatCommand, parseModalSubmit } from './parse.js';
import { respond, type RespondableInteraction } from './respond.js';
import { createDiscordSender } from './sender.js';

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
  /** How long stop() waits for in-flight interactions (ms). */
  drainMs?: number;
}

/** Commands that are slow by nature: acknowledge before doing the work. */
const SLOW_COMMANDS = new Set(['generate', 'deck']);
/** Commands whose answer is normally only for the caller: a deferral is private too. */
const PRIVATE_COMMANDS = new Set(['review', 'stats', 'timezone', 'decks', 'deck', 'daily', 'help']);
/** Gateway redeliveries (e.g. after a resume) of an interaction already handled here are dropped. */
const SEEN_LIMIT = 2000;

export async function startDiscord(options: DiscordOptions): Promise<RunningAdapter & { sender: Sender }> {
  const log = options.log ?? pino({ name: 'discord' });
  const ackAfterMs = options.ackAfterMs ?? 2000;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: options.apiBase ? { api: `${options.apiBase.replace(/\/+$/, '')}/api` } : {},
  });
  client.rest.setToken(options.token);

  const inflight = new InflightTracker();
  const seen = new Set<string>();
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
      const decks = focused.name === 'deck' ? await options.bot.suggestDecks(actorOf(interaction), String(focused.value)) : [];
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
              const content = await downloadText(parsed.attachment);
              return call({ type: 'deck_import', filename: parsed.attachment.name, content });
            }
          : () => call(parsed.command);
      await respond(interaction, work, {
        deferFirst: SLOW_COMMANDS.has(name),
        deferPrivate: PRIVATE_COMMANDS.has(name),
        ackAfterMs,
        log,
      });
      return;
    }
    const command: Command = interaction.isButton()
      ? { type: 'press', id: interaction.customId }
      : parseModalSubmit(interaction);
    await respond(interaction, () => call(command), { deferFirst: false, deferPrivate: true, ackAfterMs, log });
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
    isHealthy: () => !stopping && client.isReady(),
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
