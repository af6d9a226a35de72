/** Downloads a user's deck file, refusing anything over the size cap before and while reading. */
import { UserError } from '../../core/errors.js';

export const MAX_DECK_BYTES = 1024 * 1024;

export interface AttachmentRef {
  url: string;
  name: string;
  /** Size Discord reports; checked first so big files are refused without downloading. */
  size: number;
}

export async function downloadText(attachment: AttachmentRef, maxBytes = MAX_DECK_BYTES, timeoutMs = 10_000): Promise<string> {
  if (attachment.size > maxBytes) throw tooBig(maxBytes);
  const response = await fetch(attachment.url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) {
    throw new UserError(`Could not download ${attachment.name} (HTTP ${response.status}). Please try again.`);
  }
  // The reported size could be wrong: count bytes as they arrive and stop at the cap.
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooBig(maxBytes);
    chunks.push(chunk);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function tooBig(maxBytes: number): UserError {
  return new UserError(`That file is too big: decks can be at most ${Math.round(maxBytes / 1024)} KB.`);
}
