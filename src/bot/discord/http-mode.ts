/**
 * Discord in HTTP interactions mode: no gateway connection. Discord POSTs each interaction, signed,
 * to the Interactions Endpoint URL; this server checks the signature (signature.ts), answers PING
 * with PONG, and hands every other interaction to discord.js's own interaction classes, so parsing
 * and responding are those of the gateway mode (interactions.ts, respond.ts). The initial response
 * is the HTTP answer (http-callbacks.ts); follow-ups, edits, daily prompts and game steps go over
 * REST. Nothing is kept between requests but caches, so replicas can serve behind a load balancer
 * (the core's idempotence keys make a delivery seen by two replicas count once; interaction tokens are
 * shared through the database, tokens.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Events, type Interaction } from 'discord.js';
import pino from 'pino';
import { maskRouteTokens } from '../../log.js';
import type { Sender } from '../../core/ports.js';
import type { RunningAdapter } from '../adapter.js';
import { InflightTracker } from '../inflight.js';
import { commonClientOptions } from './client-options.js';
import { registerCommands } from './commands.js';
import { HttpCallbackRest, type InteractionResponseBody } from './http-callbacks.js';
import type { DiscordOptions } from './index.js';
import { discordInbox, interactionTokens } from './durable.js';
import { createInteractionHandler } from './interactions.js';
import { DEFAULT_ACK_AFTER_MS } from './respond.js';
import { useRest } from './rest.js';
import { createDiscordSender } from './sender.js';
import { checkSignature, publicKeyFromHex } from './signature.js';
import { realRetryClock } from './webhook-retry.js';

export interface DiscordHttpOptions {
  /** The application's public key (hex), from the Developer Portal's General Information. */
  publicKey: string;
  /** Port of the interactions endpoint; 0 picks a free one (tests). */
  port: number;
  host?: string;
  /** Clock for the signature timestamp check and for how fresh an answer is (ms); default Date.now. */
  now?: () => number;
  /** Pauses between retries of a webhook call Discord does not know yet (webhook-retry.ts); default a timer. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DiscordHttpAdapter extends RunningAdapter {
  readonly sender: Sender;
  /** Where Discord should POST, e.g. http://127.0.0.1:8443/interactions. */
  readonly endpoint: string;
}

const PING = 1;
const PONG = 1;
/** Interactions are small; a body past this is not from Discord. */
const MAX_BODY_BYTES = 1 << 20;

/** discord.js builds interactions from a raw payload in this (untyped) action, as for a gateway dispatch. */
interface InteractionCreateAction {
  handle(data: unknown): void;
}

