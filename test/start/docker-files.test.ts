/** The Docker files agree with the code: their variables exist, their values pass the config checks, the CMD is start:dist. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const repo = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(repo, 'docker-compose.yml'), 'utf8');
const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

function runtimeEnv(): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const match = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime);
  const env: Record<string, string> = {};
  for (const pair of match![1]!.replace(/\\\n/g, ' ').trim().split(/\s+/)) {
    const [key, ...value] = pair.split('=');
    env[key!] = value.join('=');
  }
  return env;
}

/** The shared `environment:` block of docker-compose.yml, with `${VAR:-default}` resolved from `vars`. */
function composeEnv(vars: Record<string, string> = {}): Record<string, string> {
  const block = /^x-studybot:[\s\S]*?^ {2}environment:\n((?: {4}.*\n)+)/m.exec(compose);
  if (!block) throw new Error('no environment block under x-studybot');
  const env: Record<string, string> = {};
  for (const line of block[1]!.split('\n')) {
    const match = /^ {4}([A-Z_]+): (.*)$/.exec(line);
    if (!match) continue;
    env[match[1]!] = match[2]!.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => vars[name] ?? fallback);
  }
  return env;
}

describe('Dockerfile', () => {
  it('sets only known variables, and they pass the config checks: all interfaces on 8080, data in /app/data', () => {
    const env = runtimeEnv();
    const unknown = Object.keys(env).filter((name) => name !== 'NODE_ENV' && !CONFIG_VARIABLES.includes(name));
    expect(unknown).toEqual([]);
    const config = loadConfig(env, []);
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.database.dataDir).toBe('/app/data');
  });

  it('runs what npm run start:dist runs, as a non-root user', () => {
    const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)![1]!.split(',').map((part) => JSON.parse(part.trim()) as string);
    expect(cmd.join(' ')).toBe(packageJson.scripts['start:dist']);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm run build/);
  });
});

describe('docker-compose.yml', () => {
  it('passes only known variables, and the defaults give a valid configuration on its Postgres', () => {
    const env = composeEnv();
    expect(Object.keys(env).filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
    const config = loadConfig({ ...runtimeEnv(), ...env }, []);
    expect(config.database.url).toBe('postgres://studybot:studybot@postgres:5432/studybot');
  });

  it('runs every split service command with tokens set', () => {
    const env = {
      ...runtimeEnv(),
      ...composeEnv({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012', SLACK_BOT_TOKEN: 'xoxb', SLACK_APP_TOKEN: 'xapp' }),
    };
    const commands = [...compose.matchAll(/command: \[(.*)\]/g)].map((match) =>
      match[1]!.split(',').map((part) => JSON.parse(part.trim()) as string),
    );
    expect(commands.length).toBe(3);
    const parts = commands.map((command) => {
      expect(command.slice(0, 2)).toEqual(['node', 'dist/src/main.js']);
      return [...loadConfig(env, command.slice(2)).parts];
    });
    expect(parts).toEqual([['discord'], ['slack'], ['scheduler']]);
  });
});
