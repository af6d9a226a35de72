/**
 * Discord interaction -> core Actor / Command. No rules live here: option values go to the core
 * as raw strings, and custom ids are passed through untouched (the core parses and distrusts them).
 */
import {
  PermissionFlagsBits,
  type Attachment,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Actor, Command } from '../../core/commands.js';
import { MODAL_INPUT_ID } from './render.js';

export function actorOf(interaction: BaseInteraction): Actor {
  const user = interaction.user;
  return {
    platform: 'discord',
    workspaceId: interaction.guildId ?? `dm:${user.id}`,
    channelId: interaction.channelId ?? `dm:${user.id}`,
    userId: user.id,
    displayName: displayNameOf(interaction),
    // memberPermissions comes from the interaction payload itself (null outside a guild), so it is
    // right even when the guild is not cached and even if an admin widened the command's default.
    canManage: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** The server nickname first, then the global display name, then the username. */
function displayNameOf(interaction: BaseInteraction): string {
  const member = interaction.member;
  // A cached guild gives a GuildMember (nickname); otherwise the raw API member (nick).
  const nick = member && 'nickname' in member ? member.nickname : member && 'nick' in member ? member.nick : null;
  return nick || interaction.user.globalName || interaction.user.username;
}

/** A chat command, plus the attachment to fetch first for `/deck import`. */
export type ParsedChatCommand =
  | { kind: 'command'; command: Command }
  | { kind: 'deck_import'; attachment: Attachment; history?: string };

export function parseChatCommand(interaction: ChatInputCommandInteraction): ParsedChatCommand {
  const options = interaction.options;
  const str = (name: string) => options.getString(name) ?? undefined;
  const num = (name: string) => {
    const value = options.getInteger(name);
    return value === null ? undefined : String(value);
  };
  switch (interaction.commandName) {
    case 'quiz': {
      const action = str('action');
      if (action === 'stop') return command({ type: 'quiz_stop' });
      if (action === 'settings') return command({ type: 'quiz_settings', time: num('time'), max: num('max'), speed: str('speed') });
      return command({ type: 'quiz', deck: str('deck'), mode: str('mode'), rounds: num('rounds'), time: num('time') });
    }
    case 'review':
      return command({ type: 'review' });
    case 'leaderboard':
      return command({ type: 'leaderboard', scope: str('scope'), period: str('period') });
    case 'stats':
      return command({ type: 'stats' });
    case 'timezone':
      return command({ type: 'timezone', tz: str('tz') });
    case 'decks':
      return command({ type: 'decks' });
    case 'deck': {
      if (options.getSubcommand(false) === 'export') return command({ type: 'deck_export', deck: str('deck') });
      const history = options.getBoolean('history');
      return { kind: 'deck_import', attachment: options.getAttachment('file', true), ...(history === null ? {} : { history: history ? 'yes' : 'no' }) };
    }
    case 'fsrs': {
      const action = options.getSubcommand(false) ?? 'show';
      return command({ type: 'fsrs', action, value: str('value') });
    }
    case 'generate':
      return command({
        type: 'generate',
        model: str('model'),
        digit: num('digit'),
        seed: num('seed'),
        interpolate: num('interpolate'),
      });
    case 'daily': {
      const action = options.getSubcommand(false) ?? 'status';
      return command({
        type: 'daily',
        action,
        deck: str('deck'),
        time: str('time'),
        tz: str('tz'),
        mode: str('mode'),
        window: str('window'),
      });
    }
    default:
      // Unknown or stale command (e.g. removed but still cached by a client): show help.
      return command({ type: 'help' });
  }
}

export function parseModalSubmit(interaction: ModalSubmitInteraction): Command {
  let text = '';
  try {
    text = interaction.fields.getTextInputValue(MODAL_INPUT_ID);
  } catch {
    // A modal we did not build (or a changed layout): treat as an empty answer; the core decides.
  }
  return { type: 'submit', id: interaction.customId, text };
}

function command(value: Command): ParsedChatCommand {
  return { kind: 'command', command: stripUndefined(value) };
}

/** Keeps requests tidy for logs and tests: absent options are absent, not `undefined`. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
