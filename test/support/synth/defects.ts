import { RgbImage } from '../../../src/engine/ml/image';
import { Rng } from '../../../src/engine/ml/rng';

/** Synthetic defect kinds, each with its label colour in generated masks. */
export type DefectKind = 'scratch' | 'stain' | 'spot' | 'cutpaste' | 'crack';
export const DEFECT_COLORS: Record<DefectKind, string> = {
  scratch: '#2ca02c',
  stain: '#1f77b4',
  spot: '#d62728',
  cutpaste: '#9467bd',
  crack: '#8c564b',
};
export const DEFECT_KINDS = Object.keys(DEFECT_COLORS) as DefectKind[];

const clamp255 = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/** Blends each pixel towards `target(i, c)` by alpha(x, y); pixels with alpha ≥ 0.5 form the mask. */
function blend(
  img: RgbImage,
  alpha: (x: number, y: number) => number,
  target: (i: number, c: number) => number,
): Uint8Array {
  const mask = new Uint8Array(img.width * img.height);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const a = alpha(x, y);
      if (a <= 0) continue;
      const i = y * img.width + x;
      for (let c = 0; c < 3; c++)
        img.data[3 * i + c] = clamp255((1 - a) * img.data[3 * i + c] + a * target(i, c));
      if (a >= 0.5) mask[i] = 1;
    }
  }
  return mask;
}

function scratch(img: RgbImage, rng: Rng): Uint8Array {
  const s = Math.min(img.width, img.height);
  const len = s * (0.3 + 0.2 * rng());
  const angle = rng() * Math.PI;
  const cx = s * (0.25 + 0.5 * rng());
  const cy = s * (0.25 + 0.5 * rng());
  const bend = (rng() - 0.5) * 0.3 * len;
  const half = 0.8 + 1.2 * rng();
  const bright = rng() < 0.5;
  const level = bright ? 235 : 25;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  return blend(
    img,
    (x, y) => {
      const px = x - cx;
      const py = y - cy;
      const t = px * dx + py * dy;
      if (Math.abs(t) > len / 2) return 0;
      const curve = bend * (1 - (2 * t) / len) * (1 + (2 * t) / len);
      const d = Math.abs(-px * dy + py * dx - curve);
      return Math.max(0, Math.min(0.85, (half + 0.5 - d) * 0.85));
    },
    () => level,
  );
}

function blob(img: RgbImage, rng: Rng, radiusFraction: number) {
  const s = Math.min(img.width, img.height);
  const r = s * radiusFraction;
  const cx = s * (0.2 + 0.6 * rng());
  const cy = s * (0.2 + 0.6 * rng());
  const aspect = 0.6 + 0.8 * rng();
  const harmonics = [rng() * 0.25, rng() * 6.28, rng() * 0.15, rng() * 6.28];
  return (x: number, y: number) => {
    const px = (x - cx) / aspect;
    const py = (y - cy) * aspect;
    const th = Math.atan2(py, px);
    const edge =
      r *
      (1 + harmonics[0] * Math.sin(3 * th + harmonics[1]) + harmonics[2] * Math.sin(5 * th + harmonics[3]));
    return Math.max(0, Math.min(1, (edge - Math.hypot(px, py)) / (0.25 * r) + 0.5));
  };
}

function stain(img: RgbImage, rng: Rng): Uint8Array {
  const shape = blob(img, rng, 0.07 + 0.07 * rng());
  const factor = 0.45 + 0.2 * rng();
  const tint = [0.9 + 0.2 * rng(), 0.85 + 0.1 * rng(), 0.7 + 0.1 * rng()];
  const original = img.data.slice();
  return blend(
    img,
    (x, y) => 0.9 * shape(x, y),
    (i, c) => original[3 * i + c] * factor * tint[c],
  );
}

function spot(img: RgbImage, rng: Rng): Uint8Array {
  const shape = blob(img, rng, 0.04 + 0.04 * rng());
  const hue = rng() * 6;
  const color = [0, 2, 4].map((o) => 255 * Math.max(0, Math.min(1, Math.abs(((hue + o) % 6) - 3) - 1)));
  return blend(
    img,
    (x, y) => 0.7 * shape(x, y),
    (_, c) => color[c],
  );
}

