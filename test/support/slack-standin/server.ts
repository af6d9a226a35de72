/**
 * The stand-in's HTTP server: /api/<method> (recorded, then the faults a test set, the rules, the method),
 * and the URLs Slack hands out: upload URLs, private file URLs, response_urls.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readBody } from '../http-bodies.js';
import { getPrivateFile, postUpload } from './files.js';
import { postToResponseUrl } from './response-url.js';
import { ruleError } from './rules.js';
import type { StandInState } from './state.js';
import type { ApiMethod, RecordedCall } from './types.js';
import { json, parseApiArgs } from './wire.js';

export function createStandInServer(state: StandInState, methods: Record<string, ApiMethod>): Server {
  const { now, calls, takeHang, rateLimits, failures, losses } = state;

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
      const call: RecordedCall = { method: name, args, token, at: now() };
      calls.push(call);
      if (takeHang(name)) return;
      const limited = rateLimits.get(name);
      if (limited && limited.times > 0) {
        limited.times -= 1;
        call.result = { ok: false, error: 'ratelimited' };
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limited.retryAfterSeconds) }).end(JSON.stringify(call.result));
        return;
      }
      const failure = failures.get(name);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        call.result = { ok: false, error: failure.error };
      } else {
        const method = methods[name];
        call.result = ruleError(state, name, args) ?? (method ? { ok: true, ...method(args) } : { ok: false, error: 'unknown_method' });
      }
      const { httpStatus, retryAfter, ...result } = call.result as { httpStatus?: number; retryAfter?: number };
      call.result = result;
      const lost = losses.get(name);
      if (lost && lost.times > 0) {
        lost.times -= 1;
        if (lost.how === 'drop') req.socket.destroy();
        else if (lost.how === 'gateway-timeout') res.writeHead(504, { 'content-type': 'text/html' }).end('<html><body>504 Gateway Time-out</body></html>');
        return; // silent: the connection stays open, unanswered, until the caller gives up (or close)
      }
      if (httpStatus === 429) return void res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter ?? 1) }).end(JSON.stringify(result));
      return json(res, call.result);
    }
    if (area === 'upload' && name) return await postUpload(state, req, res, name, body);
    if (area === 'files-pri' && name) return getPrivateFile(state, req, res, name);
    if (area === 'response' && name) return postToResponseUrl(state, res, name, body);
    res.writeHead(404).end();
  }

  return server;
}
