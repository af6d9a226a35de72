/** Request-body helpers the platform stand-ins share. */
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The parts of a multipart/form-data body: string fields and files. */
export async function formParts(contentType: string, raw: Buffer): Promise<{ fields: Map<string, string>; files: { field: string; name: string; data: Buffer }[] }> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const fields = new Map<string, string>();
  const files: { field: string; name: string; data: Buffer }[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') fields.set(field, value);
    else files.push({ field, name: value.name, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { fields, files };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/**
 * The stand-ins' deliveries to the bot (Slack's signed requests, Discord's HTTP interactions) keep their
 * connections, as the platforms do. An idle socket closes after 1 s, long before a Node server drops it
 * (5 s), so a delivery never goes out on a socket the bot is closing.
 */
const deliveries = new Agent({ keepAlive: true, timeout: 1_000 });

export interface PostAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * POSTs `body` to a loopback `url` with node:http, not fetch: fetch's web streams cost the bench's players
 * about a third of their CPU (bench:interactions counts theirs apart from the bot's, but they share its cores).
 */
export function postText(url: string, headers: Record<string, string>, body: string): Promise<PostAnswer> {
  const data = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: deliveries, headers: { ...headers, 'content-length': String(data.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
