/**
 * The bot as a real process (`tsx src/main.ts`, what `npm start` runs), for tests that kill it: output is
 * collected so a test can wait for a line, and every child still running when the file ends is killed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { afterAll } from 'vitest';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface ChildBot {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when stdout has printed `text`; rejects if the process exits first. */
  printed(text: string): Promise<void>;
  /** Resolves with the first stdout line `match` accepts; rejects if the process exits first. */
  line<T>(match: (line: string) => T | undefined): Promise<T>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts the bot with only `env` (plus PATH and HOME): no variable of the test run leaks in. */
export function startChildBot(env: Record<string, string>): ChildBot {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
    for (const check of listeners) check();
  });
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  const line = <T>(match: (line: string) => T | undefined) =>
    new Promise<T>((resolveWait, reject) => {
      const check = () => {
        for (const each of stdout.split('\n')) {
          const found = match(each);
          if (found === undefined) continue;
          listeners.delete(check);
          resolveWait(found);
          return;
        }
      };
      listeners.add(check);
      check();
      void exited.then((run) => reject(new Error(`exited (${run.code ?? run.signal}) before the awaited line:\n${run.stderr}\n${run.stdout.slice(-2000)}`)));
    });
  return { child, exited, line, printed: (text) => line((each) => (each.includes(text) ? true : undefined)).then(() => undefined) };
}
