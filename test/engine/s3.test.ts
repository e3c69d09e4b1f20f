import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { HttpRequest } from '@smithy/protocol-http';
import { clients, useTestEngine } from '../support/engine-harness';

const t = useTestEngine(async (engine) => {
  await engine.s3.send(new CreateBucketCommand({ Bucket: 'objects' }));
});

test('buckets: create, head, list; a duplicate or invalid name is refused with S3 error codes', async () => {
  await t().s3.send(new HeadBucketCommand({ Bucket: 'objects' }));
  const { Buckets } = await t().s3.send(new ListBucketsCommand({}));
  assert.ok(Buckets!.some((b) => b.Name === 'objects'));
  await assert.rejects(
    t().s3.send(new CreateBucketCommand({ Bucket: 'objects' })),
    (err: Error) => err.name === 'BucketAlreadyOwnedByYou',
  );
  await assert.rejects(
    t().s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })),
    (err: Error) => err.name === 'InvalidBucketName',
  );
  await assert.rejects(
    t().s3.send(new HeadBucketCommand({ Bucket: 'missing-bucket' })),
    (err: Error) => err.name === 'NotFound',
  );
});

test('objects: put, get, head, delete with keys that need encoding', async () => {
  const key = 'dir with space/ümlaut+plus=eq/image (1).png';
  const body = Buffer.from([1, 2, 3, 4, 5]);
  const put = await t().s3.send(
    new PutObjectCommand({ Bucket: 'objects', Key: key, Body: body, ContentType: 'image/png' }),
  );
  assert.match(put.ETag!, /^"[0-9a-f]{32}"$/);
  const got = await t().s3.send(new GetObjectCommand({ Bucket: 'objects', Key: key }));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
  assert.equal(got.ContentType, 'image/png');
  assert.equal(got.ETag, put.ETag);
  const head = await t().s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: key }));
  assert.equal(head.ContentLength, 5);
  await t().s3.send(new DeleteObjectCommand({ Bucket: 'objects', Key: key }));
  await assert.rejects(
    t().s3.send(new GetObjectCommand({ Bucket: 'objects', Key: key })),
    (err: Error) => err.name === 'NoSuchKey',
  );
  await assert.rejects(
    t().s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' })),
    (err: Error) => err.name === 'NoSuchBucket',
  );
});

test('a streamed upload (aws-chunked with a trailing checksum) stores the decoded bytes', async () => {
  const bytes = Buffer.alloc(300_000, 7);
  await new Upload({
    client: t().s3,
    params: {
      Bucket: 'objects',
      Key: 'streamed.bin',
      Body: Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]),
    },
  }).done();
  const got = await t().s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'streamed.bin' }));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), bytes);
});

test('a streamed upload is stored whichever checksum the SDK sends in its unsigned trailer', async () => {
  const { s3, lv } = clients(t().engine);
  const sent: string[] = [];
  s3.middlewareStack.add(
    (next) => async (args) => {
      if (HttpRequest.isInstance(args.request)) sent.push(String(args.request.headers['x-amz-trailer']));
      return next(args);
    },
    { step: 'finalizeRequest' },
  );
  const bytes = Buffer.from('checked as it streams');
  const algorithms = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const;
  for (const algorithm of algorithms) {
    const Key = `trailer-${algorithm}.txt`;
    // A stream of known length: the SDK sends it aws-chunked, its checksum in a trailer after the bytes.
    await s3.send(
      new PutObjectCommand({
        Bucket: 'objects',
        Key,
        Body: Readable.from([bytes]),
        ContentLength: bytes.length,
        ChecksumAlgorithm: algorithm,
      }),
    );
    const got = await t().s3.send(new GetObjectCommand({ Bucket: 'objects', Key }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), bytes, algorithm);
  }
  assert.deepEqual(
    sent,
    algorithms.map((algorithm) => `x-amz-checksum-${algorithm.toLowerCase()}`),
  );
  s3.destroy();
  lv.destroy();
});

