import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/ml/backend.js';
import { frechetDistance, memorisation, nearestDistances, precisionRecall, symmetricEigen, withinLabelDistance } from '../../src/ml/metrics.js';
import { gaussian, mulberry32 } from '../../src/ml/rng.js';

/** n rows of independent normals with per-dimension standard deviation and mean. */
function normalRows(n: number, sd: number[], mean: number[], seed: number) {
  const draw = gaussian(mulberry32(seed));
  const data = new Float32Array(n * sd.length);
  for (let i = 0; i < n; i++) sd.forEach((s, j) => (data[i * sd.length + j] = (mean[j] as number) + s * draw()));
  return { data, dim: sd.length };
}

describe('sample-quality metrics', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('decomposes a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 9), expect.closeTo(3, 9)]);
    expect(Math.abs(vectors[0]! * vectors[1]! + vectors[2]! * vectors[3]!)).toBeLessThan(1e-9); // orthogonal columns
  });

  it('Fréchet distance: 0 for the same set, |shift|^2 for a shifted one, the covariance term for different spreads', () => {
    const a = normalRows(4000, [1, 2], [0, 0], 1);
    expect(frechetDistance(a, a)).toBeCloseTo(0, 6);
    const shifted = { data: a.data.map((v, i) => v + (i % 2 === 0 ? 3 : 0)), dim: 2 };
    expect(frechetDistance(a, shifted)).toBeCloseTo(9, 3);
    // diag(1, 4) vs diag(4, 1): tr(C1 + C2 - 2 sqrt(C1 C2)) = 10 - 2 * (2 + 2) = 2
    const b = normalRows(4000, [2, 1], [0, 0], 2);
    expect(frechetDistance(a, b)).toBeGreaterThan(1.6);
    expect(frechetDistance(a, b)).toBeLessThan(2.4);
  });

  it('precision and recall: full for the same distribution, none for a far one, recall drops on collapse', () => {
    const real = normalRows(200, [1, 1], [0, 0], 3);
    const same = normalRows(200, [1, 1], [0, 0], 4);
    const far = normalRows(200, [1, 1], [50, 50], 5);
    const sameScores = precisionRecall(real, same);
    expect(sameScores.precision).toBeGreaterThan(0.85);
    expect(sameScores.recall).toBeGreaterThan(0.85);
    expect(precisionRecall(real, far)).toEqual({ precision: 0, recall: 0 });
    const collapsed = normalRows(200, [0.05, 0.05], [0, 0], 6);
    const collapsedScores = precisionRecall(real, collapsed);
    expect(collapsedScores.precision).toBeGreaterThan(0.6); // on the manifold, mostly
    expect(collapsedScores.precision).toBeGreaterThan(collapsedScores.recall * 3);
    expect(collapsedScores.recall).toBeLessThan(0.3);
  });

  it('diversity within a label is 0 when every sample of a digit is the same', () => {
    const rows = { data: Float32Array.from([1, 1, 1, 1, 5, 5, 5, 5]), dim: 2 };
    expect(withinLabelDistance(rows, [0, 0, 1, 1])).toBe(0);
    expect(withinLabelDistance(rows, [0, 1, 0, 1])).toBeCloseTo(Math.sqrt(32), 5);
  });

  it('memorisation: copies of training rows are flagged, fresh samples are not', () => {
    const train = normalRows(500, [1, 1, 1], [0, 0, 0], 7);
    const heldOut = normalRows(200, [1, 1, 1], [0, 0, 0], 8);
    const reference = nearestDistances(heldOut, train);
    const copies = { data: train.data.slice(0, 100 * 3), dim: 3 };
    const copied = memorisation(nearestDistances(copies, train), reference);
    expect(copied.nearCopies).toBe(1);
    expect(copied.ratio).toBeLessThan(0.01);
    const fresh = memorisation(nearestDistances(normalRows(200, [1, 1, 1], [0, 0, 0], 9), train), reference);
    expect(fresh.ratio).toBeGreaterThan(0.7);
    expect(fresh.nearCopies).toBeLessThan(0.1);
  });
});
