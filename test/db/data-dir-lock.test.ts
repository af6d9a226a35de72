/**
 * One process per embedded database folder (issue 12, item 1), tried with real processes: `npm start`
 * twice on one DATA_DIR refuses the second with one line naming the first, exit 1; after the holder is
 * killed with SIGKILL its lock is taken over and the folder still opens. Also the stale-lock rules
 * (reused pid, other host) on lock files written by hand.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/db/data-dir-lock.js';
import { startChildBot, type ChildBot } from '../support/child-bot.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'studybot-lock-'));
  dirs.push(dir);
  return dir;
}

/** `npm start` (tsx src/main.ts) as the terminal demo on an embedded database in `dataDir`. */
function startBot(dataDir: string): ChildBot {
  return startChildBot({ DATA_DIR: dataDir, STUDYBOT_ONLY: 'terminal', GENERATE_ENABLED: 'false', HTTP_PORT: 'off' });
}

const BANNER = 'studybot: type /quiz gan';
/** Two cold PGlite opens of a folder on a busy machine (each can take 20-40 s there). */
const SLOW = 300_000;

describe('one process per DATA_DIR', () => {
  it('refuses a second process with one line naming the first, and takes over after the first is killed', async () => {
    const dataDir = tempDir();
    const first = startBot(dataDir);
    await first.printed(BANNER);

    const second = await startBot(dataDir).exited;
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`pid ${first.child.pid}`);
    expect(lines[0]).toContain(resolve(dataDir));

    // The first is still fine: the refusal did not disturb it.
    first.child.stdin.write('/decks\n');
    await first.printed('`gan`');

    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true); // a crash leaves its lock behind

    const third = startBot(dataDir);
    await third.printed(BANNER);
    third.child.stdin.write('/decks\n');
    await third.printed('`gan`');
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toContain(`"pid":${third.child.pid}`);
    third.child.stdin.end();
    expect((await third.exited).code).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false); // a clean exit removes it
  }, SLOW);
});

describe('lock files', () => {
  const write = (dir: string, holder: Record<string, unknown>) => writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder));
  const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

  it('refuses a second open in the same process, and frees the folder on release', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    lockDataDir(dir).release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it.skipIf(!existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another process (pid reuse)', () => {
    const dir = tempDir();
    // This test's own parent is alive, but its start time is not the one recorded.
    write(dir, { pid: process.ppid, hostname: hostname(), bootId: bootId(), startTicks: '1', startedAt: 'then' });
    lockDataDir(dir).release();
  });

  it('refuses a lock held on another host while its heartbeat is fresh, and takes it over once stale', () => {
    const dir = tempDir();
    write(dir, { pid: 4242, hostname: 'other-container', bootId: null, startTicks: null, startedAt: 'then' });
    expect(() => lockDataDir(dir)).toThrow(/pid 4242 on host other-container, last seen \d+ s ago/);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(join(dir, LOCK_FILE), twoMinutesAgo, twoMinutesAgo);
    lockDataDir(dir).release();
  });

  it('takes over a lock file it cannot read as a lock', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    lockDataDir(dir).release();
  });
});
