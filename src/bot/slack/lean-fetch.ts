/**
 * The Web API clients' transport: undici's request(), its answer read whole into a Response, instead of fetch,
 * whose web streams cost a call about 0.2 ms more CPU (client and server measured together on loopback,
 * 0.44 against 0.25 ms). It behaves as fetch does where the WebClient and call-retries.ts look: a Response
 * (status, statusText, headers, text and json); a failure without an answer thrown as fetch throws it, a
 * TypeError "fetch failed" whose cause carries the code (never-sent.ts reads it); a timeout or abort as the
 * signal's reason (TimeoutError); a redirect refused where `redirect: 'error'` asks it. A body other than a
 * string (a form with a file) goes through fetch itself.
 */
import { STATUS_CODES } from 'node:http';
import { request, type Dispatcher } from 'undici';

/** What the Slack clients send through (call-retries.ts); an object so that tests can watch the calls. */
export const transport = {
  fetch: leanFetch,
};

/** Statuses whose Response may have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

export async function leanFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const { body, signal } = init;
  if (body !== undefined && body !== null && typeof body !== 'string') return globalThis.fetch(input, init);
  let answer: Dispatcher.ResponseData;
  let text: string;
  try {
    answer = await request(String(input), {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers ? Object.fromEntries(new Headers(init.headers)) : undefined,
      body: body ?? undefined,
      signal: signal ?? undefined,
    });
    text = await answer.body.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
  const status = answer.statusCode;
  if (init.redirect === 'error' && status >= 300 && status < 400) throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect (HTTP ${status})`) });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return new Response(NULL_BODY.has(status) ? null : text, { status, statusText: STATUS_CODES[status] ?? '', headers });
}
