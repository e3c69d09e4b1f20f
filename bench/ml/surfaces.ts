import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { RgbImage } from '../../src/engine/ml/image';
import { TextureKind, proceduralTexture } from '../../test/support/synth/texture';

/**
 * The surfaces of the ML benchmarks, each from a Debian package (scripts/setup-bench-data.sh installs them) or
 * generated, with its licence as the package's copyright file or the data module's notes give it:
 *
 * | package                         | files                                    | licence                                  |
 * | ------------------------------- | ---------------------------------------- | ---------------------------------------- |
 * | python3-skimage (skimage/data)  | brick, grass, gravel                     | CC0 (CC0Textures)                        |
 * |                                 | ihc                                      | no known copyright restrictions          |
 * |                                 | coins                                    | no known copyright restrictions          |
 * |                                 | astronaut                                | public domain (NASA)                     |
 * |                                 | logo, horse                              | BSD-3-Clause (scikit-image)              |
 * | python-matplotlib-data          | sample_data/grace_hopper.jpg             | public domain (US Navy); matplotlib licence |
 * |                                 | sample_data/Minduka_Present_Blue_Pack.png | matplotlib licence (PSF-based)          |
 * | gimp-data (GIMP patterns, .pat) | burlap, brick, recessed, parque3, stone33, paper, leather, slate, bark | GPL-3+ (gimp-data) |
 * | extremetuxracer-data (terrains) | rock06, rock03, pave01, pave02, pebbles01, sand01, floor01, grass02 | GPL-2+           |
 * | none: seeded procedural         | weave, cells                             | this project's                           |
 *
 * Families: periodic structures (defects break the period), rough mineral surfaces, smooth painted or plastic
 * surfaces, organic textures, and aligned objects (the same object in the same pose: position matters).
 * The development half is what models may be tuned on; the evaluation half judges them and must not be tuned on.
 * Both are fixed here, balanced across families; the project's first six textures are in the development half. The
 * development half also holds three surfaces where thin cracks hide among joints or clutter (blocks, flagstones,
 * litter), the limit the evaluation half's stone wall shows, so that work on it can be tuned without looking there.
 */
export type Family = 'periodic' | 'mineral' | 'smooth' | 'organic' | 'aligned';
export type Half = 'dev' | 'eval';

type Origin =
  | { kind: 'file'; pkg: string; path: string }
  | { kind: 'gimp-pattern'; pkg: string; path: string }
  | { kind: 'procedural'; texture: TextureKind; seed: number };

export interface Surface {
  name: string;
  family: Family;
  half: Half;
  origin: Origin;
  /** Aligned objects: the object's window in the source (square, `side` px) and the pose jitter in source px. */
  window?: { x: number; y: number; side: number; jitter: number };
}

export const SKIMAGE_DATA = process.env.SKIMAGE_DATA ?? '/usr/lib/python3/dist-packages/skimage/data';
const MPL_DATA = '/usr/share/matplotlib/mpl-data/sample_data';
const GIMP_PATTERNS = '/usr/share/gimp/2.0/patterns';
const ETR_TERRAINS = '/usr/share/games/etr/terrains';

const skimage = (file: string): Origin => ({
  kind: 'file',
  pkg: 'python3-skimage',
  path: join(SKIMAGE_DATA, file),
});
const mpl = (file: string): Origin => ({
  kind: 'file',
  pkg: 'python-matplotlib-data',
  path: join(MPL_DATA, file),
});
const gimp = (file: string): Origin => ({
  kind: 'gimp-pattern',
  pkg: 'gimp-data',
  path: join(GIMP_PATTERNS, file),
});
const etr = (file: string): Origin => ({
  kind: 'file',
  pkg: 'extremetuxracer-data',
  path: join(ETR_TERRAINS, file),
});

