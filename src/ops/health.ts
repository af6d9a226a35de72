/**
 * /healthz: the database answers a ping in time and every running part says it is connected.
 * While starting (adapters still connecting) and while shutting down the process reports unhealthy,
 * so load balancers send work only to a replica that has every part up.
 */
import type { RunningAdapter } from '../bot/adapter.js';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: { ok: boolean; kind?: string; error?: string; ms?: number };
  adapters: Record<string, { ok: boolean; [detail: string]: unknown }>;
  starting: boolean;
  shuttingDown: boolean;
}

export interface HealthSources {
  database: { kind?: string; ping(): Promise<void> };
  /** Read on every check: parts may start after the health server does. */
  adapters(): readonly Pick<RunningAdapter, 'name' | 'isHealthy' | 'healthDetails'>[];
  shuttingDown(): boolean;
  /** True until every part has started. Default: started. */
  starting?(): boolean;
  /** A ping slower than this counts as unreachable. Default 2 s. */
  pingTimeoutMs?: number;
}

export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const database = await pingWithin(sources.database.ping, sources.pingTimeoutMs ?? 2000);
  const adapters: HealthReport['adapters'] = {};
  for (const adapter of sources.adapters()) {
    adapters[adapter.name] = { ...adapter.healthDetails?.(), ok: safeHealthy(adapter) };
  }
  const shuttingDown = sources.shuttingDown();
  const starting = sources.starting?.() ?? false;
  const ok = database.ok && Object.values(adapters).every((adapter) => adapter.ok) && !starting && !shuttingDown;
  return {
    status: ok ? 'ok' : 'unavailable',
    database: { kind: sources.database.kind, ...database },
    adapters,
    starting,
    shuttingDown,
  };
}

async function pingWithin(ping: () => Promise<void>, timeoutMs: number): Promise<{ ok: boolean; error?: string; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ping(), timeout]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // The driver's message says what is wrong (refused, timed out) without credentials.
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

function safeHealthy(adapter: Pick<RunningAdapter, 'isHealthy'>): boolean {
  try {
    return adapter.isHealthy();
  } catch {
    return false;
  }
}
