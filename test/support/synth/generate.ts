import sharp from 'sharp';
import { RgbImage } from '../../../src/engine/ml/image';
import { Rng, createRng, normal } from '../../../src/engine/ml/rng';
import { MaskLabel, TrainingImage } from '../../../src/engine/ml/types';
import { DEFECT_COLORS, DefectKind, applyDefect } from './defects';
import { PERTURBATIONS, Perturbation, View, perturbed, render } from './render';

export interface SynthOptions {
  /** Texture to crop from (e.g. proceduralTexture(...) or a decoded photo). */
  source: RgbImage;
  /** Side of the generated square images. */
  size: number;
  /** Side of the source window resized to `size` (default `size`: no resampling). */
  cropSide?: number;
  /**
   * 'easy': train and test crops from anywhere in the source (same distribution);
   * 'shifted': train crops from the left half, test crops from the right half;
   * 'aligned': every crop at `window` (an object in a fixed pose), moved by up to `window.jitter` px.
   */
  split: 'easy' | 'shifted' | 'aligned';
  /** Top-left corner of the aligned window in the source, and the largest random offset in source pixels. */
  window?: { x: number; y: number; jitter: number };
  /** Standard deviation of Gaussian sensor noise added to every image, in grey levels (default none). */
  noise?: number;
  counts: { trainNormal: number; trainAnomalous: number; testNormal: number; testAnomalous: number };
  /** Anomalous images cycle through these kinds, one defect per image. */
  defects: DefectKind[];
  /** Attach segmentation masks (label colours of DEFECT_COLORS) to anomalous images. */
  masks: boolean;
  /** Also render every normal test image under each camera drift of PERTURBATIONS. */
  perturbations?: boolean;
  seed: number;
}

export interface SynthImage extends TrainingImage {
  /** The defect painted into an anomalous image. */
  defect?: DefectKind;
  /** Ground truth per pixel (1 = defect), also for images whose mask PNG is not attached. */
  truth: Uint8Array;
}

export interface SynthDataset {
  train: SynthImage[];
  test: SynthImage[];
  labels: MaskLabel[];
  /** With `perturbations`: the normal test images under each drift, in the order of PERTURBATIONS. */
  perturbed: { perturbation: Perturbation; images: SynthImage[] }[];
}

const png = (img: RgbImage) =>
  sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
    .png()
    .toBuffer();

async function maskPng(truth: Uint8Array, size: number, color: string): Promise<Buffer> {
  const rgb = Buffer.alloc(size * size * 3, 0xff);
  const c = [1, 3, 5].map((o) => parseInt(color.slice(o, o + 2), 16));
  truth.forEach((v, i) => {
    if (v) rgb.set(c, 3 * i);
  });
  return sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

/** Adds seeded Gaussian noise of standard deviation `sigma` grey levels, in place. */
function addNoise(img: RgbImage, sigma: number, rng: Rng): void {
  for (let i = 0; i < img.data.length; i++) {
    img.data[i] = Math.max(0, Math.min(255, Math.round(img.data[i] + sigma * normal(rng))));
  }
}

/** Grey levels a pixel must change by to be seen: twice the sensor noise bench/ml/dataset.ts gives aligned objects. */
const VISIBLE_CHANGE = 4;
/** Share of a defect's mask that must be seen for the image to count as defective. */
const VISIBLE_SHARE = 0.5;
/** Draws of a defect before one that cannot be seen is kept anyway. */
const MAX_DRAWS = 20;

/** Share of the mask's pixels whose colour differs by at least VISIBLE_CHANGE between `before` and `after`. */
function visibleShare(before: Uint8Array, after: Uint8Array, mask: Uint8Array): number {
  let inMask = 0;
  let seen = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    inMask++;
    const o = 3 * i;
    const change = Math.max(
      Math.abs(after[o] - before[o]),
      Math.abs(after[o + 1] - before[o + 1]),
      Math.abs(after[o + 2] - before[o + 2]),
    );
    if (change >= VISIBLE_CHANGE) seen++;
  }
  return inMask ? seen / inMask : 0;
}

/**
 * Paints a defect of `kind` into `img` (in place) where it can be seen, and returns its mask. A stain or a crack
 * darkens what lies under it, so on a black object it changes nothing, nor does a white patch pasted onto white:
 * labelling such an image defective would ask for what no inspector could see. It is drawn again elsewhere.
 */
