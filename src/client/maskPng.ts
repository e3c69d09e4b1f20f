// Mask images as the service reads them: a PNG of the image's size, white background, each anomaly label
// painted in its exact colour. In memory a mask is one byte per pixel: 0 background, n the n-th label.
import sharp from 'sharp';

const WHITE = [255, 255, 255] as const;

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`"${hex}" is not a #rrggbb colour`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** `colors[n - 1]` is the colour of label index n. */
export async function encodeMaskPng(
  width: number,
  height: number,
  indices: Uint8Array,
  colors: readonly string[],
): Promise<Buffer> {
  if (indices.length !== width * height)
    throw new Error(`the mask has ${indices.length} pixels, the image ${width}×${height}`);
  const table = [WHITE, ...colors.map(rgb)];
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < indices.length; i++) {
    const color = table[indices[i]!];
    if (!color)
      throw new Error(`pixel ${i} has label index ${indices[i]}, beyond the ${colors.length} labels`);
    raw[i * 3] = color[0];
    raw[i * 3 + 1] = color[1];
    raw[i * 3 + 2] = color[2];
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 9, palette: false })
    .toBuffer();
}

/**
 * A mask PNG back into label indices (`colors[n - 1]` for index n), at `width`×`height` (a mask of another size
 * is scaled without blending). A colour that is neither white nor one of `colors` is an error.
 */
export async function decodeMaskPng(
  png: Uint8Array,
  width: number,
  height: number,
  colors: readonly string[],
): Promise<Uint8Array> {
  const data = await sharp(png)
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .resize(width, height, { fit: 'fill', kernel: 'nearest' })
    .removeAlpha()
    .raw()
    .toBuffer();
  const channels = data.length / (width * height);
  const byColor = new Map(colors.map((c, i) => [rgb(c).join(','), i + 1]));
  const out = new Uint8Array(width * height);
  for (let p = 0; p < out.length; p++) {
    const o = p * channels;
    const r = data[o]!;
    const g = channels >= 3 ? data[o + 1]! : r;
    const b = channels >= 3 ? data[o + 2]! : r;
    if (r === 255 && g === 255 && b === 255) continue;
    const index = byColor.get(`${r},${g},${b}`);
    if (index === undefined) throw new Error(`the mask has a colour no label names: rgb(${r}, ${g}, ${b})`);
    out[p] = index;
  }
  return out;
}
