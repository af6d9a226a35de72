/**
 * npm run sample:gan [-- --seed 42]
 * Writes models/<name>/sample.png for every shipped model: its /generate picture exactly as the bot renders it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createImageGenerator } from '../src/ml/index.js';
import { modelsDir } from '../src/ml/paths.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '42' } } });
const seed = Number(values.seed);
const generator = await createImageGenerator({ backend: 'wasm' });
for (const info of generator.models()) {
  const image = await generator.generate({ model: info.name, seed });
  const file = join(modelsDir(), info.name, 'sample.png');
  await writeFile(file, image.png);
  console.log(`${file}: ${image.width}x${image.height}, ${Math.round(image.millis)} ms`);
}
await generator.close();
