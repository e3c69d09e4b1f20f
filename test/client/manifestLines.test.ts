// Manifest lines, bucket names, mask colours and error messages: the pure parts of the client.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { errorMessage } from '../../src/client/errors';
import { manifestLine } from '../../src/client/manifestLines';
import { maskColors } from '../../src/client/maskColors';
import { projectBucketName } from '../../src/client/projectBucket';

test('a classification line has the Ground Truth fields the guide requires', () => {
  const line = JSON.parse(
    manifestLine({ sourceRef: 's3://b/k.png', className: 'normal' }, 'job', new Date(0)),
  );
  assert.deepEqual(line, {
    'source-ref': 's3://b/k.png',
    'anomaly-label': 0,
    'anomaly-label-metadata': {
      confidence: 1,
      'job-name': 'job',
      'class-name': 'normal',
      'human-annotated': 'yes',
      'creation-date': '1970-01-01T00:00:00.000',
      type: 'groundtruth/image-classification',
    },
  });
});

test('project bucket names are valid S3 names', () => {
  assert.equal(projectBucketName('lookoutvision-', 'My_Project'), 'lookoutvision-my-project');
  assert.equal(projectBucketName('', 'a'), 'a-lfv');
  const long = projectBucketName('lookoutvision-', 'x'.repeat(255));
  assert.ok(long.length <= 63 && /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(long), long);
});

async function mask(colors: [number, number, number][]): Promise<Buffer> {
  const size = 32;
  const data = Buffer.alloc(size * size * 3, 255);
  colors.forEach((c, i) => data.set(c, i * 3 * 2));
  return sharp(data, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

test('mask colours are the non-white colours; too many colours is an error', async () => {
  assert.deepEqual(
    await maskColors(
      await mask([
        [255, 0, 0],
        [44, 160, 44],
        [255, 0, 0],
      ]),
    ),
    ['#ff0000', '#2ca02c'],
  );
  const many = Array.from({ length: 21 }, (_, i) => [i, 0, 0] as [number, number, number]);
  await assert.rejects(maskColors(await mask(many)), /more than 20 colours/);
});

test('error messages keep the service words and name the exception', () => {
  const err = Object.assign(new Error('Project plates already exists'), { name: 'ConflictException' });
  assert.equal(errorMessage(err), 'ConflictException: Project plates already exists');
  assert.equal(errorMessage(new Error('plain')), 'plain');
  assert.match(
    errorMessage(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    /Cannot reach/,
  );
});
