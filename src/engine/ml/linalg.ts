/** Small dense linear algebra on row-major Float64Arrays (n×n), enough for covariance whitening and Newton steps. */

/** Cholesky factor L (lower) of a symmetric positive-definite matrix; throws if it is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) throw new Error('matrix is not positive definite');
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/** Inverse of a lower-triangular matrix (also lower-triangular). */
export function invertLower(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    inv[i * n + i] = 1 / l[i * n + i];
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum += l[i * n + k] * inv[k * n + j];
      inv[i * n + j] = -sum / l[i * n + i];
    }
  }
  return inv;
}

/** Solves A x = b for symmetric positive-definite A. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = cholesky(a, n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
    y[i] = sum / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/**
 * Samples per block of addGram: a block of 77 columns (77 × 1024 × 8 bytes, about 0.6 MB) stays in cache while every
 * pair of columns is summed over it.
 */
const GRAM_BLOCK = 1024;

/**
 * Adds Σᵢ wᵢ xᵢ xᵢᵀ to the lower triangle of `out` (q×q), for the n samples of `columns`, stored column by column
 * (value a of sample i at a·n + i); wᵢ is `weights[i]`, or 1 without weights. A dot product per pair of columns over
 * a cached block of samples, four columns at a time, is several times faster than a rank-one update per sample.
 * (nearestCentroid in normality.ts unrolls its dot products the same way, over Float32Arrays: one function for both
 * made training 30 % slower, its loads no longer specialised to one kind of array.)
 */
export function addGram(
  columns: Float64Array,
  n: number,
  q: number,
  out: Float64Array,
  weights?: Float64Array,
): void {
  const scaled = new Float64Array(Math.min(GRAM_BLOCK, n));
  for (let i0 = 0; i0 < n; i0 += GRAM_BLOCK) {
    const len = Math.min(GRAM_BLOCK, n - i0);
    for (let a = 0; a < q; a++) {
      const oa = a * n + i0;
      for (let i = 0; i < len; i++) scaled[i] = weights ? weights[i0 + i] * columns[oa + i] : columns[oa + i];
      let b = 0;
      for (; b + 3 <= a; b += 4) {
        const o0 = b * n + i0;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        let h0 = 0;
        let h1 = 0;
        let h2 = 0;
        let h3 = 0;
        for (let i = 0; i < len; i++) {
          const v = scaled[i];
          h0 += v * columns[o0 + i];
          h1 += v * columns[o1 + i];
          h2 += v * columns[o2 + i];
          h3 += v * columns[o3 + i];
        }
        out[a * q + b] += h0;
        out[a * q + b + 1] += h1;
        out[a * q + b + 2] += h2;
        out[a * q + b + 3] += h3;
      }
      for (; b <= a; b++) {
        let h = 0;
        for (let i = 0, ob = b * n + i0; i < len; i++) h += scaled[i] * columns[ob + i];
        out[a * q + b] += h;
      }
    }
  }
}
