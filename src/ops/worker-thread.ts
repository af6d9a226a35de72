/**
 * Starts a worker thread on a module that sits beside the caller. Compiled (dist/): NAME.js directly. Under
 * tsx or vitest the source is NAME.ts, which a worker thread cannot load by itself (its loader hooks are not
 * inherited), so a tiny bootstrap registers tsx in the worker first and then imports NAME.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startSiblingWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const self = fileURLToPath(callerUrl);
  if (!self.endsWith('.ts')) return new Worker(join(dirname(self), `${name}.js`), options);
  // require.resolve gives the CommonJS build; the worker needs the ES module one beside it
  const tsxApi = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = pathToFileURL(join(dirname(self), `${name}.ts`)).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
