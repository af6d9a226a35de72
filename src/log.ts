/**
 * Structured logs (pino, JSON lines). One root logger per process; modules take `log.child({ component })`.
 * Secrets that may end up in logged objects (tokens, URLs with passwords) are redacted by key.
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
];

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
