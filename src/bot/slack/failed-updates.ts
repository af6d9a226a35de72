/**
 * When the public message edit after a press fails, the press itself is already recorded: the user is
 * told what counted, in the words of what they pressed, and a reveal, which the whole channel must
 * see, goes out as a message of its own instead.
 */
import type { Command } from '../../core/commands.js';
import { ChannelUnavailableError } from '../../core/errors.js';
import { parseId, type ActionId } from '../../core/ids.js';
import { privateText, type Message } from '../../core/messages.js';
import type { Origin, RespondDeps } from './respond.js';
import { INVITE_ME } from './sender.js';

export type PressedKind = ActionId['kind'];

/** An answer's count lags behind; the next answer's edit carries the whole count. */
export const UPDATE_FAILED_TEXT = "Your answer counts, but I couldn't update the public message just now; it will catch up with the next change.";
export const DECISION_UPDATE_FAILED_TEXT = "Your decision is saved, but I couldn't update the appeal notice in the channel just now.";
export const REVEAL_FAILED_TEXT = "The question is closed, but I couldn't show its answer in the channel just now.";
const INVITE_HINT = ` ${INVITE_ME} and I can.`;
const OTHER_UPDATE_FAILED_TEXT = "That went through, but I couldn't update the message in the channel just now.";

/** Presses that answer a question: their update is the question's new count. */
const ANSWERS: readonly PressedKind[] = ['mcq', 'rate', 'typed'];

const NOTES: Partial<Record<PressedKind, string>> = {
  ...Object.fromEntries(ANSWERS.map((kind) => [kind, UPDATE_FAILED_TEXT])),
  aok: DECISION_UPDATE_FAILED_TEXT,
  ano: DECISION_UPDATE_FAILED_TEXT,
};

/** The core id behind a press or a form submission, by kind (undefined for slash commands). */
export function pressedKind(command: Command): PressedKind | undefined {
  if (command.type !== 'press' && command.type !== 'submit') return undefined;
  return parseId(command.id)?.kind;
}

/** After `update` could not be applied to the pressed message: the reveal posted anew, or a note to the user. */
export async function recoverFailedUpdate(deps: RespondDeps, update: Message, origin: Origin, pressed: PressedKind | undefined): Promise<void> {
  const { poster, log } = deps;
  let note = (pressed && NOTES[pressed]) || OTHER_UPDATE_FAILED_TEXT;
  if (pressed === 'reveal') {
    try {
      // The press's response_url posts where the bot is not a member (a private channel, a DM).
      await poster.postPublic(origin.message?.channelId ?? origin.channelId, update, origin.responseUrl);
      return;
    } catch (error) {
      log?.warn({ err: error }, 'slack: could not post the reveal either');
      note = REVEAL_FAILED_TEXT + (error instanceof ChannelUnavailableError ? INVITE_HINT : '');
    }
  }
  await poster
    .postPrivate(origin.channelId, origin.userId, privateText(note), origin.responseUrl)
    .catch((error) => log?.error({ err: error }, 'slack: could not tell the user the update failed'));
}
