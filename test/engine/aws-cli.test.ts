// The unmodified AWS CLI v2 (Debian's awscli, which still ships the lookoutvision model) against the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pngImage, useTestEngine } from '../support/engine-harness';

const AWS = '/usr/bin/aws';
const run = promisify(execFile);

async function aws(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = {
    PATH: process.env.PATH,
    HOME: t().dataDir,
    AWS_ACCESS_KEY_ID: t().engine.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t().engine.secretAccessKey,
    AWS_DEFAULT_REGION: t().engine.region,
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
  try {
    const { stdout, stderr } = await run(
      AWS,
      ['--endpoint-url', t().engine.endpoint, '--output', 'json', ...args],
      { env },
    );
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const skip = existsSync(AWS)
  ? false
  : `${AWS} is not installed (apt-get install awscli); .ci/run installs it`;

const t = useTestEngine();

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
