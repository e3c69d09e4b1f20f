// The data directory's lock heals: a lock whose owner is gone is taken over even when its pid now belongs to another
// process, and a lock of a running engine sends later starts to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreateProjectCommand, ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { ENGINE_ID_HEADER, ENGINE_PROBE_HEADER, type LockInfo } from '../../src/engine/store/lock';
import { clients, makeDataDir, removeDataDir } from '../support/engine-harness';
import { runEngineProcess, type EngineProcess } from '../support/engine-process';

const lockPath = (dir: string) => join(dir, 'engine.lock');
const readLock = (dir: string) => JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockInfo;

/** A live process that is no engine: what a dead engine's pid may name after a reboot. */
async function unrelatedProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(child, 'spawn');
  assert.ok(child.pid);
  return Object.assign(child, { pid: child.pid });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An endpoint nobody listens on (a port that was just free). */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  const endpoint = await listen(server);
  await new Promise((r) => server.close(r));
  return endpoint;
}

/** Starts an engine process on `dir` and checks it is a new one that serves and now holds the lock. */
async function assertTakenOver(dir: string, stale: LockInfo): Promise<EngineProcess> {
  const engine = await runEngineProcess(dir);
  assert.equal(engine.line.reused, false, 'the stale lock was taken over');
  assert.notEqual(engine.line.endpoint, stale.endpoint);
  const lock = readLock(dir);
  assert.equal(lock.pid, engine.line.pid);
  assert.notEqual(lock.engineId, stale.engineId);
  assert.equal(lock.endpoint, engine.line.endpoint);
  const { lv } = clients(engine.line);
  await lv.send(new CreateProjectCommand({ ProjectName: 'after-takeover' }));
  assert.equal((await lv.send(new ListProjectsCommand({}))).Projects?.[0]?.ProjectName, 'after-takeover');
  lv.destroy();
  return engine;
}

async function stop(engine: EngineProcess): Promise<void> {
  engine.kill('SIGTERM');
  assert.equal(await engine.exited, 0);
}

test('a lock naming a live unrelated process and a dead endpoint is taken over', async () => {
  const dir = makeDataDir();
  const sleeper = await unrelatedProcess();
  const stale = {
    pid: sleeper.pid,
    engineId: randomUUID(),
    endpoint: await deadEndpoint(),
    region: 'us-east-1',
  };
  writeFileSync(lockPath(dir), JSON.stringify(stale), { mode: 0o600 });
  const engine = await assertTakenOver(dir, stale);
  await stop(engine);
  sleeper.kill();
  removeDataDir(dir);
});

test('a lock naming a live unrelated process that never published an endpoint is taken over', async () => {
  const dir = makeDataDir();
  const sleeper = await unrelatedProcess();
  const stale = { pid: sleeper.pid, engineId: randomUUID() };
  writeFileSync(lockPath(dir), JSON.stringify(stale), { mode: 0o600 });
  const engine = await assertTakenOver(dir, stale);
  await stop(engine);
  sleeper.kill();
  removeDataDir(dir);
});

test('a lock whose process start differs from the recorded one is taken over at once', async () => {
  const dir = makeDataDir();
  const sleeper = await unrelatedProcess();
  const stale = { pid: sleeper.pid, engineId: randomUUID(), processStart: 'another-boot/1' };
  writeFileSync(lockPath(dir), JSON.stringify(stale), { mode: 0o600 });
  const started = Date.now();
  const engine = await assertTakenOver(dir, stale);
  // Where the OS gives no start time this falls back to the bounded wait for an endpoint.
  if (readLock(dir).processStart) assert.ok(Date.now() - started < 8000, 'no wait for an endpoint');
  await stop(engine);
  sleeper.kill();
  removeDataDir(dir);
});

