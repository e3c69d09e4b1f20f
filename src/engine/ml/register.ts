import { GRID_STRIDE, RgbImage } from './image';

/**
 * Registration of aligned parts (a part photographed in the same pose, as a line's fixture holds it): the camera or
 * the fixture moves the part by a few pixels and turns it slightly between shots, which the per-position statistics
 * would read as a defect. Each image is moved by whole pixels onto the pose of the normal training images before
 * its features are measured, found by normalised cross-correlation of its half-size luminance with theirs.
 */

/** Largest shift searched, in half-size pixels (8 working pixels). */
export const REGISTRATION_RADIUS = 4;
/**
 * Normal images register when they match the others' mean this well (median normalised correlation at their best
 * shift): an object in a fixed pose matches at ~0.99, a texture cropped anywhere at 0.1–0.4, and a periodic texture,
 * which matches itself one period on, at up to ~0.85.
 */
const MIN_REGISTRATION_MATCH = 0.9;
/**
 * And when that best shift stands out: its match exceeds the median match of all shifts by this much. A part's
 * edges match at one pose only (0.13–0.45 above the median); a shading or plain surface matches at every shift
 * (~0), and moving it would only hide its edges.
 */
const MIN_REGISTRATION_DISTINCTNESS = 0.05;
/** Normal images the mean pose is refined on (each moved onto the mean, the mean taken again). */
const REFINEMENTS = 2;

/** The pose of a model's parts: half-size luminance, zero mean and unit norm inside the searched window. */
export interface Alignment {
  /** Row-major, width × height (half the working size). */
  reference: Float32Array;
  width: number;
  height: number;
}

/** Whole working pixels: pixel (x, y) of the registered image shows pixel (x + x, y + y) of the image. */
export interface Offset {
  x: number;
  y: number;
}

export const NO_OFFSET: Offset = { x: 0, y: 0 };

/** The window every shift's correlation is summed over: the reference's pixels that stay inside any shifted image. */
const windowOf = (w: number, h: number) => ({
  x0: REGISTRATION_RADIUS,
  x1: w - REGISTRATION_RADIUS,
  y0: REGISTRATION_RADIUS,
  y1: h - REGISTRATION_RADIUS,
});

/** A coordinate mirrored into 0..n-1 (edge pixel repeated once: ..., 1, 0 | 0, 1, ...). */
export const mirror = (v: number, n: number): number => (v < 0 ? -v - 1 : v >= n ? 2 * n - v - 1 : v);

/** Zero mean and unit norm inside the window, 0 outside it. */
function normalisedReference(mean: Float32Array, w: number, h: number): Float32Array {
  const { x0, x1, y0, y1 } = windowOf(w, h);
  const out = new Float32Array(w * h);
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += mean[y * w + x];
  const m = sum / ((x1 - x0) * (y1 - y0));
  let energy = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const v = mean[y * w + x] - m;
      out[y * w + x] = v;
      energy += v * v;
    }
  const k = 1 / Math.sqrt(energy + 1e-12);
  for (let i = 0; i < out.length; i++) out[i] *= k;
  return out;
}

/**
 * Normalised correlation with the reference of each shift (dx, dy) of the plane in ±REGISTRATION_RADIUS, row-major
 * by dy then dx. The reference sums to zero, so the window's mean drops out of the dot product.
 */
function correlations(plane: Float32Array, reference: Float32Array, w: number, h: number): Float64Array {
  const side = 2 * REGISTRATION_RADIUS + 1;
  const { x0, x1, y0, y1 } = windowOf(w, h);
  const n = (x1 - x0) * (y1 - y0);
  const out = new Float64Array(side * side);
  for (let dy = -REGISTRATION_RADIUS; dy <= REGISTRATION_RADIUS; dy++)
    for (let dx = -REGISTRATION_RADIUS; dx <= REGISTRATION_RADIUS; dx++) {
      let dot = 0;
      let sum = 0;
      let squares = 0;
      for (let y = y0; y < y1; y++) {
        const r = y * w;
        const q = (y + dy) * w + dx;
        for (let x = x0; x < x1; x++) {
          const v = plane[q + x];
          dot += reference[r + x] * v;
          sum += v;
          squares += v * v;
        }
      }
      out[(dy + REGISTRATION_RADIUS) * side + dx + REGISTRATION_RADIUS] =
        dot / Math.sqrt(Math.max(squares - (sum * sum) / n, 1e-12));
    }
  return out;
}

/** The vertex of the parabola through three samples around the middle one, within ±½. */
function vertex(before: number, at: number, after: number): number {
  const curvature = before - 2 * at + after;
  return curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (before - after)) / curvature)) : 0;
}

/**
 * The best of the shifts' correlations (`correlations`), refined to a fraction of a pixel by a parabola through its
 * neighbours, and how well it matches there.
 */
function best(c: Float64Array): { dx: number; dy: number; match: number } {
  const side = 2 * REGISTRATION_RADIUS + 1;
  let k = 0;
  for (let i = 1; i < c.length; i++) if (c[i] > c[k]) k = i;
  const bx = k % side;
  const by = (k - bx) / side;
  const fx = bx > 0 && bx < side - 1 ? vertex(c[k - 1], c[k], c[k + 1]) : 0;
  const fy = by > 0 && by < side - 1 ? vertex(c[k - side], c[k], c[k + side]) : 0;
  return { dx: bx - REGISTRATION_RADIUS + fx, dy: by - REGISTRATION_RADIUS + fy, match: c[k] };
}

