import { RgbImage } from './image';
import { Rng, normal } from './rng';

/**
 * What a camera line drifts by between shots, none of it a defect: exposure (gain), a faint colour cast (offsets
 * per channel), a slightly different view resampled (sub-pixel shift and a small rotation: the resampling
 * softens the image as a focus change does), and the sensor noise that saturation had hidden (a white or black
 * background that exposure takes off the rail shows its noise). Normal training images are copied under random
 * drifts of this size so that the normality model learns them as normal instead of flagging the next image a
 * camera takes.
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

/**
 * The image seen from a view turned by `angle` radians about its centre and moved by (dx, dy), bilinear; and for
 * each pixel of the view, the index of the source pixel nearest to where it was sampled.
 */
function resampled(
  image: RgbImage,
  dx: number,
  dy: number,
  angle: number,
): { values: Float32Array; nearest: Int32Array } {
  const { width: w, height: h, data: src } = image;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const out = new Float32Array(src.length);
  const nearest = new Int32Array(w * h);
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
      nearest[y * w + x] = (y0 + (fy < 0.5 ? 0 : 1)) * w + x0 + (fx < 0.5 ? 0 : 1);
      for (let k = 0; k < 3; k++) {
        out[o + k] =
          (src[a + k] * (1 - fx) + src[b + k] * fx) * (1 - fy) +
          (src[c + k] * (1 - fx) + src[d + k] * fx) * fy;
      }
    }
  }
  return { values: out, nearest };
}

/** Side of the blocks saturation is looked for in, and how near its rail the rest of such a block lies. */
const NOISE_BLOCK = 4;
const NOISE_REACH = 32;
/** Pixels off a rail needed to estimate the noise: fewer say nothing about the sensor. */
const MIN_NOISE_SAMPLES = 64;

/** Where an image is saturated, and the noise its saturation hides. */
export interface Saturation {
  /** Per pixel and channel: the rail (0 or 255) of the saturated block it lies in, or -1. */
  rails: Int16Array;
  /** Standard deviation of the sensor noise there, in grey levels (0 when there is nothing to tell it by). */
  sigma: number;
}

/**
 * The saturated blocks of `image`: mostly on a rail (0 or 255), the rest near it. Their scene is the rail itself,
 * so the half of the sensor noise that points away from the rail shows and the other half is clipped: over all
 * their pixels, the mean square distance from the rail is σ²/2. A clean synthetic background shows no noise, and
 * has none to hide.
 */
export function saturation(image: RgbImage): Saturation {
  const { width: w, height: h, data } = image;
  const rails = new Int16Array(data.length).fill(-1);
  const half = (NOISE_BLOCK * NOISE_BLOCK) / 2;
  let sum = 0;
  let visible = 0;
  let pixels = 0;
  for (let by = 0; by + NOISE_BLOCK <= h; by += NOISE_BLOCK) {
    for (let bx = 0; bx + NOISE_BLOCK <= w; bx += NOISE_BLOCK) {
      for (let k = 0; k < 3; k++) {
        let low = 0;
        let high = 0;
        let min = 255;
        let max = 0;
        for (let y = by; y < by + NOISE_BLOCK; y++) {
          for (let x = bx; x < bx + NOISE_BLOCK; x++) {
            const v = data[(y * w + x) * 3 + k];
            if (v === 0) low++;
            else if (v === 255) high++;
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
        const rail =
          low >= half && max <= NOISE_REACH ? 0 : high >= half && min >= 255 - NOISE_REACH ? 255 : -1;
        if (rail < 0) continue;
        pixels += NOISE_BLOCK * NOISE_BLOCK;
        for (let y = by; y < by + NOISE_BLOCK; y++) {
          for (let x = bx; x < bx + NOISE_BLOCK; x++) {
            const i = (y * w + x) * 3 + k;
            rails[i] = rail;
            const d = data[i] - rail;
            sum += d * d;
            if (d !== 0) visible++;
          }
        }
      }
    }
  }
  return { rails, sigma: visible >= MIN_NOISE_SAMPLES ? Math.sqrt((2 * sum) / pixels) : 0 };
}

/**
 * Which way a copy's exposure drifts. A normal image's copies are taken one brighter and one darker, so that each
 * image is learnt at both ends of the range: drawn freely, both copies fell on one side half the time, and a
 * surface whose highlights clip when the exposure rises was then flagged at ×1.1 where its copies had not shown it.
 */
export type ExposureDrift = 'brighter' | 'darker';

/**
 * A copy of `image` under one random drift, its exposure on the given side; `saturated` is its saturation(), which
 * copies of one image share.
 */
export function drifted(
  image: RgbImage,
  rng: Rng,
  exposure: ExposureDrift,
  saturated = saturation(image),
): RgbImage {
  const { width: w, height: h } = image;
  const gain = 1 + (exposure === 'brighter' ? 1 : -1) * Math.abs(uniform(rng, DRIFT.gain));
  const common = uniform(rng, DRIFT.offset);
  const offsets = [0, 1, 2].map(() => common + uniform(rng, DRIFT.channelOffset));
  const dx = uniform(rng, DRIFT.shift);
  const dy = uniform(rng, DRIFT.shift);
  const angle = (uniform(rng, DRIFT.rotation) * Math.PI) / 180;
  const { values, nearest } = resampled(image, dx, dy, angle);
  const { rails, sigma } = saturated;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    // A saturated region is taken anew: its scene at the rail, then fresh sensor noise, which clipping hides again
    // unless the drift takes the region off the rail. Elsewhere the image already carries its noise.
    const rail = sigma > 0 ? rails[nearest[(i / 3) | 0] * 3 + (i % 3)] : -1;
    const value = rail < 0 ? values[i] : rail + sigma * normal(rng);
    out[i] = Math.max(0, Math.min(255, Math.round(value * gain + offsets[i % 3])));
  }
  return { width: w, height: h, data: out };
}
