import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/ml/backend.js';
import { loadSplit, headOf } from '../src/ml/data.js';
import { TRAINERS } from '../src/ml/trainers.js';
await selectBackend('wasm');
const s = loadSplit();
for (const kind of process.argv.slice(2)) {
  const t = performance.now(); const c0 = process.cpuUsage();
  let n = 0;
  await TRAINERS[kind]!.train({ data: headOf(s.gan, kind === 'cyclegan' ? 640 : 320), epochs: 1, runDir: '/tmp/speed/' + kind, exportDir: '/tmp/speed-x/' + kind, onProgress: (p) => { n = p.batch; if (p.batch === p.batches) console.log(JSON.stringify(p.losses)); } });
  const c = process.cpuUsage(c0);
  console.log(kind, n, 'steps', ((performance.now() - t) / n).toFixed(0), 'ms/step wall', ((c.user + c.system) / 1000 / n).toFixed(0), 'ms/step cpu', tf.memory().numTensors);
}
