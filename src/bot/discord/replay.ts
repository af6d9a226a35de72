/**
 * Finishing a deferred interaction whose process died before it answered. The deferral was Discord's
 * acknowledgement, so Discord will not send it again; the interaction inbox (src/bot/inbox.ts) does.
 * The core runs the request again with the same interactionId (what had committed is not done twice),
 * and its outcome goes over the interaction's webhook, whose token lives 15 minutes: an edit of the
 * deferred original, then follow-ups.
 */
import { MessageFlags, Routes, type REST } from 'discord.js';
import type { StudyBotApi } from '../../core/bot.js';
import type { Request } from '../../core/commands.js';
import { UserError } from '../../core/errors.js';
import { privateText, type Message, type Outcome } from '../../core/messages.js';
import type { AttachmentRef } from '../download.js';
import { deckImportCommand } from './deck-file.js';
import { renderMessage } from './render.js';
import { SORRY, TOO_SLOW } from './respond.js';

/** What a deferred interaction needs to be finished by another process. */
export interface DiscordDelivery {
  request: Request;
  applicationId: string;
  token: string;
  /** 'command': the deferral is a "thinking" reply; 'component': a deferred update of the pressed message. */
  kind: 'command' | 'component';
  /** For a component: whether the pressed message is private (its public parent is out of reach here). */
  sourcePrivate?: boolean;
  /** `/deck import`: the file is fetched again (the command's content is not kept in the inbox). */
  attachment?: AttachmentRef;
  /** `/deck import history:`, with the attachment. */
  history?: string;
}

export async function replayDelivery(rest: REST, bot: StudyBotApi, delivery: DiscordDelivery): Promise<void> {
  const outcome = await outcomeOf(bot, delivery);
  const { first, rest: followUps } = placeMessages(outcome, delivery);
  if (first) await send(rest, delivery, 'edit', first);
  for (const message of followUps) await send(rest, delivery, 'follow-up', message);
}

async function outcomeOf(bot: StudyBotApi, delivery: DiscordDelivery): Promise<Outcome> {
  try {
    const { attachment } = delivery;
    const command = attachment ? await deckImportCommand(attachment, delivery.history) : delivery.request.command;
    return await bot.handle({ ...delivery.request, command });
  } catch (error) {
    return { reply: privateText(error instanceof UserError ? error.message : SORRY) };
  }
}

/** The deferred original gets the first message; the rest are follow-ups (as respond.ts places them live). */
function placeMessages(outcome: Outcome, delivery: DiscordDelivery): { first?: Message; rest: Message[] } {
  const late = outcome.modal && !outcome.reply && !outcome.update ? privateText(TOO_SLOW) : undefined;
  if (delivery.kind === 'command') {
    const [first, ...rest] = [outcome.reply ?? outcome.update ?? late ?? privateText('Done.'), ...(outcome.reply && outcome.update ? [outcome.update] : [])];
    return { first, rest };
  }
  // A public update of a private message's parent (a count) is cosmetic and needs the parent's id: skipped.
  const inPlace = outcome.update && !(delivery.sourcePrivate && outcome.update.visibility === 'public') ? outcome.update : undefined;
  const replies = [outcome.reply ?? late].filter((m): m is Message => m !== undefined);
  return { first: inPlace, rest: replies };
}

async function send(rest: REST, delivery: DiscordDelivery, how: 'edit' | 'follow-up', message: Message): Promise<void> {
  const rendered = renderMessage(message);
  const body = {
    embeds: rendered.embeds,
    components: rendered.components,
    ...(rendered.files.length ? { attachments: rendered.files.map((file, id) => ({ id, filename: file.name, ...(file.description ? { description: file.description } : {}) })) } : {}),
    ...(how === 'follow-up' && rendered.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
  const files = rendered.files.map((file) => ({ name: file.name, data: file.data }));
  const options = { body, files, auth: false };
  if (how === 'edit') await rest.patch(Routes.webhookMessage(delivery.applicationId, delivery.token, '@original'), options);
  else await rest.post(Routes.webhook(delivery.applicationId, delivery.token), options);
}
