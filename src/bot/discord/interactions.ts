/**
 * What both Discord modes do with an interaction once discord.js has built it, whether it came over
 * the gateway or as a signed HTTP POST: drop redeliveries, turn it into one core Request, and answer
 * it through respond.ts. No study rules live here.
 */
import { MessageFlags, type AutocompleteInteraction, type Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Command, Request } from '../../core/commands.js';
import { expectedVisibilityOf } from '../../core/reply-visibility.js';
import { truncate } from '../../core/text.js';
import { raceTimer } from '../../timeouts.js';
import type { InteractionInbox } from '../inbox.js';
import { deckImportCommand } from './deck-file.js';
import { recordBeforeDeferral } from './durable.js';
import { actorOf, parseChatCommand, parseModalSubmit } from './parse.js';
import { respond, type RespondableInteraction } from './respond.js';
import type { DiscordDelivery } from './replay.js';
import type { InteractionTokens } from './tokens.js';

/** Commands that are slow by nature: acknowledge before doing the work. */
const SLOW_COMMANDS = new Set(['generate', 'deck', 'fsrs']);
/** Redeliveries (a gateway resume, a retried POST) of an interaction already handled here are dropped. */
const SEEN_LIMIT = 2000;

export interface InteractionHandlerOptions {
  bot: StudyBotApi;
  log: Logger;
  /** Defer an interaction when the core has not answered by then (ms). Discord allows 3000 in total. */
  ackAfterMs: number;
  tokens: InteractionTokens;
  /** Deferred interactions are recorded here first (durable.ts). */
  inbox?: InteractionInbox<DiscordDelivery>;
}

/** `handled`: answered (or tried to); `duplicate`: seen before here, nothing done; `ignored`: a kind we do not serve. */
export type HandleResult = 'handled' | 'duplicate' | 'ignored';

export function createInteractionHandler(options: InteractionHandlerOptions): (interaction: Interaction) => Promise<HandleResult> {
  const { bot, log, ackAfterMs, tokens, inbox } = options;
  const seen = new Set<string>();

  const autocomplete = async (interaction: AutocompleteInteraction): Promise<void> => {
    try {
      const focused = interaction.options.getFocused(true);
      const pending = focused.name === 'deck' ? bot.suggestDecks(actorOf(interaction), String(focused.value)) : Promise.resolve([]);
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
    const pressed = publicMessageOf(interaction);
    const requestOf = (command: Command): Request => ({ actor, command, interactionId: interaction.id, ...(pressed ? { messageRef: pressed } : {}) });
    const call = (command: Command) => bot.handle(requestOf(command));
    const kept = (command: Command, extra: Partial<DiscordDelivery> = {}): DiscordDelivery => ({
      request: requestOf(command),
      applicationId: interaction.applicationId,
      token: interaction.token,
      kind: interaction.isChatInputCommand() ? 'command' : 'component',
      ...extra,
    });
    const beforeDefer = (delivery: DiscordDelivery) => (inbox ? () => recordBeforeDeferral(inbox, delivery, log) : undefined);
    try {
      if (interaction.isChatInputCommand()) {
        const parsed = parseChatCommand(interaction);
        const name = interaction.commandName;
        const work = parsed.kind === 'deck_import' ? async () => call(await deckImportCommand(parsed.attachment, parsed.history)) : () => call(parsed.command);
        // A deck file is fetched again on a replay: its content stays out of the inbox.
        const keptCommand: Command = parsed.kind === 'deck_import' ? { type: 'deck_import', filename: parsed.attachment.name, content: '' } : parsed.command;
        // A deferral's visibility is final (deferred-reply.ts): the core says which way the reply will go.
        const deferPrivate = expectedVisibilityOf(bot, keptCommand) === 'private';
        const fileToFetch = parsed.kind === 'deck_import' ? { attachment: parsed.attachment, history: parsed.history } : {};
        const delivery = kept(keptCommand, { ...fileToFetch, deferredPrivately: deferPrivate });
        await respond(interaction, work, {
          deferFirst: SLOW_COMMANDS.has(name),
          deferPrivate,
          ackAfterMs,
          log,
          tokens,
          beforeDefer: beforeDefer(delivery),
        });
        return;
      }
      const command: Command = interaction.isButton() ? { type: 'press', id: interaction.customId } : parseModalSubmit(interaction);
      const sourcePrivate = interaction.isButton() || interaction.isFromMessage() ? interaction.message.flags.has(MessageFlags.Ephemeral) : undefined;
      await respond(interaction, () => call(command), {
        deferFirst: false,
        deferPrivate: true,
        ackAfterMs,
        log,
        tokens,
        beforeDefer: beforeDefer(kept(command, { sourcePrivate })),
      });
    } finally {
      await inbox?.finish(interaction.id);
    }
  };

  return async (interaction) => {
    if (interaction.isAutocomplete()) {
      await autocomplete(interaction);
      return 'handled';
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return 'ignored';
    if (seen.has(interaction.id)) {
      log.info({ interactionId: interaction.id }, 'duplicate discord interaction ignored');
      return 'duplicate';
    }
    remember(seen, interaction.id);
    log.debug({ interactionId: interaction.id, type: interaction.type, cachedGuild: interaction.inCachedGuild() }, 'discord interaction');
    await dispatch(interaction);
    return 'handled';
  };
}

/** The public message a component was on, by its id (what the Sender edits it by); none for a private one or a command. */
function publicMessageOf(interaction: RespondableInteraction): string | undefined {
  const message = interaction.isButton() || (interaction.isModalSubmit() && interaction.isFromMessage()) ? interaction.message : undefined;
  return message && !message.flags.has(MessageFlags.Ephemeral) ? message.id : undefined;
}

function remember(seen: Set<string>, id: string): void {
  seen.add(id);
  // Sets iterate in insertion order, so the first entry is the oldest.
  if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
}
