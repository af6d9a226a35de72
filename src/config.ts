/**
 * Start-up configuration: environment variables plus `--only`, validated once with zod.
 * `loadConfig` is pure (env and argv in, Config out, ConfigError on any problem) so every rule is
 * unit-tested; main prints the error's single line and exits 1.
 *
 * Decisions worth knowing:
 * - An empty variable counts as unset (docker-compose passes `VAR=` for `${VAR:-}`).
 * - HTTP_PORT: the health/metrics server port, default 8080; `0` lets the OS pick a free port
 *   (logged at start, used by tests); `off` disables the server.
 * - HTTP_HOST defaults to 127.0.0.1 (the Docker image sets 0.0.0.0); the Discord interactions
 *   endpoint (DISCORD_HTTP_PORT) listens on it too.
 * - DISCORD_PUBLIC_KEY with DISCORD_HTTP_PORT switches Discord to HTTP interactions mode: no
 *   gateway, so it cannot be combined with gateway shards.
 * - Parts: `--only` (or STUDYBOT_ONLY; the flag wins) picks exactly which parts run. Without it:
 *   Discord when DISCORD_TOKEN is set, Slack when SLACK_BOT_TOKEN is set, the terminal demo when
 *   neither is, and the scheduler unless SCHEDULER_ENABLED=false (config-parts.ts).
 * - Secret values never appear in error messages.
 */
import { z } from 'zod';
import { chooseParts, readOnly, type Part } from './config-parts.js';
import { emptyAsUnset, flag, httpUrl, optionalPort, optionalString, parseShardIds, port, postgresUrl, wholeNumber } from './config-values.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  apiBase?: string;
  /** This replica's gateway shards; unset: `shards: 'auto'` (Discord's recommended count, all here). */
  shards?: { ids: number[]; count: number };
  /** HTTP interactions mode (no gateway): Discord POSTs signed interactions to host:port. */
  http?: { publicKey: string; port: number; host: string };
}

export interface SlackConfig {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  /** HTTP receiver port (used with a signing secret, without Socket Mode). */
  port: number;
  apiUrl?: string;
}

export interface Config {
  database: {
    /** postgres:// URL; unset means embedded PGlite in `dataDir`. */
    url?: string;
    dataDir: string;
    /** Named prepared statements on the server; off behind PgBouncer (< 1.21) in transaction mode. */
    preparedStatements: boolean;
  };
  discord?: DiscordConfig;
  slack?: SlackConfig;
  /** The parts this process runs. */
  parts: ReadonlySet<Part>;
  /** `port: null` means the health/metrics server is off. */
  http: { host: string; port: number | null };
  logLevel: LogLevel;
  /** True when LOG_LEVEL was given (main picks a quieter default for the terminal demo otherwise). */
  logLevelExplicit: boolean;
  generate: { enabled: boolean; maxQueue?: number };
  /** /leaderboard and /stats card images (text only when off). */
  pictures: { enabled: boolean };
  /** How long an acked, unfinished delivery waits before another process replays it (src/bot/inbox.ts). */
  inbox: { leaseMs?: number };
}

