/**
 * ImageGenerator over a worker thread: the models load once in the worker; requests are queued there
 * with a bound (beyond it: BusyError) and answered in order.
 */
import type { Worker } from 'node:worker_threads';
import { BusyError, UserError } from '../core/errors.js';
import { startSiblingWorker } from '../ops/worker-thread.js';
import { describeTakes, modelTakes } from '../core/generate.js';
import type { GanModelInfo, GeneratedImage, GenerateRequest, ImageGenerator } from '../core/ports.js';
import type { BackendPreference } from './backend.js';
import { GAN_CATALOG } from './catalog.js';
import { modelsDir as defaultModelsDir } from './paths.js';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.js';
import { validateRequest } from './sampler.js';

export interface ImageGeneratorOptions {
  /** Requests waiting or running at once; one more gets BusyError. Default 8. */
  maxQueue?: number;
  backend?: BackendPreference;
  log?: (msg: string) => void;
  /** Where models/<name>/ live; defaults to the project's models/. */
  modelsDir?: string;
}

interface Pending {
  model: string;
  resolve: (image: GeneratedImage) => void;
  reject: (error: Error) => void;
}

/** Starts worker.ts (worker.js when compiled) next to this file. */
function startWorker(config: WorkerConfig): Worker {
  return startSiblingWorker(import.meta.url, 'worker', { workerData: config });
}

export async function createImageGenerator(options: ImageGeneratorOptions = {}): Promise<ImageGenerator> {
  const maxQueue = options.maxQueue ?? 8;
  if (!Number.isInteger(maxQueue) || maxQueue < 1) throw new Error('maxQueue must be a positive whole number');
  const log = options.log ?? (() => {});
  const config: WorkerConfig = {
    backend: options.backend ?? 'auto',
    modelsDir: options.modelsDir ?? defaultModelsDir(),
    models: GAN_CATALOG,
  };
  const worker = startWorker(config);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped: Error | null = null;
  let backend = 'unknown';
  let catalog: GanModelInfo[] = [];

  const failAll = (error: Error) => {
    stopped ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'log':
          log(message.message);
          break;
        case 'ready':
          backend = message.backend;
          catalog = GAN_CATALOG.filter((info) => message.loaded.includes(info.name));
          log(`image generator ready: ${catalog.map((m) => m.name).join(', ')} on ${backend}`);
          resolve();
          break;
        case 'failed':
          reject(new Error(`image generator failed to start: ${message.message}`));
          break;
        case 'result': {
          const p = pending.get(message.id);
          pending.delete(message.id);
          p?.resolve({ png: message.png, width: message.width, height: message.height, model: p.model, backend, millis: message.millis });
          break;
        }
        case 'error': {
          const p = pending.get(message.id);
          pending.delete(message.id);
          p?.reject(message.userError ? new UserError(message.message) : new Error(message.message));
          break;
        }
      }
    });
    worker.on('error', (error) => {
      reject(error);
      failAll(new Error(`image generator crashed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      reject(new Error(`image generator worker exited (${code}) before it was ready`));
      failAll(new Error('The image generator has stopped.'));
    });
  });

  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  return {
    models: () => catalog,
    generate(request: GenerateRequest): Promise<GeneratedImage> {
      if (stopped) return Promise.reject(stopped);
      const info = catalog.find((m) => m.name === request.model);
      if (!info) {
        return Promise.reject(new UserError(`Unknown model "${request.model}". Try one of: ${catalog.map((m) => m.name).join(', ')}.`));
      }
      try {
        validateRequest(request, modelTakes(info), describeTakes(info));
      } catch (error) {
        return Promise.reject(error);
      }
      if (pending.size >= maxQueue) return Promise.reject(new BusyError());
      const id = nextId++;
      return new Promise<GeneratedImage>((resolve, reject) => {
        pending.set(id, { model: request.model, resolve, reject });
        const message: ToWorker = { type: 'generate', id, request: { ...request } };
        worker.postMessage(message);
      });
    },
    async close(): Promise<void> {
      failAll(new Error('The image generator has been closed.'));
      await worker.terminate();
    },
  };
}
