/**
 * The Web API clients the bot sends with. Slack's rate limits are per method and workspace, but a WebClient
 * answers a 429 by pausing its whole request queue for the Retry-After: every method would wait, a views.open
 * whose trigger_id lives 3 s and the verdicts too. chat.update, the one method the bot spends near its limit
 * (Tier 3; its edits go through updates.ts), therefore has a client of its own, for the same token, that
 * rejects a 429 with its Retry-After instead; the coalescer waits that out for the workspace alone. One such
 * client serves every workspace of the token: it pauses nothing, so workspaces cannot hold each other back.
 */
import { webApi } from '@slack/bolt';

/** Every client's options: few quick retries, as a 30-minute backoff would hold a user's reply hostage. */
export function slackClientOptions(apiUrl?: string): webApi.WebClientOptions {
  return { slackApiUrl: apiUrl, retryConfig: { retries: 2, factor: 1.5, minTimeout: 200 } };
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
