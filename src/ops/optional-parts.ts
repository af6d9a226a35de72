/**
 * The parts start-up may run without: the /generate image generator and the picture renderer. Each
 * loads on its own; if one cannot (no weights, no canvas library), the bot logs it and answers without.
 */
import type { Config } from '../config.js';
import type { PictureRenderer } from '../core/pictures.js';
import type { ImageGenerator } from '../core/ports.js';
import type { Logger } from '../log.js';
import { instrumentGenerator } from './instrument.js';
import type { Metrics } from './metrics.js';

/** /generate is optional: if the ML module or its weights cannot load, log it and run without. */
export async function loadGenerator(config: Config, metrics: Metrics, log: Logger): Promise<ImageGenerator | undefined> {
  const started = performance.now();
  try {
    const { createImageGenerator } = await import('../ml/index.js');
    const mlLog = log.child({ component: 'ml' });
    const generator = await createImageGenerator({
      maxQueue: config.generate.maxQueue,
      log: (message) => mlLog.info(message),
    });
    log.info(
      { models: generator.models().map((model) => model.name), ms: Math.round(performance.now() - started) },
      'image generator ready',
    );
    return instrumentGenerator(generator, metrics);
  } catch (error) {
    log.warn({ err: error }, 'image generator unavailable: /generate will say so');
    return undefined;
  }
}

/** Pictures are optional too: without fonts or the canvas library, /leaderboard and /stats answer in text. */
export async function loadPictures(log: Logger): Promise<PictureRenderer | undefined> {
  const started = performance.now();
  let renderer: Awaited<ReturnType<typeof import('../pictures/index.js')['createPictureRenderer']>> | undefined;
  try {
    const { createPictureRenderer } = await import('../pictures/index.js');
    const picturesLog = log.child({ component: 'pictures' });
    renderer = createPictureRenderer({ log: (message) => picturesLog.info(message) });
    await renderer.ready();
    log.info({ ms: Math.round(performance.now() - started) }, 'picture renderer ready');
    return renderer;
  } catch (error) {
    await renderer?.close().catch(() => {});
    log.warn({ err: error }, 'picture renderer unavailable: /leaderboard and /stats will answer in text');
    return undefined;
  }
}
