/**
 * The worker thread that owns the embedded PGlite (see pglite-thread.ts). PGlite runs Postgres as
 * synchronous WebAssembly: here, a long statement holds up only this thread, never the bot's event loop.
 *
 * It runs Postgres wire-protocol messages through PGlite's execProtocolRaw, one at a time and in the
 * order they came, and posts each batch's replies back to the connection that sent it. PGlite is one
 * backend: when a connection ends, whatever it left behind (an open transaction, prepared statements,
 * settings) is cleared, so the next connection starts as on a fresh backend.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { FromWorker, PgliteWorkerData, ToWorker } from './pglite-messages.js';

const port = parentPort!;
const data = workerData as PgliteWorkerData;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let queue: Promise<void> = Promise.resolve();
/** Serialises everything that touches the backend, in arrival order. */
const inOrder = (work: () => Promise<void>) => {
  queue = queue.then(work).catch((error: unknown) => {
    // A statement's own error comes back as an ErrorResponse; a throw here means PGlite itself died.
    post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
};

async function open(): Promise<PGlite> {
  const loadDataDir = data.template ? new Blob([data.template]) : undefined;
  const db = new PGlite({ dataDir: data.dataDir, loadDataDir });
  await db.waitReady;
  return db;
}

async function run(db: PGlite, messages: Uint8Array[]): Promise<Uint8Array> {
  const replies: Uint8Array[] = [];
  for (const message of messages) replies.push(await db.execProtocolRaw(message));
  if (replies.length === 1) return replies[0]!;
  const joined = new Uint8Array(replies.reduce((sum, reply) => sum + reply.length, 0));
  let at = 0;
  for (const reply of replies) {
    joined.set(reply, at);
    at += reply.length;
  }
  return joined;
}

/** What a real backend's exit would clear; DISCARD ALL cannot run inside a transaction block. */
async function clearSession(db: PGlite): Promise<void> {
  if (db.isInTransaction()) await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
}

try {
  const db = await open();
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'run':
        return inOrder(async () => {
          const reply = await run(db, message.messages);
          post({ type: 'reply', connection: message.connection, bytes: reply }, [reply.buffer as ArrayBuffer]);
        });
      case 'end':
        return inOrder(() => clearSession(db));
      case 'close':
        return inOrder(async () => {
          await db.close();
          post({ type: 'closed' });
          port.close();
        });
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
