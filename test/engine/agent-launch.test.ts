// Launching a packaged component's agent (src/edge-agent/launch.ts) when it fails before it is ready: the error
// carries what the agent said, even when that reaches the pipe after the agent's exit is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchAgent } from '../../src/edge-agent/launch';
import { ARCHIVE_FOLDER, RECIPE_JSON } from '../../src/engine/packaging/layout';
import { exitsBeforeWriting } from '../support/late-output';

test('an agent that fails at start is reported with its exit code and the whole of what it wrote to stderr', async () => {
  const decompressed = mkdtempSync(join(tmpdir(), 'agent-launch-'));
  const folder = join(decompressed, ARCHIVE_FOLDER);
  mkdirSync(folder);
  writeFileSync(
    join(folder, RECIPE_JSON),
    JSON.stringify({
      ComponentName: 'failing',
      Manifests: [
        { Platform: { os: 'linux' }, Lifecycle: { Run: 'node {artifacts:decompressedPath}/fail.js' } },
      ],
    }),
  );
  // The agent exits with 2 at once; the reason it gives reaches its stderr 300 ms later.
  writeFileSync(join(decompressed, 'fail.js'), exitsBeforeWriting('stderr', 'the model file is missing', 2));
  await assert.rejects(
    launchAgent(decompressed, { node: process.execPath }),
    /exited with code 2 before it was ready: the model file is missing$/,
  );
  rmSync(decompressed, { recursive: true, force: true });
});
