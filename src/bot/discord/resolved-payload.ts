/**
 * A rendered message as a discord.js MessagePayload whose body is already the API's JSON. render.ts
 * builds embeds and components as API JSON, so discord.js's resolveBody only copies them, yet it costs
 * 20–40 µs a message (lazy require() calls in its type checks among them): a button press sends two,
 * the update and the verdict's follow-up. With the body set, discord.js sends it as it is, through its
 * own routes, and keeps the interaction's state as usual. Anything else (files, whose attachment
 * entries are discord.js's to number; content; mentions or nonces set on the client) goes through
 * resolveBody as before.
 */
import { MessagePayload, type InteractionReplyOptions, type InteractionUpdateOptions, type MessageTarget } from 'discord.js';

type PlainOptions = InteractionReplyOptions | InteractionUpdateOptions;

/** The keys a rendered message's options have (reply-options.ts); any other leaves the payload to discord.js. */
const PREBUILT_KEYS = new Set(['embeds', 'components', 'files', 'flags']);

export function resolvedPayload<T extends PlainOptions>(target: MessageTarget, options: T): T | MessagePayload {
  const clientOptions = target.client.options;
  const plain =
    Object.keys(options).every((key) => PREBUILT_KEYS.has(key)) &&
    (options.files ?? []).length === 0 &&
    (options.flags === undefined || typeof options.flags === 'number') &&
    clientOptions.allowedMentions === undefined &&
    !('enforceNonce' in clientOptions && clientOptions.enforceNonce);
  if (!plain) return options;
  const payload = new MessagePayload(target, options);
  // What resolveBody makes of these options (resolved-payload.test.ts holds the two equal).
  payload.body = {
    tts: false,
    enforce_nonce: false,
    embeds: options.embeds,
    components: options.components,
    ...(options.flags !== undefined ? { flags: options.flags } : {}),
    ...(options.files ? { attachments: [] } : {}),
  } as MessagePayload['body'];
  payload.files = [];
  return payload;
}
