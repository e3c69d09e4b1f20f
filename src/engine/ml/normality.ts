import { cholesky, invertLower } from './linalg';
import { quantile } from './metrics';
import { Rng } from './rng';

/**
 * Unsupervised normality of grid cells, learned from normal images only. Features are whitened with one
 * shrunk Gaussian; three scorers then read the whitened features:
 * - `gaussian`: squared Mahalanobis distance to the global mean (anything unusual, any position),
 * - `codebook`: squared distance to the nearest k-means centroid (a compact nearest-neighbour memory bank:
 *   multi-modal textures), - `positional`: per-position mean/variance (aligned objects; shrunk to the global).
 * Each raw score is normalised by its median and 99th percentile on held-out normal cells.
 */
export const SCORERS = ['gaussian', 'codebook', 'positional'] as const;
export type ScorerName = (typeof SCORERS)[number];

export interface NormalityModel {
  dim: number;
  cells: number;
  mean: Float64Array;
  /** Inverse Cholesky factor of the shrunk covariance (lower triangular, dim×dim). */
  whiten: Float64Array;
  /** k×dim centroids in whitened space. */
  centroids: Float32Array;
  /** cells×dim per-position mean and inverse variance in whitened space. */
  posMean: Float32Array;
  posIvar: Float32Array;
  /** Per scorer: [median, scale] from held-out normal cells (filled after cross-fitting). */
  norms: Float64Array;
}

const SHRINK = 0.1;
const MAX_COV_SAMPLES = 60000;
const MAX_KMEANS_SAMPLES = 6000;
const CODEBOOK_SIZE = 16;
const KMEANS_ITERATIONS = 8;
/** Pseudo-counts pulling per-position statistics towards the global ones (few images per position). */
const POS_MEAN_PRIOR = 1;
const POS_VAR_PRIOR = 3;

function sampleCells(total: number, max: number, rng: Rng): Int32Array {
  if (total <= max) return Int32Array.from({ length: total }, (_, i) => i);
  const picked = new Int32Array(max);
  for (let i = 0; i < max; i++) picked[i] = Math.floor(rng() * total);
  return picked.sort();
}

function fitWhitener(
  maps: Float32Array[],
  dim: number,
  rng: Rng,
): { mean: Float64Array; whiten: Float64Array } {
  const cells = maps[0].length / dim;
  const picks = sampleCells(maps.length * cells, MAX_COV_SAMPLES, rng);
  const mean = new Float64Array(dim);
  for (const p of picks) {
    const m = maps[Math.floor(p / cells)];
    const o = (p % cells) * dim;
    for (let d = 0; d < dim; d++) mean[d] += m[o + d];
  }
  for (let d = 0; d < dim; d++) mean[d] /= picks.length;
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim);
  for (const p of picks) {
    const m = maps[Math.floor(p / cells)];
    const o = (p % cells) * dim;
    for (let d = 0; d < dim; d++) x[d] = m[o + d] - mean[d];
    for (let i = 0; i < dim; i++) {
      const xi = x[i];
      for (let j = 0; j <= i; j++) cov[i * dim + j] += xi * x[j];
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      const v = cov[i * dim + j] / Math.max(1, picks.length - 1);
      cov[i * dim + j] = i === j ? v + 1e-6 : (1 - SHRINK) * v;
      cov[j * dim + i] = cov[i * dim + j];
    }
  }
  return { mean, whiten: invertLower(cholesky(cov, dim), dim) };
}

/** Row-packed lower triangle of each whitening matrix (row i holds i + 1 values), built once per matrix. */
const packedWhiteners = new WeakMap<Float64Array, Float64Array>();

function packedLower(whiten: Float64Array, dim: number): Float64Array {
  let packed = packedWhiteners.get(whiten);
  if (!packed) {
    packed = new Float64Array((dim * (dim + 1)) / 2);
    for (let i = 0, p = 0; i < dim; i++) for (let k = 0; k <= i; k++) packed[p++] = whiten[i * dim + k];
    packedWhiteners.set(whiten, packed);
  }
  return packed;
}

/** Cells whitened together: each matrix coefficient loaded once serves all of them (the dominant cost). */
const BLOCK = 4;

