/** Downloads a user's deck file, refusing anything over the size cap before and while reading. */
import { deckFileTooBig, MAX_DECK_BYTES } from '../../core/decks/limits.js';
import { UserError } from '../../core/errors.js';

export interface AttachmentRef {
  url: string;
  name: string;
  /** Size Discord reports; checked first so big files are refused without downloading. */
  size: number;
}

export async function downloadText(attachment: AttachmentRef, timeoutMs = 10_000): Promise<string> {
  if (attachment.size > MAX_DECK_BYTES) throw tooBig(attachment.name);
  const response = await fetch(attachment.url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) {
    throw new UserError(`Could not download ${attachment.name} (HTTP ${response.status}). Please try again.`);
  }
  // The reported size could be wrong: count bytes as they arrive and stop at the cap.
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > MAX_DECK_BYTES) throw tooBig(attachment.name);
    chunks.push(chunk);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function tooBig(name: string): UserError {
  return new UserError(deckFileTooBig(name));
}