test('a lock whose endpoint is another server (or another engine) is taken over', async () => {
  const sleeper = await unrelatedProcess();
  const plain = createServer((_req, res) => res.end('hello'));
  const other = createServer((_req, res) => {
    res.setHeader(ENGINE_ID_HEADER, randomUUID());
    res.end();
  });
  for (const server of [plain, other]) {
    const dir = makeDataDir();
    const stale = { pid: sleeper.pid, engineId: randomUUID(), endpoint: await listen(server) };
    writeFileSync(lockPath(dir), JSON.stringify(stale), { mode: 0o600 });
    const engine = await assertTakenOver(dir, stale);
    await stop(engine);
    await new Promise((r) => server.close(r));
    removeDataDir(dir);
  }
  sleeper.kill();
});

test('a lock of a running engine sends a second start to it; every response carries its engine id', async () => {
  const dir = makeDataDir();
  const first = await runEngineProcess(dir);
  const lock = readLock(dir);
  assert.equal(lock.pid, first.line.pid);
  assert.equal(lock.endpoint, first.line.endpoint);
  const unsigned = await fetch(`${first.line.endpoint}/2020-11-20/projects`);
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.headers.get(ENGINE_ID_HEADER), lock.engineId);
  const unsignedS3 = await fetch(`${first.line.endpoint}/some-bucket`);
  assert.equal(unsignedS3.headers.get(ENGINE_ID_HEADER), lock.engineId);
  // A later start's probe is answered with the id alone; an unsigned HEAD / without its mark is refused as ever.
  const probe = await fetch(first.line.endpoint, { method: 'HEAD', headers: { [ENGINE_PROBE_HEADER]: '1' } });
  assert.deepEqual([probe.status, probe.headers.get(ENGINE_ID_HEADER)], [204, lock.engineId]);
  assert.equal((await fetch(first.line.endpoint, { method: 'HEAD' })).status, 403);

  const second = await runEngineProcess(dir);
  assert.equal(second.line.reused, true);
  assert.equal(second.line.endpoint, first.line.endpoint);
  assert.equal(second.line.pid, first.line.pid);
  assert.equal(second.line.accessKeyId, first.line.accessKeyId);
  assert.equal(await second.exited, 0);
  assert.deepEqual(readLock(dir), lock, 'the running engine keeps its lock');
  await stop(first);
  assert.throws(() => readFileSync(lockPath(dir)), /ENOENT/, 'a clean stop releases the lock');
  removeDataDir(dir);
});

test('a killed engine whose pid is alive again as another engine (of another directory) is taken over', async () => {
  const dir = makeDataDir();
  const otherDir = makeDataDir();
  const other = await runEngineProcess(otherDir);
  const stale = { pid: other.line.pid, engineId: randomUUID(), endpoint: other.line.endpoint };
  writeFileSync(lockPath(dir), JSON.stringify(stale), { mode: 0o600 });
  const engine = await assertTakenOver(dir, stale);
  await stop(engine);
  await stop(other);
  removeDataDir(dir);
  removeDataDir(otherDir);
});

test('two engines starting at once on a stale lock: one takes it over, the other is sent to it', async () => {
  const dir = makeDataDir();
  const sleeper = await unrelatedProcess();
  const stale = { pid: sleeper.pid, engineId: randomUUID(), endpoint: await deadEndpoint() };
  writeFileSync(lockPath(dir), JSON.stringify(stale), { mode: 0o600 });
  const both = await Promise.all([runEngineProcess(dir), runEngineProcess(dir)]);
  const started = both.filter((e) => !e.line.reused);
  const reused = both.filter((e) => e.line.reused);
  assert.equal(started.length, 1, 'exactly one engine opened the data directory');
  assert.equal(reused[0]!.line.endpoint, started[0]!.line.endpoint);
  assert.equal(await reused[0]!.exited, 0);
  assert.equal(readLock(dir).endpoint, started[0]!.line.endpoint);
  await stop(started[0]!);
  sleeper.kill();
  removeDataDir(dir);
});
