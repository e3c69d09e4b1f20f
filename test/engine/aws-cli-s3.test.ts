// The unmodified AWS CLI's high-level S3 commands against the engine: multipart uploads and ranged downloads of big
// files, sync both ways, server-side copies (CopyObject and UploadPartCopy), bulk deletes, and object metadata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { useTestEngine } from '../support/engine-harness';
import { awsCli, skipWithoutAwsCli as skip } from '../support/aws-cli';

const MB = 1000 * 1000;
const t = useTestEngine(async (engine) => {
  await engine.s3.send(new CreateBucketCommand({ Bucket: 'cli-s3' }));
});

/** `aws s3 …`, printing only errors. */
const s3 = (...args: string[]) => awsCli(t(), 's3', ...args, '--only-show-errors');
const s3api = (...args: string[]) => awsCli(t(), 's3api', ...args);
/** Asserts the command exited 0, showing the start of what it printed to stderr otherwise. */
function succeeded(result: { code: number; stderr: string }): void {
  assert.equal(result.code, 0, result.stderr.slice(0, 2000));
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function keys(prefix: string): Promise<string[]> {
  const listed = await t().s3.send(new ListObjectsV2Command({ Bucket: 'cli-s3', Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

/** Every file below `dir`, by path relative to it, with its SHA-256. */
function tree(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else found[relative(dir, path)] = sha256(readFileSync(path));
    }
  };
  walk(dir);
  return found;
}

test('aws s3 cp of a 100 MB file: multipart up, ranged GETs down, byte-exact', { skip }, async () => {
  const body = randomBytes(100 * MB);
  const file = join(t().dataDir, 'hundred.bin');
  writeFileSync(file, body);
  const up = await s3('cp', file, 's3://cli-s3/big/hundred.bin');
  succeeded(up);
  const head = await t().s3.send(new HeadObjectCommand({ Bucket: 'cli-s3', Key: 'big/hundred.bin' }));
  assert.equal(head.ContentLength, body.length);
  assert.match(head.ETag!, /-\d+"$/, 'uploaded in parts');
  const back = join(t().dataDir, 'hundred.back');
  const down = await s3('cp', 's3://cli-s3/big/hundred.bin', back);
  succeeded(down);
  assert.equal(sha256(readFileSync(back)), sha256(body));
});

test('aws s3 sync of a folder up and back down', { skip }, async () => {
  const source = join(t().dataDir, 'sync-src');
  const files: Record<string, Buffer> = {
    'a.txt': Buffer.from('alpha'),
    'images/b.png': randomBytes(20_000),
    'images/deep/c with space.bin': randomBytes(12 * MB),
    'empty.txt': Buffer.alloc(0),
  };
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(source, name, '..'), { recursive: true });
    writeFileSync(join(source, name), bytes);
  }
  const up = await s3('sync', source, 's3://cli-s3/synced');
  succeeded(up);
  assert.deepEqual(
    (await keys('synced/')).sort(),
    Object.keys(files)
      .map((name) => `synced/${name}`)
      .sort(),
  );
  const target = join(t().dataDir, 'sync-dest');
  const down = await s3('sync', 's3://cli-s3/synced', target);
  succeeded(down);
  assert.deepEqual(tree(target), tree(source));
  const again = await awsCli(t(), 's3', 'sync', source, 's3://cli-s3/synced');
  succeeded(again);
  assert.equal(again.stdout.trim(), '', 'nothing changed, nothing uploaded');
});

test(
  'aws s3 cp between S3 locations copies server-side, small (CopyObject) and big (UploadPartCopy)',
  { skip },
  async () => {
    const small = randomBytes(1000);
    const big = randomBytes(20 * MB);
    writeFileSync(join(t().dataDir, 'small.bin'), small);
    writeFileSync(join(t().dataDir, 'big.bin'), big);
    for (const name of ['small.bin', 'big.bin']) {
      const up = await s3('cp', join(t().dataDir, name), `s3://cli-s3/copy-src/${name}`);
      succeeded(up);
      const copied = await s3('cp', `s3://cli-s3/copy-src/${name}`, `s3://cli-s3/copy-dest/${name}`);
      succeeded(copied);
      const [source, dest] = await Promise.all(
        ['copy-src', 'copy-dest'].map((folder) =>
          t().s3.send(new HeadObjectCommand({ Bucket: 'cli-s3', Key: `${folder}/${name}` })),
        ),
      );
      // The CLI copies objects over 8 MB in 8 MB parts (UploadPartCopy), smaller ones whole (CopyObject).
      if (name === 'big.bin') assert.match(dest.ETag!, /-3"$/);
      else assert.equal(dest.ETag, source.ETag);
      const back = join(t().dataDir, `${name}.back`);
      const down = await s3('cp', `s3://cli-s3/copy-dest/${name}`, back);
      succeeded(down);
      assert.equal(sha256(readFileSync(back)), sha256(name === 'big.bin' ? big : small));
    }
  },
);

test('aws s3 rm --recursive and aws s3api delete-objects remove every key', { skip }, async () => {
  for (const name of ['x/1', 'x/2', 'x/sub/3', 'y/4', 'y/5']) {
    const put = await s3api('put-object', '--bucket', 'cli-s3', '--key', `rm/${name}`);
    succeeded(put);
  }
  const rm = await s3('rm', '--recursive', 's3://cli-s3/rm/x');
  succeeded(rm);
  assert.deepEqual(await keys('rm/'), ['rm/y/4', 'rm/y/5']);
  const deleted = await s3api(
    'delete-objects',
    '--bucket',
    'cli-s3',
    '--delete',
    JSON.stringify({ Objects: [{ Key: 'rm/y/4' }, { Key: 'rm/y/5' }, { Key: 'rm/never-there' }] }),
  );
  succeeded(deleted);
  const result = JSON.parse(deleted.stdout) as { Deleted: { Key: string }[] };
  assert.deepEqual(result.Deleted.map((d) => d.Key).sort(), ['rm/never-there', 'rm/y/4', 'rm/y/5']);
  assert.deepEqual(await keys('rm/'), []);
});

test('aws s3 cp --metadata: the object keeps it, and so does its copy', { skip }, async () => {
  const file = join(t().dataDir, 'tagged.png');
  writeFileSync(file, randomBytes(1000));
  const up = await s3(
    'cp',
    file,
    's3://cli-s3/meta/tagged.png',
    '--metadata',
    'camera=line-3,shift=night',
    '--content-type',
    'image/png',
    '--cache-control',
    'no-cache',
  );
  succeeded(up);
  const copied = await s3('cp', 's3://cli-s3/meta/tagged.png', 's3://cli-s3/meta/copied.png');
  succeeded(copied);
  for (const key of ['meta/tagged.png', 'meta/copied.png']) {
    const head = await s3api('head-object', '--bucket', 'cli-s3', '--key', key);
    succeeded(head);
    const { Metadata, ContentType, CacheControl } = JSON.parse(head.stdout) as Record<string, unknown>;
    assert.deepEqual(
      { Metadata, ContentType, CacheControl },
      {
        Metadata: { camera: 'line-3', shift: 'night' },
        ContentType: 'image/png',
        CacheControl: 'no-cache',
      },
      key,
    );
  }
});

test(
  'aws s3api get-object --response-content-disposition: that download names its file, the object is unchanged',
  { skip },
  async () => {
    const file = join(t().dataDir, 'plain.png');
    writeFileSync(file, randomBytes(500));
    succeeded(await s3('cp', file, 's3://cli-s3/meta/plain.png', '--content-type', 'image/png'));
    const saved = join(t().dataDir, 'plain.back');
    const got = await s3api(
      'get-object',
      '--bucket',
      'cli-s3',
      '--key',
      'meta/plain.png',
      '--response-content-disposition',
      'attachment; filename="defect-7.png"',
      '--response-content-type',
      'application/octet-stream',
      saved,
    );
    succeeded(got);
    const { ContentDisposition, ContentType } = JSON.parse(got.stdout) as Record<string, unknown>;
    assert.deepEqual(
      { ContentDisposition, ContentType },
      { ContentDisposition: 'attachment; filename="defect-7.png"', ContentType: 'application/octet-stream' },
    );
    assert.equal(sha256(readFileSync(saved)), sha256(readFileSync(file)));
    const head = await s3api('head-object', '--bucket', 'cli-s3', '--key', 'meta/plain.png');
    succeeded(head);
    const stored = JSON.parse(head.stdout) as Record<string, unknown>;
    assert.deepEqual([stored.ContentType, stored.ContentDisposition], ['image/png', undefined]);
  },
);
