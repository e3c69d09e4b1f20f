import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { labelMaskPng } from '../../src/engine/ml/labelMaskPng';

const COLORS = ['#d62728', '#1f77b4', '#2ca02c'];
const RGB = [
  [255, 255, 255],
  [0xd6, 0x27, 0x28],
  [0x1f, 0x77, 0xb4],
  [0x2c, 0xa0, 0x2c],
];

/** A mask with every label in bands and blocks, so that rows differ and the compressed stream is not trivial. */
function pattern(width: number, height: number): Uint8Array {
  return Uint8Array.from({ length: width * height }, (_, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    return ((x >> 3) + (y >> 4) * 3 + ((x * y) % 5 === 0 ? 1 : 0)) % (COLORS.length + 1);
  });
}

async function decoded(png: Buffer) {
  return sharp(png).raw().toBuffer({ resolveWithObject: true });
}

describe('label mask PNGs', () => {
  // 1300×900 passes the size compressed off the event loop; 37×23 is compressed in place.
  for (const [width, height] of [
    [37, 23],
    [1300, 900],
  ]) {
    it(`decode to the exact label colours at ${width}×${height}`, async () => {
      const indices = pattern(width, height);
      const { data, info } = await decoded(await labelMaskPng(indices, width, height, COLORS));
      assert.deepEqual([info.width, info.height, info.channels], [width, height, 3]);
      for (let i = 0; i < indices.length; i++) {
        const want = RGB[indices[i]];
        if (data[3 * i] !== want[0] || data[3 * i + 1] !== want[1] || data[3 * i + 2] !== want[2])
          assert.fail(`pixel ${i}: ${[...data.subarray(3 * i, 3 * i + 3)]} instead of ${want}`);
      }
    });
  }

  it('is white where nothing is labelled', async () => {
    const { data } = await decoded(await labelMaskPng(new Uint8Array(64 * 64), 64, 64, COLORS));
    assert.ok(data.every((v) => v === 255));
  });

  it('refuses indices beyond the labels, a wrong pixel count and malformed colours', async () => {
    await assert.rejects(
      () => labelMaskPng(Uint8Array.of(0, 4), 2, 1, COLORS),
      /label index 4, beyond the 3/,
    );
    await assert.rejects(() => labelMaskPng(new Uint8Array(3), 2, 2, COLORS), /3 pixels, the image 2×2/);
    await assert.rejects(() => labelMaskPng(new Uint8Array(4), 2, 2, ['red']), /not a #rrggbb colour/);
  });
});
