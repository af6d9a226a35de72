/**
 * The Slack side of the core's Sender port (daily prompts, game steps, edits of earlier posts), over the
 * poster the adapter shares (sender.ts).
 */
import type { Logger } from 'pino';
import type { Message } from '../../core/messages.js';
import type { ChannelRef, PostOptions, Sender } from '../../core/ports.js';
import { decodeMessageRef, encodeMessageRef, type SlackPoster } from './sender.js';

/**
 * How the scheduler posts daily prompts and game steps to Slack channels. Its edits share the poster's
 * chat.update budget with the adapter's. One that has to wait for its turn is left queued (a newer edit
 * of the message still replaces it) and its failure logged, so a busy workspace never holds up a step of
 * another channel's game; `track` hears of it, so a stopping adapter can let it go out first.
 */
export function createSlackSender(poster: SlackPoster, options: { log?: Logger; track?: (sent: Promise<void>) => void } = {}): Sender {
  const find = async (channel: ChannelRef, mark: PostOptions, postedAfter: Date) => {
    const ts = await poster.findPosted(channel.channelId, mark, postedAfter);
    return ts === null ? null : { messageRef: encodeMessageRef(channel.channelId, ts) };
  };
  return {
    platform: 'slack',
    async post(channel: ChannelRef, message: Message, options?: PostOptions) {
      const ts = await poster.postPublic(channel.channelId, message, undefined, options);
      return { messageRef: encodeMessageRef(channel.channelId, ts) };
    },
    findRoundMessage: (channel: ChannelRef, roundId: number, postedAfter: Date) => find(channel, { roundId }, postedAfter),
    findKeyedMessage: (channel: ChannelRef, key: string, postedAfter: Date) => find(channel, { key }, postedAfter),
    async update(channel: ChannelRef, messageRef: string, message: Message) {
      const { channelId, ts } = decodeMessageRef(messageRef, channel.channelId);
      // A countdown is progress (message.progressOf); a closed question, a revealed card, standings are final.
      const sent = poster.edit({ workspace: channel.workspaceId, channelId, ts, message });
      if (!poster.editWaiting(channelId, ts)) return sent;
      const logged = sent.catch((error: unknown) => options.log?.warn({ err: error, channelId, ts }, 'slack: a queued edit of a channel message failed; it keeps what it showed'));
      options.track?.(logged);
    },
  };
}
