/**
 * How the stand-in reads a Web API call's arguments and Slack's booleans, and writes a JSON answer.
 */
import type { ServerResponse } from 'node:http';

/** The Web API client sends form fields; structured ones (blocks, view, files) are JSON strings. */
export function parseApiArgs(contentType: string | undefined, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (contentType?.includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

/** Slack booleans arrive as true, "true" or "1". */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function json(res: ServerResponse, payload: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}
