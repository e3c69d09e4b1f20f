// Runs curl, signing with its own SigV4 implementation (--aws-sigv4), against a test engine: a client whose signer
// shares no code with the SDK's the engine verifies with.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { EngineInfo } from '../../src/engine';

const run = promisify(execFile);

function curlSignsSigV4(): boolean {
  try {
    return execFileSync('curl', ['--help', 'all'], { encoding: 'utf8' }).includes('--aws-sigv4');
  } catch {
    return false;
  }
}

/** The `skip` option of tests that need curl's signing. */
export const skipWithoutCurlSigV4 = curlSignsSigV4()
  ? false
  : 'curl with --aws-sigv4 (7.75 or later) is not installed';

/**
 * A GET of `target` (path and query, as sent) signed by curl for `service`; `secret` replaces the engine's. Older
 * curls sign the query as written, not sorted, so a target's query is to be given in canonical order.
 */
export async function curlSigV4(
  engine: EngineInfo,
  service: string,
  target: string,
  secret = engine.secretAccessKey,
): Promise<{ status: number; text: string }> {
  const { stdout } = await run('curl', [
    '--silent',
    '--show-error',
    '--noproxy',
    '*',
    '--aws-sigv4',
    `aws:amz:${engine.region}:${service}`,
    '--user',
    `${engine.accessKeyId}:${secret}`,
    '--write-out',
    '\n%{http_code}',
    new URL(target, engine.endpoint).href,
  ]);
  const end = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(end + 1)), text: stdout.slice(0, end) };
}
