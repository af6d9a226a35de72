/**
 * The embedded database's thread dying under a running app (PGlite aborting, the thread crashing): the
 * app cannot store anything any more, so it must stop and say so with a failing exit code for its
 * supervisor to restart it, rather than stay up answering with errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startApp } from '../../src/ops/app.js';

const started: { name: string; worker: Worker }[] = [];
vi.mock('../../src/ops/worker-thread.js', async (original) => {
  const real = await original<typeof import('../../src/ops/worker-thread.js')>();
  return {
    ...real,
    startSiblingWorker: (...args: Parameters<typeof real.startSiblingWorker>) => {
      const worker = real.startSiblingWorker(...args);
      started.push({ name: args[1], worker });
      return worker;
    },
  };
});

const dataDir = mkdtempSync(join(tmpdir(), 'studybot-lost-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded database stopping under the app', () => {
  it('finishes the app with exit code 1, and the shutdown still completes', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, HTTP_PORT: '0', GENERATE_ENABLED: 'false', PICTURES_ENABLED: 'false' }, ['--only', 'scheduler']);
    const app = await startApp(config, { log: silentLogger() });
    const base = `http://127.0.0.1:${app.ops!.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    let finished: unknown = null;
    void app.finished.then((f) => (finished = f));

    const thread = started.find((s) => s.name === 'pglite-worker');
    expect(thread).toBeDefined();
    await thread!.worker.terminate();

    expect(await app.finished).toEqual({ reason: 'the embedded database stopped', exitCode: 1 });
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    await app.stop('the embedded database stopped');
    await expect(app.database.ping()).rejects.toThrow();
    expect(finished).not.toBeNull();
  }, 240_000);

  it('does not report a database closed by the app itself as lost', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, HTTP_PORT: 'off', GENERATE_ENABLED: 'false', PICTURES_ENABLED: 'false' }, ['--only', 'scheduler']);
    const app = await startApp(config, { log: silentLogger() });
    const lost = vi.fn();
    void app.database.lost!.then(lost);
    void app.finished.then(lost);
    await app.stop('test');
    // The thread has exited by now: a loss reported on its exit would have settled already.
    await new Promise((resolve) => setImmediate(resolve));
    expect(lost).not.toHaveBeenCalled();
  }, 240_000);
});
