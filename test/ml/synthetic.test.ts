import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RgbImage } from '../../src/engine/ml/image';
import { createRng } from '../../src/engine/ml/rng';
import { syntheticAnomaly } from '../../src/engine/ml/synthetic';
import { proceduralTexture } from '../support/synth/texture';

const SIDE = 128;

/** Pixels of `a` and `b` (same size) that differ in any channel. */
function changed(a: RgbImage, b: RgbImage): Uint8Array {
  const out = new Uint8Array(a.width * a.height);
  for (let i = 0; i < out.length; i++)
    for (let c = 0; c < 3; c++) if (a.data[3 * i + c] !== b.data[3 * i + c]) out[i] = 1;
  return out;
}

/** The mask grown by `r` pixels (square neighbourhood). */
function grown(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      for (let v = Math.max(0, y - r); v <= Math.min(h - 1, y + r); v++)
        for (let u = Math.max(0, x - r); u <= Math.min(w - 1, x + r); u++) out[v * w + u] = 1;
    }
  return out;
}

describe('synthetic anomalies', () => {
  const image = proceduralTexture('weave', SIDE, SIDE, 3);

  it('change one local region of a copy, and their mask says where', () => {
    const before = image.data.slice();
    const rng = createRng(5);
    for (let k = 0; k < 40; k++) {
      const made = syntheticAnomaly(image, rng);
      assert.deepEqual(image.data, before, 'the original image was changed');
      const area = made.mask.reduce((a, b) => a + b, 0);
      assert.ok(area > 0 && area < 0.15 * SIDE * SIDE, `draw ${k}: mask of ${area} px`);
      // Only the soft rim of the region, under half covered, may change outside the mask.
      const near = grown(made.mask, SIDE, SIDE, 2);
      const diff = changed(image, made.image);
      for (let i = 0; i < diff.length; i++)
        assert.ok(!diff[i] || near[i], `draw ${k}: pixel ${i} changed far from the mask`);
      // Most of the mask shows a change.
      let inside = 0;
      for (let i = 0; i < diff.length; i++) if (made.mask[i] && diff[i]) inside++;
      assert.ok(inside >= 0.5 * area, `draw ${k}: ${inside} of ${area} mask pixels changed`);
    }
  });

  it('are blobs and thin streaks', () => {
    const rng = createRng(9);
    let thin = 0;
    let wide = 0;
    for (let k = 0; k < 40; k++) {
      const { mask } = syntheticAnomaly(image, rng);
      // A streak has no pixel whose 5×5 neighbourhood lies inside the mask; a blob has many.
      const core = grown(
        mask.map((_, i) => 1 - mask[i]),
        SIDE,
        SIDE,
        2,
      );
      const interior = core.reduce((a, b) => a + (b ? 0 : 1), 0);
      if (interior === 0) thin++;
      else if (interior > 20) wide++;
    }
    assert.ok(thin >= 10 && wide >= 10, `${thin} thin, ${wide} wide of 40`);
  });

  it('are the same for the same seed', () => {
    const a = syntheticAnomaly(image, createRng(4));
    const b = syntheticAnomaly(image, createRng(4));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.mask, syntheticAnomaly(image, createRng(6)).mask);
  });
});
