// Finds the anomaly colours present in a mask PNG (everything that is not the white background).
import sharp from 'sharp';

const MAX_LABELS_PER_MASK = 20;

export async function maskColors(png: Uint8Array): Promise<string[]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const colors = new Set<string>();
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i], data[i + 1] ?? data[i], data[i + 2] ?? data[i]];
    if (r === 255 && g === 255 && b === 255) continue;
    colors.add(`#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`);
    if (colors.size > MAX_LABELS_PER_MASK) {
      throw new Error(
        `mask has more than ${MAX_LABELS_PER_MASK} colours; masks must use one flat colour per anomaly type`,
      );
    }
  }
  return [...colors];
}
