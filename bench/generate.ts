/**
 * npm run bench:generate [-- pictures]
 * Latency of one /generate picture per model (p50/p95, end to end through the worker) on each backend present,
 * then the process's peak memory. Goal: p50 <= 30 ms per picture at 28x28 on WASM.
 */
import { createImageGenerator } from '../src/ml/index.js';
import type { BackendPreference } from '../src/ml/backend.js';
import { modelTakes } from '../src/core/generate.js';

const pictures = Number(process.argv[2] ?? 30);
const GOAL_MS = 30;

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
const summary: string[] = [];
for (const backend of backends) {
  const loadStart = performance.now();
  const generator = await createImageGenerator({ backend, maxQueue: 64 });
  console.log(`${backend}: worker ready in ${(performance.now() - loadStart).toFixed(0)} ms`);
  let worst = 0;
  for (const info of generator.models()) {
    const digit = modelTakes(info).includes('digit');
    for (let i = 0; i < 3; i++) await generator.generate({ model: info.name, seed: 1000 + i }); // warm-up
    const latencies: number[] = [];
    const compute: number[] = [];
    let name = '';
    for (let i = 0; i < pictures; i++) {
      const started = performance.now();
      const image = await generator.generate({ model: info.name, seed: i, ...(digit ? { digit: i % 10 } : {}) });
      latencies.push(performance.now() - started);
      compute.push(image.millis);
      name = image.backend;
    }
    latencies.sort((a, b) => a - b);
    compute.sort((a, b) => a - b);
    worst = Math.max(worst, percentile(latencies, 50));
    console.log(
      `  ${name.padEnd(6)} ${info.name.padEnd(9)} p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(latencies, 95).toFixed(1).padStart(6)} ms  (in-worker p50 ${percentile(compute, 50).toFixed(1)} ms, ${pictures} pictures)`,
    );
  }
  await generator.close();
  summary.push(`${backend} worst p50 ${worst.toFixed(1)} ms`);
}
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`peak memory (max RSS, whole process incl. workers): ${peak.toFixed(0)} MB`);
console.log(`summary: ${summary.join('; ')} (goal <= ${GOAL_MS} ms on wasm); peak ${peak.toFixed(0)} MB`);
