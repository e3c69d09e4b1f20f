/**
 * What repeats on a periodic surface (gratings, meshes, woven fabric, tiles): the lattice of shifts that map the
 * pattern onto itself, found from the autocorrelation of the normal training images. On such a surface every strong
 * edge is normal; a defect is a place where the image stops matching itself one period away, which is what the
 * period residual (features.ts) measures. On a surface that does not repeat, the shifts are merely the most
 * self-similar ones and the residual is one more local-energy feature.
 * Shifts are in pixels of the half-resolution luminance (pyramid level 1), where the features read them.
 */
export type Shift = readonly [dx: number, dy: number];

/** Longest shift searched, in level-1 pixels, and the shortest accepted (shorter ones only measure smoothness). */
const MAX_SHIFT = 32;
const MIN_SHIFT = 2;
/** Images averaged into the autocorrelation: the period is a property of the surface, a few suffice. */
const MAX_IMAGES = 6;
/** A second lattice vector must point at least this far from the first (|cos| below this). */
const MAX_COLLINEARITY = 0.9;
/**
 * What makes a repeat: the image correlates with itself one shift away at least this much, and half-way there
 * it correlates at least MIN_DIP less (a smooth or slowly shaded surface correlates everywhere, without a dip).
 */
const MIN_PEAK = 0.3;
const MIN_DIP = 0.2;

/** Normalised autocorrelation of the mean-free planes over shifts dy ∈ [0, S], dx ∈ [-S, S]. */
function autocorrelation(planes: Float32Array[], w: number, h: number, span: number): Float64Array {
  const side = 2 * span + 1;
  const acf = new Float64Array((span + 1) * side);
  for (const plane of planes) {
    let mean = 0;
    for (const v of plane) mean += v / plane.length;
    const a = Float64Array.from(plane, (v) => v - mean);
    let variance = 0;
    for (const v of a) variance += (v * v) / a.length;
    if (variance <= 0) continue;
    for (let dy = 0; dy <= span; dy++) {
      for (let dx = -span; dx <= span; dx++) {
        let sum = 0;
        const x0 = Math.max(0, -dx);
        const x1 = Math.min(w, w - dx);
        for (let y = 0; y + dy < h; y++) {
          const r = y * w;
          const s = (y + dy) * w + dx;
          for (let x = x0; x < x1; x++) sum += a[r + x] * a[s + x];
        }
        const overlap = (x1 - x0) * (h - dy);
        acf[dy * side + dx + span] += sum / (overlap * variance * planes.length);
      }
    }
  }
  return acf;
}

/**
 * Up to two lattice shifts of the level-1 luminance planes (w×h each) of normal images, strongest first; none
 * when the surface does not repeat within the searched span.
 */
export function estimatePeriods(planes: Float32Array[], w: number, h: number): Shift[] {
  const span = Math.min(MAX_SHIFT, Math.floor(Math.min(w, h) / 4));
  if (planes.length === 0 || span < MIN_SHIFT + 1) return [];
  const side = 2 * span + 1;
  const acf = autocorrelation(planes.slice(0, MAX_IMAGES), w, h, span);
  const at = (dx: number, dy: number): number =>
    dy < 0 ? at(-dx, -dy) : Math.abs(dx) > span || dy > span ? -Infinity : acf[dy * side + dx + span];
  const peaks: { shift: Shift; value: number }[] = [];
  for (let dy = 0; dy <= span; dy++) {
    for (let dx = -span; dx <= span; dx++) {
      if (dy === 0 && dx <= 0) continue; // the other half of a symmetric function
      if (Math.hypot(dx, dy) < MIN_SHIFT || Math.abs(dx) === span || dy === span) continue;
      const value = at(dx, dy);
      if (value < MIN_PEAK || at(Math.round(dx / 2), Math.round(dy / 2)) > value - MIN_DIP) continue;
      let isPeak = true;
      for (let ny = -1; ny <= 1 && isPeak; ny++)
        for (let nx = -1; nx <= 1; nx++) if ((nx || ny) && at(dx + nx, dy + ny) > value) isPeak = false;
      if (isPeak) peaks.push({ shift: [dx, dy], value });
    }
  }
  peaks.sort((p, q) => q.value - p.value);
  const first = peaks[0];
  if (!first) return [];
  const cos = (p: Shift, q: Shift) => (p[0] * q[0] + p[1] * q[1]) / (Math.hypot(...p) * Math.hypot(...q));
  const second = peaks.find((p) => Math.abs(cos(p.shift, first.shift)) < MAX_COLLINEARITY);
  return second ? [first.shift, second.shift] : [first.shift];
}

/**
 * Per pixel of the w×h plane: the squared difference to the pixel one shift away, the smaller of the two
 * directions (the side of a defect's edge that still matches the pattern counts as normal), borders clamped.
 */
export function periodResidual(plane: Float32Array, w: number, h: number, [dx, dy]: Shift): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const yf = Math.min(h - 1, Math.max(0, y + dy)) * w;
    const yb = Math.min(h - 1, Math.max(0, y - dy)) * w;
    for (let x = 0; x < w; x++) {
      const v = plane[y * w + x];
      const f = v - plane[yf + Math.min(w - 1, Math.max(0, x + dx))];
      const b = v - plane[yb + Math.min(w - 1, Math.max(0, x - dx))];
      out[y * w + x] = Math.min(f * f, b * b);
    }
  }
  return out;
}
