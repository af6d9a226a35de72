/** Request-body helpers the platform stand-ins share. */
import type { IncomingMessage, ServerResponse } from 'node:http';

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
