/**
 * lean-fetch.ts, the Slack clients' transport, against a loopback server: it answers as fetch does where the
 * WebClient and call-retries.ts look (status, statusText, headers, body; failures without an answer as
 * fetch's TypeError with the cause; a timeout as the signal's reason; a refused redirect), and hands a body
 * that is not a string to fetch itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leanFetch } from '../../../src/bot/slack/lean-fetch.js';
import { closedLoopbackPort } from '../../support/closed-port.js';

let server: Server | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server that answers each request with `answer`; resolves with its base URL and the bodies it got. */
async function serve(answer: (url: string, res: import('node:http').ServerResponse) => void): Promise<{ base: string; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.headers['content-type'] ?? ''} ${Buffer.concat(chunks).toString()}`);
      answer(req.url ?? '', res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('the lean fetch', () => {
  it('posts the body with its headers and answers with status, status text, headers and body', async () => {
    const { base, bodies } = await serve((_url, res) => {
      res.writeHead(429, [['content-type', 'application/json'], ['retry-after', '3'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
      res.end('{"ok":false,"error":"ratelimited"}');
    });
    const response = await leanFetch(`${base}/api/chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'channel=C1&text=hi' });
    expect(bodies).toEqual(['POST application/x-www-form-urlencoded channel=C1&text=hi']);
    expect(response.status).toBe(429);
    expect(response.statusText).toBe('Too Many Requests');
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('fails as fetch does where nothing answers: a TypeError whose cause has the code', async () => {
    const port = await closedLoopbackPort();
    const failed = await leanFetch(`http://127.0.0.1:${port}/api/auth.test`, { method: 'POST', body: '' }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(TypeError);
    expect(failed).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('fails with the signal\'s reason when it times out, and refuses a redirect where asked to', async () => {
    const { base } = await serve((url, res) => {
      if (url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      // '/silent' is never answered
    });
    await expect(leanFetch(`${base}/silent`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(leanFetch(`${base}/moved`, { method: 'POST', body: 'x', redirect: 'error' })).rejects.toBeInstanceOf(TypeError);
    expect((await leanFetch(`${base}/moved`, { method: 'POST', body: 'x' })).status).toBe(302);
  });

  it('hands a body that is not a string (a form with a file) to fetch itself', async () => {
    const { base, bodies } = await serve((_url, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    const fetches = vi.spyOn(globalThis, 'fetch');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'p.png');
    expect(await (await leanFetch(`${base}/upload`, { method: 'POST', body: form })).text()).toBe('ok');
    expect(fetches).toHaveBeenCalledTimes(1);
    expect(bodies[0]).toMatch(/^POST multipart\/form-data; boundary=/);
  });
});
