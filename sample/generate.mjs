// Generates the sample workspace's images: a brushed-metal texture, 20 normal and 20 scratched
// plates with their masks (one anomaly type, "scratch", red in the masks), a few unseen plates in
// `check/` to try detection on, and `plates.manifest` pointing at the same images by relative path.
// Deterministic (seeded), so running it again rewrites identical files. Dedicated to the public
// domain (CC0), like the rest of the sample.
//   node sample/generate.mjs
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const SIZE = 128;
const SCRATCH = [255, 0, 0];
const root = join(dirname(fileURLToPath(import.meta.url)), 'workspace');
const plates = join(root, 'plates');

function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Brushed metal: horizontal streaks, a soft light gradient and fine grain, all seeded. */
function plate(random) {
  const pixels = new Float32Array(SIZE * SIZE);
  const streaks = Array.from({ length: SIZE }, () => (random() - 0.5) * 18);
  const tilt = (random() - 0.5) * 20;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const grain = (random() - 0.5) * 10;
      pixels[y * SIZE + x] = 150 + streaks[y] + tilt * (x / SIZE - 0.5) + grain;
    }
  }
  return pixels;
}

/** A scratch: a dark line 2–3 px wide with a bright edge; returns the mask of touched pixels. */
function scratch(pixels, random) {
  const mask = new Uint8Array(SIZE * SIZE);
  const x0 = 16 + random() * 96;
  const y0 = 16 + random() * 96;
  const angle = random() * Math.PI;
  const length = 30 + random() * 50;
  const width = 1 + random() * 1.2;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const dx = x - x0;
      const dy = y - y0;
      const along = dx * Math.cos(angle) + dy * Math.sin(angle);
      const across = -dx * Math.sin(angle) + dy * Math.cos(angle);
      if (Math.abs(along) > length / 2) continue;
      if (Math.abs(across) <= width) {
        pixels[y * SIZE + x] = 60 + random() * 20;
        mask[y * SIZE + x] = 1;
      } else if (Math.abs(across) <= width + 1.2) {
        pixels[y * SIZE + x] = Math.min(255, pixels[y * SIZE + x] + 50);
        mask[y * SIZE + x] = 1;
      }
    }
  }
  return mask;
}

/** Writes SIZE² RGB pixels as a PNG, creating its folder. */
async function writePng(path, rgb) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    await sharp(rgb, { raw: { width: SIZE, height: SIZE, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

async function writeGray(path, pixels) {
  const data = Buffer.alloc(SIZE * SIZE * 3);
  pixels.forEach((v, i) => data.fill(Math.max(0, Math.min(255, Math.round(v))), i * 3, i * 3 + 3));
  await writePng(path, data);
}

async function writeMask(path, mask) {
  const data = Buffer.alloc(SIZE * SIZE * 3, 255);
  mask.forEach((m, i) => m && data.set(SCRATCH, i * 3));
  await writePng(path, data);
}

function manifestLine(image, className, mask) {
  const date = '2026-01-01T00:00:00.000';
  const line = {
    'source-ref': image,
    'anomaly-label': className === 'anomaly' ? 1 : 0,
    'anomaly-label-metadata': {
      confidence: 1,
      'job-name': 'sample/plates',
      'class-name': className,
      'human-annotated': 'yes',
      'creation-date': date,
      type: 'groundtruth/image-classification',
    },
  };
  if (mask) {
    line['anomaly-mask-ref'] = mask;
    line['anomaly-mask-ref-metadata'] = {
      'internal-color-map': {
        0: { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 },
        1: { 'class-name': 'scratch', 'hex-color': '#ff0000', confidence: 0 },
      },
      type: 'groundtruth/semantic-segmentation',
      'human-annotated': 'yes',
      'creation-date': date,
      'job-name': 'sample/plates',
    };
  }
  return JSON.stringify(line);
}

rmSync(plates, { recursive: true, force: true });
rmSync(join(root, 'check'), { recursive: true, force: true });
const random = rng(20201120);
const lines = [];
for (let i = 1; i <= 20; i++) {
  const name = `plate-${String(i).padStart(2, '0')}.png`;
  await writeGray(join(plates, 'normal', name), plate(random));
  lines.push(manifestLine(`plates/normal/${name}`, 'normal'));
}
for (let i = 1; i <= 20; i++) {
  const name = `scratch-${String(i).padStart(2, '0')}.png`;
  const pixels = plate(random);
  const mask = scratch(pixels, random);
  await writeGray(join(plates, 'anomaly', name), pixels);
  await writeMask(join(plates, 'masks', name), mask);
  lines.push(manifestLine(`plates/anomaly/${name}`, 'anomaly', `plates/masks/${name}`));
}
writeFileSync(join(plates, 'masks', 'labels.json'), JSON.stringify({ '#ff0000': 'scratch' }, null, 2) + '\n');
writeFileSync(join(root, 'plates.manifest'), lines.join('\n') + '\n');
for (let i = 1; i <= 3; i++) {
  await writeGray(join(root, 'check', `new-plate-${i}.png`), plate(random));
  const pixels = plate(random);
  scratch(pixels, random);
  await writeGray(join(root, 'check', `new-scratch-${i}.png`), pixels);
}
console.log(`sample written to ${root}`);
