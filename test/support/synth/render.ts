import { RgbImage } from '../../../src/engine/ml/image';

/** A square window of the source resampled to `size` px: origin, side, a rotation about its centre, a shift. */
export interface View {
  x0: number;
  y0: number;
  side: number;
  size: number;
  /** Degrees, counter-clockwise in image coordinates. */
  angle: number;
  /** Shift of the content in output pixels. */
  dx: number;
  dy: number;
}

/**
 * A drift of the camera line that a normal image may undergo and that should not make it anomalous: a brightness
 * gain, an offset per channel in grey levels, a half-pixel bilinear shift (a slight blur), or a change of view.
 */
export interface Perturbation {
  name: string;
  gain?: number;
  offset?: [number, number, number];
  halfPixel?: boolean;
  view?: Partial<Pick<View, 'angle' | 'dx' | 'dy'>>;
}

export const PERTURBATIONS: readonly Perturbation[] = [
  { name: '×0.9', gain: 0.9 },
  { name: '×1.1', gain: 1.1 },
  { name: 'R+1', offset: [1, 0, 0] },
  { name: '+3', offset: [3, 3, 3] },
  { name: 'blur', halfPixel: true },
  { name: 'shift', view: { dx: 3, dy: 2 } },
  { name: 'rot2°', view: { angle: 2 } },
];

/** Where output pixel (x, y) of the view samples the source (before clamping). */
function sampler(view: View): (x: number, y: number) => [number, number] {
  const scale = view.side / view.size;
  const centre = (view.side - 1) / 2;
  const cos = Math.cos((view.angle * Math.PI) / 180);
  const sin = Math.sin((view.angle * Math.PI) / 180);
  return (x, y) => {
    const u = (x + 0.5 + view.dx) * scale - 0.5 - centre;
    const v = (y + 0.5 + view.dy) * scale - 0.5 - centre;
    return [view.x0 + centre + cos * u - sin * v, view.y0 + centre + sin * u + cos * v];
  };
}

/** Bilinear resampling of the view (coordinates clamped to the source: edges repeat). */
export function render(source: RgbImage, view: View): RgbImage {
  const { size } = view;
  const data = new Uint8Array(size * size * 3);
  const at = sampler(view);
  const clampX = (v: number) => Math.max(0, Math.min(source.width - 1, v));
  const clampY = (v: number) => Math.max(0, Math.min(source.height - 1, v));
  const src = source.data;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [ux, uy] = at(x, y);
      const sx = clampX(ux);
      const sy = clampY(uy);
      const ix = Math.floor(sx);
      const iy = Math.floor(sy);
      const fx = sx - ix;
      const fy = sy - iy;
      const ix1 = Math.min(source.width - 1, ix + 1);
      const iy1 = Math.min(source.height - 1, iy + 1);
      const a = (iy * source.width + ix) * 3;
      const b = (iy * source.width + ix1) * 3;
      const c = (iy1 * source.width + ix) * 3;
      const d = (iy1 * source.width + ix1) * 3;
      for (let k = 0; k < 3; k++) {
        const value =
          (src[a + k] * (1 - fx) + src[b + k] * fx) * (1 - fy) +
          (src[c + k] * (1 - fx) + src[d + k] * fx) * fy;
        data[(y * size + x) * 3 + k] = Math.round(value);
      }
    }
  }
  return { width: size, height: size, data };
}

/** Each pixel the mean of itself and its right, lower and lower-right neighbours: a half-pixel diagonal shift. */
function halfPixelShift(img: RgbImage): RgbImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    const y1 = Math.min(h - 1, y + 1);
    for (let x = 0; x < w; x++) {
      const x1 = Math.min(w - 1, x + 1);
      for (let k = 0; k < 3; k++) {
        const at = (yy: number, xx: number) => data[(yy * w + xx) * 3 + k];
        out[(y * w + x) * 3 + k] = Math.round((at(y, x) + at(y, x1) + at(y1, x) + at(y1, x1)) / 4);
      }
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * The view moved by whole pixels so that all it samples lies in the source, where the source allows. A camera that
 * drifts sees more of the scene; a turned or shifted window at the source's edge would instead repeat the edge
 * pixels into streaks, a visible artefact that no camera makes.
 */
function inside(source: RgbImage, view: View): View {
  const at = sampler(view);
  const last = view.size - 1;
  const corners = [at(0, 0), at(last, 0), at(0, last), at(last, last)];
  const fit = (lo: number, hi: number, limit: number) => {
    if (lo < 0 && hi + Math.ceil(-lo) <= limit) return Math.ceil(-lo);
    if (hi > limit && lo - Math.ceil(hi - limit) >= 0) return -Math.ceil(hi - limit);
    return 0;
  };
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return {
    ...view,
    x0: view.x0 + fit(Math.min(...xs), Math.max(...xs), source.width - 1),
    y0: view.y0 + fit(Math.min(...ys), Math.max(...ys), source.height - 1),
  };
}

/** The view rendered under a perturbation (kept inside the source). */
export function perturbed(source: RgbImage, view: View, p: Perturbation): RgbImage {
  let img = render(source, inside(source, { ...view, ...p.view }));
  if (p.halfPixel) img = halfPixelShift(img);
  const gain = p.gain ?? 1;
  const offset = p.offset ?? [0, 0, 0];
  if (gain !== 1 || offset.some((o) => o !== 0)) {
    for (let i = 0; i < img.data.length; i++)
      img.data[i] = Math.max(0, Math.min(255, Math.round(img.data[i] * gain + offset[i % 3])));
  }
  return img;
}
