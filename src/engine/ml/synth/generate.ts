import sharp from 'sharp';
import { RgbImage } from '../image';
import { Rng, createRng } from '../rng';
import { MaskLabel, TrainingImage } from '../types';
import { DEFECT_COLORS, DefectKind, applyDefect } from './defects';

export interface SynthOptions {
  /** Texture to crop from (e.g. proceduralTexture(...) or a decoded photo). */
  source: RgbImage;
  /** Side of the generated square images. */
  size: number;
  /** Side of the source window resized to `size` (default `size`: no resampling). */
  cropSide?: number;
  /**
   * 'easy': train and test crops from anywhere in the source (same distribution);
   * 'shifted': train crops from the left half, test crops from the right half.
   */
  split: 'easy' | 'shifted';
  counts: { trainNormal: number; trainAnomalous: number; testNormal: number; testAnomalous: number };
  /** Anomalous images cycle through these kinds, one defect per image. */
  defects: DefectKind[];
  /** Attach segmentation masks (label colours of DEFECT_COLORS) to anomalous images. */
  masks: boolean;
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
}

function crop(source: RgbImage, side: number, size: number, x0: number, y0: number): RgbImage {
  const data = new Uint8Array(size * size * 3);
  const scale = side / size;
  for (let y = 0; y < size; y++) {
    const sy = Math.min(source.height - 1, y0 + (y + 0.5) * scale - 0.5);
    const iy = Math.floor(sy);
    const fy = sy - iy;
    const iy1 = Math.min(source.height - 1, iy + 1);
    for (let x = 0; x < size; x++) {
      const sx = Math.min(source.width - 1, x0 + (x + 0.5) * scale - 0.5);
      const ix = Math.floor(sx);
      const fx = sx - ix;
      const ix1 = Math.min(source.width - 1, ix + 1);
      for (let c = 0; c < 3; c++) {
        const at = (yy: number, xx: number) => source.data[(yy * source.width + xx) * 3 + c];
        const v =
          (at(iy, ix) * (1 - fx) + at(iy, ix1) * fx) * (1 - fy) +
          (at(iy1, ix) * (1 - fx) + at(iy1, ix1) * fx) * fy;
        data[(y * size + x) * 3 + c] = Math.round(v);
      }
    }
  }
  return { width: size, height: size, data };
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

async function makeImages(
  o: SynthOptions,
  role: 'train' | 'test',
  normal: number,
  anomalous: number,
  rng: Rng,
): Promise<SynthImage[]> {
  const side = o.cropSide ?? o.size;
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
  const out: SynthImage[] = [];
  for (let k = 0; k < normal + anomalous; k++) {
    const x0 = xMin + Math.floor(rng() * (xMax - xMin + 1));
    const y0 = Math.floor(rng() * (o.source.height - side + 1));
    const img = crop(o.source, side, o.size, x0, y0);
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
      item.truth = applyDefect(defect, img, rng, o.source);
      if (o.masks) {
        item.mask = {
          bytes: await maskPng(item.truth, o.size, DEFECT_COLORS[defect]),
          labels: [{ name: defect, color: DEFECT_COLORS[defect] }],
        };
      }
    }
    item.bytes = await png(img);
    out.push(item);
  }
  return out;
}

/** Normal crops and crops with synthetic defects (ground-truth masks), as in-memory PNGs. */
export async function generateDataset(o: SynthOptions): Promise<SynthDataset> {
  const rng = createRng(o.seed);
  const train = await makeImages(o, 'train', o.counts.trainNormal, o.counts.trainAnomalous, rng);
  const test = await makeImages(o, 'test', o.counts.testNormal, o.counts.testAnomalous, rng);
  const labels = o.masks ? o.defects.map((d) => ({ name: d, color: DEFECT_COLORS[d] })) : [];
  return { train, test, labels };
}
