/**
 * The scheduler's way to post to Discord channels outside an interaction (daily prompts), over
 * plain REST so it works for channels the client has not cached.
 */
import { DiscordAPIError, Routes, type REST, type RawFile } from 'discord.js';
import { ChannelUnavailableError } from '../../core/errors.js';
import type { Message } from '../../core/messages.js';
import type { ChannelRef, PostOptions, Sender } from '../../core/ports.js';
import { carriesRound, findBotMessage, showsSame } from './find-posted.js';
import { renderMessage, type RenderedMessage } from './render.js';

export function createDiscordSender(rest: REST): Sender {
  let botUserId: Promise<string> | undefined;
  const me = () => (botUserId ??= (rest.get(Routes.user('@me')) as Promise<{ id: string }>).then((user) => user.id).catch((error: unknown) => {
    botUserId = undefined;
    throw error;
  }));
  return {
    platform: 'discord',
    liveCountdown: true,
    async post(channel: ChannelRef, message: Message, options?: PostOptions) {
      const rendered = renderMessage(message);
      // With enforce_nonce, Discord answers a repeat of this nonce by the same author within a few minutes
      // with the message already created instead of a second one.
      const key = options?.roundId !== undefined ? roundNonce(options.roundId) : options?.key !== undefined ? keyNonce(options.key) : undefined;
      const nonce = key !== undefined ? { nonce: key, enforce_nonce: true } : {};
      const created = (await guard(channel, () =>
        rest.post(Routes.channelMessages(channel.channelId), { body: { ...restBody(rendered), ...nonce }, files: restFiles(rendered) }),
      )) as { id: string };
      return { messageRef: created.id };
    },
    async findRoundMessage(channel: ChannelRef, roundId: number, postedAfter: Date) {
      return found(await guard(channel, async () => findBotMessage(rest, channel.channelId, await me(), postedAfter, carriesRound(roundId))));
    },
    // The key itself is nowhere in what Discord reads back (find-posted.ts): the post is known by what it shows.
    async findKeyedMessage(channel: ChannelRef, _key: string, postedAfter: Date, message: Message, follows?: string) {
      return found(await guard(channel, async () => findBotMessage(rest, channel.channelId, await me(), postedAfter, showsSame(message), follows)));
    },
    async update(channel: ChannelRef, messageRef: string, message: Message) {
      const rendered = renderMessage(message);
      await guard(channel, () =>
        rest.patch(Routes.channelMessage(channel.channelId, messageRef), {
          body: restBody(rendered),
          files: restFiles(rendered),
        }),
      );
    },
  };
}

/** At most 25 characters: `sbr` and a round id of at most 15 digits. */
export function roundNonce(roundId: number): string {
  return `sbr${roundId}`;
}

/** At most 25 characters; a key that would not fit goes without (a quick repeat is then only caught by a retry's lookup). */
function keyNonce(key: string): string | undefined {
  return key.length <= 22 ? `sbk${key}` : undefined;
}

function found(messageId: string | null): { messageRef: string } | null {
  return messageId === null ? null : { messageRef: messageId };
}

/** Channel messages cannot be ephemeral; a private message posted to a channel is shown to all. */
/** A rendered message as the REST API's JSON body (channel posts and interaction webhooks alike). */
export function restBody(rendered: RenderedMessage): Record<string, unknown> {
  return {
    embeds: rendered.embeds,
    components: rendered.components,
    ...(rendered.files.length
      ? { attachments: rendered.files.map((file, index) => ({ id: index, filename: file.name, ...(file.description ? { description: file.description } : {}) })) }
      : {}),
  };
}

/** The files that go with restBody's attachments. */
export function restFiles(rendered: RenderedMessage): RawFile[] | undefined {
  if (!rendered.files.length) return undefined;
  return rendered.files.map((file) => ({ name: file.name, data: file.data, contentType: file.contentType }));
}

/** 403 (Missing Access / Permissions) and 404 (Unknown Channel / Message) mean: stop posting here. */
async function guard<T>(channel: ChannelRef, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
      throw new ChannelUnavailableError(
        `Discord refused channel ${channel.channelId} (${error.status} ${error.code}: ${error.message})`,
      );
    }
    throw error;
  }
}
