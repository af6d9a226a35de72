/**
 * The messages the stand-in keeps: creates (with enforce_nonce folding), edits that keep who sees a
 * message, channel history newest first, and every state the channel saw.
 */
import { LIMITS } from '../discord-rules.js';
import type { StandInState } from './state.js';
import type { RecordedRequest, StoredMessage } from './types.js';

const EPHEMERAL = 64;

/**
 * Create Message over REST. With `enforce_nonce`, a nonce the bot already used in the last few minutes
 * returns that message and creates none (Discord's duplicate guard for retried creates).
 */
export function createChannelMessage(state: StandInState, channelId: string, data: any, request: RecordedRequest): StoredMessage {
  const key = data?.enforce_nonce === true && data?.nonce !== undefined ? `${channelId}:${String(data.nonce)}` : undefined;
  const seen = key ? state.nonces.get(key) : undefined;
  const existing = seen && state.now() - seen.at <= LIMITS.nonceWindowMs ? state.messages.get(seen.messageId) : undefined;
  if (existing) return existing;
  const message = createMessage(state, channelId, data, request);
  if (data?.nonce !== undefined) message.nonce = data.nonce;
  if (key) state.nonces.set(key, { messageId: message.id, at: state.now() });
  return message;
}

/**
 * Get Channel Messages: newest first; `limit` 1-100 (default 50); `before` or `after` a message
 * id (`after` gives the messages right after it). Ephemeral messages are nobody's channel history, and a
 * create's nonce is not part of what is read back.
 */
export function channelMessages(state: StandInState, channelId: string, request: RecordedRequest): [number, unknown] {
  const limit = Number(request.query.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.messagesPage) {
    return state.invalid(request, [`limit ${request.query.get('limit')} is not within 1-${LIMITS.messagesPage}`])!;
  }
  const all = [...state.messages.values()]
    .filter((message) => message.channel_id === channelId && !isEphemeral(message))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const before = request.query.get('before');
  const after = request.query.get('after');
  let page: StoredMessage[];
  if (after !== null) page = all.filter((message) => BigInt(message.id) > BigInt(after)).slice(0, limit);
  else if (before !== null) page = all.filter((message) => BigInt(message.id) < BigInt(before)).slice(-limit);
  else page = all.slice(-limit);
  return [200, page.reverse().map(({ nonce: _nonce, ...message }) => message)];
}

export function createMessage(state: StandInState, channelId: string, data: any, request: RecordedRequest, token?: string, interaction?: any): StoredMessage {
  const message: StoredMessage = {
    id: state.id(),
    type: 0,
    channel_id: channelId,
    author: { id: state.botUserId, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true },
    content: data?.content ?? '',
    embeds: richEmbeds(data?.embeds),
    components: data?.components ?? [],
    attachments: attachmentsOf(data, request),
    flags: data?.flags ?? 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    ...(token ? { interaction_token: token, webhook_id: state.options.applicationId } : {}),
    ...(interaction
      ? {
          interaction_metadata: {
            id: interaction.id,
            type: interaction.type,
            user: interaction.member?.user ?? interaction.user,
            authorizing_integration_owners: {},
            // Discord links a message created from a component interaction to the message clicked.
            ...(interaction.message ? { interacted_message_id: interaction.message.id } : {}),
          },
        }
      : {}),
  };
  state.messages.set(message.id, message);
  noteShown(state, message);
  return message;
}

/** An edit changes what a message says, never who sees it (Discord keeps an existing message's ephemeral state). */
export function editMessage(state: StandInState, stored: StoredMessage, data: any, request: RecordedRequest): StoredMessage {
  if (data?.flags !== undefined && isEphemeral(data) !== isEphemeral(stored)) {
    state.violations.push(`${request.method} ${request.path}: an edit cannot change a message's ephemeral state (flags ${data.flags} on a message with flags ${stored.flags})`);
  }
  if (data?.content !== undefined) stored.content = data.content;
  if (data?.embeds !== undefined) stored.embeds = richEmbeds(data.embeds);
  if (data?.components !== undefined) stored.components = data.components;
  if (data?.attachments !== undefined || request.files.length) stored.attachments = attachmentsOf(data, request);
  stored.edited_timestamp = new Date().toISOString();
  noteShown(state, stored);
  return stored;
}

function noteShown(state: StandInState, message: StoredMessage): void {
  if (!isEphemeral(message)) state.shownInChannel.push({ messageId: message.id, content: message.content, embeds: structuredClone(message.embeds) });
}

/** Create Message: an embed's `type` "will be `rich` regardless of if you try to set it"; read back so. */
function richEmbeds(embeds: unknown): any[] {
  return Array.isArray(embeds) ? embeds.map((embed) => (embed && typeof embed === 'object' ? { ...embed, type: 'rich' } : embed)) : [];
}

/** True for a message only its recipient can see. */
export function isEphemeral(data: { flags?: number } | undefined): boolean {
  return ((data?.flags ?? 0) & EPHEMERAL) !== 0;
}

function attachmentsOf(data: any, request: RecordedRequest): any[] {
  return request.files.map((file, index) => ({
    id: String(index),
    filename: file.name,
    size: file.data.length,
    url: `attachment://${file.name}`,
    proxy_url: `attachment://${file.name}`,
    ...(data?.attachments?.[index] ?? {}),
  }));
}
