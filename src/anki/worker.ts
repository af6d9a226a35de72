/**
 * The worker thread one .apkg import runs in: reads the file, posts the deck back in pieces (media bytes
 * moved, not copied) and exits. One thread per import keeps sql.js's memory from outliving the import.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import { APKG_PIECE, NEXT_PIECE, type FromApkgWorker, type ToApkgWorker } from './protocol.js';
import { readApkg } from './read-apkg.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const { bytes, filename, limits } = workerData as ToApkgWorker;

const post = (message: FromApkgWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const nextAsked = async () => {
  while ((await once(port, 'message'))[0] !== NEXT_PIECE);
};

try {
  const deck = await readApkg(bytes, filename, limits);
  for (let i = 0; i < deck.cards.length; i += APKG_PIECE) {
    post({ type: 'cards', cards: deck.cards.slice(i, i + APKG_PIECE) });
    await nextAsked();
  }
  for (let i = 0; i < deck.history.length; i += APKG_PIECE) {
    post({ type: 'history', history: deck.history.slice(i, i + APKG_PIECE) });
    await nextAsked();
  }
  const transfer = [...new Set(deck.media.map((m) => m.bytes.buffer as ArrayBuffer))];
  post({ type: 'done', ok: true, deck: { ...deck, cards: [], history: [] } }, transfer);
} catch (error) {
  post({ type: 'done', ok: false, message: error instanceof Error ? error.message : String(error), userError: error instanceof UserError });
}
