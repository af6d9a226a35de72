/** The messages between the bot's thread and the PGlite worker thread (pglite-thread.ts, pglite-worker.ts). */

export interface PgliteWorkerData {
  /** The data folder; unset: in memory. */
  dataDir?: string;
  /** In memory only: a data-dir dump to start from. */
  template?: ArrayBuffer;
}

export type ToWorker =
  /** Complete protocol messages of one connection, to run in order. */
  | { type: 'run'; connection: number; messages: Uint8Array[] }
  /** The connection is gone: clear what it left on the backend. */
  | { type: 'end'; connection: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  /** PGlite did not open (a damaged folder, say). */
  | { type: 'failed'; message: string }
  /** The backend's replies to one 'run', possibly empty. */
  | { type: 'reply'; connection: number; bytes: Uint8Array }
  /** PGlite died; the worker exits after this. */
  | { type: 'fatal'; message: string }
  | { type: 'closed' };