export async function startDiscordHttp(options: DiscordOptions & { http: DiscordHttpOptions }): Promise<DiscordHttpAdapter> {
  const log = options.log ?? pino({ name: 'discord' });
  const ackAfterMs = options.ackAfterMs ?? DEFAULT_ACK_AFTER_MS;
  const now = options.http.now ?? Date.now;
  const key = publicKeyFromHex(options.http.publicKey);

  const client = new Client({ intents: [], ...commonClientOptions(options) });
  const retryClock = { now, sleep: options.http.sleep ?? realRetryClock.sleep };
  const onRetry = (route: string, attempt: number, error: unknown) =>
    log.info({ attempt, route: maskRouteTokens(route), err: error }, 'discord webhook not known yet after the HTTP answer; retrying');
  const rest = useRest(client, new HttpCallbackRest(client.options.rest ?? {}, options.applicationId, retryClock, onRetry));
  rest.setToken(options.token);
  const action = (client as unknown as { actions?: { InteractionCreate?: InteractionCreateAction } }).actions?.InteractionCreate;
  if (!action) throw new Error('discord.js has no InteractionCreate action: HTTP interactions mode needs discord.js 14');

  const inflight = new InflightTracker();
  const tokens = interactionTokens(options, log);
  const inbox = discordInbox(options, rest, inflight, log, tokens);
  const handle = createInteractionHandler({ bot: options.bot, log, ackAfterMs, tokens, inbox });
  let stopping = false;

  /** The discord.js interaction for a raw payload (undefined for kinds discord.js does not build). */
  const build = (payload: unknown): Interaction | undefined => {
    let built: Interaction | undefined;
    const capture = (interaction: Interaction) => (built = interaction);
    client.on(Events.InteractionCreate, capture);
    try {
      action.handle(payload); // emits synchronously
    } finally {
      client.off(Events.InteractionCreate, capture);
    }
    return built;
  };

  const serve = async (payload: { id?: unknown; type?: unknown }, res: ServerResponse): Promise<void> => {
    if (payload.type === PING) return sendJson(res, 200, { type: PONG });
    const id = typeof payload.id === 'string' ? payload.id : undefined;
    if (!id) return sendJson(res, 400, { message: 'interaction without an id' });
    let answered = false;
    const opened = rest.expect(id, {
      answer: (body: InteractionResponseBody) => {
        if (answered || res.writableEnded || res.destroyed) return Promise.reject(new Error('the interaction POST is already closed'));
        answered = true;
        return new Promise<void>((resolve) => sendJson(res, 200, body, resolve));
      },
    });
    // The same interaction while its first delivery is still being answered here: leave it to that one.
    if (!opened) return sendJson(res, 409, { message: 'this interaction is already being answered' });
    res.on('close', () => rest.release(id));
    try {
      const interaction = build(payload);
      const result = interaction ? await inflight.run(() => handle(interaction)) : 'ignored';
      if (answered) return;
      if (result === 'duplicate') sendJson(res, 409, { message: 'this interaction was already answered' });
      else if (result === 'ignored') sendJson(res, 400, { message: 'interaction type not served' });
      else sendJson(res, 500, { message: 'no response' });
    } catch (error) {
      log.error({ err: error, interactionId: id }, 'discord http interaction failed');
      if (!answered) sendJson(res, 500, { message: 'internal error' });
    } finally {
      rest.release(id);
    }
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { message: 'POST interactions here' }, undefined, { allow: 'POST' });
    if (stopping) return sendJson(res, 503, { message: 'shutting down' });
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) return sendJson(res, 413, { message: 'body too large' });
    const check = checkSignature(
      key,
      { signature: header(req, 'x-signature-ed25519'), timestamp: header(req, 'x-signature-timestamp') },
      body,
      now(),
    );
    if (!check.ok) {
      log.warn({ reason: check.reason, remote: req.socket.remoteAddress }, 'discord http interaction refused');
      return sendJson(res, 401, { message: 'invalid request signature' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { message: 'body is not JSON' });
    }
    if (!payload || typeof payload !== 'object') return sendJson(res, 400, { message: 'body is not an interaction' });
    await serve(payload as { id?: unknown; type?: unknown }, res);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error) => {
      log.error({ err: error }, 'discord http endpoint failed');
      if (!res.headersSent) sendJson(res, 500, { message: 'internal error' });
    });
  });

  await registerCommands(rest, options.applicationId, options.guildId);
  log.info({ guildId: options.guildId ?? null }, 'discord commands registered');
  const host = options.http.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.http.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}/interactions`;
  log.info({ endpoint }, 'discord interactions endpoint listening');
  const sweeper = inbox?.start();

  return {
    name: 'discord',
    sender: createDiscordSender(rest),
    endpoint,
    isHealthy: () => !stopping && server.listening,
    healthDetails: () => ({ mode: 'http', port, cachedUsers: client.users.cache.size, restHandlers: rest.handlerCount() }),
    async stop() {
      if (stopping) return;
      stopping = true;
      await sweeper?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await inflight.drain(options.drainMs ?? 10_000);
      server.closeAllConnections();
      await closed;
      await client.destroy();
      log.info('discord interactions endpoint closed');
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body, or undefined once it passes `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown, done?: () => void, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text, done);
}
