/** The deck parser's worker thread (see deck-parser.ts): parseDeck, with its errors sent back as data. */
import { parentPort } from 'node:worker_threads';
import { parseDeck } from '../core/decks/parse.js';
import { DeckParseError } from '../core/errors.js';
import type { DeckJob, DeckJobResult } from './deck-parser.js';

parentPort!.on('message', (job: DeckJob) => {
  let result: DeckJobResult;
  try {
    result = { id: job.id, deck: parseDeck(job.filename, job.content) };
  } catch (error) {
    result =
      error instanceof DeckParseError
        ? { id: job.id, refused: { message: error.message.replace(/^Line \d+: /, ''), line: error.line } }
        : { id: job.id, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(result);
});
