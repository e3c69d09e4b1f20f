// Multipart upload, CopyObject and DeleteObjects through the real @aws-sdk/client-s3 and @aws-sdk/lib-storage, with
// the errors AWS gives; uploads outlive a restart of the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { removeDataDir, startTestEngine, useTestEngine } from '../support/engine-harness';
import { signedS3Request } from '../support/signed-s3-request';

const MiB = 1024 * 1024;
const BUCKET = 'multi';

const t = useTestEngine(async (engine) => {
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes);

/** The ETag S3 gives an object uploaded in these parts. */
function multipartEtag(parts: Buffer[]): string {
  const digests = Buffer.concat(parts.map((part) => md5(part).digest()));
  return `"${md5(digests).digest('hex')}-${parts.length}"`;
}

async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata?.httpStatusCode, status);
    return true;
  });
}

async function getBytes(s3: S3Client, key: string, bucket = BUCKET) {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { got, bytes: Buffer.from(await got.Body!.transformToByteArray()) };
}

async function createUpload(key: string, s3 = t().s3): Promise<string> {
  return (await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }))).UploadId!;
}

async function putPart(key: string, uploadId: string, partNumber: number, body: Buffer, s3 = t().s3) {
  const { ETag } = await s3.send(
    new UploadPartCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      Body: body,
    }),
  );
  return { PartNumber: partNumber, ETag: ETag! };
}

function complete(key: string, uploadId: string, parts: CompletedPart[], s3 = t().s3) {
  return s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

const uploadFiles = () => readdirSync(join(t().dataDir, 'uploads'));

test('lib-storage Upload of 30 MiB in 5 MiB parts: the bytes, the "-6" ETag and the content type come back', async () => {
  const body = randomBytes(30 * MiB);
  const pieces = Array.from({ length: 30 }, (_, i) => body.subarray(i * MiB, (i + 1) * MiB));
  const done = await new Upload({
    client: t().s3,
    partSize: 5 * MiB,
    params: { Bucket: BUCKET, Key: 'big/upload.bin', Body: Readable.from(pieces), ContentType: 'video/mp4' },
  }).done();
  const parts = Array.from({ length: 6 }, (_, i) => body.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
  assert.equal(done.ETag, multipartEtag(parts));
  const { got, bytes } = await getBytes(t().s3, 'big/upload.bin');
  assert.equal(bytes.length, body.length);
  assert.equal(sha256(bytes), sha256(body));
  assert.equal(got.ETag, done.ETag);
  assert.match(got.ETag!, /-6"$/);
  assert.equal(got.ContentType, 'video/mp4');
  const { Uploads } = await t().s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'big/' }));
  assert.equal(Uploads, undefined, 'a completed upload is gone');
  assert.deepEqual(uploadFiles(), [], 'and so are its part files');
});

test('UploadPart: part numbers outside 1..10000, unknown uploads and buckets are refused', async () => {
  const uploadId = await createUpload('errors/part.bin');
  for (const n of [0, 10001]) {
    await rejectsWith(putPart('errors/part.bin', uploadId, n, Buffer.from('x')), 'InvalidArgument', 400);
  }
  await putPart('errors/part.bin', uploadId, 10000, Buffer.from('last'));
  await rejectsWith(putPart('errors/part.bin', 'no-such-upload', 1, Buffer.from('x')), 'NoSuchUpload', 404);
  await rejectsWith(putPart('errors/other-key.bin', uploadId, 1, Buffer.from('x')), 'NoSuchUpload', 404);
  await rejectsWith(
    t().s3.send(
      new UploadPartCommand({
        Bucket: 'no-such-bucket',
        Key: 'k',
        UploadId: uploadId,
        PartNumber: 1,
        Body: 'x',
      }),
    ),
    'NoSuchBucket',
    404,
  );
  await t().s3.send(
    new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'errors/part.bin', UploadId: uploadId }),
  );
});

