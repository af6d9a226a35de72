/**
 * One process per embedded database folder. PGlite has no lock of its own: two processes on one DATA_DIR
 * both run, then overwrite each other's files (lost answers, and later a folder that no longer opens).
 *
 * The lock is a file, `studybot.lock`, created atomically (written aside, then hard-linked into place)
 * with the holder's pid, host, boot id and process start time. A second opener reads it and:
 * - on the same host and boot, asks the OS whether that pid still runs, and whether it is the same
 *   process (its start time; a reused pid after a crash is not the holder);
 * - on another host (another container sharing the volume), trusts the holder's heartbeat: the holder
 *   touches the file every 10 s, and a file untouched for a minute is stale;
 * then refuses with one line naming the holder, or takes a stale lock over. A crashed holder (kill -9)
 * leaves its file behind, and the next start takes it over.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'studybot.lock';
const HEARTBEAT_MS = 10_000;
const STALE_AFTER_MS = 60_000;

export class DataDirLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

interface Holder {
  pid: number;
  hostname: string;
  bootId: string | null;
  /** The process start time in clock ticks since boot (/proc/<pid>/stat field 22), where the OS has it. */
  startTicks: string | null;
  startedAt: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Folders this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

export function lockDataDir(dir: string): DataDirLock {
  const path = join(resolve(dir), LOCK_FILE);
  if (heldHere.has(path)) throw new DataDirLockedError(`The database folder ${resolve(dir)} is already open in this process.`);
  const me: Holder = {
    pid: process.pid,
    hostname: osHostname(),
    bootId: bootId(),
    startTicks: startTicks(process.pid),
    startedAt: new Date().toISOString(),
  };
  const content = `${JSON.stringify(me)}\n`;

  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, content)) return held(path, content);
    let existing: string;
    try {
      existing = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw error;
    }
    const holder = parseHolder(existing);
    const verdict = holder ? judge(holder, me, path) : { alive: false };
    if (verdict.alive) throw new DataDirLockedError(lockedMessage(resolve(dir), holder!, verdict.detail));
    takeOver(path, existing);
  }
  throw new DataDirLockedError(`Could not lock the database folder ${resolve(dir)}: another process keeps taking it.`);
}

function held(path: string, content: string): DataDirLock {
  heldHere.add(path);
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // The folder went away; nothing to keep fresh.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    heldHere.delete(path);
    process.off('exit', release);
    try {
      // Only our own file: a holder that took over a lock we thought stale keeps its own.
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return { path, release };
}

/** Creates the lock file with its full content in one step, or returns false if one exists. */
function tryCreate(path: string, content: string): boolean {
  const aside = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const fd = openSync(aside, 'wx');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Moves a stale lock out of the way. If another opener replaced it between our read and the move,
 * what we moved is theirs: put it back and let the next attempt judge it.
 */
function takeOver(path: string, stale: string): void {
  const moved = `${path}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(moved, 'utf8') !== stale) {
    try {
      linkSync(moved, path);
    } catch {
      // A third opener got there first; it holds the lock now.
    }
  }
  unlinkSync(moved);
}

function judge(holder: Holder, me: Holder, path: string): { alive: boolean; detail?: string } {
  if (holder.hostname !== me.hostname) {
    const age = Date.now() - statSync(path).mtimeMs;
    return age < STALE_AFTER_MS ? { alive: true, detail: `last seen ${Math.max(0, Math.round(age / 1000))} s ago` } : { alive: false };
  }
  if (holder.bootId && me.bootId && holder.bootId !== me.bootId) return { alive: false }; // the machine rebooted
  if (holder.pid === me.pid) return { alive: false }; // a previous run that had our pid (not held here: checked above)
  if (!processExists(holder.pid)) return { alive: false };
  if (holder.startTicks && me.startTicks) {
    const now = startTicks(holder.pid);
    if (now !== null && now !== holder.startTicks) return { alive: false }; // the pid was reused
  }
  return { alive: true };
}

function lockedMessage(dir: string, holder: Holder, detail?: string): string {
  const where = holder.hostname === osHostname() ? '' : ` on host ${holder.hostname}`;
  const when = detail ?? `started ${holder.startedAt}`;
  return (
    `The database folder ${dir} is in use by another studybot process (pid ${holder.pid}${where}, ${when}). ` +
    'Stop that one first, or set DATA_DIR to another folder.'
  );
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return null;
    return {
      pid: value.pid,
      hostname: value.hostname,
      bootId: value.bootId ?? null,
      startTicks: value.startTicks ?? null,
      startedAt: value.startedAt ?? 'at an unknown time',
    };
  } catch {
    return null; // not a lock we wrote: treat as stale
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
