/**
 * Sample-quality figures on the judge's features (judge.ts): Fréchet distance, k-NN precision and recall
 * (Kynkäänniemi et al. 2019), diversity within a digit, and a nearest-neighbour memorisation check in pixel space.
 * Plain arrays in, numbers out, so every figure can be checked on tiny hand-made data (test/ml/metrics.test.ts).
 */
import * as tf from '@tensorflow/tfjs';

/** Rows of `dim` features, flattened. */
export interface FeatureRows {
  data: Float32Array;
  dim: number;
}

const rowsOf = (f: FeatureRows) => f.data.length / f.dim;

export function meanAndCovariance(f: FeatureRows): { mean: Float64Array; cov: Float64Array } {
  const n = rowsOf(f);
  const d = f.dim;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += f.data[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = f.data[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b]! += ca * centred[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / Math.max(1, n - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns) of a symmetric matrix, cyclic Jacobi rotations. */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i]!;
  return { values, vectors: v };
}

function multiply(x: Float64Array, y: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
    const xik = x[i * d + k]!;
    if (xik === 0) continue;
    for (let j = 0; j < d; j++) out[i * d + j]! += xik * y[k * d + j]!;
  }
  return out;
}

/** Symmetric PSD square root through the eigendecomposition (negative round-off eigenvalues clipped to 0). */
function sqrtPsd(m: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, d);
  const scaled = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) scaled[i * d + j] = vectors[i * d + j]! * Math.sqrt(Math.max(0, values[j]!));
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let k = 0; k < d; k++) sum += scaled[i * d + k]! * vectors[j * d + k]!;
    out[i * d + j] = sum;
  }
  return out;
}

/** Fréchet distance between Gaussians fitted to two feature sets: |m1 - m2|^2 + tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2). */
export function frechetDistance(a: FeatureRows, b: FeatureRows): number {
  const d = a.dim;
  const sa = meanAndCovariance(a);
  const sb = meanAndCovariance(b);
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (sa.mean[j]! - sb.mean[j]!) ** 2;
  const root = sqrtPsd(sa.cov, d);
  const inner = multiply(multiply(root, sb.cov, d), root, d);
  const { values } = symmetricEigen(inner, d);
  let trace = 0;
  for (let j = 0; j < d; j++) trace += sa.cov[j * d + j]! + sb.cov[j * d + j]! - 2 * Math.sqrt(Math.max(0, values[j]!));
  return meanTerm + trace;
}

/** Squared Euclidean distances between every row of a and every row of b (tf: fast for thousands of rows). */
export function squaredDistances(a: FeatureRows, b: FeatureRows): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(a.data, [rowsOf(a), a.dim]);
    const y = tf.tensor2d(b.data, [rowsOf(b), b.dim]);
    const d = tf.add(tf.sub(tf.sum(tf.square(x), 1, true), tf.mul(2, tf.matMul(x, y, false, true))), tf.sum(tf.square(y), 1).reshape([1, -1]));
    return tf.relu(d).dataSync() as Float32Array;
  });
}

/** Squared distance from every row to its k-th nearest other row of the same set (a k-element insertion list per row). */
export function kthNeighbourRadii(f: FeatureRows, k: number): Float32Array {
  const n = rowsOf(f);
  const d = squaredDistances(f, f);
  const radii = new Float32Array(n);
  const best = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    best.fill(Infinity);
    for (let j = 0; j < n; j++) {
      const v = d[i * n + j]!;
      if (j === i || v >= best[k - 1]!) continue;
      let at = k - 1;
      while (at > 0 && best[at - 1]! > v) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = v;
    }
    radii[i] = best[k - 1]!;
  }
  return radii;
}

/** Share of `probe` rows inside at least one k-NN ball of `support` (radii: kthNeighbourRadii of support). */
function coverage(support: FeatureRows, radii: Float32Array, probe: FeatureRows): number {
  const n = rowsOf(support);
  const m = rowsOf(probe);
  const d = squaredDistances(probe, support);
  let inside = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (d[i * n + j]! <= radii[j]!) {
        inside++;
        break;
      }
    }
  }
  return inside / m;
}

/** Precision: generated samples that fall on the real manifold; recall: real samples the generated manifold covers. */
export function precisionRecall(real: FeatureRows, generated: FeatureRows, k = 3, realRadii = kthNeighbourRadii(real, k)): { precision: number; recall: number } {
  return { precision: coverage(real, realRadii, generated), recall: coverage(generated, kthNeighbourRadii(generated, k), real) };
}

/** Mean distance between two rows with the same label (0 when each digit is one picture whatever the seed). */
export function withinLabelDistance(f: FeatureRows, labels: ArrayLike<number>, perLabel = 100): number {
  let sum = 0;
  let pairs = 0;
  for (let label = 0; label < 10; label++) {
    const rows: number[] = [];
    for (let i = 0; i < labels.length && rows.length < perLabel; i++) if (labels[i] === label) rows.push(i);
    if (rows.length < 2) continue;
    const subset = { data: new Float32Array(rows.length * f.dim), dim: f.dim };
    rows.forEach((r, i) => subset.data.set(f.data.subarray(r * f.dim, (r + 1) * f.dim), i * f.dim));
    const d = squaredDistances(subset, subset);
    for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) {
      sum += Math.sqrt(d[i * rows.length + j]!);
      pairs++;
    }
  }
  return pairs ? sum / pairs : 0;
}

/** Distance from every probe row to its nearest row of `reference` (pixel space for the memorisation check). */
export function nearestDistances(probe: FeatureRows, reference: FeatureRows, batch = 250): Float32Array {
  const m = rowsOf(probe);
  const n = rowsOf(reference);
  const out = new Float32Array(m);
  for (let start = 0; start < m; start += batch) {
    const end = Math.min(m, start + batch);
    const d = squaredDistances({ data: probe.data.subarray(start * probe.dim, end * probe.dim), dim: probe.dim }, reference);
    for (let i = 0; i < end - start; i++) {
      let best = Infinity;
      for (let j = 0; j < n; j++) best = Math.min(best, d[i * n + j]!);
      out[start + i] = Math.sqrt(best);
    }
  }
  return out;
}

export function median(values: ArrayLike<number>): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

/**
 * Memorisation: how close samples sit to their nearest training digit, against how close unseen real digits sit.
 * `ratio` near 1 means no more copying than chance; `nearCopies` is the share of samples closer to a training digit
 * than all but 1% of the unseen real digits are.
 */
export function memorisation(sampleToTrain: Float32Array, heldOutToTrain: Float32Array): { ratio: number; nearCopies: number } {
  const sorted = Array.from(heldOutToTrain).sort((a, b) => a - b);
  const threshold = sorted[Math.floor(sorted.length * 0.01)] ?? 0;
  const near = Array.from(sampleToTrain).filter((d) => d < threshold).length;
  return { ratio: median(sampleToTrain) / Math.max(1e-9, median(heldOutToTrain)), nearCopies: near / sampleToTrain.length };
}
