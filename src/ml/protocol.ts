/** Messages between the main thread (generator.ts) and the inference worker (worker.ts). */
import type { GanModelInfo, GenerateRequest } from '../core/ports.js';
import type { BackendPreference } from './backend.js';

export interface WorkerConfig {
  backend: BackendPreference;
  modelsDir: string;
  models: readonly GanModelInfo[];
}

export type ToWorker = { type: 'generate'; id: number; request: GenerateRequest };

export type FromWorker =
  | { type: 'log'; message: string }
  | { type: 'ready'; backend: string; loaded: string[] }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; png: Uint8Array; width: number; height: number; millis: number }
  | { type: 'error'; id: number; message: string; userError: boolean };
