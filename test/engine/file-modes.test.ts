// Everything the engine keeps in its data directory is readable by the owner only, whatever the process umask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CreateModelCommand,
  CreateProjectCommand,
  DescribeModelCommand,
  ListProjectsCommand,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { restrictToOwner } from '../../src/engine/store/owner-only';
import { generateDataset } from '../support/synth/generate';
import { proceduralTexture } from '../support/synth/texture';
import { clients, makeDataDir, removeDataDir, startTestEngine } from '../support/engine-harness';
import { runEngineProcess } from '../support/engine-process';
import { createDatasetFromImages } from '../support/upload-dataset';
import { waitFor } from '../support/wait';

/** Every path below `dir` (and `dir` itself) with its permission bits. */
function modes(dir: string): Map<string, number> {
  const found = new Map<string, number>([['.', lstatSync(dir).mode & 0o777]]);
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      found.set(relative(dir, child), lstatSync(child).mode & 0o777);
      if (entry.isDirectory()) walk(child);
    }
  };
  walk(dir);
  return found;
}

function assertOwnerOnly(dir: string): Map<string, number> {
  const found = modes(dir);
  const loose = [...found].filter(([, mode]) => mode & 0o077).map(([p, mode]) => `${p} ${mode.toString(8)}`);
  assert.deepEqual(loose, [], 'files and folders readable by others');
  return found;
}

test('every file and folder the engine creates in its data directory is owner-only', async () => {
  // As a user or the extension would create it: with the default umask's 0755.
  const dir = join(makeDataDir(), 'data');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const t = await startTestEngine(dir);
  try {
    await t.s3.send(new CreateBucketCommand({ Bucket: 'modes-bucket' }));
    await t.s3.send(new PutObjectCommand({ Bucket: 'modes-bucket', Key: 'notes.txt', Body: 'private' }));
    await t.lv.send(new CreateProjectCommand({ ProjectName: 'modes' }));
    const data = await generateDataset({
      source: proceduralTexture('granite', 192, 192, 5),
      size: 64,
      split: 'easy',
      counts: { trainNormal: 20, trainAnomalous: 10, testNormal: 0, testAnomalous: 0 },
      defects: ['spot'],
      masks: false,
      seed: 5,
    });
    await createDatasetFromImages(t, 'modes-bucket', 'modes', 'train', data.train);
    await t.lv.send(
      new CreateModelCommand({
        ProjectName: 'modes',
        OutputConfig: { S3Location: { Bucket: 'modes-bucket', Prefix: 'out/' } },
      }),
    );
    const status = await waitFor(
      'training',
      async () =>
        (await t.lv.send(new DescribeModelCommand({ ProjectName: 'modes', ModelVersion: '1' })))
          .ModelDescription!.Status!,
      (s) => s !== 'TRAINING',
    );
    assert.equal(status, 'TRAINED');
    const found = assertOwnerOnly(dir);
    for (const path of [
      'engine.db',
      'engine.db-wal',
      'engine.db-shm',
      'engine.lock',
      'credentials.json',
      'objects',
    ])
      assert.ok(found.has(path), `${path} was checked`);
    assert.ok(
      [...found.keys()].some((p) => p.startsWith(join('models', 'modes', '1'))),
      'model files were checked',
    );
  } finally {
    await t.stop();
  }
  assertOwnerOnly(dir);
  removeDataDir(join(dir, '..'));
});

test('an engine opening a data directory with looser modes (an older engine, a kill -9) makes it owner-only', async () => {
  const dir = makeDataDir();
  const engine = await runEngineProcess(dir);
  const c = clients(engine.line);
  await c.s3.send(new CreateBucketCommand({ Bucket: 'old-bucket' }));
  await c.s3.send(new PutObjectCommand({ Bucket: 'old-bucket', Key: 'a.txt', Body: 'a' }));
  c.lv.destroy();
  c.s3.destroy();
  engine.kill('SIGKILL');
  await engine.exited;
  assert.ok(existsSync(join(dir, 'engine.db-wal')), 'the kill left the write-ahead log behind');
  for (const [path, mode] of modes(dir)) {
    const full = join(dir, path);
    chmodSync(full, lstatSync(full).isDirectory() ? 0o755 : mode | 0o644);
  }
  const again = await runEngineProcess(dir);
  const c2 = clients(again.line);
  await c2.lv.send(new ListProjectsCommand({}));
  const found = assertOwnerOnly(dir);
  assert.ok(found.has('engine.db-wal') && found.has('engine.db-shm'));
  c2.lv.destroy();
  c2.s3.destroy();
  again.kill('SIGTERM');
  await again.exited;
  removeDataDir(dir);
});

test('making a data directory owner-only passes over files another process removes meanwhile', async () => {
  // Leases of closed windows and temporary files of an engine that is stopping vanish while a new engine starts.
  const dir = makeDataDir();
  try {
    for (let round = 0; round < 5; round++) {
      const folder = join(dir, 'clients');
      mkdirSync(folder, { mode: 0o755 });
      for (let i = 0; i < 2000; i++) writeFileSync(join(folder, String(i)), '', { mode: 0o644 });
      const removing = new Promise((resolve) => spawn('rm', ['-rf', folder]).once('exit', resolve));
      while (existsSync(folder)) restrictToOwner(dir);
      await removing;
    }
  } finally {
    removeDataDir(dir);
  }
});
