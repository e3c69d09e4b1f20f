import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Detector, ImageRuleError, inspectImage, openDetector, trainModel } from '../../src/engine/ml';
import { SynthDataset } from '../support/synth/generate';
import { anomalyScore, classificationData, tempDir } from './fixtures';

const isRule = (pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof ImageRuleError, `expected ImageRuleError, got ${String(err)}`);
  assert.match(err.message, pattern);
  return true;
};

describe('detection', () => {
  let data: SynthDataset;
  let modelDir: string;
  before(async () => {
    data = await classificationData(31);
    modelDir = tempDir();
    await trainModel({ train: data.train, test: data.test, seed: 1, modelDir });
  });

  it('inspects PNG and JPEG images and rejects what breaks the image rules', async () => {
    assert.deepEqual(await inspectImage(data.test[0].bytes), { format: 'png', width: 128, height: 128 });
    const jpeg = await sharp(data.test[0].bytes).jpeg().toBuffer();
    assert.deepEqual(await inspectImage(jpeg), { format: 'jpeg', width: 128, height: 128 });
    await assert.rejects(inspectImage(Buffer.from('GIF89a....')), isRule(/not a PNG or JPEG/));
    await assert.rejects(inspectImage(Buffer.alloc(0)), isRule(/empty/));
    await assert.rejects(
      inspectImage(Buffer.alloc(8 * 1024 * 1024 + 1, 0xff)),
      isRule(/maximum is 8388608 bytes/),
    );
    const tiny = await sharp(data.test[0].bytes).resize(63, 80).png().toBuffer();
    await assert.rejects(inspectImage(tiny), isRule(/63x80 pixels/));
  });

  for (const workers of [0, 2]) {
    describe(`with ${workers} workers`, () => {
      let detector: Detector;
      before(async () => {
        detector = await openDetector(modelDir, { workers });
      });

      it('rejects images of the wrong size, corrupt images and non-images', async () => {
        const wrong = await sharp(data.test[0].bytes).resize(128, 96, { fit: 'fill' }).png().toBuffer();
        await assert.rejects(
          detector.detect(wrong),
          isRule(/128x96 pixels; this model needs images of 128x128/),
        );
        const truncated = Buffer.from(data.test[0].bytes.subarray(0, data.test[0].bytes.length >> 1));
        await assert.rejects(detector.detect(truncated), isRule(/could not be decoded|corrupt/));
        await assert.rejects(detector.detect(Buffer.from('%PDF-1.4')), isRule(/not a PNG or JPEG/));
      });

      it('answers concurrent requests like the in-process detector', async () => {
        const local = await openDetector(modelDir, { workers: 0 });
        const images = data.test.slice(0, 8).concat(data.test.slice(-8));
        const pooled = await Promise.all(images.map((i) => detector.detect(i.bytes)));
        for (let k = 0; k < images.length; k++) {
          const expected = await local.detect(images[k].bytes);
          assert.equal(pooled[k].IsAnomalous, expected.IsAnomalous);
          assert.equal(pooled[k].Confidence, expected.Confidence);
        }
        assert.ok(
          pooled
            .slice(8)
            .map(anomalyScore)
            .reduce((a, b) => a + b) >
            pooled
              .slice(0, 8)
              .map(anomalyScore)
              .reduce((a, b) => a + b),
        );
        await local.close();
        await detector.close();
        await assert.rejects(detector.detect(images[0].bytes));
      });
    });
  }
});
