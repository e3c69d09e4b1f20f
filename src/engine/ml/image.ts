import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ImageRuleError } from './errors';
import { ImageFormat, sniffFormat } from './imageFormat';
import { asBuffer } from './messages';
import type { ImageContent } from './types';

/** Image rules of the service (GUIDE §2). */
export const MIN_SIDE = 64;
export const MAX_SIDE = 4096;
export const MAX_BYTES = 8 * 1024 * 1024;
/** Images are analysed with their longer side at most this many pixels; sides are multiples of GRID_STRIDE. */
export const MAX_WORKING_SIDE = 256;
export const GRID_STRIDE = 4;

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved RGB, 8 bits per channel. */
  data: Uint8Array;
}

/**
 * The bytes of an image or mask: read from its file, or viewed as a Buffer (structured clone hands a worker
 * plain Uint8Arrays).
 */
export async function contentBytes(content: ImageContent): Promise<Buffer> {
  return 'bytes' in content ? asBuffer(content.bytes) : readFile(content.path);
}

/** Refuses an image of `size` bytes, before its bytes are read when they come from a file. */
export function checkImageSize(size: number): void {
  if (size === 0) throw new ImageRuleError('The image is empty.');
  if (size > MAX_BYTES)
    throw new ImageRuleError(`The image is ${size} bytes; the maximum is ${MAX_BYTES} bytes (8 MB).`);
}

export async function inspectImage(bytes: Buffer): Promise<ImageInfo> {
  checkImageSize(bytes.length);
  const format = sniffFormat(bytes);
  if (!format) throw new ImageRuleError('The image is not a PNG or JPEG image.');
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(bytes).metadata());
  } catch (err) {
    throw new ImageRuleError(`The ${format.toUpperCase()} image is corrupt: ${(err as Error).message}`);
  }
  if (!width || !height) throw new ImageRuleError(`The ${format.toUpperCase()} image has no dimensions.`);
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    throw new ImageRuleError(
      `The image is ${width}x${height} pixels; each side must be between ${MIN_SIDE} and ${MAX_SIDE} pixels.`,
    );
  }
  return { format, width, height };
}

/** The size images of `width`x`height` are analysed at (downscaled, sides rounded to the grid stride). */
export function workingSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_WORKING_SIDE / Math.max(width, height));
  const side = (v: number) => Math.max(2 * GRID_STRIDE, Math.round((v * scale) / GRID_STRIDE) * GRID_STRIDE);
  return { width: side(width), height: side(height) };
}

/**
 * Decodes to sRGB at the given working size. The one decode path for training and inference:
 * different decoders disagree by a few grey levels, which the models would see as anomalies.
 * `source` is the image's own size (from inspectImage): an image already at the working size is not resized,
 * which gives the same pixels for less time.
 */
export async function decodeRgb(
  bytes: Buffer,
  source: { width: number; height: number },
  width: number,
  height: number,
): Promise<RgbImage> {
  try {
    const srgb = sharp(bytes).flatten({ background: '#ffffff' }).toColourspace('srgb');
    const sized =
      source.width === width && source.height === height ? srgb : srgb.resize(width, height, { fit: 'fill' });
    const { data, info } = await sized.raw().toBuffer({ resolveWithObject: true });
    if (info.channels === 3)
      return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = data[i * info.channels + Math.min(c, info.channels - 1)];
    }
    return { width, height, data: rgb };
  } catch (err) {
    throw new ImageRuleError(`The image could not be decoded: ${(err as Error).message}`);
  }
}
