import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { RgbImage } from '../../src/engine/ml/image';
import { proceduralTexture } from '../../src/engine/ml/synth/texture';

/**
 * Texture sources of the benchmark: photos from Debian's python3-skimage data folder (brick, grass, gravel: CC0;
 * ihc: no known copyright restrictions), and seeded procedural textures that need no files.
 */
export const SKIMAGE_DATA = process.env.SKIMAGE_DATA ?? '/usr/lib/python3/dist-packages/skimage/data';
const PHOTOS = ['brick', 'grass', 'gravel', 'ihc'];

export interface Source {
  name: string;
  image: RgbImage;
}

async function loadPhoto(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const rgb = new Uint8Array(info.width * info.height * 3);
  for (let i = 0; i < info.width * info.height; i++) {
    for (let c = 0; c < 3; c++) rgb[3 * i + c] = data[i * info.channels + Math.min(c, info.channels - 1)];
  }
  return { width: info.width, height: info.height, data: rgb };
}

export async function loadSources(): Promise<Source[]> {
  const sources: Source[] = [];
  const missing = PHOTOS.filter((p) => !existsSync(join(SKIMAGE_DATA, `${p}.png`)));
  if (missing.length) {
    console.log(
      `Photo textures ${missing.join(', ')} not found in ${SKIMAGE_DATA}: install them with ` +
        '`apt-get install -y python3-skimage` (or set SKIMAGE_DATA). Skipping them.',
    );
  }
  for (const p of PHOTOS.filter((q) => !missing.includes(q))) {
    sources.push({ name: p, image: await loadPhoto(join(SKIMAGE_DATA, `${p}.png`)) });
  }
  sources.push({ name: 'weave', image: proceduralTexture('weave', 512, 512, 101) });
  sources.push({ name: 'cells', image: proceduralTexture('cells', 512, 512, 102) });
  return sources;
}