test('CompleteMultipartUpload: InvalidPartOrder, InvalidPart, EntityTooSmall and MalformedXML, then success', async () => {
  const key = 'errors/complete.bin';
  const uploadId = await createUpload(key);
  const first = randomBytes(5 * MiB);
  const second = randomBytes(1000);
  const p1 = await putPart(key, uploadId, 1, first);
  const p2 = await putPart(key, uploadId, 2, second);
  await putPart(key, uploadId, 3, Buffer.from('uploaded but left out'));
  assert.equal(p1.ETag, `"${md5(first).digest('hex')}"`);
  await rejectsWith(complete(key, uploadId, [p2, p1]), 'InvalidPartOrder', 400);
  await rejectsWith(complete(key, uploadId, [p1, p1]), 'InvalidPartOrder', 400);
  await rejectsWith(complete(key, uploadId, [p1, { ...p2, ETag: p1.ETag }]), 'InvalidPart', 400);
  await rejectsWith(complete(key, uploadId, [p1, { PartNumber: 4, ETag: p2.ETag }]), 'InvalidPart', 400);
  await rejectsWith(complete(key, uploadId, [p2, { PartNumber: 3, ETag: p1.ETag }]), 'InvalidPart', 400);
  await rejectsWith(complete(key, uploadId, []), 'MalformedXML', 400);
  const target = `/${BUCKET}/${key}?uploadId=${uploadId}`;
  for (const body of [
    '<CompleteMultipartUpload><Part>',
    'not xml',
    '<Other/>',
    '<CompleteMultipartUpload><Part><ETag>"x"</ETag></Part></CompleteMultipartUpload>',
  ]) {
    const response = await signedS3Request(t().engine, 'POST', target, body);
    assert.equal(response.status, 400, body);
    assert.match(response.text, /<Code>MalformedXML<\/Code>/, body);
  }

  const small = await createUpload('errors/small.bin');
  const s1 = await putPart('errors/small.bin', small, 1, Buffer.from('tiny'));
  const s2 = await putPart('errors/small.bin', small, 2, Buffer.from('tiny too'));
  await rejectsWith(complete('errors/small.bin', small, [s1, s2]), 'EntityTooSmall', 400);
  // One part may be as small as it likes: it is also the last.
  await complete('errors/small.bin', small, [s2]);
  assert.equal((await getBytes(t().s3, 'errors/small.bin')).bytes.toString(), 'tiny too');

  // Quoted or bare ETags are both accepted.
  const done = await complete(key, uploadId, [p1, { ...p2, ETag: p2.ETag.replace(/"/g, '') }]);
  assert.equal(done.ETag, multipartEtag([first, second]));
  assert.equal(done.Key, key);
  assert.equal(done.Bucket, BUCKET);
  const { bytes } = await getBytes(t().s3, key);
  assert.equal(sha256(bytes), sha256(Buffer.concat([first, second])));
  await rejectsWith(complete(key, uploadId, [p1, p2]), 'NoSuchUpload', 404);
  await rejectsWith(
    t().s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })),
    'NoSuchUpload',
    404,
  );
  assert.deepEqual(uploadFiles(), [], 'the part left out is removed too');
});

test('AbortMultipartUpload removes the upload and its part files', async () => {
  const key = 'aborted/file.bin';
  const uploadId = await createUpload(key);
  await putPart(key, uploadId, 1, randomBytes(1000));
  await putPart(key, uploadId, 1, randomBytes(2000));
  await putPart(key, uploadId, 2, randomBytes(1000));
  assert.equal(uploadFiles().length, 2, 'a part uploaded again replaces its file');
  await t().s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  assert.deepEqual(uploadFiles(), []);
  await rejectsWith(
    t().s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })),
    'NoSuchUpload',
    404,
  );
  await rejectsWith(putPart(key, uploadId, 3, Buffer.from('late')), 'NoSuchUpload', 404);
  await rejectsWith(t().s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })), 'NotFound', 404);
});

