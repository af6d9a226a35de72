/**
 * Weights on disk without tfjs-node: `model.json` (names, shapes, metadata) + `weights.bin` (raw values in order).
 * Shipped models use float16 to halve their size; checkpoints use float32 so training resumes exactly.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface TensorEntry {
  name: string;
  shape: number[];
}

export interface WeightsManifest<Meta = Record<string, unknown>> {
  format: 'studybot-weights/1';
  dtype: 'float32' | 'float16';
  tensors: TensorEntry[];
  meta: Meta;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half from single precision, rounding to nearest (weights are small; no need for exotic cases beyond inf/nan). */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant = (mant | 0x800000) >>> (1 - e);
    return sign | ((mant + 0x1000) >>> 13);
  }
  const half = sign | (e << 10) | (mant >>> 13);
  // round to nearest: carry into the exponent is the correct result
  return mant & 0x1000 ? half + 1 : half;
}

export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export async function saveWeights<Meta>(
  dir: string,
  tensors: Map<string, tf.Tensor>,
  meta: Meta,
  dtype: 'float32' | 'float16' = 'float32',
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries: TensorEntry[] = [];
  const chunks: Float32Array[] = [];
  for (const [name, tensor] of tensors) {
    entries.push({ name, shape: tensor.shape });
    chunks.push((await tensor.data()) as Float32Array);
  }
  const total = chunks.reduce((sum, c) => sum + c.length, 0);
  let bytes: Uint8Array;
  if (dtype === 'float16') {
    const halves = new Uint16Array(total);
    let offset = 0;
    for (const chunk of chunks) for (const v of chunk) halves[offset++] = toHalf(v);
    bytes = new Uint8Array(halves.buffer);
  } else {
    const floats = new Float32Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      floats.set(chunk, offset);
      offset += chunk.length;
    }
    bytes = new Uint8Array(floats.buffer);
  }
  const manifest: WeightsManifest<Meta> = { format: 'studybot-weights/1', dtype, tensors: entries, meta };
  // write-then-rename so an interrupted save never leaves a half checkpoint behind
  await writeFile(join(dir, 'weights.bin.tmp'), bytes);
  await writeFile(join(dir, 'model.json.tmp'), JSON.stringify(manifest, null, 2));
  await rename(join(dir, 'weights.bin.tmp'), join(dir, 'weights.bin'));
  await rename(join(dir, 'model.json.tmp'), join(dir, 'model.json'));
}

export interface LoadedWeights<Meta> {
  manifest: WeightsManifest<Meta>;
  values: Map<string, { shape: number[]; data: Float32Array }>;
}

export async function loadWeights<Meta = Record<string, unknown>>(dir: string): Promise<LoadedWeights<Meta>> {
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as WeightsManifest<Meta>;
  if (manifest.format !== 'studybot-weights/1') throw new Error(`${dir}: unknown weights format`);
  const raw = await readFile(join(dir, 'weights.bin'));
  const width = manifest.dtype === 'float16' ? 2 : 4;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  let offset = 0;
  for (const entry of manifest.tensors) {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (offset + size * width > raw.byteLength) throw new Error(`${dir}: weights.bin is shorter than model.json says`);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      data[i] = width === 2 ? fromHalf(view.getUint16(offset + i * 2, true)) : view.getFloat32(offset + i * 4, true);
    }
    values.set(entry.name, { shape: entry.shape, data });
    offset += size * width;
  }
  return { manifest, values };
}

/** Constant tensors for inference (kept alive until disposed by the owner). */
export function toTensors(values: LoadedWeights<unknown>['values'], prefix: string): Map<string, tf.Tensor> {
  const tensors = new Map<string, tf.Tensor>();
  for (const [name, value] of values) {
    if (name.startsWith(prefix)) tensors.set(name, tf.keep(tf.tensor(value.data, value.shape)));
  }
  return tensors;
}

/** Overwrites variables from loaded values (resuming a checkpoint). */
export function assignVariables(values: LoadedWeights<unknown>['values'], target: Map<string, tf.Variable>, prefix: string): void {
  for (const [name, variable] of target) {
    if (!name.startsWith(prefix)) continue;
    const value = values.get(name);
    if (!value) throw new Error(`weights have no tensor ${name}`);
    const tensor = tf.tensor(value.data, value.shape);
    variable.assign(tensor);
    tensor.dispose();
  }
}
