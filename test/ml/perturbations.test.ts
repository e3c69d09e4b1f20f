import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RgbImage } from '../../src/engine/ml/image';
import { createRng } from '../../src/engine/ml/rng';
import { PERTURBATIONS, View, perturbed } from '../support/synth/render';

/** Pixels equal to both neighbours along a row or a column: where clamped coordinates smear an edge. */
function smeared(img: RgbImage): number {
  const { width: w, height: h, data } = img;
  const same = (a: number, b: number) =>
    data[a * 3] === data[b * 3] && data[a * 3 + 1] === data[b * 3 + 1] && data[a * 3 + 2] === data[b * 3 + 2];
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if ((same(i, i - 1) && same(i, i + 1)) || (same(i, i - w) && same(i, i + w))) n++;
    }
  }
  return n;
}

// The benchmark's drifts are what a camera gives: a turned or shifted view of a window at the edge of its source
// must show more of the scene, not the edge pixels repeated into streaks that any detector rightly flags.
describe('benchmark drifts', () => {
  it('keep a view at the corner of its source inside the source', () => {
    const rng = createRng(3);
    const source: RgbImage = {
      width: 240,
      height: 240,
      data: Uint8Array.from({ length: 240 * 240 * 3 }, () => Math.floor(rng() * 256)),
    };
    const corners: View[] = [
      { x0: 40, y0: 0, side: 200, size: 256, angle: 0, dx: 0, dy: 0 },
      { x0: 0, y0: 40, side: 200, size: 256, angle: 0, dx: 0, dy: 0 },
    ];
    for (const view of corners) {
      for (const p of PERTURBATIONS) {
        assert.equal(smeared(perturbed(source, view, p)), 0, `${p.name} at (${view.x0}, ${view.y0})`);
      }
    }
  });
});
