/**
 * Turns a core Outcome into Discord interaction responses while keeping Discord's 3-second rule:
 * the first response goes out directly when the core is quick, and a deferral goes out at
 * `ackAfterMs` when it is not (the result then arrives as an edit or follow-up). A modal can only
 * be a first response, so it is shown directly or, if too late, replaced by a polite note.
 */
import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalMessageModalSubmitInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import { UserError } from '../../core/errors.js';
import { raceTimer } from '../../timeouts.js';
import { privateText, type Message, type Outcome } from '../../core/messages.js';
import { fillDeferredReply, missingPartNote, NOT_ALL_SENT, type DeferredReplyWebhook } from './deferred-reply.js';
import { applyEdits, editPublicMessage } from './edits.js';
import { renderMessage, renderModal } from './render.js';
import { editOptions, replyOptions, updateOptions } from './reply-options.js';
import { resolvedPayload } from './resolved-payload.js';
import { pressableInChannel, type InteractionTokens } from './tokens.js';

export type RespondableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

export interface RespondOptions {
  /** Defer before starting the work (slow commands: generate, deck import). */
  deferFirst: boolean;
  /** Visibility to defer a command with when the outcome is not known yet. */
  deferPrivate: boolean;
  /** Defer at this point if the core has not answered (Discord allows 3 s in total). */
  ackAfterMs: number;
  log: Logger;
  /** Tokens that can edit our public messages over the interaction webhook routes. */
  tokens?: InteractionTokens;
  /** Runs just before a deferral (the interaction inbox records the interaction there). */
  beforeDefer?: () => Promise<void>;
}

/**
 * Defer after this long if the core has not answered. Discord counts its 3 s from when it sent the
 * interaction: after this come up to 500 ms of inbox write (durable.ts) and the deferral's own trip,
 * so a second is left for the network both ways and a busy event loop.
 */
export const DEFAULT_ACK_AFTER_MS = 1500;

export const SORRY = 'Sorry, something went wrong on my side. Please try again in a moment.';
export const TOO_SLOW = 'That took longer than expected. Please press the button again.';
export { NOT_ALL_SENT };

/**
 * Runs `work` and answers the interaction with its outcome, then makes the outcome's edits of earlier
 * channel messages (edits.ts), which go out even if the answer could not; never throws.
 */
export async function respond(
  interaction: RespondableInteraction,
  work: () => Promise<Outcome>,
  options: RespondOptions,
): Promise<void> {
  let done: Outcome | undefined;
  await answer(interaction, () => work().then((outcome) => (done = outcome)), options);
  if (done?.edits?.length) {
    const editor = { rest: interaction.client.rest, applicationId: interaction.applicationId, tokens: options.tokens, log: options.log };
    await applyEdits(editor, done.edits, { interactionId: interaction.id });
  }
}

async function answer(interaction: RespondableInteraction, work: () => Promise<Outcome>, options: RespondOptions): Promise<void> {
  const { log, tokens } = options;
  // The link is written while the core works, and before the answer: a next press, on any replica, finds it.
  const linking = tokens ? notePress(interaction, tokens) : undefined;
  let outcome: Outcome;
  try {
    if (options.deferFirst) await defer(interaction, options.deferPrivate, options.beforeDefer);
    const pending = linking ? Promise.all([work(), linking]).then(([done]) => done) : work();
    if (!acknowledged(interaction)) {
      const quick = await raceTimer(pending, options.ackAfterMs);
      if (quick.done) {
        await sendFirstOrExplain(interaction, quick.value, log, tokens);
        return;
      }
      await defer(interaction, options.deferPrivate, options.beforeDefer);
    }
    outcome = await pending;
  } catch (error) {
    outcome = failureOutcome(error, interaction, log);
    if (!acknowledged(interaction)) {
      await sendFirst(interaction, outcome, log, tokens).catch((sendError) => logSendFailure(sendError, interaction, log));
      return;
    }
  }
  await sendAfterDefer(interaction, outcome, log, tokens).catch((sendError) => logSendFailure(sendError, interaction, log));
}

/**
 * Sends a direct answer. When sending fails before anything went out, the user gets the apology as
 * the answer; when part of it already went out (a public reply, say), that stays as it is and the
 * user gets one private note that the rest is missing.
 */