test('a part uploaded again while Complete assembles the object: the object is made of the parts Complete named', async () => {
  const key = 'replaced/meanwhile.bin';
  const objectsDir = join(t().dataDir, 'objects');
  for (let attempt = 0; attempt < 3; attempt++) {
    const uploadId = await createUpload(key);
    const bodies = [randomBytes(5 * MiB), randomBytes(5 * MiB), Buffer.from('last, first version')];
    const parts: CompletedPart[] = [];
    for (const [i, body] of bodies.entries()) parts.push(await putPart(key, uploadId, i + 1, body));
    // The last part's new version is sent up to its final byte now, and that byte once Complete writes the object:
    // after Complete has checked the parts, before it has read the last one.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const again = Buffer.from('last, second version');
    async function* replacement() {
      yield again.subarray(0, -1);
      await released;
      yield again.subarray(-1);
    }
    const replacing = t()
      .s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId: uploadId,
          PartNumber: bodies.length,
          Body: Readable.from(replacement()),
          ContentLength: again.length,
        }),
      )
      .then(
        () => 'replaced',
        (err: Error) => err.name,
      );
    const before = new Set(readdirSync(objectsDir));
    let settled = false;
    const completing = complete(key, uploadId, parts).finally(() => (settled = true));
    // A new file among the objects is the one Complete writes.
    while (!settled && readdirSync(objectsDir).every((name) => before.has(name)))
      await new Promise((resolve) => setImmediate(resolve));
    release();
    const done = await completing;
    // Landing after Complete ended the upload, the new version finds no upload.
    assert.match(await replacing, /^(replaced|NoSuchUpload)$/);
    assert.equal(done.ETag, multipartEtag(bodies));
    const { bytes } = await getBytes(t().s3, key);
    assert.equal(sha256(bytes), sha256(Buffer.concat(bodies)), `attempt ${attempt}`);
    assert.deepEqual(uploadFiles(), [], 'no part file is left behind');
  }
  assert.ok(!t().logs.some((line) => line.includes('internal error')), t().logs.join('\n'));
});

test('ListParts pages with max-parts and part-number-marker', async () => {
  const key = 'listing/parts.bin';
  const uploadId = await createUpload(key);
  const etags: string[] = [];
  for (let n = 1; n <= 5; n++) etags.push((await putPart(key, uploadId, n, Buffer.alloc(n * 10, n))).ETag);
  const pages: { numbers: number[]; truncated: boolean; next: number | undefined }[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await t().s3.send(
      new ListPartsCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        MaxParts: 2,
        PartNumberMarker: marker,
      }),
    );
    pages.push({
      numbers: page.Parts!.map((p) => p.PartNumber!),
      truncated: page.IsTruncated!,
      next: page.NextPartNumberMarker === undefined ? undefined : Number(page.NextPartNumberMarker),
    });
    if (!page.IsTruncated) {
      assert.deepEqual(
        page.Parts!.map((p) => ({ ETag: p.ETag, Size: p.Size })),
        [{ ETag: etags[4], Size: 50 }],
      );
      break;
    }
    marker = String(page.NextPartNumberMarker);
  }
  assert.deepEqual(pages, [
    { numbers: [1, 2], truncated: true, next: 2 },
    { numbers: [3, 4], truncated: true, next: 4 },
    { numbers: [5], truncated: false, next: 5 },
  ]);
  const bad = await signedS3Request(t().engine, 'GET', `/${BUCKET}/${key}?uploadId=${uploadId}&max-parts=-1`);
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<Code>InvalidArgument<\/Code>/);
  await t().s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
});

