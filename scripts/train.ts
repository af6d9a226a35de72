/**
 * npm run train -- --model judge|ae|vae|dcgan|wgan|cyclegan [--epochs N] [--fresh] [--backend auto|wasm|cpu]
 * Resumes from ml-runs/<model>/checkpoint unless --fresh; writes a sample grid per epoch there; exports the
 * shipped weights to models/<model>/ after every epoch. Same seeds, same data split: the same weights again.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { selectBackend, type BackendPreference } from '../src/ml/backend.js';
import { loadSplit, PREVIEW_FILE, writePreviewDigits } from '../src/ml/data.js';
import { JUDGE_DIR, trainJudge } from '../src/ml/judge.js';
import { projectRoot } from '../src/ml/paths.js';
import { TRAINERS, type Progress } from '../src/ml/trainers.js';

const MODELS = ['judge', ...Object.keys(TRAINERS)];
/** The shipped judge's epochs. */
const JUDGE_EPOCHS = 30;
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    epochs: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'auto' },
  },
});

const model = values.model ?? '';
if (!MODELS.includes(model)) {
  console.error(`--model must be one of: ${MODELS.join(', ')}${model ? ` (got "${model}")` : ''}`);
  process.exit(2);
}
const trainer = TRAINERS[model];
const epochs = Number(values.epochs ?? (trainer?.defaultEpochs ?? JUDGE_EPOCHS));
if (!Number.isInteger(epochs) || epochs < 1) {
  console.error('--epochs must be a positive whole number');
  process.exit(2);
}

const root = projectRoot();
await selectBackend(values.backend as BackendPreference, (msg) => console.log(msg));
const bar = new cliProgress.SingleBar(
  { format: `${model} epoch {epoch}/{epochs} [{bar}] {percentage}% | batch {value}/{total} | {losses} | eta {eta_formatted}`, noTTYOutput: true, notTTYSchedule: 30_000 },
  cliProgress.Presets.shades_classic,
);
let currentEpoch = 0;
const onProgress = (p: Progress) => {
  if (p.epoch !== currentEpoch) {
    if (currentEpoch) bar.stop();
    currentEpoch = p.epoch;
    bar.start(p.batches, 0, { epoch: p.epoch, epochs: p.epochs, losses: '' });
  }
  bar.update(p.batch, { epoch: p.epoch, epochs: p.epochs, losses: Object.entries(p.losses).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(' ') });
};

const split = loadSplit();
// the unseen digits the pictures start from (ae, vae, cyclegan): deterministic, so rewriting it changes nothing
await writePreviewDigits(join(root, 'models', PREVIEW_FILE));
if (model === 'judge') {
  const meta = await trainJudge({
    train: split.judge,
    test: split.heldOut,
    epochs,
    exportDir: join(root, 'models', JUDGE_DIR),
    onProgress: (p) => onProgress({ ...p, losses: { loss: p.loss } }),
  });
  bar.stop();
  console.log(`judge: held-out accuracy ${(meta.testAccuracy * 100).toFixed(2)}% on ${meta.testImages} digits, ${meta.trainSeconds.toFixed(0)} s`);
} else {
  const meta = await trainer!.train({
    data: split.gan,
    epochs,
    runDir: join(root, 'ml-runs', model),
    exportDir: join(root, 'models', model),
    resume: !values.fresh,
    log: (msg) => {
      bar.stop();
      currentEpoch = 0;
      console.log(msg);
    },
    onProgress,
  });
  bar.stop();
  console.log(`${model}: ${meta.epochsDone} epochs, ${(meta.trainSeconds / 60).toFixed(1)} min of training on ${meta.backend}`);
}
