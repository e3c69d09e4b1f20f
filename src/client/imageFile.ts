// Local image files the extension sends (dataset uploads, detection): Lookout for Vision takes PNG and JPEG only.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** image/png or image/jpeg by the bytes' signature (not by the name, which can be wrong); undefined for neither. */
export function sniffImageType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'image/jpeg';
  return undefined;
}

/**
 * The bytes of a local image and their content type. A file that is neither PNG nor JPEG (misnamed, truncated to
 * nothing, an HTML page saved as .jpg) is an error naming it now, instead of a failed training minutes later.
 */
export async function readImageFile(path: string): Promise<{ bytes: Buffer; contentType: string }> {
  const bytes = await readFile(path);
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new Error(`${basename(path)} is not a PNG or JPEG image (${path})`);
  return { bytes, contentType };
}
