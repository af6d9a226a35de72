/**
 * How a post without a round (a game's reveal, its standings, a daily reveal) survives its poster's
 * death: it goes out with a key of its own, and an attempt that may follow one that posted it asks the
 * platform for it before posting again, however long after (Slack: the key in message metadata; Discord:
 * the bot's message showing the same, as its nonce is not read back and folds a repeat only for minutes).
 * The terminal is one process: no one else posted it.
 */
import type { Logger } from 'pino';
import type { Message } from '../core/messages.js';
import type { ChannelRef, Sender } from '../core/ports.js';

export interface KeyedPost {
  messageRef: string;
  /** An earlier attempt had posted it: found in the channel, not posted again. */
  found: boolean;
}

/**
 * Posts `message` with `key`, unless `mayHavePostedSince` is set (an earlier attempt may have posted it,
 * no sooner than then) and the platform finds it in the channel. A lookup that fails is logged and the
 * message posted: a repeat of a message that changes nothing is better than a step stuck on it.
 */
export async function postKeyedOnce(
  sender: Sender,
  channel: ChannelRef,
  key: string,
  message: Message,
  mayHavePostedSince: Date | null,
  log: Logger,
  /** The channel message this post comes after, if known (Sender.findKeyedMessage). */
  follows?: string,
): Promise<KeyedPost> {
  if (mayHavePostedSince !== null && sender.findKeyedMessage) {
    try {
      const found = await sender.findKeyedMessage(channel, key, mayHavePostedSince, message, follows);
      if (found) {
        log.info({ key, messageRef: found.messageRef }, 'an earlier attempt had posted this; not posting it again');
        return { messageRef: found.messageRef, found: true };
      }
    } catch (error) {
      log.warn({ err: error, key }, 'could not look for a post an earlier attempt may have made; posting it');
    }
  }
  const { messageRef } = await sender.post(channel, message, { key });
  return { messageRef, found: false };
}