export const SURFACES: readonly Surface[] = [
  // Development half.
  { name: 'brick', family: 'periodic', half: 'dev', origin: skimage('brick.png') },
  {
    name: 'weave',
    family: 'periodic',
    half: 'dev',
    origin: { kind: 'procedural', texture: 'weave', seed: 101 },
  },
  { name: 'burlap', family: 'periodic', half: 'dev', origin: gimp('Fabric/burlap.pat') },
  { name: 'blocks', family: 'periodic', half: 'dev', origin: gimp('Stone/brick.pat') },
  { name: 'gravel', family: 'mineral', half: 'dev', origin: skimage('gravel.png') },
  {
    name: 'cells',
    family: 'mineral',
    half: 'dev',
    origin: { kind: 'procedural', texture: 'cells', seed: 102 },
  },
  { name: 'rock', family: 'mineral', half: 'dev', origin: etr('rock06.png') },
  { name: 'flagstones', family: 'mineral', half: 'dev', origin: etr('pave01.png') },
  { name: 'paper', family: 'smooth', half: 'dev', origin: gimp('Paper/paper.pat') },
  { name: 'sand', family: 'smooth', half: 'dev', origin: etr('sand01.png') },
  { name: 'grass', family: 'organic', half: 'dev', origin: skimage('grass.png') },
  { name: 'ihc', family: 'organic', half: 'dev', origin: skimage('ihc.png') },
  { name: 'litter', family: 'organic', half: 'dev', origin: etr('floor01.png') },
  {
    name: 'logo',
    family: 'aligned',
    half: 'dev',
    origin: skimage('logo.png'),
    window: { x: 50, y: 50, side: 400, jitter: 3 },
  },
  {
    name: 'present',
    family: 'aligned',
    half: 'dev',
    origin: mpl('Minduka_Present_Blue_Pack.png'),
    window: { x: 8, y: 8, side: 112, jitter: 1 },
  },
  {
    name: 'coins',
    family: 'aligned',
    half: 'dev',
    origin: skimage('coins.png'),
    window: { x: 100, y: 60, side: 180, jitter: 2 },
  },
  // Evaluation half.
  { name: 'perforated', family: 'periodic', half: 'eval', origin: gimp('Legacy/recessed.pat') },
  { name: 'parquet', family: 'periodic', half: 'eval', origin: gimp('Wood/parque3.pat') },
  { name: 'pavement', family: 'periodic', half: 'eval', origin: etr('pave02.png') },
  { name: 'pebbles', family: 'mineral', half: 'eval', origin: etr('pebbles01.png') },
  { name: 'stonewall', family: 'mineral', half: 'eval', origin: gimp('Stone/stone33.pat') },
  { name: 'cliff', family: 'mineral', half: 'eval', origin: etr('rock03.png') },
  { name: 'leather', family: 'smooth', half: 'eval', origin: gimp('Animal/leather.pat') },
  { name: 'slate', family: 'smooth', half: 'eval', origin: gimp('Stone/slate.pat') },
  { name: 'bark', family: 'organic', half: 'eval', origin: gimp('Wood/bark.pat') },
  { name: 'turf', family: 'organic', half: 'eval', origin: etr('grass02.png') },
  {
    name: 'horse',
    family: 'aligned',
    half: 'eval',
    origin: skimage('horse.png'),
    window: { x: 40, y: 14, side: 300, jitter: 3 },
  },
  {
    name: 'hopper',
    family: 'aligned',
    half: 'eval',
    origin: mpl('grace_hopper.jpg'),
    window: { x: 136, y: 90, side: 240, jitter: 2 },
  },
  {
    name: 'astronaut',
    family: 'aligned',
    half: 'eval',
    origin: skimage('astronaut.png'),
    window: { x: 120, y: 30, side: 240, jitter: 2 },
  },
];

/** Side of the square a texture is tiled to (GIMP patterns and game terrains are small seamless tiles). */
const TEXTURE_SIDE = 512;

/** Interleaved RGB from pixels of 1–4 bytes (grey, grey+alpha, RGB, RGBA): grey repeated, alpha dropped. */
function toRgb(data: Uint8Array, width: number, height: number, channels: number): RgbImage {
  const colours = channels >= 3 ? 3 : 1;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgb[3 * i + c] = data[i * channels + Math.min(c, colours - 1)];
  }
  return { width, height, data: rgb };
}

async function decodeFile(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path)
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toRgb(data, info.width, info.height, info.channels);
}

/**
 * A GIMP pattern: a big-endian header (header size, version, width, height, bytes per pixel, 'GPAT', name),
 * then the pixels, 1–4 bytes each (grey, grey+alpha, RGB, RGBA).
 */
function decodeGimpPattern(path: string): RgbImage {
  const b = readFileSync(path);
  const headerSize = b.readUInt32BE(0);
  const width = b.readUInt32BE(8);
  const height = b.readUInt32BE(12);
  const bytes = b.readUInt32BE(16);
  if (b.toString('latin1', 20, 24) !== 'GPAT') throw new Error(`${path} is not a GIMP pattern`);
  return toRgb(b.subarray(headerSize, headerSize + width * height * bytes), width, height, bytes);
}

/** The tile repeated to fill side × side. */
function tile(img: RgbImage, side: number): RgbImage {
  const data = new Uint8Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const s = ((y % img.height) * img.width + (x % img.width)) * 3;
      data.set(img.data.subarray(s, s + 3), (y * side + x) * 3);
    }
  }
  return { width: side, height: side, data };
}

/** The surface's source image, or undefined when the package that ships it is not installed. */
export async function loadSurface(s: Surface): Promise<RgbImage | undefined> {
  const o = s.origin;
  if (o.kind === 'procedural') return proceduralTexture(o.texture, TEXTURE_SIDE, TEXTURE_SIDE, o.seed);
  if (!existsSync(o.path)) return undefined;
  const img = o.kind === 'gimp-pattern' ? decodeGimpPattern(o.path) : await decodeFile(o.path);
  if (s.window || (img.width >= TEXTURE_SIDE && img.height >= TEXTURE_SIDE)) return img;
  return tile(img, TEXTURE_SIDE);
}

/** The wanted surfaces whose sources are at hand; a note names those skipped and the package to install. */
export async function loadSurfaces(
  wanted: (s: Surface) => boolean,
): Promise<{ surface: Surface; source: RgbImage }[]> {
  const found: { surface: Surface; source: RgbImage }[] = [];
  const missing = new Map<string, string[]>();
  for (const surface of SURFACES.filter(wanted)) {
    const source = await loadSurface(surface);
    if (source) found.push({ surface, source });
    else if (surface.origin.kind !== 'procedural')
      missing.set(surface.origin.pkg, [...(missing.get(surface.origin.pkg) ?? []), surface.name]);
  }
  for (const [pkg, names] of missing) {
    console.log(
      `Skipping ${names.join(', ')}: Debian package ${pkg} is not installed (scripts/setup-bench-data.sh installs it).`,
    );
  }
  return found;
}
