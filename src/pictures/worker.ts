/**
 * The render worker: opens the fonts, draws the warm-up cards, then draws each card it is sent. Drawing is
 * synchronous canvas work, so it runs here and never holds up the main thread's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { drawCard } from './draw.js';
import { openFontBook } from './fonts.js';
import type { FromRenderWorker, RenderWorkerConfig, ToRenderWorker } from './protocol.js';
import { warmUpCards } from './warmup.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const config = (workerData ?? {}) as RenderWorkerConfig;
const send = (message: FromRenderWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

try {
  const started = performance.now();
  const fonts = openFontBook(config.fontPackages);
  for (const card of warmUpCards()) await drawCard(card, fonts);
  port.on('message', async ({ id, card }: ToRenderWorker) => {
    try {
      const begun = performance.now();
      const drawn = await drawCard(card, fonts);
      // a buffer of its own, so it can be transferred rather than copied
      const png = drawn.png.slice();
      send({ type: 'result', id, png, width: drawn.width, height: drawn.height, millis: performance.now() - begun }, [png.buffer as ArrayBuffer]);
    } catch (error) {
      send({ type: 'error', id, message: messageOf(error) });
    }
  });
  send({ type: 'ready', millis: performance.now() - started });
} catch (error) {
  send({ type: 'failed', message: messageOf(error) });
}
