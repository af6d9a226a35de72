/**
 * The compiled app starts the way the Docker image starts it. No Docker engine runs here, so this
 * rebuilds the image's layout from the Dockerfile itself: `npm run build` into a temporary /app,
 * the files the Dockerfile copies into dist/, the Dockerfile's ENV, `node dist/src/main.js` from
 * WORKDIR. Then: /healthz and /metrics answer, SIGTERM exits 0, the demo reads piped input, and a
 * bad configuration exits 1 with one line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const app = mkdtempSync(join(tmpdir(), 'studybot-image-'));
const serverUrl = process.env.DATABASE_URL;
/** A cold start (PGlite's first-time set-up especially) takes far longer on a busy 2-core machine. */
const SLOW = 240_000;

/** The runtime stage's ENV instruction (the last one), as an env object. */
function imageEnv(): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const match = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime);
  if (!match) throw new Error('no ENV in the Dockerfile runtime stage');
  const env: Record<string, string> = {};
  for (const pair of match[1]!.replace(/\\\n/g, ' ').trim().split(/\s+/)) {
    const [key, ...value] = pair.split('=');
    env[key!] = value.join('=');
  }
  return env;
}

/** What the Dockerfile copies into dist/ next to the compiled code (`cp -r ... dist/`). */
function filesCopiedIntoDist(): string[] {
  const match = /cp -r ([\w./ -]+?) dist\/$/m.exec(dockerfile);
  if (!match) throw new Error('no "cp -r ... dist/" in the Dockerfile');
  return match[1]!.trim().split(/\s+/);
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startProcess(args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, ['dist/src/main.js', ...args], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', ...imageEnv(), DATA_DIR: join(app, 'data'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  if (stdin !== undefined) child.stdin.end(stdin);
  const exited = new Promise<Run>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** JSON log lines (pino) printed so far. */
function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => {
  // The same build command as the Dockerfile, into the temporary /app instead of the repo's dist/.
  const build = spawnSync('npm', ['run', 'build', '--', '--outDir', join(app, 'dist')], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  cpSync(join(repo, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(app, 'node_modules'), 'dir');
  // `RUN mkdir -p models && cp -r package.json migrations decks models dist/`
  for (const name of filesCopiedIntoDist()) {
    const source = join(repo, name);
    if (existsSync(source)) cpSync(source, join(app, 'dist', name), { recursive: true });
    else mkdirSync(join(app, 'dist', name), { recursive: true });
  }
}, 240_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('the built image layout', () => {
  it('runs as a scheduler replica: /healthz 200, /metrics, and SIGTERM exits 0', async () => {
    let database: string | undefined;
    const env: Record<string, string> = { HTTP_PORT: '0' };
    if (serverUrl) {
      database = `studybot_dist_${randomBytes(6).toString('hex')}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${database}"`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      env.DATABASE_URL = url.toString();
    }
    try {
      const run = startProcess(['--only', 'scheduler'], env);
      const ready = await waitFor(
        () => logLines(run.stdout()).find((line) => line.msg === 'studybot ready'),
        `"studybot ready" in the logs; stderr so far: ${run.stderr()}`,
      );
      const port = ready.healthPort as number;
      expect(port).toBeGreaterThan(0);

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        database: { ok: true, kind: serverUrl ? 'postgres' : 'pglite' },
        adapters: { scheduler: { ok: true } },
      });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('# TYPE studybot_interactions_total counter');
      expect(metrics).toContain('studybot_process_resident_memory_bytes');

      run.child.kill('SIGTERM');
      const result = await run.exited;
      expect(result.code).toBe(0);
      expect(logLines(result.stdout).map((line) => line.msg)).toContain('shutdown complete');
      // Logs are JSON lines on stdout in production; nothing stray on stderr.
      expect(result.stderr).toBe('');
    } finally {
      if (database && serverUrl) {
        const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists "${database}" with (force)`);
        await admin.end();
      }
    }
  }, SLOW);

  it('runs the terminal demo on the embedded database with piped input when no token is set', async () => {
    const run = startProcess([], { HTTP_PORT: 'off', GENERATE_ENABLED: 'false' }, '/help\n/decks\n');
    const result = await run.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('/quiz');
    expect(result.stdout).toMatch(/gan/);
  }, SLOW);

  it('exits 1 with one line naming the problem when the configuration is wrong', async () => {
    const result = await startProcess(['--only', 'discord'], {}).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Configuration error: DISCORD_TOKEN is required for --only discord\n');
  });
});