test('ListMultipartUploads: by key then initiation, with prefix, key-marker and upload-id-marker paging', async () => {
  const a1 = await createUpload('uploads/a');
  const a2 = await createUpload('uploads/a');
  const b = await createUpload('uploads/b');
  const c = await createUpload('uploads/c');
  await createUpload('elsewhere/x');
  const list = (input: { KeyMarker?: string; UploadIdMarker?: string; MaxUploads?: number }) =>
    t().s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'uploads/', ...input }));
  const all = await list({});
  assert.deepEqual(
    all.Uploads!.map((u) => [u.Key, u.UploadId]),
    [
      ['uploads/a', a1],
      ['uploads/a', a2],
      ['uploads/b', b],
      ['uploads/c', c],
    ],
  );
  assert.equal(all.IsTruncated, false);
  const first = await list({ MaxUploads: 2 });
  assert.deepEqual(
    first.Uploads!.map((u) => u.UploadId),
    [a1, a2],
  );
  assert.equal(first.IsTruncated, true);
  assert.equal(first.NextKeyMarker, 'uploads/a');
  assert.equal(first.NextUploadIdMarker, a2);
  const second = await list({
    MaxUploads: 2,
    KeyMarker: first.NextKeyMarker,
    UploadIdMarker: first.NextUploadIdMarker,
  });
  assert.deepEqual(
    second.Uploads!.map((u) => u.UploadId),
    [b, c],
  );
  assert.equal(second.IsTruncated, false);
  const middle = await list({ KeyMarker: 'uploads/a', UploadIdMarker: a1 });
  assert.deepEqual(
    middle.Uploads!.map((u) => u.UploadId),
    [a2, b, c],
  );
  const afterKey = await list({ KeyMarker: 'uploads/a' });
  assert.deepEqual(
    afterKey.Uploads!.map((u) => u.UploadId),
    [b, c],
    'a key marker alone skips that key',
  );
  for (const [key, id] of [
    ['uploads/a', a1],
    ['uploads/a', a2],
    ['uploads/b', b],
    ['uploads/c', c],
  ] as const) {
    await t().s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: id }));
  }
  assert.equal((await list({})).Uploads, undefined);
});

test('uploads and their parts survive a restart of the engine; stray files are swept, live parts are not', async () => {
  const first = await startTestEngine();
  const { dataDir } = first;
  try {
    const key = 'restart/object.bin';
    const part1 = randomBytes(5 * MiB);
    const part2 = randomBytes(1234);
    await first.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const uploadId = (
      await first.s3.send(
        new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ContentType: 'application/x-test' }),
      )
    ).UploadId!;
    const p1 = await putPart(key, uploadId, 1, part1, first.s3);
    // The SDK's checksum headers (here SHA-256) are accepted with the part.
    const { ETag } = await first.s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: 2,
        Body: part2,
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    await first.stop();
    writeFileSync(join(dataDir, 'uploads', 'stray-part-of-a-crash'), 'x');

    const second = await startTestEngine(dataDir);
    try {
      assert.equal(
        readdirSync(join(dataDir, 'uploads')).length,
        2,
        'the stray file is swept, the parts stay',
      );
      const listed = await second.s3.send(
        new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
      );
      assert.deepEqual(
        listed.Parts!.map((p) => [p.PartNumber, p.ETag, p.Size]),
        [
          [1, p1.ETag, part1.length],
          [2, ETag, part2.length],
        ],
      );
      await complete(key, uploadId, [p1, { PartNumber: 2, ETag: ETag! }], second.s3);
      const { got, bytes } = await getBytes(second.s3, key);
      assert.equal(sha256(bytes), sha256(Buffer.concat([part1, part2])));
      assert.equal(got.ContentType, 'application/x-test', 'the content type given at Create');
    } finally {
      await second.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
});

