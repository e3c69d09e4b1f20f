import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINE_DIRECTIONS, LINE_HALF_LENGTH, lineResponses } from '../../src/engine/ml/lines';
import { createRng } from '../../src/engine/ml/rng';

const W = 96;
const H = 80;

/** Rough grey noise in [0.3, 0.7]: a surface with edges everywhere and no lines. */
function rough(seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: W * H }, () => 0.3 + 0.4 * rng());
}

/** Draws a one-pixel line of `level` from (x0, y0) along (dx, dy) for `length` steps; returns its pixels. */
function drawLine(
  plane: Float32Array,
  x0: number,
  y0: number,
  dx: number,
  dy: number,
  length: number,
  level: number,
) {
  const pixels: number[] = [];
  for (let t = 0; t < length; t++) {
    const i = Math.round(y0 + t * dy) * W + Math.round(x0 + t * dx);
    plane[i] = level;
    pixels.push(i);
  }
  return pixels;
}

/** The definition, read literally: every tap of both stages at clamped coordinates. */
function reference(plane: Float32Array, w = W, h = H): { dark: Float32Array; bright: Float32Array } {
  const at = (x: number, y: number) =>
    plane[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
  const profile = (x: number, y: number, [sx, sy]: readonly [number, number]) =>
    at(x, y) - 0.5 * (at(x + sx, y + sy) + at(x - sx, y - sy));
  const dark = new Float32Array(w * h);
  const bright = new Float32Array(w * h);
  for (const { along, side } of LINE_DIRECTIONS) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let t = -LINE_HALF_LENGTH; t <= LINE_HALF_LENGTH; t++) {
          const px = Math.min(w - 1, Math.max(0, x + t * along[0]));
          const py = Math.min(h - 1, Math.max(0, y + t * along[1]));
          sum += profile(px, py, side);
        }
        const r = sum / (2 * LINE_HALF_LENGTH + 1);
        dark[y * w + x] = Math.max(dark[y * w + x], -r);
        bright[y * w + x] = Math.max(bright[y * w + x], r);
      }
    }
  }
  return { dark, bright };
}

const mean = (v: Float32Array, pixels: number[]) => pixels.reduce((s, i) => s + v[i], 0) / pixels.length;
const quantile = (v: ArrayLike<number>, q: number) =>
  Float32Array.from(v).sort()[Math.floor(q * (v.length - 1))];

/** Pixels more than 3 px (in x or y) from every pixel of the line: the surface the line is judged against. */
function awayFrom(line: number[]): number[] {
  const near = new Set<number>();
  for (const i of line) {
    const x = i % W;
    const y = (i - x) / W;
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) near.add((y + dy) * W + x + dx);
  }
  return Array.from({ length: W * H }, (_, i) => i).filter((i) => !near.has(i));
}

describe('thin-line responses', () => {
  it('equal the definition everywhere, borders included', () => {
    const plane = rough(1);
    drawLine(plane, 2, 3, 1, 0.5, 60, 0.05);
    const fast = lineResponses(plane, W, H);
    const slow = reference(plane);
    for (let i = 0; i < W * H; i++) {
      assert.ok(Math.abs(fast.dark[i] - slow.dark[i]) < 1e-6, `dark at ${i}`);
      assert.ok(Math.abs(fast.bright[i] - slow.bright[i]) < 1e-6, `bright at ${i}`);
    }
  });

  it('equal the definition on planes of any width, narrower than a line included', () => {
    for (const [w, h] of [
      [37, 23],
      [6, 9],
      [1, 3],
    ]) {
      const rng = createRng(w);
      const plane = Float32Array.from({ length: w * h }, () => rng());
      const fast = lineResponses(plane, w, h);
      const slow = reference(plane, w, h);
      for (let i = 0; i < w * h; i++) {
        assert.ok(Math.abs(fast.dark[i] - slow.dark[i]) < 1e-6, `${w}×${h}: dark at ${i}`);
        assert.ok(Math.abs(fast.bright[i] - slow.bright[i]) < 1e-6, `${w}×${h}: bright at ${i}`);
      }
    }
  });

  it('single out a faint dark line on a rough surface along each direction, and not as a bright one', () => {
    for (const { along } of LINE_DIRECTIONS) {
      const plane = rough(2);
      // 0.25 below the surface's mean: one pixel alone is no darker than the surface's own darkest.
      const line = drawLine(plane, along[0] < 0 ? 70 : 20, 25, along[0] / 2, along[1] / 2, 40, 0.25);
      const { dark, bright } = lineResponses(plane, W, H);
      const away = awayFrom(line);
      const onLine = mean(dark, line);
      const surface = quantile(
        away.map((i) => dark[i]),
        0.99,
      );
      assert.ok(onLine > 1.3 * surface, `along ${along}: ${onLine} against the surface's 99th ${surface}`);
      assert.ok(
        mean(bright, line) <
          quantile(
            away.map((i) => bright[i]),
            0.5,
          ),
        `along ${along}: not bright`,
      );
    }
  });

  it('answer a bright line the same way, and nothing on a uniform plane', () => {
    const plane = rough(3);
    const line = drawLine(plane, 10, 10, 1, 1, 40, 0.9);
    const { dark, bright } = lineResponses(plane, W, H);
    const away = awayFrom(line);
    assert.ok(
      mean(bright, line) >
        1.3 *
          quantile(
            away.map((i) => bright[i]),
            0.99,
          ),
    );
    assert.ok(
      mean(dark, line) <
        quantile(
          away.map((i) => dark[i]),
          0.5,
        ),
    );
    const flat = lineResponses(new Float32Array(W * H).fill(0.5), W, H);
    assert.ok(flat.dark.every((v) => v === 0) && flat.bright.every((v) => v === 0));
  });
});
