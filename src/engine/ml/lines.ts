/**
 * Thin lines: cracks and scratches one or two pixels wide. In a cell's mean gradient energy such a line is one
 * edge among the many of a rough surface; what sets it apart is that it stays darker (or brighter) than both of its
 * sides along a stretch of its length, while the roughness of stone or concrete does not line up. So each pixel is
 * compared with its two sides (the profile), and the profile is averaged along the line's direction: random
 * roughness averages out, a line adds up. The strongest response over four directions is kept, dark and bright
 * apart (cracks are dark, scratches either).
 */

/** A line direction, and the offset from a pixel to one of its sides (the other side is the opposite). */
export interface LineDirection {
  along: readonly [number, number];
  side: readonly [number, number];
}

/** Horizontal, vertical and both diagonals; sides about two pixels away (1.4 on the diagonals). */
export const LINE_DIRECTIONS: readonly LineDirection[] = [
  { along: [1, 0], side: [0, 2] },
  { along: [0, 1], side: [2, 0] },
  { along: [1, 1], side: [1, -1] },
  { along: [1, -1], side: [1, 1] },
  { along: [2, 1], side: [-1, 2] },
  { along: [1, 2], side: [2, -1] },
  { along: [-1, 2], side: [2, 1] },
  { along: [-2, 1], side: [1, 2] },
];
/** Feature channels the responses give: the dark and the bright one. */
export const LINE_CHANNELS = 2;
/** The profile is averaged over 2 × this + 1 pixels along the line. */
export const LINE_HALF_LENGTH = 5;

const clamp = (v: number, n: number) => (v < 0 ? 0 : v >= n ? n - 1 : v);

/**
 * Per pixel of the w×h plane, the strongest dark-line and bright-line response over LINE_DIRECTIONS (each ≥ 0):
 * for direction d, r = mean over t in ±LINE_HALF_LENGTH of profile(p + t·along), where
 * profile(q) = plane(q) − ½(plane(q + side) + plane(q − side)); dark = max over d of −r, bright = max of r.
 * Both stages read clamped coordinates (the ONNX export pads each stage's input with its edge values).
 */
export function lineResponses(
  plane: Float32Array,
  w: number,
  h: number,
): { dark: Float32Array; bright: Float32Array } {
  const n = w * h;
  const dark = new Float32Array(n);
  const bright = new Float32Array(n);
  const profile = new Float32Array(n);
  const half = LINE_HALF_LENGTH;
  const inverse = 1 / (2 * half + 1);
  // The profile with a border of its edge values wide enough for every tap: then no tap needs clamping.
  const reach = half * Math.max(...LINE_DIRECTIONS.flatMap((d) => d.along.map(Math.abs)));
  const pw = w + 2 * reach;
  const padded = new Float32Array(pw * (h + 2 * reach));
  const sums = new Float64Array(n);
  for (const direction of LINE_DIRECTIONS) {
    sideProfile(plane, w, h, direction.side, profile);
    padEdges(profile, w, h, reach, padded);
    // Each line is walked forwards (downwards, or rightwards along a row) so that a pixel's predecessor on it is
    // done first: its window sum is the predecessor's with one tap out and one in.
    const [ax, ay] =
      direction.along[1] < 0 || (direction.along[1] === 0 && direction.along[0] < 0)
        ? [-direction.along[0], -direction.along[1]]
        : direction.along;
    const step = ay * pw + ax;
    const leaving = (half + 1) * step;
    const entering = half * step;
    const back = ay * w + ax;
    const xLo = Math.max(0, ax);
    const xHi = w + Math.min(0, ax);
    for (let y = 0; y < h; y++) {
      const row = y * w;
      const prow = (y + reach) * pw + reach;
      const follows = y >= ay;
      for (let x = 0; x < w; x++) {
        const i = row + x;
        const p = prow + x;
        let sum = 0;
        if (follows && x >= xLo && x < xHi) sum = sums[i - back] - padded[p - leaving] + padded[p + entering];
        else for (let t = -half; t <= half; t++) sum += padded[p + t * step];
        sums[i] = sum;
        const r = sum * inverse;
        if (-r > dark[i]) dark[i] = -r;
        if (r > bright[i]) bright[i] = r;
      }
    }
  }
  return { dark, bright };
}

/** `src` (w×h) into the middle of `out`, with a border of `b` pixels repeating its edge values. */
function padEdges(src: Float32Array, w: number, h: number, b: number, out: Float32Array): void {
  const pw = w + 2 * b;
  for (let py = 0; py < h + 2 * b; py++) {
    const y = clamp(py - b, h);
    const o = py * pw;
    out.fill(src[y * w], o, o + b);
    out.set(src.subarray(y * w, y * w + w), o + b);
    out.fill(src[y * w + w - 1], o + b + w, o + pw);
  }
}

/** profile(q) = plane(q) − ½(plane(q + side) + plane(q − side)), clamped at the borders only. */
function sideProfile(
  plane: Float32Array,
  w: number,
  h: number,
  [sx, sy]: readonly [number, number],
  out: Float32Array,
): void {
  const offset = sy * w + sx;
  const bx = Math.abs(sx);
  const by = Math.abs(sy);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const innerRow = y >= by && y < h - by;
    for (let x = 0; x < w; x++) {
      const i = row + x;
      if (innerRow && x >= bx && x < w - bx) {
        out[i] = plane[i] - 0.5 * (plane[i + offset] + plane[i - offset]);
      } else {
        const a = clamp(y + sy, h) * w + clamp(x + sx, w);
        const b = clamp(y - sy, h) * w + clamp(x - sx, w);
        out[i] = plane[i] - 0.5 * (plane[a] + plane[b]);
      }
    }
  }
}
