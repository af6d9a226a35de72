/**
 * discord.js's REST client, with one change: interaction webhooks (follow-ups and edits sent with an
 * interaction's token, no bot token) get a queue of their own. @discordjs/rest holds every request to
 * the bot's global limit (50/s), but Discord does not count interaction endpoints against it, so at
 * hundreds of presses a second the verdicts would wait behind a limit that does not apply. Their
 * per-route limits (per token) still apply, in that queue.
 * That queue is swept of idle per-token handlers every minute: @discordjs/rest makes one per interaction
 * token and by default sweeps them hourly, so at hundreds of presses a second a process held hundreds of
 * thousands of them (a token is used for seconds; a handler still rate-limited is not idle, so is kept).
 * And a failed call is resent only where that is safe (call-retries.ts), not by the library's blind retries.
 */
import { REST, type Client, type InternalRequest, type ResponseLike, type RESTOptions } from 'discord.js';
import { DEFAULT_RETRIES, sendWithRetries } from './call-retries.js';
import { realRetryClock, type RetryClock } from './webhook-retry.js';

/** Gives `client` this REST client in place of the one it made (whose timers are stopped). */
export function useRest<R extends REST>(client: Client, rest: R): R {
  client.rest.clearHashSweeper();
  client.rest.clearHandlerSweeper();
  client.rest = rest;
  return rest;
}

/** How often the interaction-webhook queue drops handlers of tokens no longer in use. */
export const WEBHOOK_HANDLER_SWEEP_MS = 60_000;

export class DiscordRest extends REST {
  private readonly interactionWebhooks: REST;
  private readonly retries: number;

  /** `sleep`: the pauses between resends (call-retries.ts); tests pass a fake. */
  constructor(
    options: Partial<RESTOptions>,
    private readonly sleep: RetryClock['sleep'] = realRetryClock.sleep,
  ) {
    // The library would resend any call, follow-ups included: sendWithRetries does, where it is safe.
    super({ ...options, retries: 0 });
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.interactionWebhooks = new REST({ ...options, retries: 0, globalRequestsPerSecond: Number.MAX_SAFE_INTEGER, handlerSweepInterval: WEBHOOK_HANDLER_SWEEP_MS });
  }

  override queueRequest(request: InternalRequest): Promise<ResponseLike> {
    const webhook = request.auth === false && request.fullRoute.startsWith('/webhooks/');
    return sendWithRetries(request, this.retries, () => (webhook ? this.interactionWebhooks.queueRequest(request) : super.queueRequest(request)), this.sleep);
  }

  /** Rate-limit handlers held (one per route and major parameter; each interaction token is one): for health. */
  handlerCount(): number {
    return this.handlers.size + this.interactionWebhooks.handlers.size;
  }

  // discord.js clears these when the client is destroyed; the webhook queue's timers go with them.
  override clearHashSweeper(): void {
    super.clearHashSweeper();
    this.interactionWebhooks.clearHashSweeper();
  }

  override clearHandlerSweeper(): void {
    super.clearHandlerSweeper();
    this.interactionWebhooks.clearHandlerSweeper();
  }
}
