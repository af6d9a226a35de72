/**
 * The PictureRenderer: cards drawn in a worker thread (a card costs 30-40 ms of CPU, two thirds of it PNG
 * compression, too long to hold the event loop), kept a minute per key, described by their alt text.
 */
import { createHash } from 'node:crypto';
import { pictureAlt, type PictureCard, type PictureRenderer, type RenderedPicture } from '../core/pictures.js';
import { systemClock, type Clock } from '../core/ports.js';
import { PictureCache } from './cache.js';
import { drawCard, type DrawnCard } from './draw.js';
import { openFontBook, type FontPackage } from './fonts.js';
import { WorkerDrawer } from './worker-client.js';

export interface PictureRendererOptions {
  /** Draw on the calling thread instead of a worker (tests that change the process's fonts; benchmarks). */
  inline?: boolean;
  clock?: Clock;
  /** How long a picture is reused under its cache key. Default one minute. */
  cacheTtlMs?: number;
  /** Longest a picture may take from the call, the worker's start-up included, before render() rejects. Default 5 s. */
  timeoutMs?: number;
  /** Pictures waiting or drawing at once; one more is rejected at once. Default 32. */
  maxQueue?: number;
  /** Font packages to draw with (default all). */
  fontPackages?: readonly FontPackage[];
  log?: (message: string) => void;
}

export interface StartedPictureRenderer extends PictureRenderer {
  /** Resolves when the worker is ready (fonts loaded, warm-up drawn); rejects when it cannot start. */
  ready(): Promise<void>;
}

interface Drawer {
  draw(card: PictureCard): Promise<DrawnCard>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

function inlineDrawer(fontPackages: readonly FontPackage[] | undefined): Drawer {
  let fonts: ReturnType<typeof openFontBook> | undefined;
  let closed = false;
  const book = () => (fonts ??= openFontBook(fontPackages));
  return {
    draw: async (card) => {
      if (closed) throw new Error('The picture renderer has been closed.');
      return drawCard(card, book());
    },
    ready: async () => void book(),
    close: async () => void (closed = true),
  };
}

/** Same data, same fingerprint: the cache's guard against showing numbers other than the text's. */
function fingerprint(card: PictureCard): string {
  return createHash('sha1').update(JSON.stringify(card)).digest('base64');
}

export function createPictureRenderer(options: PictureRendererOptions = {}): StartedPictureRenderer {
  const drawer: Drawer = options.inline
    ? inlineDrawer(options.fontPackages)
    : new WorkerDrawer({
        timeoutMs: options.timeoutMs ?? 5_000,
        maxQueue: options.maxQueue ?? 32,
        fontPackages: options.fontPackages,
        log: options.log ?? (() => {}),
      });
  const cache = new PictureCache<DrawnCard>({ clock: options.clock ?? systemClock, ttlMs: options.cacheTtlMs });

  return {
    async render(card, renderOptions = {}): Promise<RenderedPicture> {
      const key = renderOptions.cacheKey;
      const drawn = await (key === undefined ? drawer.draw(card) : cache.get(key, fingerprint(card), () => drawer.draw(card)));
      return { ...drawn, alt: pictureAlt(card), filename: `${card.kind}.png` };
    },
    invalidate: (prefixes) => cache.invalidate(prefixes),
    ready: () => drawer.ready(),
    close: () => drawer.close(),
  };
}
