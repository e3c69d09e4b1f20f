// Reads a folder laid out as `normal/` and `anomaly/` (labels from the folder names, as the console's
// S3 import does) with optional `masks/<anomaly image name>.png` and `masks/labels.json`
// (`{"#ff0000": "scratch"}`), counts what it holds against the training minimums, uploads images and masks to
// a bucket, and returns the manifest lines.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { objectKeyProblem, type ClassCounts } from '../manifest/core';
import { manifestLine, type ImageClass, type LabelledImage, type MaskLabel } from './manifestLines';
import { maskColors } from './maskColors';
import { readImageFile, sameDimensions } from './imageFile';
import { putObject, s3Uri } from './objectStore';

const IMAGE = /\.(png|jpe?g)$/i;

export interface FolderImage {
  path: string;
  className: ImageClass;
  maskPath?: string;
}

export async function scanLabelledFolder(folder: string): Promise<FolderImage[]> {
  // JPEG masks are listed too, to be refused by name when read (readMask) rather than silently left out.
  const masks = await listImages(join(folder, 'masks'), IMAGE);
  const maskByStem = new Map(masks.map((m) => [stem(m), m]));
  const images: FolderImage[] = [];
  for (const className of ['normal', 'anomaly'] as const) {
    for (const path of await listImages(join(folder, className), IMAGE)) {
      const maskPath = className === 'anomaly' ? maskByStem.get(stem(path)) : undefined;
      images.push({ path, className, ...(maskPath ? { maskPath } : {}) });
    }
  }
  if (images.length === 0) {
    throw new Error(`${folder} has no images in normal/ or anomaly/ (PNG or JPEG)`);
  }
  return images;
}

export interface UploadProgress {
  (done: number, total: number): void;
}

/** Uploads every image (and mask) under `prefix` in `bucket`; returns the manifest JSON lines. */
export async function uploadLabelledFolder(
  s3: S3Client,
  folder: string,
  bucket: string,
  prefix: string,
  onProgress: UploadProgress = () => undefined,
  cancelled: () => boolean = () => false,
): Promise<string[]> {
  const images = await scanLabelledFolder(folder);
  const labelNames = await readLabelNames(folder);
  // Every name is checked before the first upload: a file S3 cannot name does not stop the upload half-way.
  const keyOf = (path: string, folderName: string) => {
    const key = `${prefix}${folderName}/${basename(path)}`;
    const problem = objectKeyProblem(key);
    if (problem)
      throw new Error(`${folderName}/${basename(path)} cannot be uploaded under that name: ${problem}`);
    return key;
  };
  const keys = images.map((image) => ({
    image: keyOf(image.path, image.className),
    mask: image.maskPath && keyOf(image.maskPath, 'masks'),
  }));
  const lines: string[] = [];
  let done = 0;
  const checkSize = sameDimensions();
  for (const [i, image] of images.entries()) {
    if (cancelled()) throw new Error('Cancelled');
    const { image: key, mask: maskKey } = keys[i]!;
    const file = await readImageFile(image.path);
    checkSize(`${image.className}/${basename(image.path)}`, file);
    await putObject(s3, bucket, key, file.bytes, file.contentType);
    const labelled: LabelledImage = { sourceRef: s3Uri(bucket, key), className: image.className };
    if (image.maskPath && maskKey) {
      const maskBytes = await readMask(image.maskPath);
      await putObject(s3, bucket, maskKey, maskBytes, 'image/png');
      labelled.mask = { ref: s3Uri(bucket, maskKey), labels: await maskLabels(maskBytes, labelNames) };
    }
    lines.push(manifestLine(labelled, `folder/${basename(folder)}`));
    onProgress(++done, images.length);
  }
  return lines;
}

/** The anomaly labels of a mask: its colours, named by masks/labels.json or else after the colour. */
async function maskLabels(maskBytes: Uint8Array, labelNames: Record<string, string>): Promise<MaskLabel[]> {
  return (await maskColors(maskBytes)).map((hexColor) => ({
    hexColor,
    className: labelNames[hexColor] ?? `anomaly-${hexColor.slice(1)}`,
  }));
}

/**
 * What the folder would give the training minimums to count, read before anything is uploaded: images per
 * class, and with masks, the anomalous images whose mask holds a single label. Only masks are read.
 */
export async function folderClassCounts(folder: string): Promise<ClassCounts> {
  const images = await scanLabelledFolder(folder);
  const labelNames = await readLabelNames(folder);
  const singleLabelImages = new Map<string, number>();
  let segmentation = false;
  for (const image of images) {
    if (!image.maskPath) continue;
    segmentation = true;
    const labels = await maskLabels(await readMask(image.maskPath), labelNames);
    for (const { className } of labels)
      singleLabelImages.set(
        className,
        (singleLabelImages.get(className) ?? 0) + (labels.length === 1 ? 1 : 0),
      );
  }
  const normal = images.filter((image) => image.className === 'normal').length;
  return { normal, anomaly: images.length - normal, segmentation, singleLabelImages };
}

/** A mask's bytes, which must be a PNG image whatever its name says. */
async function readMask(path: string): Promise<Buffer> {
  const file = await readImageFile(path);
  if (file.contentType !== 'image/png')
    throw new Error(
      `masks/${basename(path)} is not a PNG image: masks must be PNG (JPEG blends their colours)`,
    );
  return file.bytes;
}

/** Files of `dir` whose names match, sorted; a symbolic link counts as the file it leads to (a broken one, not). */
async function listImages(dir: string, names: RegExp): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: string[] = [];
  for (const e of entries) {
    if (!names.test(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isFile() || (e.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile()))
      files.push(path);
  }
  return files.sort();
}

async function readLabelNames(folder: string): Promise<Record<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(join(folder, 'masks', 'labels.json'), 'utf8')) as Record<
      string,
      string
    >;
    return Object.fromEntries(Object.entries(parsed).map(([color, name]) => [color.toLowerCase(), name]));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`masks/labels.json: ${(err as Error).message}`);
  }
}

function stem(path: string): string {
  return basename(path, extname(path));
}
