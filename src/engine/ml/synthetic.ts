import { RgbImage } from './image';
import { Rng } from './rng';

/**
 * Synthetic anomalies (in the manner of CutPaste and DRAEM): a normal training image with one region changed, and
 * the mask of that region. A classification dataset labels its few anomalies as whole images only, so the per-cell
 * classifier has no cell it knows to be defective; made-up defects with exact masks teach it what a local change of
 * this surface looks like against its normal cells. They are generic on purpose, not a model of any defect kind:
 * a blob or a thin wandering streak, filled with the image shaded, tinted, or with its own texture from elsewhere.
 */

/** Radius of a blob, and length of a streak, as fractions of the shorter side. */
const BLOB_RADIUS = [0.03, 0.1] as const;
const STREAK_LENGTH = [0.15, 0.4] as const;
/** Half-width of a streak in pixels. */
const STREAK_HALF_WIDTH = [0.5, 2] as const;

const between = (rng: Rng, [lo, hi]: readonly [number, number]) => lo + (hi - lo) * rng();

/** Per pixel, how much of the region covers it (0–1): an irregular blob. */
function blobShape(w: number, h: number, rng: Rng): Float32Array {
  const s = Math.min(w, h);
  const r = s * between(rng, BLOB_RADIUS);
  const cx = r + (w - 2 * r) * rng();
  const cy = r + (h - 2 * r) * rng();
  const stretch = 0.6 + 0.8 * rng();
  const tilt = rng() * Math.PI;
  const waves = [2, 3, 5].map((k) => ({ k, a: (0.4 * rng()) / k, p: 2 * Math.PI * rng() }));
  const out = new Float32Array(w * h);
  const [c, si] = [Math.cos(tilt), Math.sin(tilt)];
  for (let y = Math.max(0, Math.floor(cy - 2 * r)); y < Math.min(h, Math.ceil(cy + 2 * r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - 2 * r)); x < Math.min(w, Math.ceil(cx + 2 * r)); x++) {
      const u = ((x - cx) * c + (y - cy) * si) / stretch;
      const v = (-(x - cx) * si + (y - cy) * c) * stretch;
      const th = Math.atan2(v, u);
      const edge = r * (1 + waves.reduce((acc, { k, a, p }) => acc + a * Math.sin(k * th + p), 0));
      out[y * w + x] = Math.max(0, Math.min(1, edge - Math.hypot(u, v) + 0.5));
    }
  }
  return out;
}

/** Per pixel, how much of the region covers it (0–1): a thin streak whose heading wanders. */
function streakShape(w: number, h: number, rng: Rng): Float32Array {
  const s = Math.min(w, h);
  const length = s * between(rng, STREAK_LENGTH);
  const half = between(rng, STREAK_HALF_WIDTH);
  let x = w * (0.2 + 0.6 * rng());
  let y = h * (0.2 + 0.6 * rng());
  let heading = 2 * Math.PI * rng();
  const turn = (rng() - 0.5) * 0.02;
  const out = new Float32Array(w * h);
  for (let t = 0; t < length; t += 0.5) {
    heading += turn + (rng() - 0.5) * 0.1;
    x += 0.5 * Math.cos(heading);
    y += 0.5 * Math.sin(heading);
    for (
      let py = Math.max(0, Math.floor(y - half - 1));
      py <= Math.min(h - 1, Math.ceil(y + half + 1));
      py++
    ) {
      for (
        let px = Math.max(0, Math.floor(x - half - 1));
        px <= Math.min(w - 1, Math.ceil(x + half + 1));
        px++
      ) {
        const a = Math.min(1, half + 0.5 - Math.hypot(px - x, py - y));
        if (a > out[py * w + px]) out[py * w + px] = a;
      }
    }
  }
  return out;
}

/** What fills the region: per pixel index and channel, the value blended in. */
function filling(image: RgbImage, rng: Rng): (i: number, c: number) => number {
  const { width: w, height: h, data } = image;
  const pick = rng();
  if (pick < 1 / 3) {
    const factor = rng() < 0.5 ? between(rng, [0.3, 0.7]) : between(rng, [1.3, 1.8]);
    return (i, c) => data[3 * i + c] * factor;
  }
  if (pick < 2 / 3) {
    const colour = [0, 1, 2].map(() => 255 * rng());
    return (_, c) => colour[c];
  }
  // The image's own texture from elsewhere, mirrored, at another brightness.
  const dx = Math.floor(w * (0.25 + 0.5 * rng()));
  const dy = Math.floor(h * (0.25 + 0.5 * rng()));
  const gain = between(rng, [0.8, 1.2]);
  return (i, c) => {
    const x = w - 1 - (((i % w) + dx) % w);
    const y = (Math.floor(i / w) + dy) % h;
    return data[3 * (y * w + x) + c] * gain;
  };
}

/** A copy of `image` with one synthetic defect, and its mask (1 where the defect covers at least half a pixel). */
export function syntheticAnomaly(image: RgbImage, rng: Rng): { image: RgbImage; mask: Uint8Array } {
  const { width: w, height: h, data } = image;
  const shape = rng() < 0.5 ? blobShape(w, h, rng) : streakShape(w, h, rng);
  const fill = filling(image, rng);
  const opacity = between(rng, [0.6, 1]);
  const out = data.slice();
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const a = shape[i] * opacity;
    if (a <= 0) continue;
    for (let c = 0; c < 3; c++)
      out[3 * i + c] = Math.max(0, Math.min(255, Math.round((1 - a) * data[3 * i + c] + a * fill(i, c))));
    if (a >= 0.5) mask[i] = 1;
  }
  return { image: { width: w, height: h, data: out }, mask };
}
