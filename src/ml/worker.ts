/**
 * Inference worker: picks a backend, loads every generator once, then answers generate requests one at a time
 * (each is synchronous here, so the main thread's event loop never waits on TensorFlow).
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import { selectBackend } from './backend.js';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.js';
import { renderGrid } from './png.js';
import { sample, type GeneratorWeights } from './sampler.js';
import { loadWeights, toTensors } from './weights.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const config = workerData as WorkerConfig;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function start(): Promise<Map<string, GeneratorWeights>> {
  await selectBackend(config.backend, (message) => send({ type: 'log', message }));
  const loaded = new Map<string, GeneratorWeights>();
  for (const info of config.models) {
    const { manifest, values } = await loadWeights<{ latentDim: number; conditional: boolean }>(join(config.modelsDir, info.name));
    loaded.set(info.name, {
      name: info.name,
      latentDim: manifest.meta.latentDim,
      conditional: manifest.meta.conditional,
      params: toTensors(values, 'g/'),
    });
  }
  return loaded;
}

try {
  const models = await start();
  const { getBackend } = await import('@tensorflow/tfjs');
  const backend = getBackend();
  port.on('message', (message: ToWorker) => {
    const { id, request } = message;
    try {
      const started = performance.now();
      const weights = models.get(request.model);
      if (!weights) throw new UserError(`Unknown model "${request.model}".`);
      const batch = sample(weights, request);
      const image = renderGrid(batch.pixels, { cols: batch.cols, rows: batch.rows });
      // copy into a buffer of its own so it can be transferred without touching pngjs's pool
      const png = new Uint8Array(image.png);
      send({ type: 'result', id, png, width: image.width, height: image.height, millis: performance.now() - started }, [png.buffer as ArrayBuffer]);
    } catch (error) {
      send({ type: 'error', id, message: error instanceof Error ? error.message : String(error), userError: error instanceof UserError });
    }
  });
  send({ type: 'ready', backend, conditional: Object.fromEntries([...models].map(([name, m]) => [name, m.conditional])) });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
