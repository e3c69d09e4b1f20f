import { addGram, solveSpd } from './linalg';

/** L2-regularised logistic regression fitted by Newton's method on standardised inputs (deterministic). */
export interface LogisticModel {
  mean: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  bias: number;
}

const NEWTON_STEPS = 25;
/** Halvings of a Newton step that does not lower the loss before the fit stops where it is. */
const MAX_HALVINGS = 30;

/**
 * Rows of `x` are samples (n×p, row-major). Positives and negatives are re-weighted to equal total weight,
 * since anomalous cells/images are rare.
 */
export function fitLogistic(x: Float32Array, y: Uint8Array, p: number, lambda: number): LogisticModel {
  const n = y.length;
  const { mean, scale } = standardisation(x, n, p);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i];
  const wPos = positives > 0 ? n / (2 * positives) : 1;
  const wNeg = n - positives > 0 ? n / (2 * (n - positives)) : 1;

  const q = p + 1; // last coefficient is the bias
  // The standardised inputs column by column (input a of sample i at a·n + i), then a column of ones for the bias:
  // every pass below reads a column at a time.
  const z = new Float64Array(q * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[j * n + i] = (x[i * p + j] - mean[j]) / scale[j];
  z.fill(1, p * n);
  const sampleWeight = Float64Array.from(y, (v) => (v ? wPos : wNeg));
  const eta = new Float64Array(n);
  /** Every sample's log-odds under `b`, into `eta`. */
  const logOdds = (b: Float64Array) => {
    eta.fill(0);
    for (let a = 0; a < q; a++) {
      const w = b[a];
      if (w === 0) continue;
      const column = z.subarray(a * n, (a + 1) * n);
      for (let i = 0; i < n; i++) eta[i] += w * column[i];
    }
  };
  /** What the steps decrease: the weighted log-loss, plus λ/2 |weights|² (the bias is not penalised). */
  const loss = (b: Float64Array) => {
    let sum = 0;
    for (let j = 0; j < p; j++) sum += 0.5 * lambda * b[j] * b[j];
    logOdds(b);
    for (let i = 0; i < n; i++) {
      const e = y[i] ? -eta[i] : eta[i];
      // log(1 + exp(e)), without overflow
      sum += sampleWeight[i] * (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e)));
    }
    return sum;
  };
  const beta = new Float64Array(q);
  const residual = new Float64Array(n);
  const curvature = new Float64Array(n);
  let current = loss(beta);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    logOdds(beta);
    for (let i = 0; i < n; i++) {
      const prob = 1 / (1 + Math.exp(-eta[i]));
      residual[i] = sampleWeight[i] * (prob - y[i]);
      curvature[i] = sampleWeight[i] * Math.max(prob * (1 - prob), 1e-9);
    }
    const grad = new Float64Array(q);
    const hess = new Float64Array(q * q);
    for (let a = 0; a < q; a++) {
      let g = 0;
      for (let i = 0, o = a * n; i < n; i++) g += residual[i] * z[o + i];
      grad[a] = g;
    }
    addGram(z, n, q, hess, curvature);
    for (let a = 0; a < q; a++) {
      for (let b = 0; b < a; b++) hess[b * q + a] = hess[a * q + b];
      if (a < p) {
        grad[a] += lambda * beta[a];
        hess[a * q + a] += lambda;
      } else {
        hess[a * q + a] += 1e-9;
      }
    }
    const delta = solveSpd(hess, grad, q);
    // A full Newton step can overshoot on nearly separable cells and land far up the loss (a benchmark fit ended
    // with log-odds of 10⁴ on every normal cell): the step is halved until the loss goes down.
    let t = 1;
    let next = beta.map((v, a) => v - delta[a]);
    let nextLoss = loss(next);
    for (let halvings = 0; !(nextLoss <= current) && halvings < MAX_HALVINGS; halvings++) {
      t /= 2;
      next = beta.map((v, a) => v - t * delta[a]);
      nextLoss = loss(next);
    }
    if (!(nextLoss <= current)) break;
    let change = 0;
    for (let a = 0; a < q; a++) change = Math.max(change, Math.abs(next[a] - beta[a]));
    beta.set(next);
    current = nextLoss;
    if (change < 1e-6) break;
  }
  return { mean, scale, weights: beta.slice(0, p), bias: beta[p] };
}

/** Mean and standard deviation (1 where it is 0) of each of the p inputs of the n rows of `x`. */
function standardisation(x: Float32Array, n: number, p: number) {
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += x[i * p + j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) scale[j] += (x[i * p + j] - mean[j]) ** 2;
  }
  for (let j = 0; j < p; j++) scale[j] = Math.sqrt(scale[j] / n) || 1;
  return { mean, scale };
}

/** Linear score (log-odds) of one sample at `offset` in `x`. */
export function logit(model: LogisticModel, x: ArrayLike<number>, offset = 0): number {
  let eta = model.bias;
  for (let j = 0; j < model.weights.length; j++) {
    eta += (model.weights[j] * (x[offset + j] - model.mean[j])) / model.scale[j];
  }
  return eta;
}

/** The model as weights and bias on raw (unstandardised) inputs: the same log-odds, with no division per input. */
export function linearForm(model: LogisticModel): { weights: Float64Array; bias: number } {
  const weights = model.weights.map((w, j) => w / model.scale[j]);
  let bias = model.bias;
  weights.forEach((w, j) => (bias -= w * model.mean[j]));
  return { weights, bias };
}

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
