/**
 * Picks the fastest TensorFlow.js backend present: tfjs-node (native, optional dependency that only
 * the Docker image installs), else WebAssembly, else the plain JavaScript CPU backend.
 */
import * as tf from '@tensorflow/tfjs';

export type BackendPreference = 'auto' | 'wasm' | 'cpu';

/** tfjs-node is optional: a computed specifier keeps TypeScript and bundlers from requiring it. */
async function tryTfjsNode(): Promise<boolean> {
  const specifier = ['@tensorflow', 'tfjs-node'].join('/');
  try {
    await import(specifier);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/** Selects and initialises a backend; returns its name ('tensorflow', 'wasm' or 'cpu'). */
export async function selectBackend(preference: BackendPreference = 'auto', log: (msg: string) => void = () => {}): Promise<string> {
  if (preference === 'auto' && (await tryTfjsNode())) {
    // fall through to the common ready/log below
  } else if ((preference === 'auto' || preference === 'wasm') && (await tryWasm())) {
    // ok
  } else {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  const name = tf.getBackend();
  log(`tensorflow.js backend: ${name}`);
  return name;
}
