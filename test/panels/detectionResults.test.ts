// The exports of Detect Anomalies in Folder: the CSV of what the table shows, and a manifest labelled with the
// verdicts whose masks are written beside it, valid for the manifest checker with local paths.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import type { DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import { validateManifest } from '../../src/manifest/core';
import {
  folderDetection,
  resultsCsv,
  resultsManifest,
  type FolderRun,
} from '../../src/panels/detectionResults';

const plates = resolve(__dirname, '..', '..', '..', 'sample', 'workspace', 'plates');
const mask = readFileSync(join(plates, 'masks', 'scratch-01.png'));
const scratch: DetectAnomalyResult = {
  IsAnomalous: true,
  Confidence: 0.91,
  Anomalies: [
    { Name: 'background', PixelAnomaly: { TotalPercentageArea: 0.97, Color: '#ffffff' } },
    { Name: 'scratch', PixelAnomaly: { TotalPercentageArea: 0.03, Color: '#ff0000' } },
  ],
  AnomalyMask: mask,
};
const normal: DetectAnomalyResult = { IsAnomalous: false, Confidence: 0.8 };
const files = [join(plates, 'anomaly', 'scratch-01.png'), join(plates, 'normal', 'plate-01.png')];
const run: FolderRun = {
  folder: plates,
  model: 'plates · model 1',
  modelRef: { projectName: 'plates', modelVersion: '1' },
  detections: [
    folderDetection(files[0], scratch),
    folderDetection(files[1], normal),
    { file: join(plates, 'anomaly', 'broken, "really".png'), error: 'UnsupportedMediaType' },
  ],
  results: [scratch, normal, undefined],
};

describe('folder detection exports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lfv-export-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the anomaly types of a result without the background', () => {
    assert.deepEqual(run.detections[0].anomalies, [{ name: 'scratch', area: 0.03, color: '#ff0000' }]);
    assert.deepEqual(run.detections[1].anomalies, []);
  });

  it('writes the rows shown as CSV, quoting what needs it', () => {
    const csv = resultsCsv(run, [run.detections[2], run.detections[0], run.detections[1]]);
    assert.equal(
      csv,
      [
        'file,verdict,confidence,labels,areas,error',
        '"anomaly/broken, ""really"".png",,,,,UnsupportedMediaType',
        'anomaly/scratch-01.png,anomaly,0.9100,scratch,0.030000,',
        'normal/plate-01.png,normal,0.8000,,,',
        '',
      ].join('\n'),
    );
  });

  it('writes a manifest of the verdicts with the masks beside it, valid with local paths', async () => {
    const target = join(dir, 'checked.manifest');
    const text = await resultsManifest(run, run.detections, target);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2, 'the failed image has no line');
    const maskFile = join(dir, 'checked-masks', 'anomaly_scratch-01.png');
    assert.deepEqual(readFileSync(maskFile), mask);
    assert.equal(lines[0]['anomaly-mask-ref'], 'checked-masks/anomaly_scratch-01.png');
    assert.equal(lines[0]['anomaly-label'], 1);
    assert.equal(lines[1]['anomaly-label'], 0);
    assert.equal(lines[1]['anomaly-mask-ref'], undefined);
    const { diagnostics, summary } = validateManifest(text, {
      localPaths: true,
      pathExists: (p) => existsSync(resolve(dir, p)),
    });
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(summary.anomaly, 1);
    assert.equal(summary.normal, 1);
  });
});
