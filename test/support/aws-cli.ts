// Runs the unmodified AWS CLI (Debian's awscli) against a test engine.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { TestEngine } from './engine-harness';

const AWS = '/usr/bin/aws';
const run = promisify(execFile);

/** The `skip` option of tests that need the CLI. */
export const skipWithoutAwsCli = existsSync(AWS)
  ? false
  : `${AWS} is not installed (apt-get install awscli); .ci/run installs it`;

export async function awsCli(
  t: TestEngine,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = {
    PATH: process.env.PATH,
    HOME: t.dataDir,
    AWS_ACCESS_KEY_ID: t.engine.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.engine.secretAccessKey,
    AWS_DEFAULT_REGION: t.engine.region,
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
  try {
    const { stdout, stderr } = await run(
      AWS,
      ['--endpoint-url', t.engine.endpoint, '--output', 'json', ...args],
      { env, maxBuffer: 64 * 1024 * 1024 },
    );
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
