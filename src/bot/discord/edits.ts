/**
 * Edits of public messages the bot posted earlier: the public message a private press came from (its
 * answer count), and the core's Outcome.edits (a reveal and a game's standings after an accepted
 * appeal). While the interaction that created a message still has a live token (tokens.ts, shared by
 * the replicas), its own webhook edits it, which needs no channel permission; otherwise the bot edits
 * its own message over the channel route, which needs View Channel there. A failed edit is logged and changes nothing else:
 * what the press did is recorded, and the presser has their answer.
 */
import { Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { ChannelEdit, Message } from '../../core/messages.js';
import { renderMessage } from './render.js';
import type { InteractionTokens } from './tokens.js';

export interface PublicEditor {
  rest: REST;
  applicationId: string;
  log: Logger;
  /** Tokens that can still edit the messages their interactions created. */
  tokens?: InteractionTokens;
}

/** Edits `messageId` in `channelId` to read `message`; a refusal is logged. */
export async function editPublicMessage(editor: PublicEditor, channelId: string, messageId: string, message: Message, context: object = {}): Promise<void> {
  const rendered = renderMessage(message);
  // No attachments field: the message keeps the picture its first post carried.
  const body = { embeds: rendered.embeds, components: rendered.components };
  const token = await editor.tokens?.forMessage(messageId);
  try {
    if (token) await editor.rest.patch(Routes.webhookMessage(editor.applicationId, token, messageId), { body, auth: false });
    else await editor.rest.patch(Routes.channelMessage(channelId, messageId), { body });
  } catch (error) {
    editor.log.warn({ err: error, ...context, channelId, messageId, viaWebhook: Boolean(token) }, 'could not update the public message');
  }
}

/** The core's edits, one after another (each may fail alone). */
export async function applyEdits(editor: PublicEditor, edits: readonly ChannelEdit[] | undefined, context: object = {}): Promise<void> {
  for (const edit of edits ?? []) await editPublicMessage(editor, edit.channelId, edit.messageRef, edit.message, context);
}
