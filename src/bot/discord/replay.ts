/**
 * Finishing a deferred interaction whose process died before it answered. The deferral was Discord's
 * acknowledgement, so Discord will not send it again; the interaction inbox (src/bot/inbox.ts) does.
 * The core runs the request again with the same interactionId (what had committed is not done twice),
 * and its outcome goes over the interaction's webhook, whose token lives 15 minutes: an edit of the
 * deferred original, then follow-ups.
 */
import { MessageFlags, Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Request } from '../../core/commands.js';
import { UserError } from '../../core/errors.js';
import { privateText, type Message, type Outcome } from '../../core/messages.js';
import type { AttachmentRef } from '../download.js';
import { deckImportCommand } from './deck-file.js';
import { applyEdits } from './edits.js';
import { renderMessage } from './render.js';
import { restBody, restFiles } from './sender.js';
import { deferredCommandMessages, lateFormNote, planComponentAnswer, SORRY } from './respond.js';
import type { InteractionTokens } from './tokens.js';

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

export async function replayDelivery(rest: REST, bot: StudyBotApi, delivery: DiscordDelivery, log: Logger, tokens?: InteractionTokens): Promise<void> {
  const outcome = await outcomeOf(bot, delivery);
  const { first, rest: followUps } = placeMessages(outcome, delivery);
  try {
    if (first) await send(rest, delivery, 'edit', first);
    for (const message of followUps) await send(rest, delivery, 'follow-up', message);
  } finally {
    // Earlier channel messages (a reveal after an accepted appeal): over their own webhooks where the
    // shared tokens know them, else over the channel route.
    await applyEdits({ rest, applicationId: delivery.applicationId, log, tokens }, outcome.edits, { interactionId: delivery.request.interactionId });
  }
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

/** The deferred original gets the first message; the rest are follow-ups, placed by respond.ts's own rules. */
function placeMessages(outcome: Outcome, delivery: DiscordDelivery): { first?: Message; rest: Message[] } {
  if (delivery.kind === 'command') {
    const [first, ...rest] = deferredCommandMessages(outcome);
    return { first, rest };
  }
  // The parent of a private message is not kept, so its public update (a count, cosmetic) is skipped.
  const late = lateFormNote(outcome);
  const plan = late ? { followUps: [late] } : planComponentAnswer({ private: delivery.sourcePrivate ?? false, channelId: delivery.request.actor.channelId }, outcome);
  return { first: plan.inPlace, rest: plan.followUps };
}

async function send(rest: REST, delivery: DiscordDelivery, how: 'edit' | 'follow-up', message: Message): Promise<void> {
  const rendered = renderMessage(message);
  const body = { ...restBody(rendered), ...(how === 'follow-up' && rendered.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
  const options = { body, files: restFiles(rendered), auth: false };
  if (how === 'edit') await rest.patch(Routes.webhookMessage(delivery.applicationId, delivery.token, '@original'), options);
  else await rest.post(Routes.webhook(delivery.applicationId, delivery.token), options);
}
