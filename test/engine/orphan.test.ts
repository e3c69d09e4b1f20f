// The window that started the engine is killed and nobody reads the engine's log any more: the engine serves on,
// and idles (it used to spin at full speed, reporting each failed log write as a new error to log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { spawnEngine } from '../../src/connection/engineProcess';
import { clients, makeDataDir, removeDataDir } from '../support/engine-harness';
import { CLI } from '../support/engine-process';

/** CPU seconds (user and system) a process has used so far. */
function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: fields after the command's closing parenthesis start at field 3; utime and stime are 14, 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

test(
  'an engine whose log reader is gone keeps answering and stays idle',
  { skip: process.platform !== 'linux' && 'reads CPU time from /proc' },
  async () => {
    const dir = makeDataDir();
    const { child, ready } = spawnEngine(CLI, dir, { append: () => undefined, appendLine: () => undefined });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const line = await ready;
      // The reading end of the engine's stderr closes, as when its window's extension host is killed.
      child.stderr!.destroy();
      // Unsigned requests are refused, and each refusal is logged: writes that now fail.
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await fetch(`${line.endpoint}/2020-11-20/projects`, { signal: AbortSignal.timeout(5000) })).status,
          403,
        );
      await sleep(500);
      const before = cpuSeconds(line.pid);
      await sleep(2000);
      const used = cpuSeconds(line.pid) - before;
      assert.ok(used < 0.5, `the engine used ${used.toFixed(2)} CPU seconds in 2 s while idle`);
      const { lv, s3 } = clients(line);
      const projects = await lv.send(new ListProjectsCommand({}));
      assert.deepEqual(projects.Projects, []);
      lv.destroy();
      s3.destroy();
    } finally {
      // SIGKILL: an engine caught in that loop never gets to its SIGTERM handler.
      child.kill('SIGKILL');
      await exited;
      removeDataDir(dir);
    }
  },
);
