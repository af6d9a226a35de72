/**
 * npx tsx bench/generate.ts [grids]
 * Latency of one 4x4 grid (p50/p95, end to end through the worker) and images per second, per backend present;
 * then the process's peak memory. Target: p50 < 100 ms on the WASM backend.
 */
import { createImageGenerator } from '../src/ml/index.js';
import type { BackendPreference } from '../src/ml/backend.js';

const grids = Number(process.argv[2] ?? 40);

async function tfjsNodePresent(): Promise<boolean> {
  try {
    await import(['@tensorflow', 'tfjs-node'].join('/'));
    return true;
  } catch {
    return false;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const backends: BackendPreference[] = (await tfjsNodePresent()) ? ['auto', 'wasm', 'cpu'] : ['wasm', 'cpu'];
for (const backend of backends) {
  const loadStart = performance.now();
  const generator = await createImageGenerator({ backend, maxQueue: 64 });
  const loadMs = performance.now() - loadStart;
  for (let i = 0; i < 5; i++) await generator.generate({ model: 'dcgan', seed: 1000 + i }); // warm-up
  const latencies: number[] = [];
  const computeMillis: number[] = [];
  let name = backend as string;
  for (const model of generator.models().map((m) => m.name)) {
    for (let i = 0; i < grids / 2; i++) {
      const started = performance.now();
      const image = await generator.generate({ model, seed: i, digit: i % 10 });
      latencies.push(performance.now() - started);
      computeMillis.push(image.millis);
      name = image.backend;
    }
  }
  latencies.sort((a, b) => a - b);
  computeMillis.sort((a, b) => a - b);
  // throughput with the queue kept full (requests overlap their round trips)
  const burstStart = performance.now();
  await Promise.all(Array.from({ length: 32 }, (_, i) => generator.generate({ model: 'wgan', seed: 5000 + i })));
  const burstSeconds = (performance.now() - burstStart) / 1000;
  await generator.close();
  console.log(
    `${name.padEnd(10)} load ${loadMs.toFixed(0)} ms | one 4x4 grid: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (${latencies.length} grids; in-worker p50 ${percentile(computeMillis, 50).toFixed(1)} ms) | ` +
      `sequential ${((16 * latencies.length) / (latencies.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)} images/s | queued burst ${((32 * 16) / burstSeconds).toFixed(0)} images/s`,
  );
}
console.log(`peak memory (max RSS, whole process incl. workers): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
