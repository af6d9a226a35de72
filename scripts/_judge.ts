import { selectBackend } from '../src/ml/backend.js';
import { loadSplit } from '../src/ml/data.js';
import { trainJudge } from '../src/ml/judge.js';
await selectBackend('wasm', console.log);
const s = loadSplit();
let last = 0;
const m = await trainJudge({ train: s.judge, test: s.heldOut, epochs: Number(process.argv[2] ?? 15), exportDir: 'models/judge', onProgress: (p) => { if (p.epoch !== last && p.batch === p.batches) { last = p.epoch; console.log(`epoch ${p.epoch} loss ${p.loss.toFixed(4)}`); } } });
console.log(JSON.stringify(m));
