import { RgbImage } from './image';
import { Rng } from './rng';

/**
 * What a camera line drifts by between shots, none of it a defect: exposure (gain), a faint colour cast (offsets
 * per channel), and a slightly different view resampled (sub-pixel shift and a small rotation: the resampling
 * softens the image as a focus change does). Normal training images are copied under random drifts of this size so
 * that the normality model learns them as normal instead of flagging the next image a camera takes.
 */
export const DRIFT = {
  /** Gain drawn from 1 ± this. */
  gain: 0.12,
  /** Grey levels added to all channels, and to each channel alone. */
  offset: 3,
  channelOffset: 2,
  /** Pixels of translation, and degrees of rotation, each ± this. */
  shift: 1.5,
  rotation: 2.5,
} as const;

const uniform = (rng: Rng, half: number) => (2 * rng() - 1) * half;

/** Mirrors a coordinate into [0, n - 1] (the edges of a view continue the image rather than smear it). */
function reflect(v: number, n: number): number {
  const period = 2 * (n - 1);
  let m = Math.abs(v) % period;
  if (m > n - 1) m = period - m;
  return m;
}

/** A copy of `image` under one random drift. */
export function drifted(image: RgbImage, rng: Rng): RgbImage {
  const { width: w, height: h, data: src } = image;
  const gain = 1 + uniform(rng, DRIFT.gain);
  const common = uniform(rng, DRIFT.offset);
  const offsets = [0, 1, 2].map(() => common + uniform(rng, DRIFT.channelOffset));
  const dx = uniform(rng, DRIFT.shift);
  const dy = uniform(rng, DRIFT.shift);
  const angle = (uniform(rng, DRIFT.rotation) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const out = new Uint8Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x - cx;
      const v = y - cy;
      const sx = reflect(cx + cos * u - sin * v + dx, w);
      const sy = reflect(cy + sin * u + cos * v + dy, h);
      const x0 = Math.min(w - 2, Math.floor(sx));
      const y0 = Math.min(h - 2, Math.floor(sy));
      const fx = sx - x0;
      const fy = sy - y0;
      const a = (y0 * w + x0) * 3;
      const b = a + 3;
      const c = a + 3 * w;
      const d = c + 3;
      const o = (y * w + x) * 3;
      for (let k = 0; k < 3; k++) {
        const value =
          (src[a + k] * (1 - fx) + src[b + k] * fx) * (1 - fy) +
          (src[c + k] * (1 - fx) + src[d + k] * fx) * fy;
        out[o + k] = Math.max(0, Math.min(255, Math.round(value * gain + offsets[k])));
      }
    }
  }
  return { width: w, height: h, data: out };
}
