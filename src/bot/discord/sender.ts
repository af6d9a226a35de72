/**
 * The scheduler's way to post to Discord channels outside an interaction (daily prompts), over
 * plain REST so it works for channels the client has not cached.
 */
import { DiscordAPIError, Routes, type REST, type RawFile } from 'discord.js';
import { ChannelUnavailableError } from '../../core/errors.js';
import type { Message } from '../../core/messages.js';
import type { ChannelRef, Sender } from '../../core/ports.js';
import { renderMessage, type RenderedMessage } from './render.js';

export function createDiscordSender(rest: REST): Sender {
  return {
    platform: 'discord',
    liveCountdown: true,
    async post(channel: ChannelRef, message: Message) {
      const rendered = renderMessage(message);
      const created = (await guard(channel, () =>
        rest.post(Routes.channelMessages(channel.channelId), { body: restBody(rendered), files: restFiles(rendered) }),
      )) as { id: string };
      return { messageRef: created.id };
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

/** Channel messages cannot be ephemeral; a private message posted to a channel is shown to all. */
function restBody(rendered: RenderedMessage): Record<string, unknown> {
  return {
    embeds: rendered.embeds,
    components: rendered.components,
    ...(rendered.files.length
      ? { attachments: rendered.files.map((file, index) => ({ id: index, filename: file.name, ...(file.description ? { description: file.description } : {}) })) }
      : {}),
  };
}

function restFiles(rendered: RenderedMessage): RawFile[] | undefined {
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