/** One line, naming the variable or flag at fault. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const envSchema = z.object({
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().default('./data')),
  DATABASE_PREPARED_STATEMENTS: flag(true),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^\d{5,25}$/, { message: 'must be the numeric application id (a Discord snowflake)' })
      .optional(),
  ),
  DISCORD_GUILD_ID: z.preprocess(
    emptyAsUnset,
    z.string().regex(/^\d{5,25}$/, { message: 'must be a numeric guild id (a Discord snowflake)' }).optional(),
  ),
  DISCORD_API_BASE: httpUrl,
  DISCORD_SHARD_IDS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, { message: 'must be shard numbers and ranges, e.g. 0-3 or 0,2,4' })
      .transform(parseShardIds)
      .optional(),
  ),
  DISCORD_SHARD_COUNT: wholeNumber(1, 10_000),
  DISCORD_PUBLIC_KEY: z.preprocess(
    (value) => (typeof value === 'string' ? emptyAsUnset(value.trim()) : value),
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { message: "must be the application's public key: 64 hex characters, from the Developer Portal's General Information" })
      .optional(),
  ),
  DISCORD_HTTP_PORT: optionalPort(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_PORT: port(3000),
  SLACK_API_URL: httpUrl,
  HTTP_PORT: z.preprocess(
    (value) => (typeof value === 'string' && value.trim().toLowerCase() === 'off' ? 'off' : emptyAsUnset(value)),
    z.union([z.literal('off').transform(() => null), port(8080)]),
  ),
  HTTP_HOST: z.preprocess(emptyAsUnset, z.string().trim().min(1).default('127.0.0.1')),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? emptyAsUnset(value.trim().toLowerCase()) : value),
    z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
  STUDYBOT_ONLY: optionalString,
  GENERATE_ENABLED: flag(true),
  PICTURES_ENABLED: flag(true),
  GENERATE_MAX_QUEUE: wholeNumber(1, 1000),
  INBOX_LEASE_SECONDS: wholeNumber(1, 600),
  SCHEDULER_ENABLED: flag(true),
});

/** Every environment variable the app reads. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as readonly string[];

type Env = Record<string, string | undefined>;

/** Reads the process configuration. Throws ConfigError (one line) on any missing or malformed value. */
export function loadConfig(env: Env, argv: readonly string[]): Config {
  const problems: string[] = [];

  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // HTTP_PORT's union reports a generic message; say what is accepted.
      const name = String(issue.path[0] ?? 'environment');
      const message = name === 'HTTP_PORT' ? 'must be a port number from 0 to 65535, or off' : issue.message;
      problems.push(`${name} ${message}`);
    }
    throw new ConfigError(dedupe(problems));
  }
  const e = parsed.data;

  const only = readOnly(argv, e.STUDYBOT_ONLY, problems);

  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set');
  }
  if (!e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_TOKEN is required when DISCORD_APPLICATION_ID is set');
  }
  if ((e.DISCORD_SHARD_IDS === undefined) !== (e.DISCORD_SHARD_COUNT === undefined)) {
    problems.push('DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT go together (both or neither)');
  } else if (e.DISCORD_SHARD_IDS && e.DISCORD_SHARD_COUNT) {
    const count = e.DISCORD_SHARD_COUNT;
    const outside = e.DISCORD_SHARD_IDS.find((id) => id >= count);
    if (outside !== undefined) problems.push(`DISCORD_SHARD_IDS has shard ${outside}, but DISCORD_SHARD_COUNT ${count} numbers them 0 to ${count - 1}`);
  }
  if ((e.DISCORD_PUBLIC_KEY === undefined) !== (e.DISCORD_HTTP_PORT === undefined)) {
    problems.push('DISCORD_PUBLIC_KEY and DISCORD_HTTP_PORT go together (both for HTTP interactions mode, neither for the gateway)');
  } else if (e.DISCORD_PUBLIC_KEY !== undefined) {
    if (!e.DISCORD_TOKEN) problems.push('DISCORD_TOKEN is required with DISCORD_PUBLIC_KEY (follow-ups and daily posts go over REST)');
    if (e.DISCORD_SHARD_IDS !== undefined) problems.push('DISCORD_SHARD_IDS does not apply in HTTP interactions mode (there is no gateway to shard)');
    if (e.DISCORD_HTTP_PORT !== 0 && e.DISCORD_HTTP_PORT === e.HTTP_PORT) {
      problems.push(`DISCORD_HTTP_PORT ${e.DISCORD_HTTP_PORT} is HTTP_PORT too (health and metrics); give each its own port`);
    }
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) is required when SLACK_BOT_TOKEN is set');
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    problems.push('SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set');
  }

  const parts = chooseParts(
    only,
    { discord: e.DISCORD_TOKEN !== undefined, slack: e.SLACK_BOT_TOKEN !== undefined, scheduler: e.SCHEDULER_ENABLED },
    problems,
  );

  if (problems.length > 0) throw new ConfigError(dedupe(problems));

  return {
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR, preparedStatements: e.DATABASE_PREPARED_STATEMENTS },
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
        ? {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            guildId: e.DISCORD_GUILD_ID,
            apiBase: e.DISCORD_API_BASE,
            ...(e.DISCORD_SHARD_IDS && e.DISCORD_SHARD_COUNT ? { shards: { ids: e.DISCORD_SHARD_IDS, count: e.DISCORD_SHARD_COUNT } } : {}),
            ...(e.DISCORD_PUBLIC_KEY !== undefined && e.DISCORD_HTTP_PORT !== undefined
              ? { http: { publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase(), port: e.DISCORD_HTTP_PORT, host: e.HTTP_HOST } }
              : {}),
          }
        : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          appToken: e.SLACK_APP_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          port: e.SLACK_PORT,
          apiUrl: e.SLACK_API_URL,
        }
      : undefined,
    parts,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL ?? 'info',
    logLevelExplicit: e.LOG_LEVEL !== undefined,
    generate: { enabled: e.GENERATE_ENABLED, maxQueue: e.GENERATE_MAX_QUEUE },
    pictures: { enabled: e.PICTURES_ENABLED },
    inbox: { leaseMs: e.INBOX_LEASE_SECONDS === undefined ? undefined : e.INBOX_LEASE_SECONDS * 1000 },
  };
}

function dedupe(problems: string[]): string[] {
  return [...new Set(problems)];
}