/** A patch of the source texture, turned a quarter and brightness-shifted, pasted elsewhere. */
function cutpaste(img: RgbImage, rng: Rng, source: RgbImage): Uint8Array {
  const s = Math.min(img.width, img.height);
  const pw = Math.round(s * (0.12 + 0.1 * rng()));
  const ph = Math.round(s * (0.12 + 0.1 * rng()));
  const sx = Math.floor(rng() * (source.width - ph));
  const sy = Math.floor(rng() * (source.height - pw));
  const dx = Math.floor(rng() * (img.width - pw));
  const dy = Math.floor(rng() * (img.height - ph));
  const gain = rng() < 0.5 ? 0.8 : 1.2;
  const mask = new Uint8Array(img.width * img.height);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const si = (sy + x) * source.width + sx + (ph - 1 - y); // rotated by 90°
      const di = (dy + y) * img.width + dx + x;
      for (let c = 0; c < 3; c++) img.data[3 * di + c] = clamp255(source.data[3 * si + c] * gain);
      mask[di] = 1;
    }
  }
  return mask;
}

/**
 * A crack: a dark polyline that wanders from a start point in two opposite directions, tapering from up to 2 px
 * wide to a hairline, with branches that split off at an angle and taper faster. Rasterised as anti-aliased discs
 * every half pixel along the path.
 */
function crack(img: RgbImage, rng: Rng): Uint8Array {
  const { width: w, height: h } = img;
  const s = Math.min(w, h);
  const alpha = new Float32Array(w * h);
  const stamp = (cx: number, cy: number, r: number) => {
    for (let y = Math.max(0, Math.floor(cy - r - 1)); y <= Math.min(h - 1, Math.ceil(cy + r + 1)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r - 1)); x <= Math.min(w - 1, Math.ceil(cx + r + 1)); x++) {
        const a = Math.min(1, r + 0.5 - Math.hypot(x - cx, y - cy));
        if (a > alpha[y * w + x]) alpha[y * w + x] = a;
      }
    }
  };
  const walk = (x: number, y: number, angle: number, length: number, r0: number, depth: number): void => {
    let heading = angle;
    for (let t = 0; t < length; t += 0.5) {
      // Cracks are jagged: the heading wanders, pulled back towards the overall direction.
      heading += (rng() - 0.5) * 0.35 + 0.08 * (angle - heading);
      x += 0.5 * Math.cos(heading);
      y += 0.5 * Math.sin(heading);
      const r = 0.3 + r0 * (1 - t / length);
      stamp(x, y, r);
      if (depth < 2 && rng() < 0.012) {
        const turn = (rng() < 0.5 ? -1 : 1) * (0.4 + 0.6 * rng());
        walk(x, y, heading + turn, (length - t) * (0.3 + 0.4 * rng()), r * 0.6, depth + 1);
      }
    }
  };
  const x0 = s * (0.3 + 0.4 * rng());
  const y0 = s * (0.3 + 0.4 * rng());
  const angle = rng() * 2 * Math.PI;
  const r0 = 0.6 + 0.9 * rng();
  walk(x0, y0, angle, s * (0.12 + 0.12 * rng()), r0, 0);
  walk(x0, y0, angle + Math.PI, s * (0.12 + 0.12 * rng()), r0, 0);
  const darkness = 0.2 + 0.15 * rng();
  const original = img.data.slice();
  return blend(
    img,
    (x, y) => 0.9 * alpha[y * w + x],
    (i, c) => original[3 * i + c] * darkness,
  );
}

/** Paints one defect of `kind` into `img` (in place) and returns its ground-truth mask (1 = defect). */
export function applyDefect(kind: DefectKind, img: RgbImage, rng: Rng, source: RgbImage): Uint8Array {
  switch (kind) {
    case 'scratch':
      return scratch(img, rng);
    case 'stain':
      return stain(img, rng);
    case 'spot':
      return spot(img, rng);
    case 'cutpaste':
      return cutpaste(img, rng, source);
    case 'crack':
      return crack(img, rng);
  }
}
