/**
 * The Web API clients the bot sends with. Slack's rate limits are per method and workspace, but a WebClient
 * answers a 429 by pausing its whole request queue for the Retry-After: every method would wait, a views.open
 * whose trigger_id lives 3 s and the verdicts too. chat.update, the one method the bot spends near its limit
 * (Tier 3; its edits go through updates.ts), therefore has a client of its own, for the same token, that
 * rejects a 429 with its Retry-After instead; the coalescer waits that out for the workspace alone. One such
 * client serves every workspace of the token: it pauses nothing, so workspaces cannot hold each other back.
 */
import { webApi } from '@slack/bolt';
import { repeatGuardedFetch, stopOnNotRepeated } from './call-retries.js';

/** The WebClient's own default base URL. */
const SLACK_API_URL = 'https://slack.com/api/';

/**
 * A Web API call not answered in this long fails (and is retried if that is safe: call-retries.ts). The client's
 * own default is to wait forever: a connection that silently died would hold a verdict, a daily tick (which every
 * channel's prompts wait behind) or a game step for as long as the operating system keeps the socket.
 * Slack answers in well under a second; uploads go to their upload URL outside the client.
 */
export const SLACK_CALL_TIMEOUT_MS = 20_000;

/**
 * Every client's options: few quick retries, as a 30-minute backoff would hold a user's reply hostage, and none
 * of a call that may have been carried out unless its method is safe to repeat (call-retries.ts). Bolt builds
 * app.client and the clients it hands to listeners from these same options.
 */
export function slackClientOptions(apiUrl?: string, timeoutMs = SLACK_CALL_TIMEOUT_MS): webApi.WebClientOptions {
  // onFailedAttempt is p-retry's, which the WebClient passes its retryConfig to; the type only names node-retry's options.
  const retryConfig: webApi.RetryOptions & { onFailedAttempt: (error: unknown) => void } = {
    retries: 2,
    factor: 1.5,
    minTimeout: 200,
    onFailedAttempt: stopOnNotRepeated,
  };
  return { slackApiUrl: apiUrl, timeout: timeoutMs, retryConfig, fetch: repeatGuardedFetch(apiUrl ?? SLACK_API_URL) };
}

/** chat.update's client: `options` (those of the token's other client), but a 429 is rejected, not waited out. */
export function chatUpdateClient(token: string, options: webApi.WebClientOptions): webApi.WebClient {
  return new webApi.WebClient(token, { ...options, rejectRateLimitedCalls: true });
}

/** The Retry-After (s) of a call Slack answered with 429 (WebAPIRateLimitedError); undefined for other failures. */
export function retryAfterOf(error: unknown): number | undefined {
  const refused = error as { code?: unknown; retryAfter?: unknown } | null | undefined;
  return refused?.code === webApi.ErrorCode.RateLimitedError && typeof refused.retryAfter === 'number' ? refused.retryAfter : undefined;
}
