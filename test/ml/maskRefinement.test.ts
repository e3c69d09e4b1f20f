import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { trainModel } from '../../src/engine/ml';
import { analyzeImage } from '../../src/engine/ml/detect';
import { RgbImage } from '../../src/engine/ml/image';
import { paintMask } from '../../src/engine/ml/inference';
import { colourDistances, refine } from '../../src/engine/ml/maskRefinement';
import { TrainedModel, loadModel } from '../../src/engine/ml/model';
import { createRng } from '../../src/engine/ml/rng';
import { generateDataset, SynthDataset } from '../support/synth/generate';
import { proceduralTexture } from '../support/synth/texture';
import { SIZE, tempDir } from './fixtures';

const W = 64;

/** A grey surface with noise of ±20 grey levels and a bright line two pixels wide across row 30–31. */
function surfaceWithLine(): { image: RgbImage; line: Uint8Array } {
  const rng = createRng(7);
  const data = new Uint8Array(W * W * 3);
  const line = new Uint8Array(W * W);
  for (let p = 0; p < W * W; p++) {
    const y = Math.floor(p / W);
    const v = y === 30 || y === 31 ? 230 : 120 + Math.round(40 * (rng() - 0.5));
    data.fill(v, 3 * p, 3 * p + 3);
    if (y === 30 || y === 31) line[p] = 1;
  }
  return { image: { width: W, height: W, data }, line };
}

function iou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let p = 0; p < a.length; p++) {
    if (a[p] && b[p]) both++;
    if (a[p] || b[p]) either++;
  }
  return either ? both / either : 1;
}

describe('mask refinement', () => {
  it('keeps the pixels of a thin line out of the blob painted around it', () => {
    const { image, line } = surfaceWithLine();
    // The blob a 4-pixel grid paints around the line: rows 24–37.
    const blob = Uint8Array.from(line, (_, p) => (Math.abs(Math.floor(p / W) - 30.5) < 7 ? 1 : 0));
    const distances = colourDistances(blob, image);
    assert.ok(distances);
    assert.ok(iou(blob, line) < 0.2);
    assert.ok(iou(refine(blob, distances, [9]), line) > 0.95);
    // Level 0 keeps the mask as painted.
    assert.deepEqual(refine(blob, distances, [0]), blob);
  });

  it('leaves a mask whole when nothing around it describes the surface', () => {
    const { image } = surfaceWithLine();
    const everything = new Uint8Array(W * W).fill(1);
    assert.equal(colourDistances(everything, image), undefined);
    assert.deepEqual(refine(everything, undefined, [25]), everything);
    assert.equal(colourDistances(new Uint8Array(W * W), image), undefined);
  });

  describe('learnt by a segmentation model', () => {
    let data: SynthDataset;
    let model: TrainedModel;
    before(async () => {
      data = await generateDataset({
        source: proceduralTexture('cells', 256, 256, 11),
        size: SIZE,
        split: 'easy',
        counts: { trainNormal: 16, trainAnomalous: 30, testNormal: 10, testAnomalous: 30 },
        defects: ['scratch', 'spot', 'cutpaste'],
        masks: true,
        seed: 3,
      });
      const modelDir = tempDir();
      await trainModel({ train: data.train, test: data.test, seed: 3, modelDir });
      model = await loadModel(modelDir);
    });

    it('narrows scratch masks to the scratch and leaves cut-and-paste patches whole', async () => {
      const levels = new Map(model.labels.map((l, i) => [l.name, model.maskRefinement![i]]));
      assert.ok(levels.get('scratch')! > 0, `scratch level ${levels.get('scratch')}`);
      assert.equal(levels.get('cutpaste'), 0);
      const plain = { ...model, maskRefinement: undefined };
      const scores = { refined: [] as number[], plain: [] as number[] };
      for (const image of data.test.filter((i) => i.defect === 'scratch')) {
        const inference = await analyzeImage(model, image.bytes);
        if (!inference.isAnomalous) continue;
        scores.refined.push(iou(paintMask(model, inference), image.truth));
        scores.plain.push(iou(paintMask(plain, inference), image.truth));
      }
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      assert.ok(scores.refined.length >= 5, `${scores.refined.length} scratches found`);
      assert.ok(
        mean(scores.refined) > mean(scores.plain) + 0.1,
        `IoU refined ${mean(scores.refined)} against ${mean(scores.plain)} as painted`,
      );
    });
  });
});
