import { GRID_STRIDE, RgbImage } from './image';
import { nonZeroBox } from './regions';

/**
 * The mask's boundary at pixel resolution. The anomaly map lives on a grid of GRID_STRIDE-pixel cells and is
 * smoothed, so a mask painted from it is a blob around the defect: two to five times the area of a thin scratch or
 * a small spot. Inside that blob the defect's own pixels differ in colour from the surface around the blob, which
 * the map cannot say: each painted pixel is kept only if its colour is far enough (Mahalanobis distance) from that
 * of the unpainted pixels around the painted area. How far is learnt per label from the training masks: a
 * cut-and-paste patch has the surface's own colours and keeps its blob (no refinement), a scratch keeps its line.
 */

/** Cells around the painted area whose unpainted pixels describe the surface around it. */
export const RING_CELLS = 2;
/** Fewest such pixels for a colour estimate; with fewer the mask is left as painted. */
export const MIN_RING_PIXELS = 32;
/** Added to the colour covariance's diagonal (grey levels²): sensor noise, and a flat surface's zero variance. */
export const COLOUR_RIDGE = 4;

/** Squared colour distances the training chooses among; 0 keeps every painted pixel. */
export const REFINEMENT_LEVELS = [0, 1, 2, 3, 4, 6, 9, 12, 16, 25] as const;

/**
 * Per pixel of the working-size image, the squared Mahalanobis distance of its colour to the colours of the unpainted
 * pixels around the painted area (painted: labels per pixel, 0 = none), 0 where nothing is painted; undefined when
 * nothing is painted or the surroundings are too few to judge (the mask is then kept whole).
 */
export function colourDistances(painted: Uint8Array, image: RgbImage): Float32Array | undefined {
  const { width: w, height: h, data } = image;
  const gw = Math.ceil(w / GRID_STRIDE);
  const gh = Math.ceil(h / GRID_STRIDE);
  const out = new Float32Array(w * h);
  // The cells holding a painted pixel, and their bounding box.
  const cells = new Uint8Array(gw * gh);
  for (let p = 0; p < painted.length; p++) {
    if (painted[p] !== 0) cells[Math.floor(p / w / GRID_STRIDE) * gw + Math.floor((p % w) / GRID_STRIDE)] = 1;
  }
  const box = nonZeroBox(cells, gw);
  if (!box) return undefined;
  const { cx0, cy0, cx1, cy1 } = box;
  // The cells within RING_CELLS of a painted cell (Chebyshev distance), and the pixels they span.
  const near = new Uint8Array(gw * gh);
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      if (!cells[cy * gw + cx]) continue;
      for (let y = Math.max(0, cy - RING_CELLS); y <= Math.min(gh - 1, cy + RING_CELLS); y++)
        for (let x = Math.max(0, cx - RING_CELLS); x <= Math.min(gw - 1, cx + RING_CELLS); x++)
          near[y * gw + x] = 1;
    }
  }
  const x0 = Math.max(0, cx0 - RING_CELLS) * GRID_STRIDE;
  const y0 = Math.max(0, cy0 - RING_CELLS) * GRID_STRIDE;
  const x1 = Math.min(w, (cx1 + RING_CELLS + 1) * GRID_STRIDE);
  const y1 = Math.min(h, (cy1 + RING_CELLS + 1) * GRID_STRIDE);
  const sum = [0, 0, 0];
  const cross = new Float64Array(9);
  let count = 0;
  for (let y = y0; y < y1; y++) {
    const cellRow = Math.floor(y / GRID_STRIDE) * gw;
    for (let x = x0; x < x1; x++) {
      const p = y * w + x;
      if (painted[p] !== 0 || !near[cellRow + Math.floor(x / GRID_STRIDE)]) continue;
      count++;
      for (let i = 0; i < 3; i++) {
        sum[i] += data[3 * p + i];
        for (let j = 0; j < 3; j++) cross[3 * i + j] += data[3 * p + i] * data[3 * p + j];
      }
    }
  }
  if (count < MIN_RING_PIXELS) return undefined;
  const mean = sum.map((s) => s / count);
  const cov = Array.from(
    cross,
    (c, k) => c / count - mean[Math.floor(k / 3)] * mean[k % 3] + (k % 4 === 0 ? COLOUR_RIDGE : 0),
  );
  const inv = invert3(cov);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const p = y * w + x;
      if (painted[p] === 0) continue;
      const d0 = data[3 * p] - mean[0];
      const d1 = data[3 * p + 1] - mean[1];
      const d2 = data[3 * p + 2] - mean[2];
      out[p] =
        d0 * (inv[0] * d0 + inv[1] * d1 + inv[2] * d2) +
        d1 * (inv[3] * d0 + inv[4] * d1 + inv[5] * d2) +
        d2 * (inv[6] * d0 + inv[7] * d1 + inv[8] * d2);
    }
  }
  return out;
}

/** The inverse of a symmetric positive-definite 3×3 matrix (row-major), by cofactors. */
function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ].map((v) => v / det);
}

/**
 * The painted labels with each pixel kept only if its colour distance reaches its label's level (levels[label - 1];
 * 0 keeps every pixel of that label). Without distances the mask is kept as painted.
 */
export function refine(
  painted: Uint8Array,
  distances: Float32Array | undefined,
  levels: readonly number[],
): Uint8Array {
  if (!distances) return painted;
  const out = new Uint8Array(painted.length);
  for (let p = 0; p < painted.length; p++) {
    const l = painted[p];
    if (l > 0 && distances[p] >= levels[l - 1]) out[p] = l;
  }
  return out;
}
