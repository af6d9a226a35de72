/**
 * npm run train -- --model dcgan|wgan|classifier [--epochs N] [--fresh] [--backend auto|wasm|cpu]
 * Resumes from ml-runs/<model>/checkpoint unless --fresh; writes a sample grid per epoch there;
 * exports the final weights to models/<model>/.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { selectBackend, type BackendPreference } from '../src/ml/backend.js';
import { projectRoot } from '../src/ml/paths.js';
import { trainClassifier } from '../src/ml/train-classifier.js';
import { trainGan, type GanKind } from '../src/ml/train-gan.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'dcgan' },
    epochs: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'auto' },
    'batch-size': { type: 'string', default: '64' },
  },
});

const model = values.model as string;
if (!['dcgan', 'wgan', 'classifier'].includes(model)) {
  console.error(`unknown --model ${model} (dcgan, wgan or classifier)`);
  process.exit(2);
}
const defaults: Record<string, number> = { dcgan: 30, wgan: 30, classifier: 12 };
const epochs = Number(values.epochs ?? defaults[model]);
const batchSize = Number(values['batch-size']);
if (!Number.isInteger(epochs) || epochs < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
  console.error('--epochs and --batch-size must be positive whole numbers');
  process.exit(2);
}

const root = projectRoot();
await selectBackend(values.backend as BackendPreference, (msg) => console.log(msg));
const bar = new cliProgress.SingleBar(
  { format: `${model} epoch {epoch}/{epochs} [{bar}] {percentage}% | batch {value}/{total} | {losses} | eta {eta_formatted}`, noTTYOutput: true, notTTYSchedule: 30_000 },
  cliProgress.Presets.shades_classic,
);
let currentEpoch = 0;

if (model === 'classifier') {
  const meta = await trainClassifier({
    epochs,
    batchSize,
    exportDir: join(root, 'models', 'classifier'),
    onProgress: (p) => {
      if (p.epoch !== currentEpoch) {
        if (currentEpoch) bar.stop();
        currentEpoch = p.epoch;
        bar.start(p.batches, 0, { epoch: p.epoch, epochs: p.epochs, losses: '' });
      }
      bar.update(p.batch, { epoch: p.epoch, epochs: p.epochs, losses: `loss ${p.loss.toFixed(4)}` });
    },
  });
  bar.stop();
  console.log(`classifier: held-out accuracy ${(meta.testAccuracy * 100).toFixed(2)}% on ${meta.testImages} digits, ${meta.trainSeconds.toFixed(0)} s`);
} else {
  const meta = await trainGan({
    kind: model as GanKind,
    epochs,
    batchSize,
    runDir: join(root, 'ml-runs', model),
    exportDir: join(root, 'models', model),
    resume: !values.fresh,
    log: (msg) => console.log(msg),
    onProgress: (p) => {
      if (p.epoch !== currentEpoch) {
        if (currentEpoch) bar.stop();
        currentEpoch = p.epoch;
        bar.start(p.batches, 0, { epoch: p.epoch, epochs: p.epochs, losses: '' });
      }
      bar.update(p.batch, { epoch: p.epoch, epochs: p.epochs, losses: `D ${p.dLoss.toFixed(3)} G ${p.gLoss.toFixed(3)}` });
    },
  });
  bar.stop();
  console.log(`${model}: ${meta.epochsDone} epochs, ${(meta.trainSeconds / 60).toFixed(1)} min of training on ${meta.backend}`);
}
