/**
 * How a round's post survives its poster's death, for daily cards (prompt-poster.ts) and game questions
 * (game-step-posts.ts) alike. The round is stored before its post; the post carries the round id
 * (Discord: the message nonce with enforce_nonce; Slack: message metadata); whoever resumes a round
 * whose message was never recorded asks the platform first, and posts that same round only if it is
 * not in the channel.
 */
import type { Message } from '../core/messages.js';
import type { ChannelRef, Sender } from '../core/ports.js';

/** Posts the round's message so that `findRoundPost` can find it again. */
export async function postRound(sender: Sender, channel: ChannelRef, roundId: number, message: Message): Promise<string> {
  return (await sender.post(channel, message, { roundId })).messageRef;
}

/**
 * The message of round `roundId` if it reached the channel, else null. Null too where the platform
 * cannot be asked (the terminal): one process, so no one else posted it, and it is posted again.
 */
export async function findRoundPost(sender: Sender, channel: ChannelRef, roundId: number, opensAt: Date): Promise<string | null> {
  if (!sender.findRoundMessage) return null;
  return (await sender.findRoundMessage(channel, roundId, opensAt))?.messageRef ?? null;
}
