import { afterEach, describe, expect, it } from 'vitest';
import { checkHealth } from '../../src/ops/health.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';

const servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('checkHealth', () => {
  it('is ok when the database answers and every adapter is healthy', async () => {
    const report = await checkHealth({
      database: { kind: 'pglite', ping: async () => {} },
      adapters: () => [
        { name: 'discord', isHealthy: () => true },
        { name: 'scheduler', isHealthy: () => true },
      ],
      shuttingDown: () => false,
    });
    expect(report.status).toBe('ok');
    expect(report.database).toMatchObject({ ok: true, kind: 'pglite' });
    expect(report.adapters).toEqual({ discord: { ok: true }, scheduler: { ok: true } });
  });

  it("lists an adapter's details (each Discord shard) and an unready shard makes it unavailable", async () => {
    const shards = { '0': { status: 'Ready', pingMs: 40 }, '1': { status: 'Reconnecting', pingMs: -1 } };
    const report = await checkHealth({
      database: { ping: async () => {} },
      adapters: () => [{ name: 'discord', isHealthy: () => false, healthDetails: () => ({ shards }) }],
      shuttingDown: () => false,
    });
    expect(report.status).toBe('unavailable');
    expect(report.adapters).toEqual({ discord: { ok: false, shards } });
  });

  it('is unavailable with the reason when the database fails or hangs, an adapter is down or we are stopping', async () => {
    const healthy = { name: 'slack', isHealthy: () => true };
    const refused = await checkHealth({
      database: { ping: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) },
      adapters: () => [healthy],
      shuttingDown: () => false,
    });
    expect(refused.status).toBe('unavailable');
    expect(refused.database).toMatchObject({ ok: false, error: 'connect ECONNREFUSED 127.0.0.1:5432' });

    const hung = await checkHealth({
      database: { ping: () => new Promise<void>(() => {}) },
      adapters: () => [],
      shuttingDown: () => false,
      pingTimeoutMs: 30,
    });
    expect(hung.database).toMatchObject({ ok: false, error: 'no answer within 30 ms' });

    const adapterDown = await checkHealth({
      database: { ping: async () => {} },
      adapters: () => [healthy, { name: 'discord', isHealthy: () => false }, { name: 'x', isHealthy: () => { throw new Error('x'); } }],
      shuttingDown: () => false,
    });
    expect(adapterDown.status).toBe('unavailable');
    expect(adapterDown.adapters).toEqual({ slack: { ok: true }, discord: { ok: false }, x: { ok: false } });

    const stopping = await checkHealth({ database: { ping: async () => {} }, adapters: () => [healthy], shuttingDown: () => true });
    expect(stopping).toMatchObject({ status: 'unavailable', shuttingDown: true });

    const starting = await checkHealth({
      database: { ping: async () => {} },
      adapters: () => [healthy],
      shuttingDown: () => false,
      starting: () => true,
    });
    expect(starting).toMatchObject({ status: 'unavailable', starting: true, shuttingDown: false });
  });
});

describe('startOpsServer', () => {
  async function start(healthy: () => boolean) {
    const metrics = createMetrics({ defaultMetrics: true });
    metrics.interactions.inc({ platform: 'slack', command: 'quiz', outcome: 'ok' });
    const server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry: metrics.registry,
      health: () =>
        checkHealth({ database: { ping: async () => {} }, adapters: () => [{ name: 'slack', isHealthy: healthy }], shuttingDown: () => false }),
    });
    servers.push(server);
    return `http://127.0.0.1:${server.port}`;
  }

  it('serves /healthz as 200 JSON, or 503 with the detail when unhealthy', async () => {
    let healthy = true;
    const base = await start(() => healthy);
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toMatchObject({ status: 'ok', adapters: { slack: { ok: true } } });

    healthy = false;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', adapters: { slack: { ok: false } } });
  });

  it('serves Prometheus text on /metrics, 404 elsewhere and 405 for other methods', async () => {
    const base = await start(() => true);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('studybot_interactions_total{platform="slack",command="quiz",outcome="ok"} 1');
    expect(text).toContain('studybot_process_resident_memory_bytes');

    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
