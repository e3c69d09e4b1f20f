import { GRID_STRIDE, RgbImage } from './image';
import { blockEnergies, smoothGrid } from './kernels';
import { LINE_CHANNELS, lineResponses } from './lines';
import { Shift, periodResidual } from './period';
import { Alignment, Offset, registeredImage, registrationOffset } from './register';

/**
 * A weights-free filter bank on a 3-level pyramid (no pretrained network ships offline, and on texture defects
 * hand-made features beat the available ones). Per grid cell (GRID_STRIDE pixels square):
 * - per level, log-energy of the gradient in 4 orientations and of the Laplacian (15),
 * - log-energy of the colour-opponent gradients at level 1 (2), log-variance of luminance in the cell (1),
 * - mean luminance and two opponent colours (3),
 * - at level 1, log-energy of the strongest dark-line and bright-line response in the cell (lines.ts) (2),
 * - per lattice shift of the surface (period.ts), log-energy of the level-1 period residual (0–2),
 * each lightly smoothed (but the line channels), plus the same channels smoothed over a wider context: 46–50
 * dimensions (42–46 for models saved before the line channels).
 */
const BASE_CHANNELS = 21;

export interface FeatureMap {
  /** Grid width and height in cells. */
  gw: number;
  gh: number;
  dim: number;
  /** Cell-major: data[cell * dim + d]. */
  data: Float32Array;
  /** Registered parts (register.ts): how the image was moved before it was measured. */
  offset?: Offset;
}

const EPS = 1e-5;

function halve(src: Float32Array, w: number, h: number): Float32Array {
  const hw = w >> 1;
  const hh = h >> 1;
  const out = new Float32Array(hw * hh);
  for (let y = 0; y < hh; y++) {
    const r0 = 2 * y * w;
    const r1 = r0 + w;
    for (let x = 0; x < hw; x++) {
      out[y * hw + x] =
        0.25 * (src[r0 + 2 * x] + src[r0 + 2 * x + 1] + src[r1 + 2 * x] + src[r1 + 2 * x + 1]);
    }
  }
  return out;
}

/** Adds the mean of each block×block block of `src` (w×h) into its cell of `out`. */
function addBlockMeans(src: Float32Array, w: number, h: number, block: number, out: Float32Array): void {
  const gw = w / block;
  const norm = 1 / (block * block);
  for (let y = 0; y < h; y++) {
    const cellRow = Math.floor(y / block) * gw;
    for (let x = 0; x < w; x++) out[cellRow + Math.floor(x / block)] += src[y * w + x] * norm;
  }
}

/** Full-size planes reused across calls: extraction is synchronous, so one set per thread suffices (less GC). */
let planes: Float32Array[] = [];

function pixelPlanes(n: number): Float32Array[] {
  if (planes[0]?.length !== n) planes = [0, 1, 2].map(() => new Float32Array(n));
  return planes;
}

/** Mean of R, G and B per pixel, in [0, 1]. */
function luminance(image: RgbImage, out: Float32Array): Float32Array {
  const { data } = image;
  for (let i = 0; i < out.length; i++) out[i] = (data[3 * i] + data[3 * i + 1] + data[3 * i + 2]) / 765;
  return out;
}

/** The level-1 (half-size) luminance plane the period residual reads: what period.ts estimates shifts on. */
export function levelOneLuminance(image: RgbImage): Float32Array {
  return halve(luminance(image, new Float32Array(image.width * image.height)), image.width, image.height);
}

/** What a model's features are computed with; models saved before these options had neither. */
export interface FeatureOptions {
  /** Lattice shifts of the surface along which the period residual is measured (period.ts). */
  periods: Shift[];
  /** The thin-line channels (lines.ts); absent in models saved before them. */
  lines?: boolean;
  /**
   * Scale each image so its mean luminance is EXPOSURE_TARGET before anything is measured: exposure drifts
   * between shots of a camera line, and a uniformly brighter or darker part is not a defective one.
   */
  exposure: boolean;
  /** Aligned parts: the pose every image is registered onto first (register.ts); absent for surfaces. */
  alignment?: Alignment;
}

export const LEGACY_FEATURES: FeatureOptions = { periods: [], exposure: false };

/** Feature channels per cell before the wide-context copies: base, line and period channels. */
export function channelCount(options: FeatureOptions): number {
  return BASE_CHANNELS + (options.lines ? LINE_CHANNELS : 0) + options.periods.length;
}

/** Writes the largest block×block value of `src` (w×h) into its cell of `out`. */
function blockMaxima(src: Float32Array, w: number, h: number, block: number, out: Float32Array): void {
  const gw = w / block;
  for (let y = 0; y < h; y++) {
    const cellRow = Math.floor(y / block) * gw;
    for (let x = 0; x < w; x++) {
      const cell = cellRow + Math.floor(x / block);
      if (src[y * w + x] > out[cell]) out[cell] = src[y * w + x];
    }
  }
}

/**
 * The log-energy of the strongest dark and of the strongest bright line response of `plane` (w×h) in each cell of
 * block×block px, into a and b. The maximum, not the mean: a line one pixel wide fills a quarter of a cell at most,
 * and a mean would dilute it into the roughness around it.
 */
function addLineEnergies(
  plane: Float32Array,
  w: number,
  h: number,
  block: number,
  a: Float32Array,
  b: Float32Array,
) {
  const { dark, bright } = lineResponses(plane, w, h);
  blockMaxima(dark, w, h, block, a);
  blockMaxima(bright, w, h, block, b);
  for (const target of [a, b])
    for (let i = 0; i < target.length; i++) target[i] = Math.log(EPS + target[i] * target[i]);
}

