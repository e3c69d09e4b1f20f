import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogisticModel, fitLogistic, logit, sigmoid } from '../../src/engine/ml/logistic';
import { createRng, normal } from '../../src/engine/ml/rng';

/**
 * Rare positives shifted along correlated inputs with a few heavy outliers: nearly separable data, on which full
 * Newton steps overshoot (the fit then stopped far from the optimum, with gradients of 16 and 315).
 */
function nearlySeparable(seed: number, p: number, n: number, shift: number) {
  const rng = createRng(seed);
  const x = new Float32Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng() < 0.05 ? 1 : 0;
    const common = normal(rng);
    for (let j = 0; j < p; j++) {
      let v = 0.9 * common + 0.1 * normal(rng);
      if (rng() < 0.01) v *= 20;
      x[i * p + j] = v + (y[i] ? shift * (j % 2 ? -0.3 : 1) : 0);
    }
  }
  return { x, y, p };
}

/** The gradient of what fitLogistic minimises (class-balanced log-loss + λ/2 |weights|², standardised inputs). */
function penalisedGradient(model: LogisticModel, x: Float32Array, y: Uint8Array, p: number, lambda: number) {
  const n = y.length;
  const positives = y.reduce((a, b) => a + b, 0);
  const gradient = Float64Array.from({ length: p + 1 }, (_, j) => (j < p ? lambda * model.weights[j] : 0));
  for (let i = 0; i < n; i++) {
    const weight = y[i] ? n / (2 * positives) : n / (2 * (n - positives));
    const r = weight * (sigmoid(logit(model, x, i * p)) - y[i]);
    for (let j = 0; j < p; j++) gradient[j] += (r * (x[i * p + j] - model.mean[j])) / model.scale[j];
    gradient[p] += r;
  }
  return Math.hypot(...gradient);
}

test('fitLogistic reaches the regularised optimum on nearly separable data, where full Newton steps overshoot', () => {
  for (const [seed, p, n] of [
    [27, 6, 252],
    [266, 12, 2069],
  ]) {
    const { x, y } = nearlySeparable(seed, p, n, 2);
    const model = fitLogistic(x, y, p, 1);
    const gradient = penalisedGradient(model, x, y, p, 1);
    assert.ok(gradient < 1e-6, `seed ${seed}: gradient ${gradient}`);
  }
});
