/**
 * Which failed REST calls are sent again. @discordjs/rest (2.x, handlers/Shared makeNetworkRequest and
 * handleErrors) resends any request, whatever its method, up to `retries` times (3 by default) after a
 * timeout (AbortError, `timeout` 15 s), an ECONNRESET or a 5xx. Each of those may come after Discord carried the
 * call out, and a resent follow-up (Execute Webhook, which takes no nonce) shows the message twice. So the
 * library's own retries are off (DiscordRest passes `retries: 0`) and this rule decides instead: after such a
 * failure, or a connection Discord closed without an answer (which the library does not resend at all), only a
 * call that is safe to repeat is resent; any other fails at once, and its caller copes as with
 * any failed send (deferred-reply.ts tells the user part of the answer is missing). A 429 is waited out and
 * resent by the library itself, as before: Discord refused that call. A call that never left (connection
 * refused) is resent whatever it is. Resends wait a growing pause (resendPauseMs), not none.
 */
import { DiscordAPIError, HTTPError, type InternalRequest, type ResponseLike } from 'discord.js';
import { neverSentCode } from '../never-sent.js';
import { realRetryClock, type RetryClock } from './webhook-retry.js';

/** What @discordjs/rest's `retries` option defaults to. */
export const DEFAULT_RETRIES = 3;
/** Interaction has already been acknowledged. */
const ALREADY_ACKNOWLEDGED = 40060;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const CHANNEL_MESSAGES = /^\/channels\/\d+\/messages$/;

/**
 * The pause before resend n (1, 2, …): 100, 200, 400 ms. Sent again at once, a call meets the same refused
 * connection or overloaded server; three pauses (0.7 s) stay well inside an interaction's 3 s.
 */
export function resendPauseMs(attempt: number): number {
  return 100 * 2 ** (attempt - 1);
}

/** Sends `request` with `send`, resending it up to `retries` times where that is safe (see above), after a growing pause. */
export async function sendWithRetries(request: InternalRequest, retries: number, send: () => Promise<ResponseLike>, sleep: RetryClock['sleep'] = realRetryClock.sleep): Promise<ResponseLike> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      // A resent callback that Discord calls already acknowledged: an earlier attempt was carried out.
      if (attempt > 0 && acknowledgedBefore(request, error)) return new Response(null, { status: 204 }) as ResponseLike;
      if (attempt >= retries || request.signal?.aborted) throw error;
      if (!neverSent(error) && (!mayHaveBeenCarriedOut(error) || !safeToRepeat(request))) throw error;
      await sleep(resendPauseMs(attempt + 1));
    }
  }
}

/** Nothing was carried out (never-sent.ts): any call is sent again, a follow-up too. @discordjs/rest gives up at once. */
function neverSent(error: unknown): boolean {
  return neverSentCode((error as { code?: unknown } | null)?.code);
}

/**
 * The call went out and its answer is unknown or a server error: what @discordjs/rest retries, and a
 * connection Discord closed without answering (undici's UND_ERR_SOCKET, "other side closed"), which the
 * library takes for a plain failure although the request may have been carried out.
 */
export function mayHaveBeenCarriedOut(error: unknown): boolean {
  if (error instanceof HTTPError) return error.status >= 500 && error.status < 600;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === 'AbortError' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || error.message.includes('ECONNRESET');
}

/**
 * Calls whose repeat creates nothing more: reads, edits (PATCH: the same content again), PUT (the command list
 * overwritten with the same), DELETE (a repeat meets Unknown Message, which callers only log), a channel post
 * with enforce_nonce (Discord answers a repeat with the message it made: sender.ts), opening a DM (the same
 * channel again), and an interaction callback (Discord refuses a second one with 40060, taken as done above).
 * Anything else, above all a follow-up (POST /webhooks/{application}/{token}), is sent once.
 */
function safeToRepeat(request: InternalRequest): boolean {
  if (request.method !== 'POST') return true;
  const route = request.fullRoute;
  if (CALLBACK.test(route) || route === '/users/@me/channels') return true;
  const body = request.body as { nonce?: unknown; enforce_nonce?: unknown } | undefined;
  return CHANNEL_MESSAGES.test(route) && body?.enforce_nonce === true && body.nonce !== undefined;
}

/** Only without with_response: with it, the caller needs Discord's answer, which a 204 does not carry. */
function acknowledgedBefore(request: InternalRequest, error: unknown): boolean {
  if (!CALLBACK.test(request.fullRoute) || request.query?.get('with_response') === 'true') return false;
  return error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED;
}