export function whitenMap(
  model: Pick<NormalityModel, 'mean' | 'whiten' | 'dim'>,
  features: Float32Array,
): Float32Array {
  const { dim, mean } = model;
  const w = packedLower(model.whiten, dim);
  const cells = features.length / dim;
  const out = new Float32Array(features.length);
  // Centred features of the block's cells; cells past the end stay zero and are not written.
  const x0 = new Float64Array(dim);
  const x1 = new Float64Array(dim);
  const x2 = new Float64Array(dim);
  const x3 = new Float64Array(dim);
  const xs = [x0, x1, x2, x3];
  for (let c = 0; c < cells; c += BLOCK) {
    const n = Math.min(BLOCK, cells - c);
    for (let b = 0; b < n; b++) {
      const o = (c + b) * dim;
      for (let d = 0; d < dim; d++) xs[b][d] = features[o + d] - mean[d];
    }
    for (let b = n; b < BLOCK; b++) xs[b].fill(0);
    const o = c * dim;
    for (let i = 0, p = 0; i < dim; i++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k <= i; k++, p++) {
        const v = w[p];
        s0 += v * x0[k];
        s1 += v * x1[k];
        s2 += v * x2[k];
        s3 += v * x3[k];
      }
      out[o + i] = s0;
      if (n > 1) out[o + dim + i] = s1;
      if (n > 2) out[o + 2 * dim + i] = s2;
      if (n > 3) out[o + 3 * dim + i] = s3;
    }
  }
  return out;
}

function kmeans(points: Float32Array[], dim: number, k: number, rng: Rng): Float32Array {
  const n = points.length;
  const centroids = new Float32Array(k * dim);
  // k-means++ seeding.
  const dist = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(rng() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(points[chosen], c * dim);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const t = points[i][d] - centroids[c * dim + d];
        s += t * t;
      }
      if (s < dist[i]) dist[i] = s;
      total += dist[i];
    }
    let r = rng() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i++) {
      r -= dist[i];
      if (r <= 0) {
        chosen = i;
        break;
      }
    }
  }
  const assign = new Int32Array(n);
  const found = new Int32Array(1);
  for (let it = 0; it < KMEANS_ITERATIONS; it++) {
    const order = visitOrder(centroids, k, dim);
    for (let i = 0; i < n; i++) {
      nearest(centroids, order, k, dim, points[i], 0, found, found[0]);
      assign[i] = found[0];
    }
    const sums = new Float64Array(k * dim);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      counts[assign[i]]++;
      for (let d = 0; d < dim; d++) sums[assign[i] * dim + d] += points[i][d];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue; // an empty cluster keeps its centroid
      for (let d = 0; d < dim; d++) centroids[c * dim + d] = sums[c * dim + d] / counts[c];
    }
  }
  return centroids;
}

/**
 * For each centroid, all centroids by increasing distance from it (itself first): a search starting near the
 * previous cell's nearest centroid finds a close one early, so later partial distances stop sooner.
 */
function visitOrder(centroids: Float32Array, k: number, dim: number): Int32Array {
  const order = new Int32Array(k * k);
  const dist = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const t = centroids[a * dim + d] - centroids[b * dim + d];
        s += t * t;
      }
      dist[b] = s;
    }
    const sorted = Array.from({ length: k }, (_, b) => b).sort((p, q) => dist[p] - dist[q] || p - q);
    order.set(sorted, a * k);
  }
  return order;
}

const visitOrders = new WeakMap<Float32Array, Int32Array>();

/** visitOrder of a fitted model's (unchanging) centroids, computed once. */
function cachedVisitOrder(centroids: Float32Array, k: number, dim: number): Int32Array {
  let order = visitOrders.get(centroids);
  if (!order) visitOrders.set(centroids, (order = visitOrder(centroids, k, dim)));
  return order;
}

/**
 * Squared distance from x[offset..offset+dim) to the nearest centroid, visiting centroids in `order` from row
 * `from`; the index of the nearest goes to `found[0]`. A partial sum already above the best is abandoned (checked
 * every 4 dimensions): the distance returned is exact whatever the visiting order.
 */
