import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseFeatureOptions } from '../../src/engine/ml/featureOptions';
import { observe } from '../../src/engine/ml/features';
import { RgbImage } from '../../src/engine/ml/image';
import { inImageFrame, registeredImage, uncoveredCells } from '../../src/engine/ml/register';
import { createRng } from '../../src/engine/ml/rng';

const SIDE = 128;

/** A part on a plain background: a bright disc and a dark bar, placed (dx, dy) px from its pose, with sensor noise. */
function part(dx: number, dy: number, seed: number): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++) {
      const [u, v] = [x - dx, y - dy];
      const disc = (u - 50) ** 2 + (v - 60) ** 2 < 22 ** 2;
      const bar = u > 80 && u < 100 && v > 25 && v < 105;
      const level = disc ? 210 : bar ? 40 : 120;
      data.fill(Math.round(level + 6 * (rng() - 0.5)), 3 * (y * SIDE + x), 3 * (y * SIDE + x) + 3);
    }
  return { width: SIDE, height: SIDE, data };
}

/** Smooth random blotches: a surface, the same nowhere. */
function surface(seed: number): RgbImage {
  const rng = createRng(seed);
  const coarse = Array.from({ length: 17 * 17 }, () => rng());
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++)
      data.fill(
        Math.round(60 + 120 * coarse[(y >> 3) * 17 + (x >> 3)]),
        3 * (y * SIDE + x),
        3 * (y * SIDE + x) + 3,
      );
  return { width: SIDE, height: SIDE, data };
}

/** A shading across the image with noise: it matches itself at every shift, so no pose stands out. */
function shading(seed: number): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++)
      data.fill(Math.round(40 + 1.2 * x + 4 * (rng() - 0.5)), 3 * (y * SIDE + x), 3 * (y * SIDE + x) + 3);
  return { width: SIDE, height: SIDE, data };
}

const jitter = [-2, -1, 0, 1, 2, 1, 0, -1];

describe('registration of aligned parts', () => {
  it('is chosen for a part in one pose, not for a surface or a shading', () => {
    assert.ok(chooseFeatureOptions(jitter.map((d, i) => part(d, -d, i))).alignment);
    assert.equal(chooseFeatureOptions(jitter.map((_, i) => surface(i))).alignment, undefined);
    assert.equal(chooseFeatureOptions(jitter.map((_, i) => shading(i))).alignment, undefined);
  });

  it('moves a part shifted by a few pixels back onto its pose', () => {
    const options = chooseFeatureOptions(jitter.map((d, i) => part(d, -d, i)));
    for (const [dx, dy] of [
      [5, -3],
      [-6, 2],
      [0, 0],
    ]) {
      const { features, image } = observe(part(dx, dy, 99), options);
      const offset = features.offset!;
      assert.ok(
        Math.abs(offset.x - dx) <= 1 && Math.abs(offset.y - dy) <= 1,
        `(${dx}, ${dy}) found at (${offset.x}, ${offset.y})`,
      );
      // The registered image shows the part where the pose has it: the disc's centre is bright, the bar dark.
      assert.ok(image.data[3 * (60 * SIDE + 50)] > 180);
      assert.ok(image.data[3 * (60 * SIDE + 90)] < 70);
    }
  });

  it('gives the features of the image as it is when the model has no pose', () => {
    const options = chooseFeatureOptions(jitter.map((_, i) => surface(i)));
    const { features, image } = observe(surface(42), options);
    assert.equal(features.offset, undefined);
    assert.deepEqual(image, surface(42));
  });

  it("puts what is painted on the registered image back where it is in the image's own frame", () => {
    const offset = { x: 3, y: -2 };
    const painted = new Uint8Array(16 * 16);
    painted[5 * 16 + 4] = 2;
    const back = inImageFrame(painted, 16, 16, offset);
    assert.equal(back[3 * 16 + 7], 2);
    assert.equal(back.filter((v) => v > 0).length, 1);
    // Registration and its inverse agree: the pixel the registered image shows at (4, 5) is the image's (7, 3).
    const image = part(0, 0, 1);
    const registered = registeredImage(image, offset);
    assert.equal(registered.data[3 * (5 * SIDE + 4)], image.data[3 * (3 * SIDE + 7)]);
  });

  it('marks the cells whose pixels the move uncovered, and the cells next to them that read those pixels', () => {
    // Moved 3 px right: the last 3 columns of the registered image are mirrored, in the last column of cells; the
    // one before reads them.
    assert.deepEqual(uncoveredCells(32, 4, { x: 3, y: 0 }), [30, 31, 62, 63, 94, 95, 126, 127]);
    // Moved 5 px up: the first 5 rows, two rows of 4-pixel cells, and the third row reads them.
    assert.deepEqual(uncoveredCells(3, 32, { x: 0, y: -5 }), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(uncoveredCells(8, 8, { x: 0, y: 0 }), []);
  });
});
