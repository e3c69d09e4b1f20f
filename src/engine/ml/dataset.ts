import sharp from 'sharp';
import { TRAINING_MINIMUMS } from '../../manifest/core/trainingMinimums';
import { DatasetRuleError, ImageRuleError } from './errors';
import { ImageInfo, contentBytes, inspectImage } from './image';
import { sniffFormat } from './imageFormat';
import { Rng, createRng, shuffled } from './rng';
import { ImageContent, MaskLabel, TrainingImage, TrainingInput } from './types';

type SourceImage = TrainingImage<ImageContent>;

/** Training minimums of GUIDE §3: the numbers the manifest linter and the extension check too. */
const { single: SINGLE, training: TRAINING, test: TEST } = TRAINING_MINIMUMS;
export const MIN_SINGLE_NORMAL = SINGLE.normal;
export const MIN_SINGLE_ANOMALOUS = SINGLE.anomaly;
export const MIN_SEPARATE_TRAIN_NORMAL = TRAINING.normal;
export const MIN_SEPARATE_TEST_NORMAL = TEST.normal;
export const MIN_SEPARATE_TEST_ANOMALOUS = TEST.anomaly;
/** Single-dataset projects: share of each stratum (normal, and anomalous per label set) held out for testing. */
export const TEST_FRACTION = 0.3;

export interface DatasetImage {
  source: SourceImage;
  /** Per pixel at the image's own size: 0 = background, i + 1 = labels[i]. Segmentation anomalies only. */
  mask?: Uint8Array;
  /** Indexes into labels of the labels present in the mask. */
  labelsPresent: number[];
}

export interface Dataset {
  modelType: 'classification' | 'segmentation';
  width: number;
  height: number;
  labels: MaskLabel[];
  train: DatasetImage[];
  test: DatasetImage[];
}

const hex = (v: number) => `#${v.toString(16).padStart(6, '0')}`;

async function checkImage(image: SourceImage, role: string): Promise<ImageInfo> {
  try {
    return await inspectImage(await contentBytes(image));
  } catch (err) {
    if (err instanceof ImageRuleError)
      throw new DatasetRuleError(`${role} image ${image.ref}: ${err.message}`);
    throw err;
  }
}

async function decodeMask(
  image: SourceImage,
  info: ImageInfo,
  labels: MaskLabel[],
  role: string,
): Promise<{ mask: Uint8Array; labelsPresent: number[] }> {
  const where = `${role} image ${image.ref}`;
  const mask = image.mask!;
  const bytes = await contentBytes(mask);
  if (sniffFormat(bytes) !== 'png')
    throw new DatasetRuleError(`${where}: the anomaly mask is not a PNG image.`);
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await sharp(bytes)
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new DatasetRuleError(`${where}: the anomaly mask is corrupt: ${(err as Error).message}`);
  }
  if (raw.info.width !== info.width || raw.info.height !== info.height) {
    throw new DatasetRuleError(
      `${where}: the anomaly mask is ${raw.info.width}x${raw.info.height} but the image is ${info.width}x${info.height}.`,
    );
  }
  const byColor = new Map<number, number>([[0xffffff, 0]]);
  for (const l of mask.labels) {
    const color = parseInt(l.color.slice(1), 16);
    if (!/^#[0-9a-fA-F]{6}$/.test(l.color))
      throw new DatasetRuleError(`${where}: label ${l.name} has invalid colour ${l.color}.`);
    if (color === 0xffffff)
      throw new DatasetRuleError(`${where}: label ${l.name} uses the background colour #ffffff.`);
    byColor.set(color, labels.findIndex((g) => g.name === l.name) + 1);
  }
  const { data, info: rinfo } = raw;
  const ch = rinfo.channels;
  const out = new Uint8Array(info.width * info.height);
  const present = new Set<number>();
  for (let i = 0; i < out.length; i++) {
    const c = (data[i * ch] << 16) | (data[i * ch + (ch > 1 ? 1 : 0)] << 8) | data[i * ch + (ch > 2 ? 2 : 0)];
    const index = byColor.get(c);
    if (index === undefined) {
      throw new DatasetRuleError(
        `${where}: the anomaly mask contains colour ${hex(c)} (pixel ${i % info.width},${Math.floor(i / info.width)}), ` +
          `which is not in its colour map (${[...byColor.keys()].map(hex).join(', ')}).`,
      );
    }
    out[i] = index;
    if (index > 0) present.add(index - 1);
  }
  return { mask: out, labelsPresent: [...present].sort((a, b) => a - b) };
}

function counts(images: DatasetImage[], labels: MaskLabel[]) {
  const normal = images.filter((i) => !i.source.anomalous).length;
  const perLabel = labels.map(
    (_, li) => images.filter((i) => i.labelsPresent.length === 1 && i.labelsPresent[0] === li).length,
  );
  return { normal, anomalous: images.length - normal, perLabel };
}

function requireAtLeast(have: number, need: number, what: string): void {
  if (have < need)
    throw new DatasetRuleError(`Training needs at least ${need} ${what}; the dataset has ${have}.`);
}

