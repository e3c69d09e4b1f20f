import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levelOneLuminance } from '../../src/engine/ml/features';
import { chooseFeatureOptions } from '../../src/engine/ml/featureOptions';
import { RgbImage } from '../../src/engine/ml/image';
import { estimatePeriods, periodResidual } from '../../src/engine/ml/period';
import { createRng } from '../../src/engine/ml/rng';

const SIDE = 128;

/** A grid of dark bars every `period` pixels across and down (a grating), with sensor noise, at a phase. */
function grating(period: number, seed: number, phase = 0): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const bar = (x + phase) % period < 3 || (y + phase) % period < 3;
      data.fill(Math.round((bar ? 60 : 190) + 6 * (rng() - 0.5)), 3 * (y * SIDE + x), 3 * (y * SIDE + x) + 3);
    }
  }
  return { width: SIDE, height: SIDE, data };
}

/** Smooth random noise: nothing repeats. */
function noise(seed: number): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let i = 0; i < SIDE * SIDE; i++) data.fill(Math.round(128 + 80 * (rng() - 0.5)), 3 * i, 3 * i + 3);
  return { width: SIDE, height: SIDE, data };
}

/** A gradient shading across the image: correlated at every shift, without a repeat. */
function shading(seed: number): RgbImage {
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++) data.fill(40 + x + (seed % 7), 3 * (y * SIDE + x), 3 * (y * SIDE + x) + 3);
  return { width: SIDE, height: SIDE, data };
}

const half = (images: RgbImage[]) => images.map(levelOneLuminance);

describe('period of a surface', () => {
  it("finds a grating's lattice (in level-1 pixels) whatever the phase of each image", () => {
    const shifts = estimatePeriods(half([0, 1, 2, 3].map((k) => grating(16, k, 3 * k))), SIDE / 2, SIDE / 2);
    assert.equal(shifts.length, 2);
    // Every found shift is a lattice vector: a multiple of 8 level-1 pixels on both axes.
    for (const [dx, dy] of shifts) assert.ok(dx % 8 === 0 && dy % 8 === 0, `shift ${dx},${dy}`);
    assert.ok(Math.abs(shifts[0][0] * shifts[1][1] - shifts[0][1] * shifts[1][0]) > 0, 'two directions');
  });

  it('finds none on noise or on a smooth shading', () => {
    assert.deepEqual(estimatePeriods(half([1, 2, 3].map(noise)), SIDE / 2, SIDE / 2), []);
    assert.deepEqual(estimatePeriods(half([1, 2, 3].map(shading)), SIDE / 2, SIDE / 2), []);
  });

  it('measures a break in the pattern, not the pattern', () => {
    const image = grating(16, 9);
    const plane = levelOneLuminance(image);
    const [shift] = estimatePeriods(half([image, grating(16, 10, 5)]), SIDE / 2, SIDE / 2);
    const intact = periodResidual(plane, SIDE / 2, SIDE / 2, shift);
    // Erase a bar crossing over a few cells: the pattern is broken there.
    const broken = new Float32Array(plane);
    for (let y = 20; y < 28; y++)
      for (let x = 0; x < SIDE / 2; x++) broken[y * (SIDE / 2) + x] = plane[y * (SIDE / 2) + 3];
    const residual = periodResidual(broken, SIDE / 2, SIDE / 2, shift);
    const mean = (a: Float32Array, y0: number, y1: number) => {
      let s = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < SIDE / 2; x++) s += a[y * (SIDE / 2) + x];
      return s / ((y1 - y0) * (SIDE / 2));
    };
    assert.ok(mean(intact, 20, 28) < 0.01, `intact residual ${mean(intact, 20, 28)}`);
    assert.ok(
      mean(residual, 20, 28) > 10 * mean(intact, 20, 28) + 0.01,
      `broken residual ${mean(residual, 20, 28)}`,
    );
  });

  it('normalises exposure only where normal images agree on their mean luminance', () => {
    assert.equal(chooseFeatureOptions([1, 2, 3, 4].map((k) => grating(16, k))).exposure, true);
    // Content that moves the mean by itself (here: darker and lighter parts) keeps exposure as it is.
    const varied = [1, 2, 3, 4].map((k) => {
      const img = noise(k);
      for (let i = 0; i < img.data.length; i++)
        img.data[i] = Math.round(img.data[i] * (0.6 + 0.25 * k) * 0.7);
      return img;
    });
    assert.equal(chooseFeatureOptions(varied).exposure, false);
  });
});
