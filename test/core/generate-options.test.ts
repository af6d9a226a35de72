import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTakes, parseGenerateOptions } from '../../src/core/generate.js';
import type { GanModelInfo } from '../../src/core/ports.js';
import { GAN_CATALOG, MODEL_FOR_CARD } from '../../src/ml/catalog.js';

const models: GanModelInfo[] = [...GAN_CATALOG];
const parse = (command: { model?: string; digit?: string; seed?: string; interpolate?: string }) =>
  parseGenerateOptions({ type: 'generate', ...command }, models, () => 5);

describe('/generate options per model', () => {
  it('passes what each model takes', () => {
    expect(parse({ model: 'dcgan', digit: '7', seed: '42', interpolate: '43' })).toEqual({ model: 'dcgan', seed: 42, digit: 7, interpolateTo: 43 });
    expect(parse({ model: 'AE', digit: '3' })).toEqual({ model: 'ae', seed: 5, digit: 3 });
    expect(parse({ model: 'vae', seed: '1' })).toEqual({ model: 'vae', seed: 1 });
    expect(parse({ model: 'cyclegan', digit: '0', interpolate: 'off' })).toEqual({ model: 'cyclegan', seed: 5, digit: 0 });
  });

  it('names the options a model takes when given one it does not', () => {
    expect(() => parse({ model: 'vae', digit: '3' })).toThrow('The vae model does not take a digit. It takes: seed.');
    expect(() => parse({ model: 'ae', interpolate: '9' })).toThrow('The ae model does not take interpolate. It takes: seed, digit (0-9).');
    expect(() => parse({ model: 'cyclegan', interpolate: 'yes' })).toThrow(/It takes: seed, digit \(0-9\)\./);
    expect(describeTakes(GAN_CATALOG[0]!)).toBe('seed, digit (0-9), interpolate (a second seed)');
  });

  it('refuses an unknown model and a digit out of range, listing the choices', () => {
    expect(() => parse({ model: 'gpt' })).toThrow('Unknown model "gpt". Choose one of: dcgan, wgan, ae, vae, cyclegan.');
    expect(() => parse({ model: 'ae', digit: '10' })).toThrow(/digit must be a whole number from 0 to 9/);
  });

  it('gives every lecture model a stable name and a distinct deck card', () => {
    expect(GAN_CATALOG.map((m) => m.name)).toEqual(['dcgan', 'wgan', 'ae', 'vae', 'cyclegan']);
    expect(new Set(GAN_CATALOG.map((m) => m.cardHint)).size).toBe(GAN_CATALOG.length);
    const deck = readFileSync(join(import.meta.dirname, '..', '..', 'decks', 'gan.txt'), 'utf8').toLowerCase();
    for (const { cardHint } of MODEL_FOR_CARD) expect(deck, cardHint).toContain(cardHint.toLowerCase());
  });
});