function checkMinimums(d: Dataset, single: boolean): void {
  const seg = d.modelType === 'segmentation';
  if (single) {
    const c = counts(d.train, d.labels);
    requireAtLeast(c.normal, MIN_SINGLE_NORMAL, 'labeled normal images');
    requireAtLeast(c.anomalous, MIN_SINGLE_ANOMALOUS, 'labeled anomalous images');
    if (seg) {
      d.labels.forEach((l, i) =>
        requireAtLeast(
          c.perLabel[i],
          SINGLE.perLabel,
          `images that contain only the anomaly label "${l.name}"`,
        ),
      );
    }
    return;
  }
  const tr = counts(d.train, d.labels);
  const te = counts(d.test, d.labels);
  requireAtLeast(tr.normal, MIN_SEPARATE_TRAIN_NORMAL, 'normal images in the training dataset');
  requireAtLeast(te.normal, MIN_SEPARATE_TEST_NORMAL, 'normal images in the test dataset');
  requireAtLeast(te.anomalous, MIN_SEPARATE_TEST_ANOMALOUS, 'anomalous images in the test dataset');
  if (seg) {
    d.labels.forEach((l, i) => {
      const what = `images that contain only the anomaly label "${l.name}"`;
      requireAtLeast(tr.perLabel[i], TRAINING.perLabel, `${what} in the training dataset`);
      requireAtLeast(te.perLabel[i], TEST.perLabel, `${what} in the test dataset`);
    });
  }
}

/** Stratified, seeded split: normal images, and anomalous images grouped by the labels they contain. */
export function splitStratified(
  images: DatasetImage[],
  rng: Rng,
): { train: DatasetImage[]; test: DatasetImage[] } {
  const strata = new Map<string, DatasetImage[]>();
  for (const image of images) {
    const key = image.source.anomalous ? `a:${image.labelsPresent.join(',')}` : 'n';
    strata.set(key, [...(strata.get(key) ?? []), image]);
  }
  const train: DatasetImage[] = [];
  const test: DatasetImage[] = [];
  for (const key of [...strata.keys()].sort()) {
    const group = shuffled(strata.get(key)!, rng);
    const held = group.length >= 2 ? Math.max(1, Math.round(group.length * TEST_FRACTION)) : 0;
    test.push(...group.slice(0, held));
    train.push(...group.slice(held));
  }
  return { train, test };
}

/** Checks every rule of GUIDE §2/§3 on the input, decodes masks and splits a single dataset. */
export async function prepareDataset(input: TrainingInput): Promise<Dataset> {
  const single = input.test === undefined;
  const roles: [SourceImage, string][] = [
    ...input.train.map((i): [SourceImage, string] => [i, single ? 'dataset' : 'training']),
    ...(input.test ?? []).map((i): [SourceImage, string] => [i, 'test']),
  ];
  const infos: ImageInfo[] = [];
  for (const [image, role] of roles) infos.push(await checkImage(image, role));
  const seen = new Set<string>();
  roles.forEach(([image], i) => {
    const { width, height } = infos[i];
    if (width !== infos[0].width || height !== infos[0].height) {
      throw new DatasetRuleError(
        `All images must have the same dimensions: ${image.ref} is ${width}x${height}, ` +
          `${roles[0][0].ref} is ${infos[0].width}x${infos[0].height}.`,
      );
    }
    if (seen.has(image.ref)) throw new DatasetRuleError(`Image ${image.ref} appears more than once.`);
    seen.add(image.ref);
  });
  // Masks on anomalous images make a segmentation model (with separate datasets, the training dataset decides).
  const segmentation = input.train.some((i) => i.anomalous && i.mask);
  const labels: MaskLabel[] = [];
  if (segmentation) {
    for (const [image] of roles) {
      if (!image.anomalous || !image.mask) continue;
      for (const l of image.mask.labels) {
        if (!labels.some((g) => g.name === l.name))
          labels.push({ name: l.name, color: l.color.toLowerCase() });
      }
    }
  }
  const prepared: DatasetImage[] = [];
  for (let i = 0; i < roles.length; i++) {
    const [image, role] = roles[i];
    if (segmentation && image.anomalous && image.mask) {
      prepared.push({ source: image, ...(await decodeMask(image, infos[i], labels, role)) });
    } else {
      prepared.push({ source: image, labelsPresent: [] });
    }
  }
  const { width, height } = infos[0] ?? { width: 0, height: 0 };
  const modelType = segmentation ? 'segmentation' : 'classification';
  let dataset: Dataset;
  if (single) {
    dataset = { modelType, width, height, labels, train: prepared, test: [] };
    checkMinimums(dataset, true);
    dataset = { ...dataset, ...splitStratified(prepared, createRng(input.seed ^ 0x5eed)) };
  } else {
    dataset = {
      modelType,
      width,
      height,
      labels,
      train: prepared.slice(0, input.train.length),
      test: prepared.slice(input.train.length),
    };
    checkMinimums(dataset, false);
  }
  return dataset;
}
