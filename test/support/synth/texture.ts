import { RgbImage } from '../../../src/engine/ml/image';
import { Rng, createRng } from '../../../src/engine/ml/rng';

/** Seeded procedural textures, so tests need no image files. */
export type TextureKind = 'weave' | 'granite' | 'cells';
export const TEXTURE_KINDS: readonly TextureKind[] = ['weave', 'granite', 'cells'];

/** Smooth value noise in 0..1 with lattice spacing `period` pixels. */
function valueNoise(width: number, height: number, period: number, rng: Rng): Float32Array {
  const gw = Math.ceil(width / period) + 2;
  const gh = Math.ceil(height / period) + 2;
  const lattice = Float32Array.from({ length: gw * gh }, () => rng());
  const out = new Float32Array(width * height);
  const fade = (t: number) => t * t * (3 - 2 * t);
  for (let y = 0; y < height; y++) {
    const v = y / period;
    const y0 = Math.floor(v);
    const fy = fade(v - y0);
    for (let x = 0; x < width; x++) {
      const u = x / period;
      const x0 = Math.floor(u);
      const fx = fade(u - x0);
      const a = lattice[y0 * gw + x0] * (1 - fx) + lattice[y0 * gw + x0 + 1] * fx;
      const b = lattice[(y0 + 1) * gw + x0] * (1 - fx) + lattice[(y0 + 1) * gw + x0 + 1] * fx;
      out[y * width + x] = a * (1 - fy) + b * fy;
    }
  }
  return out;
}

function fractal(width: number, height: number, period: number, octaves: number, rng: Rng): Float32Array {
  const out = new Float32Array(width * height);
  let amplitude = 1;
  let total = 0;
  for (let o = 0; o < octaves; o++) {
    const layer = valueNoise(width, height, Math.max(2, period >> o), rng);
    for (let i = 0; i < out.length; i++) out[i] += amplitude * layer[i];
    total += amplitude;
    amplitude *= 0.5;
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

const clamp255 = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

export function proceduralTexture(kind: TextureKind, width: number, height: number, seed: number): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(width * height * 3);
  const grain = fractal(width, height, 16, 4, rng);
  const put = (i: number, r: number, g: number, b: number) => {
    data[3 * i] = clamp255(r);
    data[3 * i + 1] = clamp255(g);
    data[3 * i + 2] = clamp255(b);
  };
  if (kind === 'weave') {
    // Two crossing thread directions with jittered phase, like a woven fabric.
    const jitter = fractal(width, height, 32, 2, rng);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const warp = Math.sin((x + 6 * jitter[i]) * 0.55);
        const weft = Math.sin((y + 6 * jitter[i]) * 0.55);
        const v = 0.5 + 0.25 * ((x >> 3) % 2 === (y >> 3) % 2 ? warp : weft) + 0.25 * (grain[i] - 0.5);
        put(i, 150 + 80 * (v - 0.5), 120 + 70 * (v - 0.5), 90 + 50 * (v - 0.5));
      }
    }
  } else if (kind === 'granite') {
    const speck = fractal(width, height, 4, 2, rng);
    for (let i = 0; i < width * height; i++) {
      const v = 0.6 * grain[i] + 0.4 * speck[i];
      const dark = speck[i] > 0.68 ? 0.55 : 1;
      put(i, (90 + 120 * v) * dark, (85 + 110 * v) * dark, (80 + 100 * v) * dark);
    }
  } else {
    // Voronoi cells with dark borders (pebbles / grains).
    const spacing = 20;
    const sites: [number, number, number][] = [];
    for (let gy = -1; gy <= height / spacing + 1; gy++) {
      for (let gx = -1; gx <= width / spacing + 1; gx++) {
        sites.push([(gx + rng()) * spacing, (gy + rng()) * spacing, rng()]);
      }
    }
    const cols = Math.floor(width / spacing) + 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const cx = Math.floor(x / spacing) + 1;
        const cy = Math.floor(y / spacing) + 1;
        let d1 = Infinity;
        let d2 = Infinity;
        let shade = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const s = sites[(cy + dy) * cols + cx + dx];
            if (!s) continue;
            const d = Math.hypot(s[0] - x, s[1] - y);
            if (d < d1) {
              d2 = d1;
              d1 = d;
              shade = s[2];
            } else if (d < d2) d2 = d;
          }
        }
        const i = y * width + x;
        const edge = Math.min(1, (d2 - d1) / 3);
        const v = (0.55 + 0.35 * shade + 0.2 * (grain[i] - 0.5)) * (0.45 + 0.55 * edge);
        put(i, 200 * v, 180 * v, 150 * v);
      }
    }
  }
  return { width, height, data };
}
