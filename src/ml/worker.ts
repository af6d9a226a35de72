/**
 * Inference worker: picks a backend, loads every model once, then answers generate requests one at a time
 * (each is synchronous here, so the main thread's event loop never waits on TensorFlow).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import { selectBackend } from './backend.js';
import type { ModelName } from './catalog.js';
import { PREVIEW_FILE, readPreviewDigits } from './data.js';
import { drawPicture, type LoadedModel } from './pictures.js';
import { renderPanels } from './png.js';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.js';
import { loadWeights, toTensors } from './weights.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const config = workerData as WorkerConfig;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function start(): Promise<Map<string, LoadedModel>> {
  await selectBackend(config.backend, (message) => send({ type: 'log', message }));
  const digits = await readPreviewDigits(join(config.modelsDir, PREVIEW_FILE));
  const loaded = new Map<string, LoadedModel>();
  for (const info of config.models) {
    const dir = join(config.modelsDir, info.name);
    if (!existsSync(join(dir, 'model.json'))) {
      send({ type: 'log', message: `no weights for ${info.name} in ${dir}: not offered` });
      continue;
    }
    const { manifest, values } = await loadWeights<LoadedModel['meta']>(dir);
    loaded.set(info.name, { name: info.name as ModelName, params: toTensors(values, ''), meta: manifest.meta, digits });
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
      const model = models.get(request.model);
      if (!model) throw new UserError(`Unknown model "${request.model}".`);
      const image = renderPanels(drawPicture(model, request));
      // copy into a buffer of its own so it can be transferred without touching pngjs's pool
      const png = new Uint8Array(image.png);
      send({ type: 'result', id, png, width: image.width, height: image.height, millis: performance.now() - started }, [png.buffer as ArrayBuffer]);
    } catch (error) {
      send({ type: 'error', id, message: error instanceof Error ? error.message : String(error), userError: error instanceof UserError });
    }
  });
  send({ type: 'ready', backend, loaded: [...models.keys()] });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
