/**
 * Embedded PGlite on a worker thread (pglite-worker.ts), so that its statements, which run as synchronous
 * WebAssembly, never stall the event loop that answers users: a 2,000-card import used to hold it for
 * 65-266 ms at a time. The bot talks to it with node-postgres, the server's driver, through one in-memory
 * duplex stream per connection: pg writes wire-protocol messages, the stream frames them and posts them
 * to the worker, and the worker's replies come back as the stream's data.
 *
 * Not @electric-sql/pglite-socket, which does the same over TCP: 0.2.17 pins its peer to PGlite 0.5.14
 * exactly and requires seven extension packages as peers, and a socket would open the database to every
 * user of the machine. A message port reaches only this process.
 */
import { Duplex } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../ops/worker-thread.js';
import type { FromWorker, PgliteWorkerData, ToWorker } from './pglite-messages.js';

export interface PgliteThreadOptions {
  dataDir?: string;
  template?: Blob;
}

export class PgliteThread {
  private readonly connections = new Map<number, PgliteConnection>();
  private nextConnection = 1;
  /** Batches posted and not yet answered: the worker keeps the process alive only while there are some. */
  private pending = 0;
  private dead?: Error;
  private closing?: Promise<void>;
  private reportDeath!: (error: Error) => void;
  /** Settles when the thread stops other than by close(): the database is gone for this process. */
  readonly died = new Promise<Error>((resolve) => (this.reportDeath = resolve));

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.die(error));
    worker.on('exit', (code) => this.die(new Error(`the PGlite thread exited (code ${code})`)));
  }

  static async start(options: PgliteThreadOptions): Promise<PgliteThread> {
    const workerData: PgliteWorkerData = {
      dataDir: options.dataDir,
      template: options.template ? await options.template.arrayBuffer() : undefined,
    };
    const worker = startSiblingWorker(import.meta.url, 'pglite-worker', { workerData });
    await new Promise<void>((resolve, reject) => {
      const exited = (code: number) => reject(new Error(`the PGlite thread exited (code ${code}) before the database opened`));
      const onMessage = (message: FromWorker) => {
        if (message.type !== 'ready' && message.type !== 'failed') return;
        worker.off('error', reject);
        worker.off('exit', exited);
        worker.off('message', onMessage);
        if (message.type === 'ready') resolve();
        else reject(new Error(`PGlite did not open: ${message.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', exited);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new PgliteThread(worker);
  }

  /** A new connection's stream, for pg's `stream` option. */
  connect(): Duplex {
    const connection = new PgliteConnection(this.nextConnection++, this);
    this.connections.set(connection.id, connection);
    if (this.dead) process.nextTick(() => connection.destroy(this.dead));
    return connection;
  }

  /** Closes PGlite (which writes out the folder) and ends the thread; connections should be ended first. */
  close(): Promise<void> {
    this.closing ??= this.dead
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.worker.on('exit', () => resolve());
          this.post({ type: 'close' });
        });
    return this.closing;
  }

  /** @internal for PgliteConnection */
  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.dead) return;
    if (message.type !== 'end' && this.pending++ === 0) this.worker.ref();
    this.worker.postMessage(message, transfer);
  }

  /** @internal for PgliteConnection */
  forget(id: number): void {
    if (this.connections.delete(id) && !this.dead) this.post({ type: 'end', connection: id });
  }

  private receive(message: FromWorker): void {
    if (message.type === 'reply' || message.type === 'closed') this.settle();
    if (message.type === 'reply') this.connections.get(message.connection)?.deliver(message.bytes);
    else if (message.type === 'fatal') this.die(new Error(`the embedded database stopped: ${message.message}`));
  }

  private settle(): void {
    if (--this.pending === 0) this.worker.unref();
  }

  private die(error: Error): void {
    if (this.dead) return;
    this.dead = error;
    if (!this.closing) this.reportDeath(error);
    for (const connection of this.connections.values()) connection.destroy(error);
    this.connections.clear();
  }
}

/** What one read of a local socket gives. */
const READ_CHUNK_BYTES = 64 * 1024;
const TERMINATE = 0x58; // 'X': the client's goodbye; the backend stays up for the next connection

/** One pg connection's end of the bridge: what pg writes is framed into messages and posted. */
class PgliteConnection extends Duplex {
  private buffered: Buffer = Buffer.alloc(0);
  /** Replies not yet handed to pg, oldest first. */
  private readonly unread: Buffer[] = [];
  /** The first message (startup) has no type byte. */
  private started = false;

  constructor(
    readonly id: number,
    private readonly thread: PgliteThread,
  ) {
    super();
  }

  // What pg calls on a net.Socket; nothing to do in memory.
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  /**
   * Replies go to pg a socket read's worth at a time, a turn of the event loop apart, as from a socket: pg
   * parses what each chunk holds at once. Reading 2,000 long cards back in one piece stalled the loop for
   * 60-80 ms, about a third of it pg's parsing (the rest drizzle's row mapping: decks.ts reads in pages).
   */
  deliver(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.unread.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    if (this.unread.length === 1) this.pushChunk();
  }

  private pushChunk(): void {
    const head = this.unread[0];
    if (!head || this.destroyed) return;
    this.push(head.subarray(0, READ_CHUNK_BYTES));
    if (head.length > READ_CHUNK_BYTES) this.unread[0] = head.subarray(READ_CHUNK_BYTES);
    else this.unread.shift();
    if (this.unread.length > 0) setImmediate(() => this.pushChunk());
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Uint8Array[] = [];
    let terminated = false;
    for (;;) {
      const length = this.nextMessageLength();
      if (length === undefined || this.buffered.length < length) break;
      const message = new Uint8Array(this.buffered.subarray(0, length)); // a copy, so it can be transferred
      this.buffered = this.buffered.subarray(length);
      this.started = true;
      if (message[0] === TERMINATE) terminated = true;
      else messages.push(message);
    }
    if (messages.length > 0) {
      this.thread.post({ type: 'run', connection: this.id, messages }, messages.map((m) => m.buffer as ArrayBuffer));
    }
    if (terminated) this.push(null);
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.thread.forget(this.id);
    done(error);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.thread.forget(this.id);
    this.push(null);
    done();
  }

  private nextMessageLength(): number | undefined {
    if (!this.started) return this.buffered.length >= 4 ? this.buffered.readInt32BE(0) : undefined;
    return this.buffered.length >= 5 ? 1 + this.buffered.readInt32BE(1) : undefined;
  }
}
