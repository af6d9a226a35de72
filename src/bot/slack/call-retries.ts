/**
 * Which failed Web API calls the client may send again. A call that timed out, whose connection dropped
 * after the request went out, or that Slack's edge answered with a server error may well have been carried
 * out: sent again, a chat.postMessage shows a daily card, a question or a reveal twice. So after such a failure
 * only a method that is safe to repeat is retried; any other fails at once, and its caller copes as with any
 * failed post (the scheduler retries later and first looks for the round or key in the channel: round-posts.ts,
 * keyed-posts.ts). A failure before the request left (no connection: refused, no DNS answer) and a 429 (Slack
 * refused the call) changed nothing, so every method is retried after those, as before.
 *
 * The WebClient hands its retryConfig to p-retry 4, which stops retrying when onFailedAttempt throws, and sends
 * every request through its `fetch` option, which sees the method in the URL. The fetch below marks a failure
 * that must not be repeated; onFailedAttempt stops on the mark. Bolt builds its clients from the same options.
 */
import type { webApi } from '@slack/bolt';
import { neverSentCode } from '../never-sent.js';
import { transport } from './lean-fetch.js';

/**
 * Methods the bot calls that change nothing when repeated: reads, chat.update and views.update (the same
 * content again), conversations.open (the same DM), files.getUploadURLExternal (a second upload slot that
 * nothing shares). Any method not here is treated as one that creates something, so a new call is safe
 * unless it is added here.
 */
const REPEATABLE_METHODS = new Set([
  'auth.test',
  'chat.update',
  'conversations.history',
  'conversations.info',
  'conversations.open',
  'conversations.replies',
  'files.getUploadURLExternal',
  'files.info',
  'users.info',
  'views.update',
]);

/** A call Slack may have carried out, of a method not safe to repeat: the client does not send it again. */
export class NotRepeatedError extends Error {
  constructor(
    readonly method: string,
    cause: unknown,
  ) {
    super(`Slack may have carried out ${method} (${failureText(cause)}); not sent again`, { cause });
    this.name = 'NotRepeatedError';
  }
}

/**
 * The client's `fetch` (lean-fetch.ts, looked up per call) with the rule: a call to `apiUrl` of a method
 * not safe to repeat that may have reached Slack fails with NotRepeatedError. Other URLs pass through.
 */
export function repeatGuardedFetch(apiUrl: string): webApi.FetchFunction {
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`; // as the WebClient makes it
  return async (input, init) => {
    const url = String(input);
    const method = url.startsWith(base) ? url.slice(base.length).split(/[?#]/)[0]! : undefined;
    if (method === undefined || REPEATABLE_METHODS.has(method)) return transport.fetch(input, init);
    let response: Response;
    try {
      response = await transport.fetch(input, init);
    } catch (error) {
      throw neverSent(error) ? error : new NotRepeatedError(method, error);
    }
    // Slack answers 200, or 429 for a call it refused; anything else came from a server that had the request.
    if (response.status === 200 || response.status === 429) return response;
    await response.body?.cancel().catch(() => undefined); // the body is not needed; a failure here must not lose the mark
    throw new NotRepeatedError(method, `HTTP ${response.status}`);
  };
}

/** The client's error (a WebAPIRequestError) for a call it did not send again, as Slack may have carried it out. */
export function isNotRepeated(error: unknown): boolean {
  return (error as { original?: unknown } | null)?.original instanceof NotRepeatedError;
}

/** p-retry's onFailedAttempt: throwing ends the retries, and the call fails with that WebAPIRequestError. */
export function stopOnNotRepeated(error: unknown): void {
  if (isNotRepeated(error)) throw error;
}

function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: unknown } } | null)?.cause;
  if (!cause) return false;
  // Happy eyeballs tries several addresses: an AggregateError of each one's failure.
  if (Array.isArray(cause.errors) && cause.errors.length) return cause.errors.every((e: { code?: unknown } | null) => neverSentCode(e?.code));
  return neverSentCode(cause.code);
}

function failureText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  const error = cause as { name?: string; message?: string; cause?: { code?: unknown; message?: unknown } } | null;
  const inner = error?.cause?.code ?? error?.cause?.message;
  return [error?.name, error?.message, inner].filter(Boolean).join(': ');
}
