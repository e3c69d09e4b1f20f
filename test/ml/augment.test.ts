import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExposureDrift, drifted, saturation } from '../../src/engine/ml/augment';
import { RgbImage } from '../../src/engine/ml/image';
import { Rng, createRng, normal } from '../../src/engine/ml/rng';

const SIDE = 64;

/** A flat image of `value` under Gaussian sensor noise of `sigma` grey levels, clipped as a camera clips. */
function flat(value: number, sigma: number, rng: Rng): RgbImage {
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(0, Math.min(255, Math.round(value + sigma * normal(rng))));
  }
  return { width: SIDE, height: SIDE, data };
}

/** Mean and standard deviation of one channel over the image. */
function moments(img: RgbImage, channel: number): { mean: number; sd: number } {
  let sum = 0;
  let sq = 0;
  const n = img.width * img.height;
  for (let i = channel; i < img.data.length; i += 3) {
    sum += img.data[i];
    sq += img.data[i] * img.data[i];
  }
  return { mean: sum / n, sd: Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2)) };
}

describe('drifted copies of training images', () => {
  it('estimate the noise saturation hides from the half it shows', () => {
    const rng = createRng(3);
    assert.equal(saturation(flat(255, 0, rng)).sigma, 0, 'a clean white background hides nothing');
    assert.ok(
      saturation(flat(128, 2, rng)).rails.every((r) => r === -1),
      'a grey is not saturated',
    );
    const white = saturation(flat(255, 2, rng)).sigma;
    const black = saturation(flat(0, 3, rng)).sigma;
    assert.ok(Math.abs(white - 2) < 0.4, `white: ${white.toFixed(2)} for 2`);
    assert.ok(Math.abs(black - 3) < 0.5, `black: ${black.toFixed(2)} for 3`);
  });

  it('are taken brighter or darker, each across its half of the exposure range', () => {
    // A ramp from 40 to 200 grey levels: no drift clips it, and resampling keeps its spread, so the spread of a copy
    // against the original's is the gain it was taken with.
    const data = new Uint8Array(SIDE * SIDE * 3);
    for (let i = 0; i < SIDE * SIDE; i++)
      data.fill(40 + Math.round((160 * (i % SIDE)) / (SIDE - 1)), 3 * i, 3 * i + 3);
    const ramp: RgbImage = { width: SIDE, height: SIDE, data };
    const spread = moments(ramp, 1).sd;
    const rng = createRng(5);
    const gains = (exposure: ExposureDrift) =>
      Array.from({ length: 20 }, () => moments(drifted(ramp, rng, exposure), 1).sd / spread);
    const brighter = gains('brighter');
    const darker = gains('darker');
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    assert.ok(Math.min(...brighter) > 0.99, `brighter copies at ×${Math.min(...brighter).toFixed(3)}`);
    assert.ok(Math.max(...darker) < 1.01, `darker copies at ×${Math.max(...darker).toFixed(3)}`);
    // Spread over each half of the range (±12 %), not pinned to its middle.
    assert.ok(
      mean(brighter) > 1.03 && Math.max(...brighter) > 1.08,
      `brighter: ${brighter.map((g) => g.toFixed(2))}`,
    );
    assert.ok(
      mean(darker) < 0.97 && Math.min(...darker) < 0.92,
      `darker: ${darker.map((g) => g.toFixed(2))}`,
    );
  });

  it('show that noise where a drift takes a saturated background off its rail, and add none elsewhere', () => {
    const rng = createRng(7);
    const source = flat(255, 2, rng);
    const clipped = moments(source, 0).sd;
    for (let copy = 0; copy < 12; copy++) {
      const img = drifted(source, rng, copy % 2 ? 'darker' : 'brighter');
      const { mean, sd } = moments(img, 0);
      // Taken 6 % darker or more, the wall shows close to its whole noise (σ 2 × gain, less the resampling's
      // smoothing), not just the scaled half that was visible.
      if (mean < 240)
        assert.ok(
          sd > 1.25 * clipped,
          `copy at ${mean.toFixed(0)}: sd ${sd.toFixed(2)}, ${clipped.toFixed(2)} as taken`,
        );
    }
    for (const value of [0, 128, 255]) {
      const img = drifted(flat(value, 0, rng), rng, 'darker');
      for (let k = 0; k < 3; k++) assert.equal(moments(img, k).sd, 0, `flat ${value}`);
    }
  });
});
