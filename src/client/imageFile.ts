// Local image files the extension sends (dataset uploads, detection), checked against the service's image rules
// before they leave: a file that breaks one is named now, instead of a training failing on it minutes later.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkImageSize, inspectImage } from '../engine/ml/image';

export interface ImageFile {
  bytes: Buffer;
  /** image/png or image/jpeg, by the bytes' signature (the file name can be wrong). */
  contentType: string;
  width: number;
  height: number;
}

/** The bytes of a local PNG or JPEG image within the rules (8 MB, 64 to 4096 pixels a side), or an error naming it. */
export async function readImageFile(path: string): Promise<ImageFile> {
  try {
    // A file too large is refused by its size: a 2 GB file named .png is not read into memory first.
    checkImageSize((await stat(path)).size);
    const bytes = await readFile(path);
    const { format, width, height } = await inspectImage(bytes);
    return { bytes, contentType: `image/${format}`, width, height };
  } catch (err) {
    throw new Error(`${basename(path)}: ${(err as Error).message}`);
  }
}

/**
 * A check that each image given has the dimensions of the first one, as the images of a dataset must: the image
 * that differs is named with both sizes.
 */
export function sameDimensions(): (name: string, image: { width: number; height: number }) => void {
  let first: { name: string; width: number; height: number } | undefined;
  return (name, { width, height }) => {
    first ??= { name, width, height };
    if (width !== first.width || height !== first.height)
      throw new Error(
        `${name} is ${width}x${height} pixels but ${first.name} is ${first.width}x${first.height}: ` +
          'all images of a dataset must have the same dimensions.',
      );
  };
}
