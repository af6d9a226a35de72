/**
 * The worker thread one .apkg import runs in: reads the file, posts the deck back (media bytes moved, not
 * copied) and exits. One thread per import keeps sql.js's memory from outliving the import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import type { FromApkgWorker, ToApkgWorker } from './protocol.js';
import { readApkg } from './read-apkg.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const { bytes, filename, limits } = workerData as ToApkgWorker;

let reply: FromApkgWorker;
try {
  const deck = await readApkg(bytes, filename, limits);
  reply = { ok: true, deck };
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error), userError: error instanceof UserError };
}
const transfer = reply.ok ? reply.deck.media.map((m) => m.bytes.buffer as ArrayBuffer) : [];
port.postMessage(reply, [...new Set(transfer)]);
