/**
 * Structured logs (pino, JSON lines). One root logger per process; modules take `log.child({ component })`.
 * Secrets that may end up in logged objects (tokens, URLs with passwords) are redacted by key, and
 * interaction tokens inside Discord routes (a failed webhook call's error carries its URL) and Slack's
 * response URLs (whoever holds one can post as the bot for 30 minutes) are masked.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

export interface LogOptions {
  level: LogLevel;
  /** Where the JSON lines go: stdout by default; the terminal demo logs to stderr so the chat stays readable. */
  destination?: DestinationStream | 'stdout' | 'stderr';
}

/** Keys whose values must never be written, wherever they appear one or two levels deep. */
const REDACTED_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'databaseUrl',
  'authorization',
  'responseUrl',
  'response_url',
];

/** Discord routes that carry an interaction token: /webhooks/<application id>/<token>, /interactions/<id>/<token>. */
const TOKEN_IN_ROUTE = /(\/(?:webhooks|interactions)\/\d+\/)[^/?#\s"']+/g;

/** A Slack response URL's secret part: https://hooks.slack.com/actions/<team>/<id>/<secret> (or /commands/). */
const SLACK_RESPONSE_URL = /(hooks\.slack\.com\/(?:actions|commands)\/)[^\s"']+/g;

/** `text` with the interaction tokens in Discord routes, and Slack response URLs, replaced by `:token`. */
export function maskRouteTokens(text: string): string {
  return text.replace(TOKEN_IN_ROUTE, '$1:token').replace(SLACK_RESPONSE_URL, '$1:token');
}

/** A serialized error with its strings masked (url, message, stack, and those of a nested raw error). */
function masked(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskRouteTokens(value);
  if (!value || typeof value !== 'object' || depth > 3) return value;
  if (Array.isArray(value)) return value.map((item) => masked(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, masked(item, depth + 1)]));
}

export function createLogger(options: LogOptions): Logger {
  const destination =
    options.destination === undefined || options.destination === 'stdout'
      ? pino.destination({ dest: 1, sync: true })
      : options.destination === 'stderr'
        ? pino.destination({ dest: 2, sync: true })
        : options.destination;
  return pino(
    {
      level: options.level,
      base: { service: 'studybot', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: (error: Error) => masked(pino.stdSerializers.err(error)) },
      redact: {
        paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`)],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
