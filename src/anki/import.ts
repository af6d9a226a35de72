/**
 * Reading an .apkg off the event loop: each import gets its own worker thread, with a capped heap and a
 * time limit, so a huge or hostile file slows nobody else down and cannot take the process with it.
 */
import { DeckParseError } from '../core/errors.js';
import { startSiblingWorker as startWorker } from '../ops/worker-thread.js';
import { ANKI_LIMITS, type AnkiLimits } from './limits.js';
import { NEXT_PIECE, type FromApkgWorker, type ToApkgWorker } from './protocol.js';
import type { AnkiDeck } from './types.js';

export async function importApkg(bytes: Uint8Array, filename: string, limits: AnkiLimits = ANKI_LIMITS): Promise<AnkiDeck> {
  const request: ToApkgWorker = { bytes, filename, limits };
  const worker = startWorker(import.meta.url, 'worker', {
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb },
  });
  try {
    return await new Promise<AnkiDeck>((resolve, reject) => {
      const seconds = Math.ceil(limits.workerTimeoutMs / 1000);
      const timer = setTimeout(
        () => reject(new DeckParseError(`Reading this Anki package took longer than ${seconds} second${seconds === 1 ? '' : 's'}; try a smaller deck.`)),
        limits.workerTimeoutMs,
      );
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      const cards: AnkiDeck['cards'] = [];
      const history: AnkiDeck['history'] = [];
      // Each piece is asked for after a turn of the event loop (see protocol.ts).
      const askNext = () => setImmediate(() => worker.postMessage(NEXT_PIECE));
      worker.on('message', (reply: FromApkgWorker) => {
        if (reply.type === 'cards') {
          cards.push(...reply.cards);
          askNext();
        } else if (reply.type === 'history') {
          history.push(...reply.history);
          askNext();
        } else if (reply.ok) settle(() => resolve({ ...reply.deck, cards, history }));
        else settle(() => reject(reply.userError ? new DeckParseError(reply.message) : new Error(reply.message)));
      });
      worker.once('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new DeckParseError('This Anki package needs more memory to read than studybot allows; try a smaller deck.')
              : error,
          ),
        ),
      );
      worker.once('exit', (code) => settle(() => reject(new Error(`the .apkg reader stopped (exit code ${code}) before it answered`))));
    });
  } finally {
    await worker.terminate();
  }
}
