// Painting on a mask held as one byte per pixel (0 background, n the n-th label): brush dabs, strokes and
// polygons set whole pixels, so the saved PNG has exactly the label colours and nothing blended in between.
// A pixel belongs to a shape when its centre does. Plain functions, no DOM.
/* global btoa, atob */

/** @typedef {{ width: number, height: number, data: Uint8Array }} Mask */
/** @typedef {{ x0: number, y0: number, x1: number, y1: number }} Rect  half-open pixel bounds */

/** @returns {Rect | undefined} */
function clip(mask, x0, y0, x1, y1) {
  const r = {
    x0: Math.max(0, Math.floor(x0)),
    y0: Math.max(0, Math.floor(y0)),
    x1: Math.min(mask.width, Math.ceil(x1)),
    y1: Math.min(mask.height, Math.ceil(y1)),
  };
  return r.x0 < r.x1 && r.y0 < r.y1 ? r : undefined;
}

/** Sets every pixel whose centre lies within `radius` of (cx, cy). @returns {Rect | undefined} the pixels touched */
export function paintDisc(mask, cx, cy, radius, value) {
  const r = Math.max(0.5, radius);
  const box = clip(mask, cx - r, cy - r, cx + r + 1, cy + r + 1);
  if (!box) return undefined;
  const r2 = r * r;
  for (let y = box.y0; y < box.y1; y++) {
    const dy = y + 0.5 - cy;
    for (let x = box.x0; x < box.x1; x++) {
      const dx = x + 0.5 - cx;
      if (dx * dx + dy * dy <= r2) mask.data[y * mask.width + x] = value;
    }
  }
  return box;
}

/** A brush stroke from one point to the next: dabs close enough to leave no gap. */
export function paintSegment(mask, from, to, radius, value) {
  const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / Math.max(0.5, radius / 2)));
  let touched;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    touched = union(
      touched,
      paintDisc(mask, from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, radius, value),
    );
  }
  return touched;
}

/** Fills a polygon (even-odd rule) given as points in pixel coordinates. */
export function fillPolygon(mask, points, value) {
  if (points.length < 3) return undefined;
  const ys = points.map((p) => p.y);
  const box = clip(
    mask,
    Math.min(...points.map((p) => p.x)),
    Math.min(...ys),
    Math.max(...points.map((p) => p.x)) + 1,
    Math.max(...ys) + 1,
  );
  if (!box) return undefined;
  for (let y = box.y0; y < box.y1; y++) {
    const cy = y + 0.5;
    const xs = [];
    for (let i = 0; i < points.length; i++) {
      const a = points[i];
      const b = points[(i + 1) % points.length];
      if (a.y <= cy !== b.y <= cy) xs.push(a.x + ((cy - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Pixels whose centre x + 0.5 lies in [xs[k], xs[k + 1]).
      const from = Math.max(box.x0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(box.x1, Math.ceil(xs[k + 1] - 0.5));
      mask.data.fill(value, y * mask.width + from, y * mask.width + Math.max(from, to));
    }
  }
  return box;
}

/** The smallest rect holding both. */
export function union(a, b) {
  if (!a) return b;
  if (!b) return a;
  return {
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  };
}

/**
 * Writes the pixels of `rect` into RGBA `out` (the mask's size): each label in its colour, opaque; background clear.
 * @param {[number, number, number][]} colors colors[n - 1] is label n
 */
export function toRgba(mask, colors, out, rect = { x0: 0, y0: 0, x1: mask.width, y1: mask.height }) {
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      const p = y * mask.width + x;
      const v = mask.data[p];
      const o = p * 4;
      const c = v ? colors[v - 1] : undefined;
      if (c) {
        out[o] = c[0];
        out[o + 1] = c[1];
        out[o + 2] = c[2];
        out[o + 3] = 255;
      } else out[o + 3] = 0;
    }
  }
}

/** `#rrggbb` as [r, g, b]. */
export function rgbOf(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** The bytes as base64, in slices (one String.fromCharCode call on megabytes overflows the stack). */
export function toBase64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function fromBase64(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}
