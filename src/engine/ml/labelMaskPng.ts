// Mask images as the service reads and writes them: a PNG of the image's size, white background, each anomaly label
// painted in its exact colour. In memory a mask is one byte per pixel: 0 background, n the n-th label.
import { promisify } from 'node:util';
import { crc32, deflate, deflateSync } from 'node:zlib';

const deflateAsync = promisify(deflate);
/**
 * Masks larger than this many bytes are compressed on zlib's thread pool (a 4096² one takes about a quarter of a
 * second, which no event loop should wait out); smaller ones take well under the cost of the hop, in place.
 */
const IN_PLACE_BYTES = 1 << 20;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const INDEXED_COLOUR = 3;
const WHITE = [255, 255, 255];

/** A #rrggbb colour as its three channels. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`"${hex}" is not a #rrggbb colour`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * The mask PNG of width×height label indices, `colors[n - 1]` the colour of label n. An indexed-colour PNG (8 bits
 * per pixel, white first in the palette), which any decoder reads as RGB: a mask is a few colours, and writing it
 * directly takes a fraction of the time of encoding it as RGB.
 */
export async function labelMaskPng(
  indices: Uint8Array,
  width: number,
  height: number,
  colors: readonly string[],
  compressionLevel = 6,
): Promise<Buffer> {
  if (indices.length !== width * height)
    throw new Error(`the mask has ${indices.length} pixels, the image ${width}×${height}`);
  if (colors.length > 255) throw new Error(`${colors.length} labels; a mask holds at most 255`);
  for (let i = 0; i < indices.length; i++)
    if (indices[i] > colors.length)
      throw new Error(`pixel ${i} has label index ${indices[i]}, beyond the ${colors.length} labels`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per index
  header[9] = INDEXED_COLOUR;
  // Each row: filter type 0 (none), then its indices.
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++)
    rows.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', Uint8Array.from([...WHITE, ...colors.flatMap(hexToRgb)])),
    chunk(
      'IDAT',
      rows.length > IN_PLACE_BYTES
        ? await deflateAsync(rows, { level: compressionLevel })
        : deflateSync(rows, { level: compressionLevel }),
    ),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
