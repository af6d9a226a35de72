/**
 * discord.js's REST client, with one change: interaction webhooks (follow-ups and edits sent with an
 * interaction's token, no bot token) get a queue of their own. @discordjs/rest holds every request to
 * the bot's global limit (50/s), but Discord does not count interaction endpoints against it, so at
 * hundreds of presses a second the verdicts would wait behind a limit that does not apply. Their
 * per-route limits (per token) still apply, in that queue.
 */
import { REST, type Client, type InternalRequest, type ResponseLike, type RESTOptions } from 'discord.js';

/** Gives `client` this REST client in place of the one it made (whose timers are stopped). */
export function useRest<R extends REST>(client: Client, rest: R): R {
  client.rest.clearHashSweeper();
  client.rest.clearHandlerSweeper();
  client.rest = rest;
  return rest;
}

export class DiscordRest extends REST {
  private readonly interactionWebhooks: REST;

  constructor(options: Partial<RESTOptions>) {
    super(options);
    this.interactionWebhooks = new REST({ ...options, globalRequestsPerSecond: Number.MAX_SAFE_INTEGER });
  }

  override queueRequest(request: InternalRequest): Promise<ResponseLike> {
    if (request.auth === false && request.fullRoute.startsWith('/webhooks/')) return this.interactionWebhooks.queueRequest(request);
    return super.queueRequest(request);
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
