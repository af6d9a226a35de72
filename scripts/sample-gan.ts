/**
 * npx tsx scripts/sample-gan.ts --model dcgan --out grid.png [--seed 1] [--digit 7] [--to 2]
 * Writes one grid exactly as /generate would render it (through the worker).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createImageGenerator } from '../src/ml/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'dcgan' },
    out: { type: 'string', default: 'grid.png' },
    seed: { type: 'string', default: '1' },
    digit: { type: 'string' },
    to: { type: 'string' },
  },
});
const generator = await createImageGenerator({ log: (m) => console.log(m) });
try {
  const image = await generator.generate({
    model: values.model as string,
    seed: Number(values.seed),
    ...(values.digit !== undefined ? { digit: Number(values.digit) } : {}),
    ...(values.to !== undefined ? { interpolateTo: Number(values.to) } : {}),
  });
  await writeFile(values.out as string, image.png);
  console.log(`${values.out}: ${image.width}x${image.height}, ${image.png.length} bytes, ${image.millis.toFixed(1)} ms on ${image.backend}`);
} finally {
  await generator.close();
}
