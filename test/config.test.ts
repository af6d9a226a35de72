import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../src/config.js';

const KEY = 'a'.repeat(64);

const discordEnv = { DISCORD_TOKEN: 'discord-secret-token', DISCORD_APPLICATION_ID: '123456789012345678' };
const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-slack-secret', SLACK_APP_TOKEN: 'xapp-app-secret' };

function problemOf(env: Record<string, string | undefined>, argv: string[] = []): string {
  try {
    loadConfig(env, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

const partsOf = (config: Config) => [...config.parts].sort();

describe('loadConfig', () => {
  it('defaults to the terminal demo with the scheduler on embedded PGlite, health on 127.0.0.1:8080', () => {
    const config = loadConfig({}, []);
    expect(partsOf(config)).toEqual(['scheduler', 'terminal']);
    expect(config.database).toEqual({ url: undefined, dataDir: './data', preparedStatements: true });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.logLevel).toBe('info');
    expect(config.logLevelExplicit).toBe(false);
    expect(config.generate).toEqual({ enabled: true, maxQueue: undefined });
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
  });

  it('runs Discord, Slack and the scheduler together when both tokens are set', () => {
    const config = loadConfig({ ...discordEnv, ...slackEnv, DISCORD_GUILD_ID: '42424242' }, []);
    expect(partsOf(config)).toEqual(['discord', 'scheduler', 'slack']);
    expect(config.discord).toEqual({
      token: 'discord-secret-token',
      applicationId: '123456789012345678',
      guildId: '42424242',
      apiBase: undefined,
    });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-slack-secret', appToken: 'xapp-app-secret', port: 3000 });
  });

  it('picks exactly the parts named by --only, in both spellings, and the flag wins over STUDYBOT_ONLY', () => {
    const env = { ...discordEnv, ...slackEnv, STUDYBOT_ONLY: 'discord' };
    expect(partsOf(loadConfig(env, []))).toEqual(['discord']);
    expect(partsOf(loadConfig(env, ['--only', 'slack,scheduler']))).toEqual(['scheduler', 'slack']);
    expect(partsOf(loadConfig(env, ['--only=Scheduler']))).toEqual(['scheduler']);
  });

  it('turns the scheduler off by default with SCHEDULER_ENABLED=false, but --only scheduler still runs it', () => {
    expect(partsOf(loadConfig({ ...discordEnv, SCHEDULER_ENABLED: 'false' }, []))).toEqual(['discord']);
    expect(partsOf(loadConfig({ SCHEDULER_ENABLED: 'no' }, []))).toEqual(['terminal']);
    expect(partsOf(loadConfig({ SCHEDULER_ENABLED: 'false' }, ['--only', 'scheduler']))).toEqual(['scheduler']);
  });

  it('treats empty variables as unset, as docker-compose passes them', () => {
    const config = loadConfig(
      { DATABASE_URL: '', DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', HTTP_PORT: '', LOG_LEVEL: '', SLACK_PORT: '' },
      [],
    );
    expect(config.database.url).toBeUndefined();
    expect(config.http.port).toBe(8080);
    expect(partsOf(config)).toEqual(['scheduler', 'terminal']);
  });

  it('reads HTTP_PORT 0 as "any free port" and off as no server', () => {
    expect(loadConfig({ HTTP_PORT: '0', HTTP_HOST: '0.0.0.0' }, []).http).toEqual({ host: '0.0.0.0', port: 0 });
    expect(loadConfig({ HTTP_PORT: 'OFF' }, []).http.port).toBeNull();
  });

  it('turns prepared statements off for poolers that cannot keep them', () => {
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }, []).database.preparedStatements).toBe(false);
  });

  it('accepts postgres URLs with a host', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/studybot' }, []).database.url).toBe(
      'postgres://u:p@db:5432/studybot',
    );
    expect(loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1/studybot' }, []).database.url).toBeDefined();
  });

  it('turns the card pictures on unless PICTURES_ENABLED says no', () => {
    expect(loadConfig({}, []).pictures).toEqual({ enabled: true });
    expect(loadConfig({ PICTURES_ENABLED: 'false' }, []).pictures).toEqual({ enabled: false });
  });

  it('reads the inbox lease in seconds, unset by default', () => {
    expect(loadConfig({}, []).inbox).toEqual({ leaseMs: undefined });
    expect(loadConfig({ INBOX_LEASE_SECONDS: '45' }, []).inbox).toEqual({ leaseMs: 45_000 });
  });

  it('reads generation settings', () => {
    expect(loadConfig({ GENERATE_ENABLED: 'FALSE', GENERATE_MAX_QUEUE: '4' }, []).generate).toEqual({
      enabled: false,
      maxQueue: 4,
    });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL with a host'],
    [{ DATABASE_URL: 'postgresql:///studybot' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL with a host'],
    [{ HTTP_PORT: '80a' }, 'HTTP_PORT must be a port number from 0 to 65535, or off'],
    [{ HTTP_PORT: '70000' }, 'HTTP_PORT must be a port number'],
    [{ SLACK_PORT: '-1' }, 'SLACK_PORT must be a port number from 0 to 65535'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ GENERATE_ENABLED: 'maybe' }, 'GENERATE_ENABLED must be true or false'],
    [{ PICTURES_ENABLED: 'maybe' }, 'PICTURES_ENABLED must be true or false'],
    [{ DATABASE_PREPARED_STATEMENTS: 'sometimes' }, 'DATABASE_PREPARED_STATEMENTS must be true or false'],
    [{ GENERATE_MAX_QUEUE: '0' }, 'GENERATE_MAX_QUEUE must be a whole number from 1 to 1000'],
    [{ INBOX_LEASE_SECONDS: '2.5' }, 'INBOX_LEASE_SECONDS must be a whole number from 1 to 600'],
    [{ INBOX_LEASE_SECONDS: '601' }, 'INBOX_LEASE_SECONDS must be a whole number from 1 to 600'],
    [{ DISCORD_API_BASE: 'not a url' }, 'DISCORD_API_BASE must be an http:// or https:// URL'],
    [{ DISCORD_TOKEN: 't' }, 'DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set'],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'abc' }, 'DISCORD_APPLICATION_ID must be the numeric application id'],
    [{ DISCORD_APPLICATION_ID: '1234567' }, 'DISCORD_TOKEN is required when DISCORD_APPLICATION_ID is set'],
    [{ SLACK_BOT_TOKEN: 'x' }, 'SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) is required'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set'],
    [{ STUDYBOT_ONLY: 'discord,web' }, 'STUDYBOT_ONLY has unknown part "web"'],
    [{ DISCORD_SHARD_IDS: 'first', DISCORD_SHARD_COUNT: '2' }, 'DISCORD_SHARD_IDS must be shard numbers and ranges, e.g. 0-3 or 0,2,4'],
    [{ DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: '0' }, 'DISCORD_SHARD_COUNT must be a whole number from 1 to 10000'],
    [{ DISCORD_SHARD_IDS: '0-3' }, 'DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT go together (both or neither)'],
    [{ DISCORD_SHARD_IDS: '2-4', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_IDS has shard 4, but DISCORD_SHARD_COUNT 4 numbers them 0 to 3'],
    [{ DISCORD_SHARD_IDS: '0-99999999', DISCORD_SHARD_COUNT: '8' }, 'DISCORD_SHARD_IDS has shard 8, but DISCORD_SHARD_COUNT 8'],
    [{ ...discordEnv, DISCORD_PUBLIC_KEY: 'abc', DISCORD_HTTP_PORT: '8443' }, "DISCORD_PUBLIC_KEY must be the application's public key: 64 hex characters"],
    [{ ...discordEnv, DISCORD_PUBLIC_KEY: KEY, DISCORD_HTTP_PORT: 'https' }, 'DISCORD_HTTP_PORT must be a port number from 0 to 65535'],
    [{ ...discordEnv, DISCORD_PUBLIC_KEY: KEY }, 'DISCORD_PUBLIC_KEY and DISCORD_HTTP_PORT go together'],
    [{ ...discordEnv, DISCORD_HTTP_PORT: '8443' }, 'DISCORD_PUBLIC_KEY and DISCORD_HTTP_PORT go together'],
    [{ DISCORD_PUBLIC_KEY: KEY, DISCORD_HTTP_PORT: '8443' }, 'DISCORD_TOKEN is required with DISCORD_PUBLIC_KEY'],
    [{ ...discordEnv, DISCORD_PUBLIC_KEY: KEY, DISCORD_HTTP_PORT: '8443', DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: '2' }, 'DISCORD_SHARD_IDS does not apply in HTTP interactions mode'],
    [{ ...discordEnv, DISCORD_PUBLIC_KEY: KEY, DISCORD_HTTP_PORT: '8080' }, 'DISCORD_HTTP_PORT 8080 is HTTP_PORT too'],
  ])('rejects %j with a line naming the variable', (env, expected) => {
    expect(problemOf(env)).toContain(expected);
  });

  it('reads a replica\'s Discord shard range, and leaves sharding to Discord (auto) without one', () => {
    const base = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1234567' };
    expect(loadConfig({ ...base, DISCORD_SHARD_IDS: '4-6, 9', DISCORD_SHARD_COUNT: '12' }, []).discord?.shards).toEqual({ ids: [4, 5, 6, 9], count: 12 });
    expect(loadConfig(base, []).discord?.shards).toBeUndefined();
  });

  it('switches Discord to HTTP interactions mode with a public key and a port, listening on HTTP_HOST', () => {
    const config = loadConfig({ ...discordEnv, DISCORD_PUBLIC_KEY: ` ${KEY.toUpperCase()} `, DISCORD_HTTP_PORT: '8443', HTTP_HOST: '0.0.0.0' }, []);
    expect(config.discord?.http).toEqual({ publicKey: KEY, port: 8443, host: '0.0.0.0' });
    expect(loadConfig(discordEnv, []).discord?.http).toBeUndefined();
  });

  it('rejects --only discord without a Discord token, and bad arguments', () => {
    expect(problemOf({}, ['--only', 'discord'])).toContain('DISCORD_TOKEN is required for --only discord');
    expect(problemOf({}, ['--only', 'slack'])).toContain('SLACK_BOT_TOKEN is required for --only slack');
    expect(problemOf({}, ['--only'])).toContain('--only needs a value');
    expect(problemOf({}, ['--only', ','])).toContain('--only needs at least one of');
    expect(problemOf({}, ['--verbose'])).toContain('unknown argument "--verbose"');
  });

  it('never echoes secret values in its message', () => {
    const message = problemOf({ DISCORD_TOKEN: 'super-secret-value', SLACK_BOT_TOKEN: 'xoxb-secret-value' });
    expect(message).not.toContain('super-secret-value');
    expect(message).not.toContain('xoxb-secret-value');
    expect(problemOf({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).not.toContain('hunter2');
  });

  it('lists every problem on the one line', () => {
    const message = problemOf({ HTTP_PORT: 'x', LOG_LEVEL: 'loud' });
    expect(message).toMatch(/^Configuration error: .*HTTP_PORT.*; .*LOG_LEVEL/);
  });
});
