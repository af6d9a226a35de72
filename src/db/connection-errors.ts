/**
 * Which database errors mean "the connection went away" (a killed backend, a restart, a failover) as
 * opposed to a bad statement, and whether the statement can have reached the server at all. The
 * resilient store (resilient-store.ts) retries on the first kind and gives up with a clear message.
 */
import { UserError } from '../core/errors.js';

/** The user's command did not get through because the database is unreachable for a moment. */
export class DatabaseUnavailableError extends UserError {
  constructor(message = 'The database is not reachable right now (it may be restarting). Please try again in a few seconds.') {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * SQLSTATE classes and codes: 08 connection exception; 57P01-57P03 admin/crash shutdown and "cannot
 * connect now" (starting up, shutting down, in recovery); 25006 read-only transaction (a standby that
 * has not been promoted yet after a failover); 53300 too many connections (refused at connect).
 */
const LOST_SQLSTATES = /^(08...|57P0[123]|25006|53300)$/;
/** Socket errors from the driver. */
const LOST_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres' own messages for a connection that ended, could not be made, or is already dead. */
const LOST_MESSAGES = /connection terminated|not queryable|timeout exceeded when trying to connect|connection timeout|Connection ended/i;

/** Errors that happen before a statement is sent: nothing can have been written. */
const NOT_SENT_SQLSTATES = new Set(['57P03', '53300']);
const NOT_SENT_ERRNOS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const NOT_SENT_MESSAGES = /timeout exceeded when trying to connect/i;

export type ConnectionLoss = 'not-sent' | 'uncertain';

/** Classifies an error (drizzle wraps the driver's error: the chain of causes is searched). */
export function connectionLoss(error: unknown): ConnectionLoss | null {
  let lost = false;
  let notSent = false;
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof UserError) return null;
    const code = (e as { code?: unknown }).code;
    const message = (e as { message?: unknown }).message;
    if (typeof code === 'string') {
      if (/^[0-9A-Z]{5}$/.test(code)) {
        if (!LOST_SQLSTATES.test(code)) return null; // a real SQL error, whatever its wrapper says
        lost = true;
        notSent ||= NOT_SENT_SQLSTATES.has(code);
      } else if (LOST_ERRNOS.has(code)) {
        lost = true;
        notSent ||= NOT_SENT_ERRNOS.has(code);
      }
    }
    // Only the innermost error's message: drizzle's wrapper quotes the statement and its parameters.
    const innermost = (e as { cause?: unknown }).cause === undefined;
    if (innermost && typeof message === 'string' && LOST_MESSAGES.test(message)) {
      lost = true;
      notSent ||= NOT_SENT_MESSAGES.test(message);
    }
  }
  if (!lost) return null;
  return notSent ? 'not-sent' : 'uncertain';
}
