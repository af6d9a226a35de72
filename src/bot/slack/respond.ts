/**
 * Sends a core Outcome back to where a Slack interaction came from: the modal first (its trigger_id
 * expires in 3 s), then the reply (public, or ephemeral to the user), then the update of the pressed
 * message, then the edits of earlier channel messages. Also where a reply's way back is written and
 * read again: the public message's ts in a private reply's button values, and the origin a
 * typed-answer modal carries to its submission.
 */
import type { ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { ChannelUnavailableError, UserError } from '../../core/errors.js';
import { privateText, type ChannelEdit, type Choice, type Message, type Outcome } from '../../core/messages.js';
import { MAYBE_NOT_SHOWN } from '../unconfirmed.js';
import { isNotRepeated } from './call-retries.js';
import { recoverFailedUpdate, type PressedKind } from './failed-updates.js';
import { renderModal, renderPlaceholderModal } from './render.js';
import { decodeMessageRef, encodeMessageRef, INVITE_ME, type SlackPoster } from './sender.js';

export interface RespondDeps {
  /** Its edits are coalesced per message and held to the workspace's chat.update budget (updates.ts). */
  poster: SlackPoster;
  log?: Logger;
}

/** Where an interaction came from, for sending its outcome back. */
export interface Origin {
  channelId: string;
  userId: string;
  responseUrl?: string;
  triggerId?: string;
  /** A placeholder modal already opened with the trigger_id (before the core's work); the modal goes there. */
  placeholderViewId?: string;
  /** The message whose button was pressed (for Outcome.update). */
  message?: PressedMessage;
  /** The Slack team: chat.update's rate limit is per workspace. */
  workspaceId?: string;
}

export interface PressedMessage {
  channelId: string;
  ts: string;
  ephemeral: boolean;
  responseUrl?: string;
  /**
   * For a press on an ephemeral message that was itself a reply to a press on a public message
   * (self-grade: Show answer -> rate): that public message's ts, where public updates belong.
   */
  sourceTs?: string;
}

/**
 * A private reply to a press on a public message carries that message's ts in its buttons' value
 * (`<core id>#<ts>`): an ephemeral message cannot be traced back to it otherwise.
 */
const SOURCE_SEPARATOR = '#';

export function sourceTsOf(action: ButtonAction): string | undefined {
  const value = action.value ?? '';
  const at = value.lastIndexOf(SOURCE_SEPARATOR);
  if (at < 0 || value.slice(0, at) !== action.action_id) return undefined;
  const ts = value.slice(at + 1);
  return /^\d{1,12}\.\d{1,8}$/.test(ts) ? ts : undefined;
}

/** What the typed-answer modal carries to its view_submission (no channel is sent with it). */
interface ModalMetadata {
  c: string;
  /** The opening press's response_url: the submission's only way back where the bot is not in the channel. */
  u?: string;
  m?: { c: string; ts: string; e: boolean; r?: string };
}

/**
 * Where a typed answer's reply goes: the origin its modal was opened from (a view_submission names no channel).
 * A press on a public message came with that message's own response_url (`u`), which can replace it where
 * chat.update cannot reach it (a private channel or DM the bot has not joined).
 */
export function submissionOrigin(privateMetadata: string | undefined, userId: string): Origin {
  const metadata = readMetadata(privateMetadata);
  const m = metadata?.m;
  return {
    channelId: metadata?.c ?? userId,
    userId,
    responseUrl: metadata?.u,
    message: m ? { channelId: m.c, ts: m.ts, ephemeral: m.e, responseUrl: m.e ? m.r : metadata.u } : undefined,
  };
}

/**
 * Renders an Outcome: the modal first (its trigger_id expires in 3 s), then the reply, the update, the
 * edits. `pressed`: the kind of button or form behind it, for what to do when the update fails.
 */
export async function deliver(deps: RespondDeps, outcome: Outcome, origin: Origin, pressed?: PressedKind): Promise<void> {
  const { poster } = deps;
  if (outcome.modal) {
    if (origin.triggerId || origin.placeholderViewId) {
      const metadata: ModalMetadata = {
        c: origin.channelId,
        u: origin.responseUrl,
        m: origin.message
          ? { c: origin.message.channelId, ts: origin.message.ts, e: origin.message.ephemeral, r: origin.message.ephemeral ? origin.message.responseUrl : undefined }
          : undefined,
      };
      const view = renderModal(outcome.modal, JSON.stringify(metadata));
      if (origin.placeholderViewId) await poster.updateModal(origin.placeholderViewId, view);
      else await poster.openModal(origin.triggerId!, view);
    } else {
      deps.log?.warn({ modal: outcome.modal.id }, 'slack: modal requested without a trigger_id');
    }
  } else if (origin.placeholderViewId) {
    // The press asked for a form but the core answered otherwise (e.g. the round closed): the placeholder says so.
    const text = outcome.reply?.text ?? 'Nothing to answer here any more.';
    await poster.updateModal(origin.placeholderViewId, renderPlaceholderModal(text)).catch((error) => deps.log?.warn({ err: error }, 'slack: placeholder update failed'));
  }
  if (outcome.reply) {
    if (outcome.reply.visibility === 'public') {
      await poster.postPublic(origin.channelId, outcome.reply, origin.responseUrl);
    } else {
      const source = publicMessageTs(origin.message);
      const render = source ? { buttonValue: (choice: Choice) => `${choice.id}${SOURCE_SEPARATOR}${source}` } : undefined;
      await poster.postPrivate(origin.channelId, origin.userId, outcome.reply, origin.responseUrl, render);
    }
  }
  if (outcome.update) {
    try {
      await deliverUpdate(deps, outcome.update, origin.message, origin.workspaceId ?? '');
    } catch (error) {
      // The core has recorded the action: reporting a failure here would invite a retry that only says "already answered".
      deps.log?.warn({ err: error, pressed }, 'slack: public update failed after the action was recorded');
      await recoverFailedUpdate(deps, outcome.update, origin, pressed);
    }
  }
  for (const edit of outcome.edits ?? []) await deliverEdit(deps, edit, origin.workspaceId ?? '');
}

/**
 * An earlier channel message the core rendered again (a reveal after an accepted appeal): chat.update
 * with the bot token, coalesced with that message's other edits. A failure (the message deleted, the
 * bot removed) is only logged: the change is recorded and the presser has their answer.
 */
async function deliverEdit(deps: RespondDeps, edit: ChannelEdit, workspace: string): Promise<void> {
  const { channelId, ts } = decodeMessageRef(edit.messageRef, edit.channelId);
  try {
    await deps.poster.edit({ workspace, channelId, ts, message: edit.message });
  } catch (error) {
    deps.log?.warn({ err: error, channelId, ts }, 'slack: could not edit an earlier channel message; it keeps what it showed');
  }
}

/** The public message a press was on, as the Sender names it (`<channel>/<ts>`); none for an ephemeral one. */
export function pressedMessageRef(origin: Origin): string | undefined {
  const message = origin.message;
  return message && !message.ephemeral ? encodeMessageRef(message.channelId, message.ts) : undefined;
}

/** The public message a press traces back to: the pressed one, or the one an ephemeral reply came from. */
function publicMessageTs(message: PressedMessage | undefined): string | undefined {
  if (!message) return undefined;
  return message.ephemeral ? message.sourceTs : message.ts;
}

/**
 * A public update goes to the public message (even when the press was on an ephemeral reply to
 * it); a private one replaces the pressed ephemeral message. An answer's new count is `progressOf` its round,
 * which the round's reveal makes stale (sender.ts edit).
 */
async function deliverUpdate(deps: RespondDeps, update: Message, target: PressedMessage | undefined, workspace: string): Promise<void> {
  if (!target) {
    deps.log?.warn('slack: update without a pressed message');
    return;
  }
  if (update.visibility === 'public' || !target.ephemeral) {
    const ts = publicMessageTs(target);
    // The press's response_url can only stand in for chat.update on the pressed message itself.
    const responseUrl = target.ephemeral ? undefined : target.responseUrl;
    if (ts) await deps.poster.edit({ workspace, channelId: target.channelId, ts, message: update, responseUrl });
    else deps.log?.debug('slack: public update for an ephemeral message with no known source; skipped');
    return;
  }
  if (target.responseUrl) await deps.poster.replaceEphemeral(target.responseUrl, update);
}

/**
 * The user always hears back: their own mistake, a channel we cannot post in, a reply Slack may have shown
 * without saying so, or our failure.
 */
export async function reportFailure(deps: RespondDeps, origin: Origin, error: unknown): Promise<void> {
  let text = 'Sorry, something went wrong on my side. Please try again.';
  if (error instanceof UserError) text = error.message;
  else if (error instanceof ChannelUnavailableError) {
    // Said once, and only after nothing was posted (images go first): inviting the bot is the one fix in every channel kind.
    text = `I'm not a member of this channel, so I can't post that here. ${INVITE_ME} and try again.`;
  } else if (isNotRepeated(error)) text = MAYBE_NOT_SHOWN;
  if (!(error instanceof UserError)) deps.log?.error({ err: error }, 'slack: handling failed');
  try {
    await deps.poster.postPrivate(origin.channelId, origin.userId, privateText(text), origin.responseUrl);
  } catch (nested) {
    deps.log?.error({ err: nested }, 'slack: could not tell the user about a failure');
  }
}

function readMetadata(raw: string | undefined): ModalMetadata | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<ModalMetadata>;
    if (typeof parsed.c !== 'string') return undefined;
    const m = parsed.m;
    const validMessage = m && typeof m.c === 'string' && typeof m.ts === 'string' && typeof m.e === 'boolean';
    return { c: parsed.c, u: typeof parsed.u === 'string' ? parsed.u : undefined, m: validMessage ? m : undefined };
  } catch {
    return undefined;
  }
}