const EXPOSURE_TARGET = 0.5;
/** Bounds of the exposure gain: a nearly black image is not stretched into pure noise. */
const MAX_EXPOSURE_GAIN = 8;

/** The offset that registers the image onto the model's pose (none without an alignment). */
function registration(image: RgbImage, options: FeatureOptions): Offset | undefined {
  return options.alignment && registrationOffset(levelOneLuminance(image), options.alignment);
}

/**
 * An image as a model sees it: registered onto the model's pose when its options hold an alignment, and the features
 * of that (registered) image, which carry the offset.
 */
export function observe(image: RgbImage, options: FeatureOptions): { image: RgbImage; features: FeatureMap } {
  const offset = registration(image, options);
  if (!offset) return { image, features: extractFeatures(image, options) };
  const registered = registeredImage(image, offset);
  return { image: registered, features: { ...extractFeatures(registered, options), offset } };
}

/** The features of an image as it is. */
export function extractFeatures(image: RgbImage, options: FeatureOptions = LEGACY_FEATURES): FeatureMap {
  const { periods } = options;
  const { width: w, height: h, data } = image;
  const gw = w / GRID_STRIDE;
  const gh = h / GRID_STRIDE;
  const n = w * h;
  const cells = gw * gh;
  // Every element is written below.
  const [lum, o1, o2] = pixelPlanes(n);
  luminance(image, lum);
  let gain = 1;
  if (options.exposure) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += lum[i] / n;
    gain = Math.min(
      MAX_EXPOSURE_GAIN,
      Math.max(1 / MAX_EXPOSURE_GAIN, EXPOSURE_TARGET / Math.max(mean, 1e-6)),
    );
    for (let i = 0; i < n; i++) lum[i] *= gain;
  }
  const unit = gain / 255;
  for (let i = 0; i < n; i++) {
    const r = data[3 * i] * unit;
    const g = data[3 * i + 1] * unit;
    const b = data[3 * i + 2] * unit;
    o1[i] = r - g;
    o2[i] = 0.5 * (r + g) - b;
  }
  const channels = channelCount(options);
  const lineStart = BASE_CHANNELS;
  const periodStart = BASE_CHANNELS + (options.lines ? LINE_CHANNELS : 0);
  const dim = 2 * channels;
  // One plane per channel, one after another: smoothed together below.
  const planes = new Float32Array(channels * cells);
  const acc = Array.from({ length: channels }, (_, c) => planes.subarray(c * cells, (c + 1) * cells));

  const lum1 = halve(lum, w, h);
  const lum2 = halve(lum1, w >> 1, h >> 1);
  // Gradient and Laplacian energies per level (channels 0–14), then of the opponent colours at level 1 (15, 16).
  planes.set(blockEnergies(lum, w, h, GRID_STRIDE, true), 0);
  planes.set(blockEnergies(lum1, w >> 1, h >> 1, GRID_STRIDE >> 1, true), 5 * cells);
  planes.set(blockEnergies(lum2, w >> 2, h >> 2, 1, true), 10 * cells);
  const o1h = halve(o1, w, h);
  const o2h = halve(o2, w, h);
  planes.set(blockEnergies(o1h, w >> 1, h >> 1, GRID_STRIDE >> 1, false), 15 * cells);
  planes.set(blockEnergies(o2h, w >> 1, h >> 1, GRID_STRIDE >> 1, false), 16 * cells);
  // Luminance variance inside each cell, then the cell means (level 2 of each pyramid).
  const o1q = halve(o1h, w >> 1, h >> 1);
  const o2q = halve(o2h, w >> 1, h >> 1);
  const sq = 1 / (GRID_STRIDE * GRID_STRIDE);
  const variance = acc[17];
  for (let y = 0; y < h; y++) {
    const cellRow = ((y / GRID_STRIDE) | 0) * gw;
    for (let x = 0; x < w; x++) {
      const cell = cellRow + ((x / GRID_STRIDE) | 0);
      const d = lum[y * w + x] - lum2[cell];
      variance[cell] += d * d * sq;
    }
  }
  for (let c = 0; c < 18; c++) {
    const a = acc[c];
    for (let i = 0; i < cells; i++) a[i] = Math.log(EPS + a[i]);
  }
  acc[18].set(lum2);
  acc[19].set(o1q);
  acc[20].set(o2q);
  if (options.lines) {
    addLineEnergies(lum1, w >> 1, h >> 1, GRID_STRIDE >> 1, acc[lineStart], acc[lineStart + 1]);
  }
  periods.forEach((shift, k) => {
    const target = acc[periodStart + k];
    addBlockMeans(periodResidual(lum1, w >> 1, h >> 1, shift), w >> 1, h >> 1, GRID_STRIDE >> 1, target);
    for (let i = 0; i < cells; i++) target[i] = Math.log(EPS + target[i]);
  });

  // Line channels stay unsmoothed nearby: a thin defect lights one row of cells, which smoothing would halve.
  const near = smoothGrid(planes, gw, gh, 1);
  if (options.lines) near.set(planes.subarray(lineStart * cells, periodStart * cells), lineStart * cells);
  const wide = smoothGrid(near, gw, gh, 4);
  const out = new Float32Array(cells * dim);
  for (let c = 0; c < channels; c++) {
    for (let i = 0, p = c * cells; i < cells; i++, p++) {
      out[i * dim + c] = near[p];
      out[i * dim + channels + c] = wide[p];
    }
  }
  return { gw, gh, dim, data: out };
}
