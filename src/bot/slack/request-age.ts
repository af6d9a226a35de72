/**
 * Slack's replay window for signed HTTP requests: X-Slack-Request-Timestamp must be within five minutes
 * of our clock, either way. Bolt's verifier only rejects old timestamps, so a request signed for the
 * future (a captured signature replayed later, or a badly skewed sender) would pass; this guard runs in
 * front of Bolt's request listener and answers such requests 401 before their body is read.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export const MAX_REQUEST_SKEW_SECONDS = 5 * 60;

/** True when the header is a Unix-seconds timestamp more than five minutes from `nowMs`, either way. */
export function outsideReplayWindow(header: string | string[] | undefined, nowMs: number): boolean {
  const raw = Array.isArray(header) ? header[0] : header;
  // A missing or malformed header is left to Bolt, which rejects it with its own log line.
  if (raw === undefined || !/^\d{1,12}$/.test(raw.trim())) return false;
  return Math.abs(Number(raw) - nowMs / 1000) > MAX_REQUEST_SKEW_SECONDS;
}

export function guardRequestAge(
  listener: RequestListener,
  options: { now?: () => number; onReject?: (timestamp: string) => void } = {},
): RequestListener {
  const now = options.now ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    if (outsideReplayWindow(header, now())) {
      options.onReject?.(String(header));
      req.resume(); // drain the body so the connection can be reused
      res.writeHead(401).end();
      return;
    }
    listener(req, res);
  };
}
