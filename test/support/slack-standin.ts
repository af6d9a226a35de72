/**
 * A local stand-in for Slack's Web API (and the URLs Slack hands out: response_url, file upload
 * URLs). It answers the methods the adapter uses the way Slack does (HTTP 200, `ok: false` with an
 * error code on failure) and records every call so tests can assert on what the bot sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Bearer token the call was made with. */
  token?: string;
  /** What the stand-in answered. */
  result?: Record<string, unknown>;
}

export interface RecordedUpload {
  fileId: string;
  filename?: string;
  bytes: Buffer;
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
}

export interface StandInUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  profile?: { display_name?: string };
}

export interface SlackStandIn {
  /** Web API base, e.g. http://127.0.0.1:1234/api/ (Bolt clientOptions.slackApiUrl). */
  apiUrl: string;
  calls: RecordedCall[];
  uploads: RecordedUpload[];
  responses: RecordedResponse[];
  users: Map<string, StandInUser>;
  callsTo(method: string): RecordedCall[];
  /** A response_url the bot may post to; posts are recorded under `id`. */
  responseUrl(id: string): string;
  /** Make the next `times` calls of `method` fail with Slack error `error`. */
  fail(method: string, error: string, times?: number): void;
  /** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
  waitFor<T>(check: () => T | undefined | false | null, timeoutMs?: number, what?: string): Promise<T>;
  /** Socket Mode: resolves once a client has connected to the socket (apps.connections.open URL) and got `hello`. */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Socket Mode: sends an envelope to the connected client; resolves with the client's ack (envelope payload). */
  sendEnvelope(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>, options?: { retryAttempt?: number; envelopeId?: string }): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export const STANDIN_TEAM = 'T0STANDIN';
export const STANDIN_BOT_USER = 'U0BOT';

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: RecordedCall[] = [];
  const uploads: RecordedUpload[] = [];
  const responses: RecordedResponse[] = [];
  const users = new Map<string, StandInUser>();
  const failures = new Map<string, { error: string; times: number }>();
  let tsCounter = 0;
  let fileCounter = 0;
  let viewCounter = 0;
  let origin = '';

  const nextTs = () => `1764000000.${String(++tsCounter).padStart(6, '0')}`;

  const methods: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({ url: 'https://standin.slack.com/', team: 'Stand-in', user: 'studybot', team_id: STANDIN_TEAM, user_id: STANDIN_BOT_USER, bot_id: 'B0BOT' }),
    'chat.postMessage': (args) => {
      const ts = nextTs();
      return { channel: args.channel, ts, message: { ts, text: args.text, blocks: args.blocks } };
    },
    'chat.postEphemeral': () => ({ message_ts: nextTs() }),
    'chat.update': (args) => ({ channel: args.channel, ts: args.ts, text: args.text }),
    'views.open': (args) => ({ view: { ...(args.view as object), id: `V${++viewCounter}` } }),
    'users.info': (args) => {
      const id = String(args.user);
      const user = users.get(id) ?? { id, name: id.toLowerCase(), real_name: id, tz: 'UTC' };
      return { user: { is_admin: false, is_owner: false, ...user, id } };
    },
    'apps.connections.open': () => ({ url: `${origin.replace(/^http/, 'ws')}/socket` }),
    'conversations.open': (args) => ({ channel: { id: `D${String(args.users)}` } }),
    'files.getUploadURLExternal': (args) => {
      const fileId = `F${++fileCounter}`;
      uploads.push({ fileId, filename: typeof args.filename === 'string' ? args.filename : undefined, bytes: Buffer.alloc(0) });
      return { file_id: fileId, upload_url: `${origin}/upload/${fileId}` };
    },
    'files.completeUploadExternal': (args) => ({
      files: (args.files as Array<{ id: string; title?: string }>).map((f) => ({ id: f.id, title: f.title })),
    }),
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://standin');
    const [, area, name] = url.pathname.split('/');
    if (area === 'api' && name) {
      const args = parseApiArgs(req.headers['content-type'], body);
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (typeof args.token === 'string' ? args.token : undefined);
      const call: RecordedCall = { method: name, args, token };
      calls.push(call);
      const failure = failures.get(name);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        call.result = { ok: false, error: failure.error };
      } else {
        const method = methods[name];
        call.result = method ? { ok: true, ...method(args) } : { ok: false, error: 'unknown_method' };
      }
      return json(res, call.result);
    }
    if (area === 'upload' && name) {
      const upload = uploads.find((u) => u.fileId === name);
      if (!upload) return void res.writeHead(404).end();
      upload.bytes = await uploadedBytes(req.headers['content-type'], body);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
      return;
    }
    if (area === 'response' && name) {
      responses.push({ id: name, body: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(404).end();
  }

  // Socket Mode: Slack's side of the WebSocket (hello, envelopes, acks by envelope_id).
  const wss = new WebSocketServer({ noServer: true });
  let socket: WebSocket | undefined;
  let envelopeCounter = 0;
  const pendingAcks = new Map<string, (payload: Record<string, unknown>) => void>();
  server.on('upgrade', (req, sock, head) => {
    if (!req.url?.startsWith('/socket')) return void sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (message.envelope_id) pendingAcks.get(message.envelope_id)?.(message.payload ?? {});
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0STUDY' } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}/api/`,
    calls,
    uploads,
    responses,
    users,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => `${origin}/response/${id}`,
    fail: (method, error, times = 1) => void failures.set(method, { error, times }),
    async waitFor(check, timeoutMs = 5000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`stand-in: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async socketConnected(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (socket?.readyState !== 1) {
        if (Date.now() > deadline) throw new Error('stand-in: timed out waiting for a socket mode connection');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    sendEnvelope(type, payload, options = {}) {
      const envelopeId = options.envelopeId ?? `env-${++envelopeCounter}`;
      return new Promise((resolve, reject) => {
        if (!socket || socket.readyState !== 1) return reject(new Error('stand-in: no socket mode client connected'));
        const timer = setTimeout(() => reject(new Error(`stand-in: no ack for ${envelopeId}`)), 3000);
        pendingAcks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          pendingAcks.delete(envelopeId);
          resolve(ack);
        });
        socket.send(
          JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true, retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? 'timeout' : '' }),
        );
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API client sends form fields; structured ones (blocks, view, files) are JSON strings. */
function parseApiArgs(contentType: string | undefined, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (contentType?.includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The upload step posts multipart form data (or raw bytes); return the file's bytes. */
async function uploadedBytes(contentType: string | undefined, body: Buffer): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

function json(res: ServerResponse, payload: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}
