/**
 * In HTTP interactions mode the initial response to an interaction is the body of the HTTP response
 * to Discord's POST, not a REST call. discord.js's interaction methods (reply, deferReply, update,
 * showModal, respond) all send that response as `POST /interactions/{id}/{token}/callback`, so this
 * REST client takes that one call, for an interaction whose POST is still open, and writes it as the
 * HTTP answer instead; everything else (follow-ups, @original edits, channel posts) is plain REST.
 * respond.ts, with its 3 s rule and its choice of response types, works unchanged in both modes.
 *
 * A first response with files becomes a deferral of the same visibility, followed by an @original edit
 * carrying them: Discord does take a multipart HTTP response, but only up to about 150 KB
 * (discord-api-docs #5250), under what a generated image grid may weigh, and one path serves all sizes.
 * A webhook call soon after an HTTP answer retries Discord's passing Unknown Webhook (webhook-retry.ts).
 */
import { MessageFlags, Routes, type InternalRequest, type RequestData, type ResponseLike, type RESTOptions, type RouteLike } from 'discord.js';
import { DiscordRest } from './rest.js';
import { FreshAnswers, type RetryClock } from './webhook-retry.js';

/** The open HTTP exchange of one interaction: `answer` writes the response and resolves once it is sent. */
export interface OpenExchange {
  answer(body: InteractionResponseBody): Promise<void>;
}

export interface InteractionResponseBody {
  type: number;
  data?: Record<string, unknown> & { flags?: number };
}

const CALLBACK = /^\/interactions\/(\d+)\/([^/]+)\/callback$/;
/** An interaction webhook route (follow-up, @original): `/webhooks/<application>/<token>[/messages/<id>]`. */
const WEBHOOK = /^\/webhooks\/\d+\/([^/]+)/;
const UPDATE_MESSAGE = 7;
const DEFERRED_UPDATE = 6;
const DEFERRED_REPLY = 5;

export class HttpCallbackRest extends DiscordRest {
  private readonly open = new Map<string, OpenExchange>();
  /** Webhook calls soon after an HTTP answer retry Discord's passing Unknown Webhook (webhook-retry.ts). */
  private readonly answered: FreshAnswers;

  constructor(
    options: Partial<RESTOptions>,
    private readonly applicationId: string,
    clock?: RetryClock,
    private readonly onRetry?: (route: string, attempt: number, error: unknown) => void,
  ) {
    super(options, clock ? (ms) => clock.sleep(ms) : undefined);
    this.answered = new FreshAnswers(clock);
  }

  override queueRequest(request: InternalRequest): Promise<ResponseLike> {
    const token = request.auth === false ? WEBHOOK.exec(request.fullRoute)?.[1] : undefined;
    if (!token) return super.queueRequest(request);
    return this.answered.call(token, () => super.queueRequest(request), (attempt, error) => this.onRetry?.(request.fullRoute, attempt, error));
  }

  /** The next callback for `interactionId` goes to `exchange`; false when one is already open. */
  expect(interactionId: string, exchange: OpenExchange): boolean {
    if (this.open.has(interactionId)) return false;
    this.open.set(interactionId, exchange);
    return true;
  }

  /** Stops waiting for a callback (the POST was answered some other way, or went away). */
  release(interactionId: string): void {
    this.open.delete(interactionId);
  }

  override async post(fullRoute: RouteLike, options: RequestData = {}): Promise<unknown> {
    const match = CALLBACK.exec(fullRoute);
    const exchange = match ? this.open.get(match[1]!) : undefined;
    if (!match || !exchange) return super.post(fullRoute, options);
    this.open.delete(match[1]!);
    const body = options.body as InteractionResponseBody;
    const files = options.files ?? [];
    if (files.length === 0) {
      await exchange.answer(body);
      this.answered.noteAnswered(match[2]!);
      return undefined;
    }
    const { flags = 0, ...message } = body.data ?? {};
    await exchange.answer(
      body.type === UPDATE_MESSAGE ? { type: DEFERRED_UPDATE } : { type: DEFERRED_REPLY, data: { flags: flags & MessageFlags.Ephemeral } },
    );
    this.answered.noteAnswered(match[2]!);
    await super.patch(Routes.webhookMessage(this.applicationId, match[2]!, '@original'), { body: message, files, auth: false });
    return undefined;
  }
}
