import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RgbImage } from '../../src/engine/ml/image';
import { SynthDataset, SynthOptions, generateDataset } from '../support/synth/generate';
import { proceduralTexture } from '../support/synth/texture';

/** Small generated datasets (128 px crops of a seeded procedural texture): quick to train on 2 cores. */
export const SIZE = 128;
let source: RgbImage | undefined;
const texture = () => (source ??= proceduralTexture('weave', 384, 384, 11));

export function classificationData(seed = 1, split: SynthOptions['split'] = 'easy'): Promise<SynthDataset> {
  return generateDataset({
    source: texture(),
    size: SIZE,
    split,
    counts: { trainNormal: 16, trainAnomalous: 8, testNormal: 12, testAnomalous: 12 },
    defects: ['scratch', 'stain', 'spot', 'cutpaste'],
    masks: false,
    seed,
  });
}

export function segmentationData(seed = 2): Promise<SynthDataset> {
  return generateDataset({
    source: texture(),
    size: SIZE,
    split: 'easy',
    counts: { trainNormal: 12, trainAnomalous: 20, testNormal: 10, testAnomalous: 20 },
    defects: ['stain', 'spot'],
    masks: true,
    seed,
  });
}

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh empty directory, removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ml-test-'));
  dirs.push(dir);
  return dir;
}

/** Anomaly score from a DetectAnomalies answer: P(anomalous). */
export const anomalyScore = (r: { IsAnomalous: boolean; Confidence: number }) =>
  r.IsAnomalous ? r.Confidence : 1 - r.Confidence;
