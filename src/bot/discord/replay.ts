/**
 * Finishing a deferred interaction whose process died before it answered. The deferral was Discord's
 * acknowledgement, so Discord will not send it again; the interaction inbox (src/bot/inbox.ts) does.
 * The core runs the request again with the same interactionId (what had committed is not done twice),
 * and its outcome goes over the interaction's webhook, whose token lives 15 minutes: an edit of the
 * deferred original, then follow-ups, as deferred-reply.ts places them for the deferral's visibility.
 */
import { MessageFlags, Routes, type APIMessage, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Request } from '../../core/commands.js';
import { UserError } from '../../core/errors.js';
import { privateText, type Message, type Outcome } from '../../core/messages.js';
import type { AttachmentRef } from '../download.js';
import { deckImportCommand } from './deck-file.js';
import { applyEdits } from './edits.js';
import { fillDeferredReply, type DeferredReplyWebhook } from './deferred-reply.js';
import { renderMessage, type RenderedMessage } from './render.js';
import { restBody, restFiles } from './sender.js';
import { deferredCommandMessages, lateFormNote, planComponentAnswer, SORRY } from './respond.js';
import { pressableInChannel, type InteractionTokens } from './tokens.js';

/** What a deferred interaction needs to be finished by another process. */
export interface DiscordDelivery {
  request: Request;
  applicationId: string;
  token: string;
  /** 'command': the deferral is a "thinking" reply; 'component': a deferred update of the pressed message. */
  kind: 'command' | 'component';
  /** For a command: whether it was deferred privately (absent in rows from before: taken as public, the careful side). */
  deferredPrivately?: boolean;
  /** For a component: whether the pressed message is private (its public parent is out of reach here). */
  sourcePrivate?: boolean;
  /** `/deck import`: the file is fetched again (the command's content is not kept in the inbox). */
  attachment?: AttachmentRef;
  /** `/deck import history:`, with the attachment. */
  history?: string;
}

/**
 * `receivedAt`: when the interaction was first taken, so a token kept for its public messages with
 * buttons (tokens.ts) is used only while it lives, as respond.ts keeps it.
 */
export async function replayDelivery(
  rest: REST,
  bot: StudyBotApi,
  delivery: DiscordDelivery,
  log: Logger,
  tokens?: InteractionTokens,
  receivedAt?: Date,
): Promise<void> {
  const outcome = await outcomeOf(bot, delivery);
  const interactionId = delivery.request.interactionId;
  const keeping = tokens && interactionId ? { tokens, interactionId } : undefined;
  try {
    if (delivery.kind === 'command') {
      const failed = (error: unknown, step: string) =>
        log.warn({ err: error, interactionId, step }, 'could not answer a replayed discord interaction');
      await keeping?.tokens.noteAnswer(keeping.interactionId, delivery.token, outcome, receivedAt);
      await fillDeferredReply(webhookOf(rest, delivery), delivery.deferredPrivately ?? false, deferredCommandMessages(outcome), failed);
    } else {
      const { first, rest: followUps } = placeComponentMessages(outcome, delivery);
      await keeping?.tokens.noteSending(keeping.interactionId, delivery.token, followUps, receivedAt);
      if (first) await send(rest, delivery, 'edit', first);
      for (const message of followUps) {
        const sent = await send(rest, delivery, 'follow-up', message);
        if (keeping && pressableInChannel(message)) await keeping.tokens.notePress(sent.id, keeping.interactionId);
      }
    }
  } finally {
    // Earlier channel messages (a reveal after an accepted appeal): over their own webhooks where the
    // shared tokens know them, else over the channel route.
    await applyEdits({ rest, applicationId: delivery.applicationId, log, tokens }, outcome.edits, { interactionId: delivery.request.interactionId });
  }
}

/** The deferred command reply's webhook calls over REST (respond.ts makes the same through discord.js). */
function webhookOf(rest: REST, delivery: DiscordDelivery): DeferredReplyWebhook {
  const original = Routes.webhookMessage(delivery.applicationId, delivery.token, '@original');
  return {
    editOriginal: (message) => rest.patch(original, { body: restBody(message), files: restFiles(message), auth: false }),
    followUp: (message) => rest.post(Routes.webhook(delivery.applicationId, delivery.token), { body: followUpBody(message), files: restFiles(message), auth: false }),
    deleteOriginal: () => rest.delete(original, { auth: false }),
  };
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

/** A deferred update: the pressed message gets what is for it, the rest are follow-ups, by respond.ts's own rules. */
function placeComponentMessages(outcome: Outcome, delivery: DiscordDelivery): { first?: Message; rest: Message[] } {
  // The parent of a private message is not kept, so its public update (a count, cosmetic) is skipped.
  const late = lateFormNote(outcome);
  const plan = late ? { followUps: [late] } : planComponentAnswer({ private: delivery.sourcePrivate ?? false, channelId: delivery.request.actor.channelId }, outcome);
  return { first: plan.inPlace, rest: plan.followUps };
}

/** The message as Discord has it after the call. */
async function send(rest: REST, delivery: DiscordDelivery, how: 'edit' | 'follow-up', message: Message): Promise<APIMessage> {
  const webhook = webhookOf(rest, delivery);
  const rendered = renderMessage(message);
  return (await (how === 'edit' ? webhook.editOriginal(rendered) : webhook.followUp(rendered))) as APIMessage;
}

function followUpBody(rendered: RenderedMessage): Record<string, unknown> {
  return { ...restBody(rendered), ...(rendered.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}
