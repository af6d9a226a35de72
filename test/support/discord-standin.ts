/**
 * A local stand-in for Discord, enough for discord.js to log in and for tests to drive interactions:
 * - REST on http://127.0.0.1:<port>/api/v10/...: GET /gateway/bot, GET /users/@me, command registration,
 *   interaction callbacks, webhook follow-ups and edits, channel messages (create, with nonce and
 *   enforce_nonce, folded for 2 minutes; edit, only the channel's own messages and never an ephemeral or
 *   a deleted one; read back newest first, without the nonce); every request is recorded.
 * - Gateway on ws://127.0.0.1:<port>/gateway: HELLO, IDENTIFY -> READY, heartbeats -> ACKs,
 *   then INTERACTION_CREATE dispatches sent by the test. Sharded as Discord shards (discord-shards.ts):
 *   /gateway/bot recommends `recommendedShards`, each shard connects once with the same count, and a
 *   guild's events go only to its shard.
 * - A tiny CDN: files registered with serveFile() are downloadable like Discord attachments.
 * - Outgoing webhooks (HTTP interactions mode): deliver() POSTs an interaction to the bot's endpoint,
 *   signed with the stand-in's Ed25519 key (publicKeyHex), and takes the HTTP answer as the initial
 *   response under the same rules as a REST callback (3 s, types that fit, one per interaction).
 * It keeps the messages it was asked to create so tests can press buttons on them, and it answers
 * a second callback for the same interaction like Discord does (400, code 40060).
 *
 * It is strict where Discord is: payloads that break a documented limit (discord-rules.ts) get
 * 400 Invalid Form Body and land in `violations`; a callback after 3 s gets 10062 Unknown
 * interaction; the token dies after 15 minutes; the first follow-up after a deferred reply edits
 * that reply and keeps its visibility, as every edit keeps a message's (asking to change it is a
 * violation); routes can be rate limited (429 with retry_after) or fail with a given error
 * (failNext); webhooks can lag behind an HTTP answer with 404 Unknown Webhook, as Discord's do
 * (lagWebhooksAfterHttpAnswer), or be carried out with their answer lost (loseAnswer: what a timeout, a reset
 * connection or the edge's 5xx may hide). `shownInChannel` keeps every state of every public message, for
 * tests of what the channel saw. Time is `options.now`, so tests can move it without waiting.
 */
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Shard } from './discord-shards.js';
import * as deliveries from './discord-standin/deliveries.js';
import * as gateway from './discord-standin/gateway.js';
import { remember } from './discord-standin/interactions.js';
import { onHttp } from './discord-standin/rest.js';
import { StandInState } from './discord-standin/state.js';
import type {
  DeliveryTampering,
  HttpDelivery,
  InjectedFailure,
  LostAnswer,
  RateLimit,
  RecordedRequest,
  StandInOptions,
  StoredMessage,
} from './discord-standin/types.js';

export { isEphemeral } from './discord-standin/messages.js';
export type {
  DeliveryTampering,
  HttpDelivery,
  InjectedFailure,
  LostAnswer,
  RateLimit,
  RecordedFile,
  RecordedRequest,
  StandInOptions,
  StoredMessage,
} from './discord-standin/types.js';

/**
 * The stand-in's public face. What it keeps lives in `state` (discord-standin/state.ts), shared with the
 * modules that do the work: rest.ts, interactions.ts, messages.ts, deliveries.ts and gateway.ts.
 */