test("CopyObject: COPY keeps the content type and ETag, REPLACE takes the request's; errors as on AWS", async () => {
  const put = await t().s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: 'copy/src ü+?.txt',
      Body: 'source bytes',
      ContentType: 'text/plain',
    }),
  );
  const source = `${BUCKET}/${encodeURIComponent('copy/src ü+?.txt')}`;
  const copied = await t().s3.send(
    new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/dest.txt', CopySource: `${source}?versionId=null` }),
  );
  assert.equal(copied.CopyObjectResult!.ETag, put.ETag);
  assert.ok(copied.CopyObjectResult!.LastModified instanceof Date);
  const dest = await getBytes(t().s3, 'copy/dest.txt');
  assert.equal(dest.bytes.toString(), 'source bytes');
  assert.equal(dest.got.ContentType, 'text/plain');
  assert.equal(dest.got.ETag, put.ETag);

  await t().s3.send(
    new CopyObjectCommand({
      Bucket: BUCKET,
      Key: 'copy/replaced.json',
      CopySource: `/${source}`,
      MetadataDirective: 'REPLACE',
      ContentType: 'application/json',
    }),
  );
  assert.equal((await getBytes(t().s3, 'copy/replaced.json')).got.ContentType, 'application/json');

  await rejectsWith(
    t().s3.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/x', CopySource: `${BUCKET}/copy/missing` }),
    ),
    'NoSuchKey',
    404,
  );
  await rejectsWith(
    t().s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/x', CopySource: 'no-such-bucket/k' })),
    'NoSuchBucket',
    404,
  );
  await rejectsWith(
    t().s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/x', CopySource: BUCKET })),
    'InvalidArgument',
    400,
  );
  await rejectsWith(
    t().s3.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy/dest.txt', CopySource: `${BUCKET}/copy/dest.txt` }),
    ),
    'InvalidRequest',
    400,
  );
  await t().s3.send(
    new CopyObjectCommand({
      Bucket: BUCKET,
      Key: 'copy/dest.txt',
      CopySource: `${BUCKET}/copy/dest.txt`,
      MetadataDirective: 'REPLACE',
      ContentType: 'text/markdown',
    }),
  );
  const self = await getBytes(t().s3, 'copy/dest.txt');
  assert.equal(self.bytes.toString(), 'source bytes');
  assert.equal(self.got.ContentType, 'text/markdown');
});

test('copies of a multipart object: CopyObject stores one piece (MD5 ETag), UploadPartCopy copies ranges', async () => {
  const body = randomBytes(6 * MiB);
  await new Upload({
    client: t().s3,
    partSize: 5 * MiB,
    params: { Bucket: BUCKET, Key: 'copy/multi.bin', Body: body },
  }).done();
  const whole = await t().s3.send(
    new CopyObjectCommand({
      Bucket: BUCKET,
      Key: 'copy/multi-copy.bin',
      CopySource: `${BUCKET}/copy/multi.bin`,
    }),
  );
  assert.equal(whole.CopyObjectResult!.ETag, `"${md5(body).digest('hex')}"`);
  assert.equal(sha256((await getBytes(t().s3, 'copy/multi-copy.bin')).bytes), sha256(body));

  const key = 'copy/reassembled.bin';
  const uploadId = await createUpload(key);
  const ranges = [
    [5 * MiB, body.length - 1],
    [0, 5 * MiB - 1],
  ];
  const parts: CompletedPart[] = [];
  for (const [i, [start, end]] of ranges.entries()) {
    const { CopyPartResult } = await t().s3.send(
      new UploadPartCopyCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: i + 1,
        CopySource: `${BUCKET}/copy/multi.bin`,
        CopySourceRange: `bytes=${start}-${end}`,
      }),
    );
    assert.equal(CopyPartResult!.ETag, `"${md5(body.subarray(start, end + 1)).digest('hex')}"`);
    parts.push({ PartNumber: i + 1, ETag: CopyPartResult!.ETag });
  }
  await rejectsWith(
    t().s3.send(
      new UploadPartCopyCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: 3,
        CopySource: `${BUCKET}/copy/multi.bin`,
        CopySourceRange: `bytes=0-${body.length}`,
      }),
    ),
    'InvalidArgument',
    400,
  );
  // The tail of the source first, so the (smaller) last part is the head of the source.
  await rejectsWith(complete(key, uploadId, parts), 'EntityTooSmall', 400);
  await t().s3.send(
    new UploadPartCopyCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      PartNumber: 1,
      CopySource: `${BUCKET}/copy/multi.bin`,
      CopySourceRange: `bytes=0-${5 * MiB - 1}`,
    }),
  );
  const tail = await t().s3.send(
    new UploadPartCopyCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      PartNumber: 2,
      CopySource: `${BUCKET}/copy/multi.bin`,
      CopySourceRange: `bytes=${5 * MiB}-${body.length - 1}`,
    }),
  );
  const listed = await t().s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  await complete(key, uploadId, [
    { PartNumber: 1, ETag: listed.Parts![0]!.ETag },
    { PartNumber: 2, ETag: tail.CopyPartResult!.ETag },
  ]);
  assert.equal(sha256((await getBytes(t().s3, key)).bytes), sha256(body));
});

