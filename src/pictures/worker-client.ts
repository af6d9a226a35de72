/**
 * The main thread's side of the render worker: posts cards, matches answers to requests, and turns every
 * way drawing can fail (the worker failing to start, a card it cannot draw, a crash, a hang, too many
 * waiting) into a rejected promise. A worker that crashes after starting is replaced on the next card;
 * one that could not start (fonts missing) is not retried.
 */
import type { Worker } from 'node:worker_threads';
import type { PictureCard } from '../core/pictures.js';
import { startSiblingWorker } from '../ops/worker-thread.js';
import type { DrawnCard } from './draw.js';
import type { FromRenderWorker, RenderWorkerConfig, ToRenderWorker } from './protocol.js';

export interface WorkerDrawerOptions extends RenderWorkerConfig {
  /** Longest a card may take; then its promise rejects (the text reply must not wait on it). */
  timeoutMs: number;
  /** Cards waiting or drawing at once; one more is rejected at once. */
  maxQueue: number;
  log: (message: string) => void;
}

interface Pending {
  resolve: (card: DrawnCard) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Running {
  worker: Worker;
  ready: Promise<void>;
}

export class WorkerDrawer {
  private readonly pending = new Map<number, Pending>();
  private running: Running | null = null;
  private stopped: Error | null = null;
  private nextId = 1;

  constructor(private readonly options: WorkerDrawerOptions) {
    this.start();
  }

  /** Resolves once the worker has its fonts and has drawn the warm-up cards. */
  ready(): Promise<void> {
    return this.stopped ? Promise.reject(this.stopped) : this.start().ready;
  }

  async draw(card: PictureCard): Promise<DrawnCard> {
    if (this.stopped) throw this.stopped;
    if (this.pending.size >= this.options.maxQueue) throw new Error(`too many pictures waiting (${this.options.maxQueue})`);
    const id = this.nextId++;
    return new Promise<DrawnCard>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, new Error(`the picture took longer than ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      const { worker, ready } = this.start();
      ready.then(
        () => worker.postMessage({ type: 'render', id, card } satisfies ToRenderWorker),
        (error: Error) => this.settle(id, error),
      );
    });
  }

  async close(): Promise<void> {
    this.stopped ??= new Error('The picture renderer has been closed.');
    this.failAll(this.stopped);
    const running = this.running;
    this.running = null;
    await running?.worker.terminate();
  }

  private settle(id: number, outcome: DrawnCard | Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }

  private failAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id, error);
  }

  private start(): Running {
    if (this.running) return this.running;
    const worker = startSiblingWorker(import.meta.url, 'worker', { workerData: { fontPackages: this.options.fontPackages } satisfies RenderWorkerConfig });
    let started = false;
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromRenderWorker) => {
        switch (message.type) {
          case 'ready':
            started = true;
            this.options.log(`picture renderer ready in ${Math.round(message.millis)} ms`);
            resolve();
            break;
          case 'failed':
            // no font, no pictures: a broken install does not mend itself, so later cards fail at once
            this.stopped = new Error(`the picture renderer could not start: ${message.message}`);
            reject(this.stopped);
            void worker.terminate();
            break;
          case 'result':
            this.settle(message.id, { png: message.png, width: message.width, height: message.height });
            break;
          case 'error':
            this.settle(message.id, new Error(`could not draw the picture: ${message.message}`));
            break;
        }
      });
      worker.on('error', (error) => {
        this.options.log(`picture renderer crashed: ${error.message}`);
        reject(error);
      });
      worker.on('exit', (code) => {
        if (this.running?.worker === worker) this.running = null;
        const error = this.stopped ?? new Error(`the picture renderer stopped (exit code ${code})`);
        if (!started) reject(error);
        this.failAll(error);
      });
    });
    ready.catch(() => {}); // each caller hears of a failed start through its own promise
    this.running = { worker, ready };
    return this.running;
  }
}