test('ListObjectsV2: prefix, delimiter and continuation tokens', async () => {
  for (const key of ['a/1.png', 'a/2.png', 'a/sub/3.png', 'b/4.png', 'c.png']) {
    await t().s3.send(new PutObjectCommand({ Bucket: 'objects', Key: `tree/${key}`, Body: key }));
  }
  const top = await t().s3.send(
    new ListObjectsV2Command({ Bucket: 'objects', Prefix: 'tree/', Delimiter: '/' }),
  );
  assert.deepEqual(
    top.CommonPrefixes!.map((p) => p.Prefix),
    ['tree/a/', 'tree/b/'],
  );
  assert.deepEqual(
    top.Contents!.map((o) => o.Key),
    ['tree/c.png'],
  );
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: t().s3, pageSize: 2 },
    { Bucket: 'objects', Prefix: 'tree/' },
  )) {
    assert.ok(page.KeyCount! <= 2);
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
  }
  assert.deepEqual(keys, ['tree/a/1.png', 'tree/a/2.png', 'tree/a/sub/3.png', 'tree/b/4.png', 'tree/c.png']);
});

test('ListObjectsV2 with a delimiter pages past each common prefix, whatever code points its keys hold', async () => {
  // U+10FFFF is the greatest code point: keys holding it sort after any bound made by appending characters.
  const keys = [
    'max/a/\u{10FFFF}x',
    'max/a/\u{10FFFF}\u{10FFFF}',
    'max/a\u{10FFFF}/y',
    'max/b',
    'max/\u{10FFFF}/z',
  ];
  for (const key of keys) await t().s3.send(new PutObjectCommand({ Bucket: 'objects', Key: key, Body: 'x' }));
  const prefixes: string[] = [];
  const contents: string[] = [];
  let pages = 0;
  for await (const page of paginateListObjectsV2(
    { client: t().s3, pageSize: 1 },
    { Bucket: 'objects', Prefix: 'max/', Delimiter: '/' },
  )) {
    assert.ok(++pages <= 10, 'the listing ends');
    prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
    contents.push(...(page.Contents ?? []).map((o) => o.Key!));
  }
  assert.deepEqual(prefixes, ['max/a/', 'max/a\u{10FFFF}/', 'max/\u{10FFFF}/']);
  assert.deepEqual(contents, ['max/b']);
});