function visibleDefect(kind: DefectKind, img: RgbImage, rng: Rng, source: RgbImage): Uint8Array {
  const before = img.data.slice();
  for (let draw = 1; ; draw++) {
    const mask = applyDefect(kind, img, rng, source);
    const share = visibleShare(before, img.data, mask);
    if (share >= VISIBLE_SHARE || draw === MAX_DRAWS) return mask;
    img.data.set(before);
  }
}

/** The window of the next generated image, its origin drawn from the split's range. */
function nextView(o: SynthOptions, role: 'train' | 'test', rng: Rng): View {
  const side = o.cropSide ?? o.size;
  const base = { side, size: o.size, angle: 0, dx: 0, dy: 0 };
  if (o.split === 'aligned') {
    const w = o.window;
    if (!w) throw new Error('an aligned split needs a window');
    const offset = () => Math.round((2 * rng() - 1) * w.jitter);
    return { ...base, x0: w.x + offset(), y0: w.y + offset() };
  }
  const half = Math.floor(o.source.width / 2);
  // Horizontal range of crop origins: the whole source, or one half of it.
  const [xMin, xMax] =
    o.split === 'easy'
      ? [0, o.source.width - side]
      : role === 'train'
        ? [0, half - side]
        : [half, o.source.width - side];
  if (xMax < xMin || o.source.height < side) {
    throw new Error(
      `source ${o.source.width}x${o.source.height} is too small for ${o.split} crops of ${side} px`,
    );
  }
  const x0 = xMin + Math.floor(rng() * (xMax - xMin + 1));
  const y0 = Math.floor(rng() * (o.source.height - side + 1));
  return { ...base, x0, y0 };
}

async function makeImages(
  o: SynthOptions,
  role: 'train' | 'test',
  normal: number,
  anomalous: number,
  rng: Rng,
): Promise<{ images: SynthImage[]; views: View[] }> {
  const out: SynthImage[] = [];
  const normalViews: View[] = [];
  for (let k = 0; k < normal + anomalous; k++) {
    const view = nextView(o, role, rng);
    if (k < normal) normalViews.push(view);
    const img = render(o.source, view);
    const anomalousImage = k >= normal;
    const name = anomalousImage
      ? `anomaly-${String(k - normal).padStart(3, '0')}`
      : `normal-${String(k).padStart(3, '0')}`;
    const item: SynthImage = {
      ref: `s3://synthetic/${role}/${name}.png`,
      bytes: Buffer.alloc(0),
      anomalous: anomalousImage,
      truth: new Uint8Array(o.size * o.size),
    };
    if (anomalousImage) {
      const defect = o.defects[(k - normal) % o.defects.length];
      item.defect = defect;
      item.truth = visibleDefect(defect, img, rng, o.source);
      if (o.masks) {
        item.mask = {
          bytes: await maskPng(item.truth, o.size, DEFECT_COLORS[defect]),
          labels: [{ name: defect, color: DEFECT_COLORS[defect] }],
        };
      }
    }
    if (o.noise) addNoise(img, o.noise, rng);
    item.bytes = await png(img);
    out.push(item);
  }
  return { images: out, views: normalViews };
}

/** Normal crops and crops with synthetic defects (ground-truth masks), as in-memory PNGs. */
export async function generateDataset(o: SynthOptions): Promise<SynthDataset> {
  const rng = createRng(o.seed);
  const train = await makeImages(o, 'train', o.counts.trainNormal, o.counts.trainAnomalous, rng);
  const test = await makeImages(o, 'test', o.counts.testNormal, o.counts.testAnomalous, rng);
  const labels = o.masks ? o.defects.map((d) => ({ name: d, color: DEFECT_COLORS[d] })) : [];
  const drifted: SynthDataset['perturbed'] = [];
  for (const perturbation of o.perturbations ? PERTURBATIONS : []) {
    // Its own noise stream per drift, so that adding a drift leaves the others' images unchanged.
    const noiseRng = createRng(o.seed + 1000 + drifted.length);
    const images: SynthImage[] = [];
    for (const [k, view] of test.views.entries()) {
      const img = perturbed(o.source, view, perturbation);
      if (o.noise) addNoise(img, o.noise, noiseRng);
      images.push({
        ref: `s3://synthetic/${perturbation.name}/normal-${String(k).padStart(3, '0')}.png`,
        bytes: await png(img),
        anomalous: false,
        truth: new Uint8Array(o.size * o.size),
      });
    }
    drifted.push({ perturbation, images });
  }
  return { train: train.images, test: test.images, labels, perturbed: drifted };
}
