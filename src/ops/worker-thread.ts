/**
 * Starts a worker thread on a module that sits next to the caller. Compiled (dist/): the .js file
 * directly. Under tsx or vitest the source is a .ts file, which a worker thread cannot load by itself
 * (loader hooks are not inherited), so a tiny bootstrap registers tsx in the worker first.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `callerUrl` is the caller's import.meta.url; `name` the module's file name without extension. */
export function startSiblingWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const self = fileURLToPath(callerUrl);
  if (!self.endsWith('.ts')) return new Worker(join(dirname(self), `${name}.js`), options);
  // require.resolve gives the CommonJS build; the worker needs the ES module one beside it
  const tsxApi = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = pathToFileURL(join(dirname(self), `${name}.ts`)).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
