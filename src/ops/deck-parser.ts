/**
 * Deck imports off the event loop. A deck file of up to 1 MB can take seconds to parse on a busy
 * machine (a 100,000-line CSV: 1-7 s), and every other user's command would wait behind it. Here the
 * core's parseDeck runs in one worker thread, started on the first import; the event loop only copies
 * the text over and the cards back (a few milliseconds for 1 MB). Imports queue (a few at most), and one
 * that runs too long is stopped, with its thread.
 */
import type { Worker } from 'node:worker_threads';
import { MAX_DECK_BYTES, type DeckParser, type ParsedDeck } from '../core/decks/parse.js';
import { BusyError, DeckParseError, UserError } from '../core/errors.js';
import { startSiblingWorker } from './worker-thread.js';

export interface DeckJob {
  id: number;
  filename: string;
  content: string;
}
export type DeckJobResult =
  | { id: number; deck: ParsedDeck }
  | { id: number; refused: { message: string; line?: number } }
  | { id: number; failed: string };

export interface DeckParserOptions {
  /** Longest one parse may take before its thread is stopped. */
  timeoutMs?: number;
  /** Imports that may wait behind the one being parsed. */
  maxQueue?: number;
}

export interface DeckParserWorker {
  parse: DeckParser;
  close(): Promise<void>;
}

interface Pending {
  job: DeckJob;
  resolve: (deck: ParsedDeck) => void;
  reject: (error: Error) => void;
}

export function createDeckParser(options: DeckParserOptions = {}): DeckParserWorker {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxQueue = options.maxQueue ?? 4;
  const queue: Pending[] = [];
  let worker: Worker | undefined;
  let current: (Pending & { timer: NodeJS.Timeout; thread: Worker }) | undefined;
  let nextId = 0;
  let closed = false;

  const finish = (settle: (pending: Pending) => void) => {
    const done = current;
    if (!done) return;
    clearTimeout(done.timer);
    current = undefined;
    settle(done);
    pump();
  };

  const stopWorker = () => {
    const dead = worker;
    worker = undefined;
    void dead?.terminate();
  };

  const start = (): Worker => {
    const thread = startSiblingWorker(import.meta.url, 'deck-parser-thread');
    thread.unref(); // an idle parser never keeps the process alive
    thread.on('message', (result: DeckJobResult) => {
      if (current?.thread !== thread || result.id !== current.job.id) return;
      if ('deck' in result) finish((p) => p.resolve(result.deck));
      else if ('refused' in result) finish((p) => p.reject(new DeckParseError(result.refused.message, result.refused.line)));
      else finish((p) => p.reject(new Error(`deck parser failed: ${result.failed}`)));
    });
    const lost = (error: Error) => {
      if (worker === thread) worker = undefined;
      if (current?.thread === thread) finish((p) => p.reject(error));
    };
    thread.on('error', lost);
    thread.on('exit', (code) => lost(new Error(`deck parser thread exited (${code})`)));
    return thread;
  };

  function pump(): void {
    if (current || closed) return;
    const next = queue.shift();
    if (!next) return;
    const thread = (worker ??= start());
    const timer = setTimeout(() => {
      stopWorker();
      finish((p) => p.reject(new UserError('That file took too long to read. Split it into smaller decks and try again.')));
    }, timeoutMs);
    current = { ...next, timer, thread };
    thread.postMessage(next.job);
  }

  return {
    parse: (filename, content) => {
      if (closed) return Promise.reject(new Error('the deck parser is closed'));
      // Cheap and certain: every character is at least one byte. The exact check is parseDeck's.
      if (content.length > MAX_DECK_BYTES) {
        return Promise.reject(new DeckParseError(`The file is too large; the limit is ${MAX_DECK_BYTES / (1024 * 1024)} MB.`));
      }
      if (queue.length >= maxQueue) {
        return Promise.reject(new BusyError('Several decks are being imported right now. Please try again in a moment.'));
      }
      return new Promise<ParsedDeck>((resolve, reject) => {
        queue.push({ job: { id: ++nextId, filename, content }, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the deck parser is closed'));
      const thread = worker;
      worker = undefined;
      await thread?.terminate();
    },
  };
}