test('an object keeps the metadata it was uploaded with: user metadata and standard headers, through copies and multipart', async () => {
  const s3 = t().s3;
  const metadata = { camera: 'line-3', 'shot-at': '2026-12-02T10:00:00Z' };
  const standard = {
    CacheControl: 'max-age=60',
    ContentDisposition: 'attachment; filename="part.png"',
    ContentLanguage: 'en',
    ContentEncoding: 'identity',
  };
  await s3.send(
    new PutObjectCommand({
      Bucket: 'objects',
      Key: 'meta/one.png',
      Body: Buffer.from('png'),
      ContentType: 'image/png',
      Metadata: metadata,
      ...standard,
    }),
  );
  const kept = (o: HeadObjectCommandOutput) => ({
    Metadata: o.Metadata,
    CacheControl: o.CacheControl,
    ContentDisposition: o.ContentDisposition,
    ContentLanguage: o.ContentLanguage,
    ContentEncoding: o.ContentEncoding,
    ContentType: o.ContentType,
  });
  const expected = { Metadata: metadata, ...standard, ContentType: 'image/png' };
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'meta/one.png' }));
  assert.deepEqual(kept(head), expected);
  const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'meta/one.png' }));
  await got.Body!.transformToByteArray();
  assert.deepEqual(kept(got), expected);

  // COPY (the default) keeps the source's metadata; REPLACE takes the request's, and nothing of the source's.
  await s3.send(
    new CopyObjectCommand({ Bucket: 'objects', Key: 'meta/copy.png', CopySource: 'objects/meta/one.png' }),
  );
  assert.deepEqual(
    kept(await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'meta/copy.png' }))),
    expected,
  );
  await s3.send(
    new CopyObjectCommand({
      Bucket: 'objects',
      Key: 'meta/copy.png',
      CopySource: 'objects/meta/one.png',
      MetadataDirective: 'REPLACE',
      Metadata: { camera: 'line-4' },
      ContentType: 'image/jpeg',
    }),
  );
  const replaced = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'meta/copy.png' }));
  assert.deepEqual(
    [replaced.Metadata, replaced.ContentType, replaced.CacheControl],
    [{ camera: 'line-4' }, 'image/jpeg', undefined],
  );

  // A multipart upload (streamed, aws-chunked parts): the metadata given when it began; aws-chunked, which only
  // says how a request's body was sent, is not kept as the object's encoding.
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: 'objects',
      Key: 'meta/big.bin',
      Body: Readable.from([Buffer.alloc(6 * 1024 * 1024, 7)]),
      Metadata: { batch: '17' },
      ContentDisposition: 'inline',
    },
    partSize: 5 * 1024 * 1024,
  });
  await upload.done();
  const big = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'meta/big.bin' }));
  assert.deepEqual(
    [big.Metadata, big.ContentDisposition, big.ContentEncoding],
    [{ batch: '17' }, 'inline', undefined],
  );

  // S3's limit: 2 KB of user metadata.
  await assert.rejects(
    s3.send(
      new PutObjectCommand({
        Bucket: 'objects',
        Key: 'meta/too-much',
        Body: 'x',
        Metadata: { big: 'v'.repeat(2100) },
      }),
    ),
    (err: Error) => err.name === 'MetadataTooLarge',
  );
  await assert.rejects(
    s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'meta/too-much' })),
    (err: Error) => err.name === 'NotFound',
    'nothing was stored',
  );
});

test('GetObject and HeadObject answer with the response-* headers a request asks for, and keep the stored ones', async () => {
  const s3 = t().s3;
  const stored = { ContentType: 'image/png', ContentDisposition: 'inline', CacheControl: 'no-cache' };
  await s3.send(
    new PutObjectCommand({
      Bucket: 'objects',
      Key: 'meta/download.png',
      Body: Buffer.from('png'),
      ...stored,
    }),
  );
  const asked = {
    ResponseContentType: 'application/octet-stream',
    ResponseContentDisposition: 'attachment; filename="scratch 7.png"',
    ResponseCacheControl: 'max-age=5',
    ResponseContentLanguage: 'de',
    ResponseContentEncoding: 'identity',
    ResponseExpires: new Date('2027-01-01T00:00:00Z'),
  };
  const given = {
    ContentType: 'application/octet-stream',
    ContentDisposition: 'attachment; filename="scratch 7.png"',
    CacheControl: 'max-age=5',
    ContentLanguage: 'de',
    ContentEncoding: 'identity',
    Expires: new Date('2027-01-01T00:00:00Z'),
  };
  const key = { Bucket: 'objects', Key: 'meta/download.png' };
  const pick = (o: HeadObjectCommandOutput) => ({
    ContentType: o.ContentType,
    ContentDisposition: o.ContentDisposition,
    CacheControl: o.CacheControl,
    ContentLanguage: o.ContentLanguage,
    ContentEncoding: o.ContentEncoding,
    Expires: o.Expires,
  });
  const got = await s3.send(new GetObjectCommand({ ...key, ...asked, Range: 'bytes=0-1' }));
  assert.equal(Buffer.from(await got.Body!.transformToByteArray()).toString(), 'pn');
  assert.deepEqual(pick(got), given);
  assert.deepEqual(pick(await s3.send(new HeadObjectCommand({ ...key, ...asked }))), given);
  // The overrides are for that response only.
  const head = await s3.send(new HeadObjectCommand(key));
  assert.deepEqual(
    [head.ContentType, head.ContentDisposition, head.CacheControl, head.ContentLanguage],
    [stored.ContentType, stored.ContentDisposition, stored.CacheControl, undefined],
  );
});