function nearest(
  centroids: Float32Array,
  order: Int32Array,
  k: number,
  dim: number,
  x: Float32Array,
  offset: number,
  found: Int32Array,
  from: number,
): number {
  let best = Infinity;
  for (let step = 0, r = from * k; step < k; step++) {
    const c = order[r + step];
    const o = c * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const t = x[offset + d] - centroids[o + d];
      s += t * t;
      if ((d & 3) === 3 && s >= best) break;
    }
    if (s < best) {
      best = s;
      found[0] = c;
    }
  }
  return best;
}

/** Fits on the feature maps of normal images (all of one grid size). `norms` start neutral. */
export function fitNormality(features: Float32Array[], dim: number, rng: Rng): NormalityModel {
  const cells = features[0].length / dim;
  const { mean, whiten } = fitWhitener(features, dim, rng);
  const white = features.map((f) => whitenMap({ mean, whiten, dim }, f));
  const picks = sampleCells(white.length * cells, MAX_KMEANS_SAMPLES, rng);
  const points = Array.from(picks, (p) =>
    white[Math.floor(p / cells)].subarray((p % cells) * dim, ((p % cells) + 1) * dim),
  );
  const k = Math.min(CODEBOOK_SIZE, points.length);
  const centroids = kmeans(points, dim, k, rng);
  const n = white.length;
  const posMean = new Float32Array(cells * dim);
  const posIvar = new Float32Array(cells * dim);
  for (let i = 0; i < cells * dim; i++) {
    let s = 0;
    for (const w of white) s += w[i];
    const m = s / (n + POS_MEAN_PRIOR);
    let v = POS_VAR_PRIOR;
    for (const w of white) v += (w[i] - m) * (w[i] - m);
    posMean[i] = m;
    posIvar[i] = (n + POS_VAR_PRIOR) / v;
  }
  const norms = new Float64Array(SCORERS.length * 2);
  for (let s = 0; s < SCORERS.length; s++) norms[2 * s + 1] = 1;
  return { dim, cells, mean, whiten, centroids, posMean, posIvar, norms };
}

/** Raw (unnormalised) per-cell scores of each scorer, from a whitened map. */
export function rawScores(model: NormalityModel, white: Float32Array): Float32Array[] {
  const { dim, cells, centroids, posMean, posIvar } = model;
  const k = centroids.length / dim;
  const order = cachedVisitOrder(centroids, k, dim);
  const g = new Float32Array(cells);
  const cb = new Float32Array(cells);
  const pos = new Float32Array(cells);
  // Neighbouring cells usually share their nearest centroid: start the search from the previous cell's.
  const found = new Int32Array(1);
  for (let c = 0; c < cells; c++) {
    const o = c * dim;
    let sg = 0;
    let sp = 0;
    for (let d = 0; d < dim; d++) {
      const z = white[o + d];
      sg += z * z;
      const t = z - posMean[o + d];
      sp += t * t * posIvar[o + d];
    }
    g[c] = sg;
    pos[c] = sp;
    cb[c] = nearest(centroids, order, k, dim, white, o, found, found[0]);
  }
  return [g, cb, pos];
}

/**
 * Applies the stored normalisation in place, then a signed log: distances of gross defects run to 1e5 times
 * the normal spread, and without compression they would swamp means, thresholds and classifiers.
 */
export function normaliseScores(model: NormalityModel, raw: Float32Array[]): Float32Array[] {
  raw.forEach((m, s) => {
    const med = model.norms[2 * s];
    const inv = 1 / model.norms[2 * s + 1];
    for (let i = 0; i < m.length; i++) {
      const v = (m[i] - med) * inv;
      m[i] = v >= 0 ? Math.log1p(v) : -Math.log1p(-v);
    }
  });
  return raw;
}

/** Sets the normalisation from raw scores of held-out normal images (one array per scorer, cells concatenated). */
export function setNorms(model: NormalityModel, heldOut: Float32Array[][]): void {
  for (let s = 0; s < SCORERS.length; s++) {
    const all = new Float32Array(heldOut.reduce((n, maps) => n + maps[s].length, 0));
    let o = 0;
    for (const maps of heldOut) {
      all.set(maps[s], o);
      o += maps[s].length;
    }
    const med = quantile(all, 0.5);
    const q99 = quantile(all, 0.99);
    model.norms[2 * s] = med;
    model.norms[2 * s + 1] = Math.max(1e-6, q99 - med);
  }
}