/** The offset (working pixels) that registers an image whose half-size luminance is `plane`. */
export function registrationOffset(plane: Float32Array, alignment: Alignment): Offset {
  const { dx, dy } = best(correlations(plane, alignment.reference, alignment.width, alignment.height));
  // `|| 0`: a shift rounding to zero from below is 0, not -0.
  return { x: Math.round(2 * dx) || 0, y: Math.round(2 * dy) || 0 };
}

/** Interleaved values (`channels` per pixel, w × h) moved so that pixel (x, y) takes (x + dx, y + dy), mirrored. */
function moved<T extends Uint8Array | Float32Array>(
  values: T,
  w: number,
  h: number,
  channels: number,
  dx: number,
  dy: number,
): T {
  const out = new (values.constructor as new (n: number) => T)(values.length);
  for (let y = 0; y < h; y++) {
    const row = mirror(y + dy, h) * w;
    for (let x = 0; x < w; x++) {
      const from = (row + mirror(x + dx, w)) * channels;
      for (let c = 0; c < channels; c++) out[(y * w + x) * channels + c] = values[from + c];
    }
  }
  return out;
}

function meanPlane(planes: Float32Array[], skip = -1): Float32Array {
  const out = new Float32Array(planes[0].length);
  const n = planes.length - (skip >= 0 ? 1 : 0);
  planes.forEach((p, i) => {
    if (i !== skip) for (let k = 0; k < out.length; k++) out[k] += p[k] / n;
  });
  return out;
}

/**
 * The pose of the normal images (their half-size luminance planes, w × h), or undefined when they do not share
 * one: each is matched against the mean of the others (moved onto the common pose), and they register when the
 * median match reaches MIN_REGISTRATION_MATCH at a shift that stands out (MIN_REGISTRATION_DISTINCTNESS).
 */
export function chooseAlignment(planes: Float32Array[], w: number, h: number): Alignment | undefined {
  if (planes.length < 3 || w <= 4 * REGISTRATION_RADIUS || h <= 4 * REGISTRATION_RADIUS) return undefined;
  let posed = planes;
  for (let r = 0; r < REFINEMENTS; r++) {
    const reference = normalisedReference(meanPlane(posed), w, h);
    posed = planes.map((p) => {
      const { dx, dy } = best(correlations(p, reference, w, h));
      return moved(p, w, h, 1, Math.round(dx), Math.round(dy));
    });
  }
  const median = (values: ArrayLike<number>) => Float64Array.from(values).sort()[values.length >> 1];
  const found = planes.map((p, i) => {
    const c = correlations(p, normalisedReference(meanPlane(posed, i), w, h), w, h);
    const { match } = best(c);
    return { match, distinctness: match - median(c) };
  });
  if (
    median(found.map((f) => f.match)) < MIN_REGISTRATION_MATCH ||
    median(found.map((f) => f.distinctness)) < MIN_REGISTRATION_DISTINCTNESS
  )
    return undefined;
  return { reference: normalisedReference(meanPlane(posed), w, h), width: w, height: h };
}

/** The image registered by `offset`: its edges mirrored where the move uncovers them. */
export function registeredImage(image: RgbImage, offset: Offset): RgbImage {
  if (offset.x === 0 && offset.y === 0) return image;
  const { width: w, height: h } = image;
  return { width: w, height: h, data: moved(image.data, w, h, 3, offset.x, offset.y) };
}

/** Values of a registered image (w × h) moved back to the image's own frame; what the move uncovered is 0. */
export function inImageFrame<T extends Uint8Array | Float32Array>(
  values: T,
  w: number,
  h: number,
  offset: Offset,
): T {
  if (offset.x === 0 && offset.y === 0) return values;
  const out = new (values.constructor as new (n: number) => T)(values.length);
  for (let y = 0; y < h; y++) {
    const ty = y + offset.y;
    if (ty < 0 || ty >= h) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + offset.x;
      if (tx >= 0 && tx < w) out[ty * w + tx] = values[y * w + x];
    }
  }
  return out;
}

/**
 * How far past the uncovered pixels a cell's features still read them, in working pixels: the coarser pyramid levels'
 * gradients and the wider context reach into the neighbouring cell. A part shifted a few pixels further than the
 * training poses had its mirrored edge flagged one cell in.
 */
export const UNCOVERED_REACH = GRID_STRIDE;

/**
 * The grid cells (gw × gh, row-major) of a registered image that hold pixels the move uncovered (mirrored, not
 * seen), or read them within UNCOVERED_REACH: their content is unknown, so they are not judged.
 */
export function uncoveredCells(gw: number, gh: number, offset: Offset): number[] {
  const outside = (c: number, cells: number, d: number) =>
    d < 0
      ? c * GRID_STRIDE < -d + UNCOVERED_REACH
      : d > 0 && (c + 1) * GRID_STRIDE > cells * GRID_STRIDE - d - UNCOVERED_REACH;
  const cells: number[] = [];
  for (let cy = 0; cy < gh; cy++)
    for (let cx = 0; cx < gw; cx++)
      if (outside(cx, gw, offset.x) || outside(cy, gh, offset.y)) cells.push(cy * gw + cx);
  return cells;
}
