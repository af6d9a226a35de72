/**
 * The REST side: one HTTP handler for the API routes (and the tiny CDN), with the injected rate limits,
 * failures and lost answers applied before and after routing, and every request recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { commandProblems, messageProblems } from '../discord-rules.js';
import { formParts, readBody, sendJson } from '../http-bodies.js';
import { callback, webhook } from './interactions.js';
import { channelMessages, createChannelMessage, editMessage, isEphemeral } from './messages.js';
import type { StandInState } from './state.js';
import type { RecordedFile, RecordedRequest } from './types.js';

const API_PREFIX = '/api/v10';

/** Every HTTP request: a file from the CDN, or an API call, recorded and answered. */
export async function onHttp(state: StandInState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', state.apiBase);
  const raw = await readBody(req);
  if (req.method === 'GET' && url.pathname.startsWith('/attachments/')) {
    const file = state.files.get(decodeURIComponent(url.pathname.slice('/attachments/'.length)));
    if (!file) return sendJson(res, 404, { message: 'Not Found', code: 0 });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length });
    res.end(file);
    return;
  }
  const { body, files } = await parseBody(req.headers['content-type'], raw);
  const pathname = decodeURIComponent(url.pathname);
  const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
  // Discord applies an HTTP answer the moment it arrives; this stand-in reads it a little later on
  // its own connection, so a follow-up sent right after the answer waits until it has been read.
  const webhookToken = /^\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1];
  const delivery = webhookToken ? state.pendingDeliveries.get(webhookToken) : undefined;
  if (delivery) await delivery;
  const request: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    query: url.searchParams,
    authorization: req.headers.authorization,
    body,
    files,
    status: 0,
    at: Date.now(),
  };
  const limited = state.rateLimits.find((limit) => limit.times > 0 && limit.match(request.method, path));
  if (limited) {
    limited.times -= 1;
    request.status = 429;
    state.record(request);
    sendJson(res, 429, { message: 'You are being rate limited.', retry_after: limited.retryAfterSeconds, global: false }, {
      'retry-after': String(Math.ceil(limited.retryAfterSeconds)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(limited.retryAfterSeconds),
      'x-ratelimit-bucket': 'stand-in',
      'x-ratelimit-scope': 'user',
    });
    return;
  }
  const failure = state.failures.find((f) => f.times > 0 && f.match(request.method, path));
  if (failure) failure.times -= 1;
  const [status, answer] = failure ? [failure.status, { message: failure.message, code: failure.code }] : route(state, request);
  request.status = status;
  state.record(request);
  const lost = state.losses.find((loss) => loss.times > 0 && loss.match(request.method, path));
  if (lost) {
    lost.times -= 1;
    if (lost.how === 'reset') req.socket.resetAndDestroy();
    else if (lost.how === 'close') req.socket.destroy();
    else if (lost.how === 'bad-gateway') res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
    return; // silent: left open, unanswered, until the client gives up (or close)
  }
  if (status === 204) {
    res.writeHead(204);
    res.end();
  } else {
    sendJson(res, status, answer);
  }
}

/** The API routes: the answer to a request no injected failure took. */
function route(state: StandInState, request: RecordedRequest): [number, unknown] {
  const { method, path, body } = request;
  const app = state.options.applicationId;
  const botAuth = request.authorization === `Bot ${state.options.token}`;
  let m: RegExpMatchArray | null;

  if (method === 'GET' && path === '/gateway/bot') {
    if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
    return [200, {
      url: state.gatewayUrl,
      shards: state.options.recommendedShards ?? 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: state.options.maxConcurrency ?? 1 },
    }];
  }
  if (method === 'PUT' && (m = path.match(/^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/))) {
    if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
    if (m[1] !== app) return [403, { message: 'Missing Access', code: 50001 }];
    const bad = state.invalid(request, commandProblems(Array.isArray(body) ? body : []));
    if (bad) return bad;
    return [200, (body as any[]).map((command) => ({ ...command, id: state.id(), application_id: app, version: state.id() }))];
  }
  if (method === 'POST' && (m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
    return callback(state, m[1]!, m[2]!, body, request);
  }
  if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
    if (m[1] !== app) return [404, { message: 'Unknown Webhook', code: 10015 }];
    const lagging = state.laggingWebhooks.get(m[2]!) ?? 0;
    if (lagging > 0) {
      state.laggingWebhooks.set(m[2]!, lagging - 1);
      return [404, { message: 'Unknown Webhook', code: 10015 }];
    }
    return webhook(state, method, m[2]!, m[3], body, request);
  }
  if (method === 'GET' && path === '/users/@me') {
    if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
    return [200, { id: state.botUserId, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true }];
  }
  if ((m = path.match(/^\/channels\/(\d+)\/messages(?:\/(\d+))?$/))) {
    if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
    const failure = state.channelErrors.get(m[1]!);
    if (failure === 403) return [403, { message: 'Missing Access', code: 50001 }];
    if (failure === 404) return [404, { message: 'Unknown Channel', code: 10003 }];
    const bad = method === 'POST' || method === 'PATCH' ? state.invalid(request, messageProblems(body)) : undefined;
    if (bad) return bad;
    if (method === 'POST' && !m[2]) return [200, createChannelMessage(state, m[1]!, body, request)];
    if (method === 'GET' && !m[2]) return channelMessages(state, m[1]!, request);
    if (method === 'PATCH' && m[2]) {
      const existing = state.messages.get(m[2]);
      // A channel's route reaches only that channel's messages, and an ephemeral one is nobody's channel message.
      if (!existing || existing.channel_id !== m[1] || isEphemeral(existing)) return [404, { message: 'Unknown Message', code: 10008 }];
      return [200, editMessage(state, existing, body, request)];
    }
  }
  return [404, { message: `stand-in: no route for ${method} ${path}`, code: 0 }];
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: any; files: RecordedFile[] }> {
  if (!raw.length) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const { fields, files } = await formParts(contentType, raw);
    const json = fields.get('payload_json');
    return { body: json === undefined ? undefined : JSON.parse(json), files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}
