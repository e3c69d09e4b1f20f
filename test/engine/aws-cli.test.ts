// The unmodified AWS CLI v2 (Debian's awscli, which still ships the lookoutvision model) against the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { pngImage, useTestEngine } from '../support/engine-harness';
import { awsCli, skipWithoutAwsCli } from '../support/aws-cli';

const t = useTestEngine();
const aws = (...args: string[]) => awsCli(t(), ...args);
const skip = skipWithoutAwsCli;

test(
  'aws lookoutvision create-project, list-projects, describe-project and modeled errors',
  { skip },
  async () => {
    const created = await aws('lookoutvision', 'create-project', '--project-name', 'cli-proj');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(
      (JSON.parse(created.stdout) as { ProjectMetadata: { ProjectName: string } }).ProjectMetadata
        .ProjectName,
      'cli-proj',
    );
    const listed = await aws('lookoutvision', 'list-projects');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { Projects: { ProjectName: string }[] }).Projects.map(
        (p) => p.ProjectName,
      ),
      ['cli-proj'],
    );
    const missing = await aws('lookoutvision', 'describe-project', '--project-name', 'nope');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /ResourceNotFoundException.*Project nope not found/);
    const deleted = await aws('lookoutvision', 'delete-project', '--project-name', 'cli-proj');
    assert.equal(deleted.code, 0, deleted.stderr);
  },
);

test("aws s3 mb, cp and ls go to the engine's S3 API", { skip }, async () => {
  const file = join(t().dataDir, 'upload.png');
  writeFileSync(file, await pngImage(3));
  assert.equal((await aws('s3', 'mb', 's3://cli-bucket')).code, 0);
  const copied = await aws('s3', 'cp', file, 's3://cli-bucket/images/upload.png');
  assert.equal(copied.code, 0, copied.stderr);
  const listed = await aws('s3', 'ls', 's3://cli-bucket/images/');
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /upload\.png/);
});

test('aws s3 cp downloads a 20 MB object byte-exact (ranged GETs)', { skip }, async () => {
  const body = randomBytes(20 * 1024 * 1024);
  await t().s3.send(new CreateBucketCommand({ Bucket: 'cli-download' }));
  await t().s3.send(new PutObjectCommand({ Bucket: 'cli-download', Key: 'twenty.bin', Body: body }));
  const file = join(t().dataDir, 'twenty.bin');
  const copied = await aws('s3', 'cp', 's3://cli-download/twenty.bin', file);
  assert.equal(copied.code, 0, copied.stderr);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const downloaded = readFileSync(file);
  assert.equal(downloaded.length, body.length);
  assert.equal(sha256(downloaded), sha256(body));
});
