/**
 * The Discord adapter: connects with discord.js, registers the slash commands, and turns each
 * interaction into one core Request whose Outcome is rendered back. No study rules live here.
 */
import { Client, Events, GatewayIntentBits, MessageFlags, Status, type AutocompleteInteraction, type Interaction } from 'discord.js';
import pino, { type Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Command, Request } from '../../core/commands.js';
import type { Clock, Sender } from '../../core/ports.js';
import { truncate } from '../../core/text.js';
import type { RunningAdapter } from '../adapter.js';
import { InteractionInbox, type InboxStore } from '../inbox.js';
import { InflightTracker } from '../inflight.js';
import { downloadText } from './attachments.js';
import { registerCommands } from './commands.js';
import { actorOf, parseChatCommand, parseModalSubmit } from './parse.js';
import { raceTimer, respond, type RespondableInteraction } from './respond.js';
import { replayDelivery, type DiscordDelivery } from './replay.js';
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
  /** Where a deferred interaction is recorded before the deferral, and finished from after a crash. */
  inbox?: InboxStore;
  /** How long a replica's unfinished interaction waits before another finishes it (ms). */
  inboxLeaseMs?: number;
  clock?: Clock;
}

/** Commands that are slow by nature: acknowledge before doing the work. */
const SLOW_COMMANDS = new Set(['generate', 'deck']);
/** Commands whose answer is normally only for the caller: a deferral is private too. */
const PRIVATE_COMMANDS = new Set(['review', 'stats', 'timezone', 'decks', 'deck', 'daily', 'help']);
/** Gateway redeliveries (e.g. after a resume) of an interaction already handled here are dropped. */
const SEEN_LIMIT = 2000;
/** An interaction token lives 15 minutes: past that, a deferred interaction cannot be finished. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** The inbox write before a deferral may not eat Discord's 3 s: past this, defer unrecorded. */
const INBOX_WRITE_BUDGET_MS = 500;

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
  const inbox = options.inbox
    ? new InteractionInbox<DiscordDelivery>({
        store: options.inbox,
        platform: 'discord',
        replay: (delivery) => inflight.run(() => replayDelivery(client.rest, options.bot, delivery)),
        clock: options.clock,
        log,
        leaseMs: options.inboxLeaseMs,
        maxAgeMs: TOKEN_LIFETIME_MS,
      })
    : undefined;
  /** Called just before a deferral: from then on Discord counts the interaction as answered. */
  const recordBeforeDeferral = (delivery: DiscordDelivery) => async () => {
    if (!inbox) return;
    const taken = await raceTimer(inbox.take(delivery.request.interactionId!, delivery), INBOX_WRITE_BUDGET_MS);
    if (!taken.done) log.warn({ interactionId: delivery.request.interactionId }, 'inbox write too slow; deferring unrecorded');
  };

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
    const delivery = (command: Command, extra: Partial<DiscordDelivery> = {}): DiscordDelivery => ({
      request: { actor, command, interactionId: interaction.id },
      applicationId: interaction.applicationId,
      token: interaction.token,
      kind: interaction.isChatInputCommand() ? 'command' : 'component',
      ...extra,
    });
    try {
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
        const kept =
          parsed.kind === 'deck_import'
            ? delivery({ type: 'deck_import', filename: parsed.attachment.name, content: '' }, { attachment: parsed.attachment })
            : delivery(parsed.command);
        await respond(interaction, work, {
          deferFirst: SLOW_COMMANDS.has(name),
          deferPrivate: PRIVATE_COMMANDS.has(name),
          ackAfterMs,
          log,
          tokens,
          beforeDefer: recordBeforeDeferral(kept),
        });
        return;
      }
      const command: Command = interaction.isButton()
        ? { type: 'press', id: interaction.customId }
        : parseModalSubmit(interaction);
      const sourcePrivate = interaction.isButton() || interaction.isFromMessage() ? interaction.message.flags.has(MessageFlags.Ephemeral) : undefined;
      await respond(interaction, () => call(command), {
        deferFirst: false,
        deferPrivate: true,
        ackAfterMs,
        log,
        tokens,
        beforeDefer: recordBeforeDeferral(delivery(command, { sourcePrivate })),
      });
    } finally {
      await inbox?.finish(interaction.id);
    }
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

function remember(seen: Set<string>, id: string): void {
  seen.add(id);
  // Sets iterate in insertion order, so the first entry is the oldest.
  if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
}
