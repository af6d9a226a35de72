/** Downloads a user's deck file (a Discord attachment, a Slack file), refusing anything over the size cap before and while reading. */
import { deckFileTooBig, MAX_DECK_BYTES } from '../core/decks/limits.js';
import { UserError } from '../core/errors.js';

export interface AttachmentRef {
  url: string;
  name: string;
  /** Size the platform reports; checked first so big files are refused without downloading. */
  size: number;
  /** Request headers (Slack's private file URLs want the bot token). */
  headers?: Record<string, string>;
}

export async function downloadText(attachment: AttachmentRef, timeoutMs = 10_000): Promise<string> {
  const bytes = await downloadBytes(attachment, MAX_DECK_BYTES, deckFileTooBig, timeoutMs);
  return new TextDecoder('utf-8').decode(bytes);
}

/** The file's bytes, at most `maxBytes` (`tooBig` says so otherwise). Packages are larger: a longer wait by default. */
export async function downloadBytes(
  attachment: AttachmentRef,
  maxBytes: number,
  tooBig: (name: string) => string,
  timeoutMs = 60_000,
): Promise<Uint8Array> {
  if (attachment.size > maxBytes) throw new UserError(tooBig(attachment.name));
  const response = await fetch(attachment.url, { signal: AbortSignal.timeout(timeoutMs), ...(attachment.headers ? { headers: attachment.headers } : {}) });
  if (!response.ok || !response.body) {
    throw new UserError(`Could not download ${attachment.name} (HTTP ${response.status}). Please try again.`);
  }
  // The reported size could be wrong: count bytes as they arrive and stop at the cap.
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new UserError(tooBig(attachment.name));
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