async function sendFirstOrExplain(interaction: RespondableInteraction, outcome: Outcome, log: Logger, tokens?: InteractionTokens): Promise<void> {
  try {
    await sendFirst(interaction, outcome, log, tokens);
  } catch (error) {
    logSendFailure(error, interaction, log);
    const note = acknowledged(interaction)
      ? interaction.followUp(replyOptions(renderMessage(privateText(missingPartNote(error)))))
      : sendFirst(interaction, { reply: privateText(SORRY) }, log, tokens);
    await note.catch((noteError) => logSendFailure(noteError, interaction, log));
  }
}

function acknowledged(interaction: RespondableInteraction): boolean {
  return interaction.deferred || interaction.replied;
}

/** Commands defer a reply ("thinking…"); buttons and modal submits defer an update of their message. */
async function defer(interaction: RespondableInteraction, privately: boolean, before?: () => Promise<void>): Promise<void> {
  if (acknowledged(interaction)) return;
  await before?.();
  if (hasSourceMessage(interaction)) await interaction.deferUpdate();
  else await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
}

function hasSourceMessage(interaction: RespondableInteraction): interaction is ButtonInteraction | ModalMessageModalSubmitInteraction {
  if (interaction.isButton()) return true;
  return interaction.isModalSubmit() && interaction.isFromMessage();
}

/** A press on a public message tells which interaction created it (tokens.ts). */
function notePress(interaction: RespondableInteraction, tokens: InteractionTokens): Promise<void> | undefined {
  if (!hasSourceMessage(interaction) || interaction.message.flags.has(MessageFlags.Ephemeral)) return undefined;
  return tokens.notePress(interaction.message.id, interaction.message.interactionMetadata?.id);
}

async function sendFirst(interaction: RespondableInteraction, outcome: Outcome, log: Logger, tokens?: InteractionTokens): Promise<void> {
  if (outcome.modal && !interaction.isModalSubmit()) {
    await interaction.showModal(renderModal(outcome.modal));
    return;
  }
  if (hasSourceMessage(interaction)) {
    const plan = planComponentAnswer(pressedSource(interaction), outcome);
    // Before the first of them goes out, as a command's answer (tokens.ts): the appeal notice.
    await tokens?.noteSending(interaction.id, interaction.token, plan.followUps);
    if (plan.inPlace) await interaction.update(resolvedPayload(interaction, updateOptions(renderMessage(plan.inPlace))));
    else if (plan.followUps.length) await interaction.reply(resolvedPayload(interaction, replyOptions(renderMessage(plan.followUps.shift()!))));
    else await interaction.deferUpdate();
    await finishComponentAnswer(interaction, plan, log, tokens);
    return;
  }
  const message = outcome.reply ?? outcome.update ?? privateText('Done.');
  // Kept before the answer goes out, so a press on any replica finds it.
  if (interaction.isChatInputCommand()) await tokens?.noteAnswer(interaction.id, interaction.token, outcome);
  await interaction.reply(resolvedPayload(interaction, replyOptions(renderMessage(message))));
  if (outcome.reply && outcome.update) await interaction.followUp(resolvedPayload(interaction.webhook, replyOptions(renderMessage(outcome.update))));
}

/** A form asked for after a deferral can no longer be shown: the user is asked to press again. */
export function lateFormNote(outcome: Outcome): Message | undefined {
  return outcome.modal && !outcome.reply && !outcome.update ? privateText(TOO_SLOW) : undefined;
}

/** What a deferred command sends, in order: the first fills the "thinking" reply, the rest follow it. */
export function deferredCommandMessages(outcome: Outcome): [Message, ...Message[]] {
  const first = outcome.reply ?? outcome.update ?? lateFormNote(outcome) ?? privateText('Done.');
  return outcome.reply && outcome.update ? [first, outcome.update] : [first];
}