export class DiscordStandIn {
  readonly requests: RecordedRequest[];
  /** Gateway payloads the client sent (IDENTIFY, heartbeats, ...). */
  readonly gatewayReceived: { op: number; d: unknown }[];
  readonly messages: Map<string, StoredMessage>;
  /** Every state a channel member could see: each create and edit of a message that is not ephemeral, in order. */
  readonly shownInChannel: { messageId: string; content: string; embeds: any[] }[];
  /** Every documented rule the bot broke, e.g. `POST /channels/1/messages: content is 2100 characters (max 2000)`. */
  readonly violations: string[];
  readonly botUserId: string;
  private readonly state: StandInState;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly options: StandInOptions,
  ) {
    this.state = new StandInState(server, options);
    this.requests = this.state.requests;
    this.gatewayReceived = this.state.gatewayReceived;
    this.messages = this.state.messages;
    this.shownInChannel = this.state.shownInChannel;
    this.violations = this.state.violations;
    this.botUserId = this.state.botUserId;
  }

  static async start(options: StandInOptions): Promise<DiscordStandIn> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/gateway' });
    const standIn = new DiscordStandIn(server, wss, options);
    server.on('request', (req, res) => void onHttp(standIn.state, req, res));
    wss.on('connection', (socket) => gateway.onGateway(standIn.state, socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get port(): number {
    return this.state.port;
  }

  /** What the adapter takes as `apiBase` (it appends `/api`). */
  get apiBase(): string {
    return this.state.apiBase;
  }

  get gatewayUrl(): string {
    return this.state.gatewayUrl;
  }

  /** A snowflake: the stand-in clock's milliseconds since Discord's epoch, shifted by 22 bits; unique and increasing. */
  id(): string {
    return this.state.id();
  }

  /** Serves `content` at a CDN-style URL, as Discord does for attachments. */
  serveFile(name: string, content: string | Buffer): { url: string; size: number } {
    const key = `${this.id()}/${name}`;
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    this.state.files.set(key, data);
    return { url: `${this.apiBase}/attachments/${key}`, size: data.length };
  }

  /** Deletes a message, as a moderator can: edits of it then get 404 Unknown Message. */
  deleteMessage(messageId: string): void {
    this.messages.delete(messageId);
  }

  /** Make REST posts/edits to this channel fail like Discord does (403 Missing Access, 404 Unknown Channel). */
  failChannel(channelId: string, status: 403 | 404): void {
    this.state.channelErrors.set(channelId, status);
  }

  /**
   * discord-api-docs#7220: right after an interaction is answered in the HTTP response, its webhook can
   * answer 404 Unknown Webhook (10015) for a few seconds. From now on, the first `calls` webhook calls
   * (follow-ups, @original edits) after each HTTP answer get that; 0 turns it off.
   */
  lagWebhooksAfterHttpAnswer(calls: number): void {
    this.state.webhookLag = calls;
  }

  /** Answer the next `times` requests that `match` with 429 and `retry_after`, as Discord's rate limiter does. */
  rateLimit(limit: RateLimit): void {
    this.state.rateLimits.push({ ...limit });
  }

  /** Answer the next `times` requests that `match` with a Discord error instead of doing them. */
  failNext(failure: InjectedFailure): void {
    this.state.failures.push({ ...failure });
  }

  /** Carry out the next `times` requests that `match` (kept and recorded as usual) but lose their answer. */
  loseAnswer(match: (method: string, path: string) => boolean, times: number, how: LostAnswer = 'silent'): void {
    this.state.losses.push({ match, times, how });
  }

  /** The public key as the Developer Portal shows it: 32 raw bytes in hex (the SPKI DER is a 12-byte header + key). */
  get publicKeyHex(): string {
    return this.state.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  }

  /**
   * POSTs `interaction` to a bot's Interactions Endpoint URL as Discord does: headers
   * X-Signature-Ed25519 (over timestamp + body) and X-Signature-Timestamp. A 200 JSON answer is the
   * initial response, checked and applied like a REST callback (recorded with `via: 'http'`, so
   * callbackFor() finds it); anything else acknowledges nothing. PING (type 1) must get PONG.
   */
  deliver(endpoint: string, interaction: any, tampering: DeliveryTampering = {}): Promise<HttpDelivery> {
    return deliveries.deliver(this.state, endpoint, interaction, tampering);
  }

  /** Sends INTERACTION_CREATE on every open gateway connection. */
  interact(interaction: any): void {
    remember(this.state, interaction);
    this.dispatch('INTERACTION_CREATE', interaction);
  }

  /**
   * Sends a dispatch to the connected client(s): the shard of its `guild_id` (shard 0 for a DM).
   * Like Discord, every dispatch is kept with its sequence number so a client that reconnects with
   * RESUME gets what it missed.
   */
  dispatch(event: string, data: unknown, only?: WebSocket): void {
    gateway.dispatch(this.state, event, data, only);
  }

  /** The shards connected now, e.g. `[[0, 2], [1, 2]]`. */
  connectedShards(): Shard[] {
    return [...this.state.shardOf.values()];
  }

  /** Drops every gateway connection abruptly, as a network failure would; the client should resume. */
  dropConnections(): void {
    for (const socket of this.state.sockets) socket.terminate();
  }

  /** Resolves with the first recorded request (past, unless `pastToo` is false, or future) that matches. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs = 10_000, { pastToo = true } = {}): Promise<RecordedRequest> {
    const found = pastToo ? this.requests.find(match) : undefined;
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onRequest = (request: RecordedRequest) => {
        if (!match(request)) return;
        cleanup();
        resolve(request);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`stand-in: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.state.events.off('request', onRequest);
      };
      this.state.events.on('request', onRequest);
    });
  }

  /** The first callback Discord would have received for this interaction. */
  callbackFor(interactionId: string, timeoutMs?: number): Promise<RecordedRequest> {
    const known = this.state.firstCallbacks.get(interactionId);
    if (known) return Promise.resolve(known);
    const prefix = `/interactions/${interactionId}/`;
    return this.waitForRequest((request) => request.method === 'POST' && request.path.startsWith(prefix), timeoutMs, { pastToo: false });
  }

  /** All requests made with this interaction's token (callback, follow-ups, edits), in order. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.path.startsWith(`/interactions/${interaction.id}/`) || request.path.includes(`/${interaction.token}`),
    );
  }

  /** The message an interaction's response created (or, for a component, the message it is on). */
  originalOf(token: string): StoredMessage | undefined {
    const id = this.state.originals.get(token);
    return id ? this.messages.get(id) : undefined;
  }

  /** Resolves when a client has identified and been sent READY. */
  waitForIdentify(timeoutMs = 10_000): Promise<void> {
    if (this.gatewayReceived.some((p) => p.op === 2)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('stand-in: no IDENTIFY')), timeoutMs);
      this.state.events.once('identify', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.state.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
