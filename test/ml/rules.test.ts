import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DatasetRuleError, trainModel, TrainingImage } from '../../src/engine/ml';
import { SynthDataset } from '../support/synth/generate';
import { classificationData, segmentationData, tempDir } from './fixtures';

const rejects = (input: Parameters<typeof trainModel>[0], pattern: RegExp) =>
  assert.rejects(trainModel(input), (err: unknown) => {
    assert.ok(err instanceof DatasetRuleError, `expected DatasetRuleError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });

describe('dataset rules', () => {
  let cls: SynthDataset;
  let seg: SynthDataset;
  before(async () => {
    cls = await classificationData(21);
    seg = await segmentationData(22);
  });

  it('needs the minimum number of images (single and separate datasets)', async () => {
    const normals = cls.train.filter((i) => !i.anomalous);
    const anomalies = [...cls.train, ...cls.test].filter((i) => i.anomalous);
    await rejects(
      { train: [...normals.slice(0, 15), ...anomalies.slice(0, 10)], seed: 1, modelDir: tempDir() },
      /at least 20 labeled normal images.*has 15/,
    );
    await rejects(
      {
        train: [...normals, ...cls.test.filter((i) => !i.anomalous)]
          .slice(0, 25)
          .concat(anomalies.slice(0, 9)),
        seed: 1,
        modelDir: tempDir(),
      },
      /at least 10 labeled anomalous images.*has 9/,
    );
    await rejects(
      { train: normals.slice(0, 9), test: cls.test, seed: 1, modelDir: tempDir() },
      /at least 10 normal images in the training dataset/,
    );
    await rejects(
      {
        train: normals,
        test: cls.test.filter((i) => !i.anomalous || i.ref.endsWith('0.png')),
        seed: 1,
        modelDir: tempDir(),
      },
      /at least 10 anomalous images in the test dataset/,
    );
    const segTest = seg.test
      .filter((i) => i.defect !== 'spot')
      .concat(seg.test.filter((i) => i.defect === 'spot').slice(0, 9));
    await rejects(
      { train: seg.train, test: segTest, seed: 1, modelDir: tempDir() },
      /only the anomaly label "spot" in the test dataset; .* has 9/,
    );
  });

  it('rejects images of mixed sizes, naming both', async () => {
    const big = await sharp(cls.train[3].bytes).resize(130, 128, { fit: 'fill' }).png().toBuffer();
    const train = cls.train.map((i, k) => (k === 3 ? { ...i, bytes: big } : i));
    await rejects(
      { train, test: cls.test, seed: 1, modelDir: tempDir() },
      new RegExp(`same dimensions: ${cls.train[3].ref} is 130x128`),
    );
  });

  it('rejects a corrupt image, a non-image and a too small image, naming it', async () => {
    const corrupt = Buffer.from(cls.train[2].bytes.subarray(0, 60));
    const variants: [Buffer, RegExp][] = [
      [corrupt, /training image .*normal-002\.png: .*(corrupt|decoded)/],
      [Buffer.from('just some text, not an image'), /not a PNG or JPEG/],
      [
        await sharp(cls.train[2].bytes).resize(32, 32).png().toBuffer(),
        /32x32 pixels; each side must be between 64 and 4096/,
      ],
    ];
    for (const [bytes, pattern] of variants) {
      const train = cls.train.map((i, k) => (k === 2 ? { ...i, bytes } : i));
      await rejects({ train, test: cls.test, seed: 1, modelDir: tempDir() }, pattern);
    }
  });

  it('rejects a mask with a colour outside its colour map, or of another size', async () => {
    const victim = seg.train.findIndex((i) => i.mask);
    const original = seg.train[victim];
    const recolored = await sharp(original.mask!.bytes).linear([1, 1, 1], [0, 0, -1]).png().toBuffer();
    const withMask = (bytes: Buffer): TrainingImage[] =>
      seg.train.map((i, k) => (k === victim ? { ...i, mask: { ...i.mask!, bytes } } : i));
    await rejects(
      { train: withMask(recolored), test: seg.test, seed: 1, modelDir: tempDir() },
      /mask contains colour #[0-9a-f]{6} .*not in its colour map/,
    );
    const small = await sharp(original.mask!.bytes).resize(64, 64, { kernel: 'nearest' }).png().toBuffer();
    await rejects(
      { train: withMask(small), test: seg.test, seed: 1, modelDir: tempDir() },
      /mask is 64x64 but the image is 128x128/,
    );
    const jpeg = await sharp(original.mask!.bytes).jpeg().toBuffer();
    await rejects(
      { train: withMask(jpeg), test: seg.test, seed: 1, modelDir: tempDir() },
      /mask is not a PNG/,
    );
  });
});