async function sendAfterDefer(interaction: RespondableInteraction, outcome: Outcome, log: Logger, tokens?: InteractionTokens): Promise<void> {
  const failed = (error: unknown, what: string) => logSendFailure(error, interaction, log, what);
  if (hasSourceMessage(interaction)) {
    const late = lateFormNote(outcome);
    const plan: ComponentPlan = late ? { followUps: [late] } : planComponentAnswer(pressedSource(interaction), outcome);
    await tokens?.noteSending(interaction.id, interaction.token, plan.followUps);
    try {
      if (plan.inPlace) await interaction.editReply(editOptions(renderMessage(plan.inPlace)));
      await finishComponentAnswer(interaction, plan, log, tokens);
    } catch (error) {
      // After a deferred update every follow-up is a message of its own: the note can be private.
      failed(error, 'the component answer');
      await interaction.followUp(replyOptions(renderMessage(privateText(missingPartNote(error))))).catch((noteError) => failed(noteError, 'the private error note'));
    }
    return;
  }
  if (interaction.isChatInputCommand()) await tokens?.noteAnswer(interaction.id, interaction.token, outcome);
  const webhook: DeferredReplyWebhook = {
    editOriginal: (message) => interaction.editReply(editOptions(message)),
    followUp: (message) => interaction.followUp(replyOptions(message)),
    deleteOriginal: () => interaction.deleteReply(),
  };
  await fillDeferredReply(webhook, interaction.ephemeral === true, deferredCommandMessages(outcome), failed);
}

type SourcedInteraction = ButtonInteraction | ModalMessageModalSubmitInteraction;

/** Where each part of a component's outcome goes. */
export interface ComponentPlan {
  /** New content for the message the component is on. */
  inPlace?: Message;
  /** Sent as new messages (the first one as the reply when nothing is updated in place). */
  followUps: Message[];
  /** For a button on a private message: the public message it came from gets this content. */
  parent?: { channelId: string; messageId: string; message: Message };
}

/**
 * `update` is for the message whose button was pressed, `reply` goes to the presser. On a private
 * (ephemeral) message, which only the presser sees, a private reply replaces it in place (the
 * review runs in one message), and a public update belongs to the public message the private one
 * came from (e.g. the answer count of a self-graded quiz), found through its interaction metadata.
 */
export function planComponentAnswer(source: PressedSource, outcome: Outcome): ComponentPlan {
  const plan: ComponentPlan = { followUps: [] };
  if (outcome.update) {
    if (source.private && outcome.update.visibility === 'public') {
      if (source.parentId) plan.parent = { channelId: source.channelId, messageId: source.parentId, message: outcome.update };
    } else {
      plan.inPlace = outcome.update;
    }
  }
  if (outcome.reply) {
    if (!plan.inPlace && source.private && outcome.reply.visibility === 'private' && !outcome.keepPressed) plan.inPlace = outcome.reply;
    else plan.followUps.push(outcome.reply);
  }
  return plan;
}

/** The message a component is on, as planComponentAnswer needs it. */
export interface PressedSource {
  private: boolean;
  channelId: string;
  /** For a private message: the public message it came from, if known. */
  parentId?: string;
}

function pressedSource(interaction: SourcedInteraction): PressedSource {
  const source = interaction.message;
  return { private: source.flags.has(MessageFlags.Ephemeral), channelId: source.channelId, parentId: source.interactionMetadata?.interactedMessageId ?? undefined };
}

async function finishComponentAnswer(interaction: SourcedInteraction, plan: ComponentPlan, log: Logger, tokens?: InteractionTokens): Promise<void> {
  for (const message of plan.followUps) {
    const sent = await interaction.followUp(resolvedPayload(interaction.webhook, replyOptions(renderMessage(message))));
    // Linked now, not at its first press: its press's token is known for it on every replica at once.
    if (tokens && pressableInChannel(message)) await tokens.notePress(sent.id, interaction.id);
  }
  if (!plan.parent) return;
  const { channelId, messageId, message } = plan.parent;
  // The presser already has their answer; a stale count on the public message is not worth an error.
  await editPublicMessage({ rest: interaction.client.rest, applicationId: interaction.applicationId, tokens, log }, channelId, messageId, message, {
    interactionId: interaction.id,
  });
}

function failureOutcome(error: unknown, interaction: RespondableInteraction, log: Logger): Outcome {
  if (error instanceof UserError) return { reply: privateText(error.message) };
  log.error({ err: error, interactionId: interaction.id, kind: describe(interaction) }, 'discord interaction failed');
  return { reply: privateText(SORRY) };
}

function logSendFailure(error: unknown, interaction: RespondableInteraction, log: Logger, what?: string): void {
  log.warn({ err: error, interactionId: interaction.id, kind: describe(interaction), ...(what ? { step: what } : {}) }, 'could not answer discord interaction');
}

function describe(interaction: RespondableInteraction): string {
  if (interaction.isChatInputCommand()) return `/${interaction.commandName}`;
  return `${interaction.isButton() ? 'button' : 'modal'} ${interaction.customId}`;
}