test('DeleteObjects: missing keys are reported deleted, Quiet reports only errors, over 1000 keys is MalformedXML', async () => {
  for (const key of ['del/a', 'del/b', 'del/c']) {
    await t().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
  }
  const loud = await t().s3.send(
    new DeleteObjectsCommand({
      Bucket: BUCKET,
      Delete: { Objects: [{ Key: 'del/a' }, { Key: 'del/missing' }, { Key: 'del/b', VersionId: 'v1' }] },
    }),
  );
  assert.deepEqual(
    loud.Deleted!.map((d) => d.Key),
    ['del/a', 'del/missing'],
  );
  assert.deepEqual(
    loud.Errors!.map((e) => [e.Key, e.Code]),
    [['del/b', 'NoSuchVersion']],
  );
  await rejectsWith(t().s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'del/a' })), 'NotFound', 404);
  const quiet = await t().s3.send(
    new DeleteObjectsCommand({
      Bucket: BUCKET,
      Delete: { Quiet: true, Objects: [{ Key: 'del/b' }, { Key: 'del/c' }, { Key: 'x'.repeat(1025) }] },
    }),
  );
  assert.equal(quiet.Deleted, undefined);
  assert.deepEqual(
    quiet.Errors!.map((e) => e.Code),
    ['KeyTooLongError'],
  );
  for (const key of ['del/b', 'del/c']) {
    await rejectsWith(t().s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })), 'NotFound', 404);
  }
  await rejectsWith(
    t().s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` })) },
      }),
    ),
    'MalformedXML',
    400,
  );
  const thousand = await t().s3.send(
    new DeleteObjectsCommand({
      Bucket: BUCKET,
      Delete: { Objects: Array.from({ length: 1000 }, (_, i) => ({ Key: `k${i}` })) },
    }),
  );
  assert.equal(thousand.Deleted!.length, 1000);
  const malformed = await signedS3Request(
    t().engine,
    'POST',
    `/${BUCKET}?delete`,
    '<Delete><Object></Object></Delete>',
  );
  assert.equal(malformed.status, 400);
  assert.match(malformed.text, /<Code>MalformedXML<\/Code>/);
  await rejectsWith(
    t().s3.send(new DeleteObjectsCommand({ Bucket: 'no-such-bucket', Delete: { Objects: [{ Key: 'k' }] } })),
    'NoSuchBucket',
    404,
  );
});

test('DeleteObjects: a key no object can have is refused for itself alone, and never names another key', async () => {
  // SQLite would store a lone surrogate as U+FFFD: a request naming one must not reach the object named U+FFFD.
  await t().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: '\uFFFD', Body: 'kept' }));
  const response = await signedS3Request(
    t().engine,
    'POST',
    `/${BUCKET}?delete`,
    '<Delete><Object><Key>&#xD800;</Key></Object><Object><Key>&#0;</Key></Object></Delete>',
  );
  assert.equal(response.status, 200);
  assert.doesNotMatch(response.text, /<Deleted>/);
  assert.equal(response.text.match(/<Code>InvalidArgument<\/Code>/g)?.length, 2);
  // What XML cannot carry is not echoed raw: the answer stays well-formed.
  assert.ok(!response.text.includes('\0') && !/\p{Cs}/u.test(response.text), 'well-formed XML text');
  assert.equal((await getBytes(t().s3, '\uFFFD')).bytes.toString(), 'kept');
});
