// An engine the extension starts records each window's extension host as a client and stops once none of them runs
// (src/engine/store/client-leases.ts): the window that started it may close while another still uses it. Sleeping
// processes stand in for the extension hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import {
  CLIENT_CHECK_MS,
  addClientLease,
  engineStopping,
  liveClients,
  noClientLeft,
} from '../../src/engine/store/client-leases';
import { lockDataDir, lockOwner } from '../../src/engine/store/lock';
import { clients, makeDataDir, removeDataDir } from '../support/engine-harness';
import { spawnEngineCli } from '../support/engine-process';

const window = () => spawn('sleep', ['600'], { stdio: 'ignore' });

test('an engine serves on when the window that started it closes, and stops when the last one does', async () => {
  const dir = makeDataDir();
  const first = window();
  const second = window();
  const { child, ready } = spawnEngineCli(dir, first.pid);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const line = await ready;
    const found = await spawnEngineCli(dir, second.pid).ready;
    assert.deepEqual(
      [found.reused, found.pid],
      [true, line.pid],
      'the second window finds the running engine',
    );
    assert.deepEqual(liveClients(dir).sort(), [first.pid, second.pid].sort());

    first.kill();
    await sleep(2 * CLIENT_CHECK_MS);
    const { lv, s3 } = clients(line);
    const projects = await lv.send(new ListProjectsCommand({}));
    assert.deepEqual(projects.Projects, [], 'the engine still answers the second window');
    lv.destroy();
    s3.destroy();
    assert.deepEqual(liveClients(dir), [second.pid], "the closed window's lease is gone");

    second.kill();
    const outcome = await Promise.race([exited, sleep(3 * CLIENT_CHECK_MS).then(() => 'still running')]);
    assert.equal(outcome, 0, 'the engine stops by itself once no window runs');
  } finally {
    first.kill();
    second.kill();
    child.kill('SIGKILL');
    removeDataDir(dir);
  }
});

test('a lease counts only while its very process runs, not a later process given the same pid', () => {
  const dir = makeDataDir();
  try {
    addClientLease(dir, process.pid);
    assert.deepEqual(liveClients(dir), [process.pid]);
    const leases = join(dir, 'clients');
    // The same pid recorded with another start: where the OS tells starts (Linux), a process that has gone.
    writeFileSync(join(leases, String(process.pid)), 'another-boot/1');
    assert.deepEqual(liveClients(dir), process.platform === 'linux' ? [] : [process.pid]);
    mkdirSync(leases, { recursive: true });
    writeFileSync(join(leases, 'not-a-pid'), '');
    liveClients(dir);
    assert.ok(!readdirSync(leases).includes('not-a-pid'), 'debris in the leases folder is removed');
  } finally {
    removeDataDir(dir);
  }
});

test('an engine that finds no client marks itself stopping, and one that finds a client does not', async () => {
  const dir = makeDataDir();
  const other = window();
  const lock = await lockDataDir(dir);
  try {
    assert.ok(!('heldBy' in lock));
    addClientLease(dir, other.pid!);
    assert.equal(noClientLeft(dir, lock.engineId), false);
    assert.equal(engineStopping(dir, lock.engineId), false, 'a window joining it is handed it');
    await new Promise((resolve) => {
      other.once('exit', resolve);
      other.kill();
    });
    assert.equal(noClientLeft(dir, lock.engineId), true);
    assert.equal(engineStopping(dir, lock.engineId), true, 'a window joining it waits for a new engine');
    lock.release();
    assert.equal(engineStopping(dir, 'another engine'), true, 'an engine the lock does not name has gone');
  } finally {
    other.kill();
    removeDataDir(dir);
  }
});

test('a window that finds the engine stopping is not handed it: it joins it if it serves on, or starts a new one', async () => {
  const dir = makeDataDir();
  const [first, second, third] = [window(), window(), window()];
  const engine = spawnEngineCli(dir, first.pid);
  let next: ReturnType<typeof spawnEngineCli> | undefined;
  const stillWaiting = async (ready: Promise<unknown>) =>
    await Promise.race([ready, sleep(1500).then(() => 'waiting')]);
  try {
    const line = await engine.ready;
    const id = lockOwner(dir)!;
    // The mark the engine writes when its look finds no client (noClientLeft), here at a moment the test chooses;
    // its own looks leave it alone while the first window runs.
    const mark = join(dir, 'engine.stopping');
    writeFileSync(mark, id);
    const joining = spawnEngineCli(dir, second.pid).ready;
    assert.equal(await stillWaiting(joining), 'waiting', 'a window is not handed an engine marked stopping');
    rmSync(mark); // as its last look, finding that window's lease, leaves it
    const joined = await joining;
    assert.deepEqual([joined.reused, joined.pid], [true, line.pid], 'the window joins the engine serving on');

    writeFileSync(mark, id);
    next = spawnEngineCli(dir, third.pid);
    assert.equal(await stillWaiting(next.ready), 'waiting');
    engine.child.kill('SIGTERM');
    const started = await next.ready;
    assert.equal(started.reused, false, 'once the stopping engine has gone the window starts a new one');
    assert.notEqual(started.pid, line.pid);
    const { lv, s3 } = clients(started);
    assert.deepEqual((await lv.send(new ListProjectsCommand({}))).Projects, []);
    lv.destroy();
    s3.destroy();
  } finally {
    for (const w of [first, second, third]) w.kill();
    engine.child.kill('SIGKILL');
    next?.child.kill('SIGKILL');
    removeDataDir(dir);
  }
});
