// The extension's start-up of the engine process (src/connection/engineProcess.ts), against CLIs whose timing is
// fixed, so that the race between the process's exit and its line on the pipe is not left to chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnEngine } from '../../src/connection/engineProcess';
import { noLog } from '../support/engine-process';
import { exitsBeforeWriting } from '../support/late-output';

const line = {
  endpoint: 'http://127.0.0.1:1',
  region: 'us-east-1',
  accessKeyId: 'AKID',
  secretAccessKey: 'secret',
  pid: 1,
  reused: true,
};

/** A CLI script in a fresh folder; returns its path and the folder, to remove after. */
function cli(source: string): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'engine-start-'));
  const path = join(dir, 'cli.js');
  writeFileSync(path, source);
  return { path, dir };
}

test('a CLI that exits before its ready line is read from the pipe still hands the line over', async () => {
  // The CLI exits at once and its line reaches the pipe 300 ms later, as a line can still be in the pipe when the
  // exit is reported.
  const { path, dir } = cli(exitsBeforeWriting('stdout', JSON.stringify(line)));
  const { ready } = spawnEngine(path, join(dir, 'data'), noLog);
  assert.deepEqual(await ready, line);
  rmSync(dir, { recursive: true, force: true });
});

test('a CLI that exits without a line fails the start with its exit code', async () => {
  const { path, dir } = cli('process.exit(3);');
  const { ready } = spawnEngine(path, join(dir, 'data'), noLog);
  await assert.rejects(ready, /exited before it was ready \(3\)/);
  rmSync(dir, { recursive: true, force: true });
});
