import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DetectResult, openDetector, trainModel, TrainingImage } from '../../src/engine/ml';
import { SynthImage } from '../support/synth/generate';
import { SIZE, segmentationData, tempDir } from './fixtures';

/** The images (and masks) of the small segmentation set scaled up: a model of large, non-square images. */
const WIDTH = 1536;
const HEIGHT = 1024;

const scale = (bytes: Buffer, kernel: 'lanczos3' | 'nearest') =>
  sharp(bytes).resize(WIDTH, HEIGHT, { kernel, fit: 'fill' }).png().toBuffer();

async function enlarged(image: SynthImage): Promise<TrainingImage> {
  return {
    ref: image.ref,
    anomalous: image.anomalous,
    bytes: await scale(image.bytes, 'lanczos3'),
    ...(image.mask ? { mask: { ...image.mask, bytes: await scale(image.mask.bytes, 'nearest') } } : {}),
  };
}

describe('segmentation of images larger than the working size', () => {
  let test: SynthImage[];
  let detections: DetectResult[];
  let colors: Set<string>;
  before(async () => {
    const data = await segmentationData();
    test = data.test;
    colors = new Set(['#ffffff', ...data.labels.map((l) => l.color)]);
    const modelDir = tempDir();
    await trainModel({
      train: await Promise.all(data.train.map(enlarged)),
      test: await Promise.all(data.test.map(enlarged)),
      seed: 5,
      modelDir,
    });
    const detector = await openDetector(modelDir, { workers: 0 });
    assert.equal(detector.width, WIDTH);
    detections = [];
    for (const image of test.filter((i) => i.anomalous).slice(0, 6))
      detections.push(await detector.detect((await enlarged(image)).bytes));
    await detector.close();
  });

  it('answers a mask of the image size in exact label colours, matching the areas it reports', async () => {
    const painted = detections.filter((d) => d.Anomalies!.length > 1);
    assert.ok(painted.length >= 3, `only ${painted.length} of ${detections.length} defects painted`);
    for (const d of painted) {
      const { data, info } = await sharp(d.AnomalyMask!).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([info.width, info.height, info.channels], [WIDTH, HEIGHT, 3]);
      const counts = new Map<string, number>();
      for (let p = 0; p < data.length; p += 3) {
        const hex = '#' + [0, 1, 2].map((k) => data[p + k].toString(16).padStart(2, '0')).join('');
        counts.set(hex, (counts.get(hex) ?? 0) + 1);
      }
      for (const hex of counts.keys()) assert.ok(colors.has(hex), `colour ${hex} is no label's`);
      for (const a of d.Anomalies!) {
        const share = (counts.get(a.PixelAnomaly.Color) ?? 0) / (WIDTH * HEIGHT);
        assert.ok(
          Math.abs(share - a.PixelAnomaly.TotalPercentageArea) < 0.01,
          `${a.Name}: painted ${share}, reported ${a.PixelAnomaly.TotalPercentageArea}`,
        );
      }
    }
  });

  it('paints where the defect is', async () => {
    const anomalous = test.filter((i) => i.anomalous).slice(0, 6);
    let overlapping = 0;
    for (const [k, d] of detections.entries()) {
      if (d.Anomalies!.length < 2) continue;
      const { data } = await sharp(d.AnomalyMask!).resize(SIZE, SIZE, { kernel: 'nearest' }).raw().toBuffer({
        resolveWithObject: true,
      });
      const truth = anomalous[k].truth;
      let hit = 0;
      for (let p = 0; p < truth.length; p++)
        if (truth[p] && data[3 * p] + data[3 * p + 1] + data[3 * p + 2] < 765) hit++;
      if (hit > 0) overlapping++;
    }
    assert.ok(overlapping >= 3, `${overlapping} masks overlap their defect`);
  });
});
