/**
 * The scheduler's way to post to Discord channels outside an interaction (daily prompts), over
 * plain REST so it works for channels the client has not cached.
 */
import { DiscordAPIError, Routes, type REST, type RawFile } from 'discord.js';
import { ChannelUnavailableError } from '../../core/errors.js';
import type { Message } from '../../core/messages.js';
import { parseId } from '../../core/ids.js';
import type { ChannelRef, PostOptions, Sender } from '../../core/ports.js';
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
      const author = await me();
      // The first page after the round opened: the card was posted right after, however busy the channel since.
      const query = new URLSearchParams({ limit: String(RECENT_MESSAGES), after: snowflakeAt(new Date(postedAfter.getTime() - CLOCK_SKEW_MS)) });
      const messages = (await guard(channel, () => rest.get(Routes.channelMessages(channel.channelId), { query }))) as ChannelMessage[];
      const found = messages.find((m) => m.author?.id === author && carriesRound(m.components, roundId));
      return found ? { messageRef: found.id } : null;
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

/** Messages read back per lookup (Discord allows 1-100). */
const RECENT_MESSAGES = 50;
/** The round's opening time comes from our clock, the snowflake from Discord's: look a little earlier. */
const CLOCK_SKEW_MS = 60_000;
/** Discord's epoch (2015-01-01), the zero of a snowflake's timestamp. */
const DISCORD_EPOCH_MS = 1_420_070_400_000;

interface ChannelMessage {
  id: string;
  author?: { id: string };
  components?: { components?: { custom_id?: string }[] }[];
}

/** At most 25 characters: `sbr` and a round id of at most 15 digits. */
export function roundNonce(roundId: number): string {
  return `sbr${roundId}`;
}

/** At most 25 characters; a key that would not fit goes without (the post is then not deduplicated). */
function keyNonce(key: string): string | undefined {
  return key.length <= 22 ? `sbk${key}` : undefined;
}

/** The smallest snowflake of that instant, for `after`. */
export function snowflakeAt(at: Date): string {
  return (BigInt(Math.max(0, at.getTime() - DISCORD_EPOCH_MS)) << 22n).toString();
}

/** True when one of the message's buttons belongs to round `roundId` (ids are parsed, never trusted). */
function carriesRound(rows: ChannelMessage['components'], roundId: number): boolean {
  return (rows ?? []).some((row) =>
    (row.components ?? []).some((component) => {
      const action = parseId(component.custom_id);
      return action !== null && 'round' in action && action.round === roundId;
    }),
  );
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
