/**
 * Connection errors that come before a byte of a request is sent (connect, DNS): the platform carried nothing
 * out, so any call may be sent again, one that creates something too. Both platforms' retry rules use it
 * (discord/call-retries.ts, slack/call-retries.ts).
 */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** True for the code of a connection error that came before the request went out. */
export function neverSentCode(code: unknown): boolean {
  return NEVER_SENT.has(String(code));
}
