/** Messages between the main thread (renderer.ts) and the render worker (worker.ts). */
import type { PictureCard } from '../core/pictures.js';
import type { FontPackage } from './fonts.js';

export interface RenderWorkerConfig {
  /** Which font packages to draw with (default: all of FONT_PACKAGES). */
  fontPackages?: readonly FontPackage[];
}

export type ToRenderWorker = { type: 'render'; id: number; card: PictureCard };

export type FromRenderWorker =
  | { type: 'ready'; millis: number }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; png: Uint8Array; width: number; height: number; millis: number }
  | { type: 'error'; id: number; message: string };
