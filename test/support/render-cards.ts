/**
 * Child process for fonts-hidden.test.ts, run where the system's fonts cannot be seen:
 *   node --import tsx test/support/render-cards.ts cards.json out-dir
 * Draws each card of cards.json through the worker renderer into out-dir/<index>.png, and system.png:
 * "Hello" in the usual system fonts, which must come out blank.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import type { PictureCard } from '../../src/core/pictures.js';
import { createPictureRenderer } from '../../src/pictures/index.js';

const [cardsFile, outDir] = process.argv.slice(2) as [string, string];
const cards = JSON.parse(readFileSync(cardsFile, 'utf8')) as PictureCard[];

const system = createCanvas(200, 60);
const ctx = system.getContext('2d');
ctx.fillStyle = '#ffffff';
ctx.fillRect(0, 0, 200, 60);
ctx.fillStyle = '#000000';
ctx.font = "30px 'DejaVu Sans', 'Liberation Sans', sans-serif";
ctx.fillText('Hello', 10, 40);
writeFileSync(join(outDir, 'system.png'), system.encodeSync('png'));

// generous: a loaded machine is slow, and this checks what is drawn, not how fast
const renderer = createPictureRenderer({ timeoutMs: 120_000 });
try {
  await renderer.ready();
  for (const [i, card] of cards.entries()) writeFileSync(join(outDir, `${i}.png`), (await renderer.render(card)).png);
} finally {
  await renderer.close();
}
