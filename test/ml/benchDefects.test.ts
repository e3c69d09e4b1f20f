import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { RgbImage } from '../../src/engine/ml/image';
import { createRng } from '../../src/engine/ml/rng';
import { generateDataset } from '../support/synth/generate';

const SIDE = 96;

async function decoded(png: Buffer): Promise<Uint8Array> {
  return new Uint8Array(await sharp(png).removeAlpha().raw().toBuffer());
}

// A stain or a crack darkens what lies under it: painted on the black half of an object it changes nothing, and an
// image labelled defective for it asks the detector for what no inspector could see.
describe('benchmark defects', () => {
  it('are drawn where they change the image, also on an object that is half black', async () => {
    const rng = createRng(5);
    // Left half black, right half a mid-grey surface with some grain.
    const source: RgbImage = {
      width: SIDE,
      height: SIDE,
      data: Uint8Array.from({ length: SIDE * SIDE * 3 }, (_, i) =>
        (i / 3) % SIDE < SIDE / 2 ? 0 : 110 + Math.floor(30 * rng()),
      ),
    };
    const data = await generateDataset({
      source,
      size: SIDE,
      split: 'aligned',
      window: { x: 0, y: 0, jitter: 0 },
      counts: { trainNormal: 1, trainAnomalous: 0, testNormal: 1, testAnomalous: 40 },
      defects: ['stain', 'crack'],
      masks: false,
      seed: 9,
    });
    // Aligned without jitter or noise: every image is the same view, so the normal one is each defect's background.
    const clean = await decoded(data.test[0].bytes);
    const anomalies = data.test.filter((i) => i.anomalous);
    for (const [k, image] of anomalies.entries()) {
      const painted = await decoded(image.bytes);
      let inMask = 0;
      let changed = 0;
      image.truth.forEach((v, p) => {
        if (!v) return;
        inMask++;
        if ([0, 1, 2].some((c) => Math.abs(painted[3 * p + c] - clean[3 * p + c]) >= 4)) changed++;
      });
      assert.ok(inMask > 0, `anomaly ${k} has a mask`);
      assert.ok(
        changed >= inMask / 2,
        `anomaly ${k} (${image.defect}): ${changed} of ${inMask} mask pixels changed`,
      );
    }
  });
});
