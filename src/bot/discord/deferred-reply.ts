/**
 * Filling a deferred command reply (Discord's "thinking…" message, callback type 5) with the core's
 * messages: live through discord.js (respond.ts) and, after a crash, over REST (replay.ts).
 *
 * Discord fixes that message's visibility when it defers (flags 64 or none), and nothing later
 * changes it: an edit of @original keeps it ("an existing message's ephemeral state cannot be
 * changed"), and the first follow-up right after the deferral edits @original and ignores the
 * ephemeral flag. So when the first message is the other way round from the deferral:
 * - deferred publicly, message private: the thinking message is filled with a neutral note (a filled
 *   deferral lets the next follow-up be a message of its own), deleted at once, and the message
 *   goes as an ephemeral follow-up. The channel sees "<user> used /<command>" thinking, then the note
 *   for as long as the delete takes, then nothing: never the private content. That trace is what
 *   Discord's documented steps leave; the core's expectedVisibility makes the wrong guess rare.
 * - deferred privately, message public: the private thinking message becomes a private note, the
 *   message is posted as a public follow-up, and the note is deleted.
 * A send that fails is never retried with the content (the core's work is done and committed); the
 * user is told (missingPartNote) where Discord still allows it without showing the channel anything
 * private: in the deferral itself when nothing else has replaced it, else as an ephemeral follow-up.
 */
import { privateText, type Message } from '../../core/messages.js';
import { MAYBE_NOT_SHOWN } from '../unconfirmed.js';
import { mayHaveBeenCarriedOut } from './call-retries.js';
import { renderMessage, type RenderedMessage } from './render.js';

export const NOT_ALL_SENT = 'Part of my answer could not be sent. Please try again in a moment.';

/**
 * The note for a part of an answer that failed: NOT_ALL_SENT when Discord refused it or it never left,
 * MAYBE_NOT_SHOWN when it went out and its answer was lost (Discord may have shown it; it is not resent).
 */
export function missingPartNote(error: unknown): string {
  return mayHaveBeenCarriedOut(error) ? MAYBE_NOT_SHOWN : NOT_ALL_SENT;
}
/** What fills a public deferral for the moment before it is deleted, when the answer is private. */
export const ANSWERED_PRIVATELY = 'Answered privately.';
/** What fills a private deferral until the public message it announces is posted. */
export const POSTING_PUBLICLY = 'Posting it in the channel…';

/** The interaction webhook calls a deferred reply is filled with. */
export interface DeferredReplyWebhook {
  editOriginal(message: RenderedMessage): Promise<unknown>;
  followUp(message: RenderedMessage): Promise<unknown>;
  deleteOriginal(): Promise<unknown>;
}

/** How a failed call is reported (a log line); `what` names the step. */
export type SendFailure = (error: unknown, what: string) => void;

/** Sends `messages` after a deferral made with `deferredPrivately`; never throws. */
export async function fillDeferredReply(
  webhook: DeferredReplyWebhook,
  deferredPrivately: boolean,
  messages: readonly [Message, ...Message[]],
  failed: SendFailure,
): Promise<void> {
  const [first, ...rest] = messages.map(renderMessage) as [RenderedMessage, ...RenderedMessage[]];
  /** The latest failure: the one an error note is about (a note is the last call made). */
  let lastFailure: unknown;
  const attempt = (what: string, call: () => Promise<unknown>) =>
    call().then(
      () => true,
      (error) => {
        failed(error, what);
        lastFailure = error;
        return false;
      },
    );
  const missing = () => missingPartNote(lastFailure);
  // The deferral itself, in its own visibility; the short error instead when the content fails.
  const fill = async (message: RenderedMessage, what: string) => {
    if (await attempt(what, () => webhook.editOriginal(message))) return true;
    await attempt('the error note in the deferral', () => webhook.editOriginal(note(missing(), deferredPrivately)));
    return false;
  };
  const tellPrivately = () => attempt('the private error note', () => webhook.followUp(note(missing(), true)));

  if (first.ephemeral === deferredPrivately) {
    if (!(await fill(first, 'the deferred reply'))) return;
  } else if (deferredPrivately) {
    if (!(await fill(note(POSTING_PUBLICLY, true), 'the private note'))) return;
    if (!(await attempt('the public follow-up', () => webhook.followUp(first)))) {
      await attempt('the error note in the deferral', () => webhook.editOriginal(note(missing(), true)));
      return;
    }
    await attempt('deleting the private note', () => webhook.deleteOriginal());
  } else {
    if (!(await fill(note(ANSWERED_PRIVATELY, false), 'the public note'))) return;
    await attempt('deleting the public note', () => webhook.deleteOriginal());
    if (!(await attempt('the private follow-up', () => webhook.followUp(first)))) {
      await tellPrivately();
      return;
    }
  }
  for (const message of rest) {
    if (await attempt('a follow-up', () => webhook.followUp(message))) continue;
    await tellPrivately();
    return;
  }
}

function note(text: string, ephemeral: boolean): RenderedMessage {
  return renderMessage({ ...privateText(text), visibility: ephemeral ? 'private' : 'public' });
}
