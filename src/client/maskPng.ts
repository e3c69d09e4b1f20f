// Mask images back into label indices, from whatever PNG a dataset holds (they are written by labelMaskPng in
// src/engine/ml/labelMaskPng.ts, as the engine writes its masks).
import sharp from 'sharp';
import { hexToRgb } from '../engine/ml/labelMaskPng';

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
  const byColor = new Map(colors.map((c, i) => [hexToRgb(c).join(','), i + 1]));
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
