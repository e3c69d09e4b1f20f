// S3 as AWS does it where bytes are big or names hostile: ranged and conditional GETs, payload digests checked as the
// body streams to disk, key and bucket names the store could not keep refused, aborted uploads leaving nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { clients, useTestEngine } from '../support/engine-harness';

const t = useTestEngine(async (engine) => {
  await engine.s3.send(new CreateBucketCommand({ Bucket: 'big' }));
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function getBytes(input: { Key: string; Range?: string; IfMatch?: string; IfNoneMatch?: string }) {
  const got = await t().s3.send(new GetObjectCommand({ Bucket: 'big', ...input }));
  return { got, bytes: Buffer.from(await got.Body!.transformToByteArray()) };
}

async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata?.httpStatusCode, status);
    return true;
  });
}

test('a NUL in a key is refused and never overwrites another object', async () => {
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'img.png', Body: 'ORIGINAL' }));
  await rejectsWith(
    t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'img.png\u0000.evil', Body: 'EVIL' })),
    'InvalidArgument',
    400,
  );
  await rejectsWith(
    t().s3.send(new GetObjectCommand({ Bucket: 'big', Key: 'img.png\u0000.evil' })),
    'InvalidArgument',
    400,
  );
  assert.equal((await getBytes({ Key: 'img.png' })).bytes.toString(), 'ORIGINAL');
});

test('keys over 1,024 bytes and bucket names AWS refuses are refused', async () => {
  await rejectsWith(
    t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'k'.repeat(1025), Body: 'x' })),
    'KeyTooLongError',
    400,
  );
  // 1,024 bytes of UTF-8 is the limit, whatever the number of characters.
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'é'.repeat(512), Body: 'x' }));
  await rejectsWith(
    t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'é'.repeat(512) + 'x', Body: 'x' })),
    'KeyTooLongError',
    400,
  );
  for (const name of ['a..b', '192.168.0.1', 'xn--abc', 'sthree-x', 'name-s3alias', 'UPPER', 'ab', '-ab']) {
    await rejectsWith(t().s3.send(new CreateBucketCommand({ Bucket: name })), 'InvalidBucketName', 400);
  }
  await t().s3.send(new CreateBucketCommand({ Bucket: 'my.bucket-1' }));
});

test('ranged GETs answer 206 with Content-Range, and 416 past the end', async () => {
  const body = randomBytes(100_000);
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'ranged.bin', Body: body }));
  const cases: [string, number, number][] = [
    ['bytes=0-9', 0, 9],
    ['bytes=99990-', 99_990, 99_999],
    ['bytes=-10', 99_990, 99_999],
    ['bytes=50000-200000', 50_000, 99_999],
    ['bytes=-200000', 0, 99_999],
  ];
  for (const [range, start, end] of cases) {
    const { got, bytes } = await getBytes({ Key: 'ranged.bin', Range: range });
    assert.equal(got.$metadata.httpStatusCode, 206, range);
    assert.equal(got.ContentRange, `bytes ${start}-${end}/100000`, range);
    assert.equal(got.ContentLength, end - start + 1, range);
    assert.deepEqual(bytes, body.subarray(start, end + 1), range);
  }
  const whole = await getBytes({ Key: 'ranged.bin', Range: 'bytes=0-1,5-6' });
  assert.equal(whole.got.$metadata.httpStatusCode, 200, 'several ranges: the whole object, as S3 does');
  assert.deepEqual(whole.bytes, body);
  await rejectsWith(getBytes({ Key: 'ranged.bin', Range: 'bytes=100000-' }), 'InvalidRange', 416);
  await rejectsWith(getBytes({ Key: 'ranged.bin', Range: 'bytes=-0' }), 'InvalidRange', 416);
  const head = await t().s3.send(
    new HeadObjectCommand({ Bucket: 'big', Key: 'ranged.bin', Range: 'bytes=0-99' }),
  );
  assert.equal(head.ContentLength, 100);
  assert.equal(head.ContentRange, 'bytes 0-99/100000');
});

test('If-Match and If-None-Match are honoured', async () => {
  const put = await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'cond.txt', Body: 'v1' }));
  assert.equal((await getBytes({ Key: 'cond.txt', IfMatch: put.ETag })).bytes.toString(), 'v1');
  await rejectsWith(getBytes({ Key: 'cond.txt', IfMatch: '"0123"' }), 'PreconditionFailed', 412);
  await assert.rejects(
    getBytes({ Key: 'cond.txt', IfNoneMatch: put.ETag }),
    (
      err: Error & {
        $metadata?: { httpStatusCode?: number };
      },
    ) => err.$metadata?.httpStatusCode === 304,
  );
});

test('a 20 MB object streams up and down byte-exact', async () => {
  const body = randomBytes(20 * 1024 * 1024);
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'twenty.bin', Body: body }));
  const { bytes } = await getBytes({ Key: 'twenty.bin' });
  assert.equal(bytes.length, body.length);
  assert.equal(sha256(bytes), sha256(body));
});

test('a bucket named like the API version, 2020-11-20, is S3: a body over 16 MiB streams, errors are S3 XML', async () => {
  const bucket = '2020-11-20';
  await t().s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const MiB = 1024 * 1024;
  const parts = 17;
  const sent = createHash('sha256');
  function* chunks() {
    for (let i = 0; i < parts; i++) {
      const chunk = randomBytes(MiB);
      sent.update(chunk);
      yield chunk;
    }
  }
  await t().s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'big.bin',
      Body: Readable.from(chunks()),
      ContentLength: parts * MiB,
    }),
  );
  const got = await t().s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
  const received = createHash('sha256');
  let size = 0;
  for await (const chunk of got.Body as Readable) {
    received.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  assert.equal(size, parts * MiB);
  assert.equal(received.digest('hex'), sent.digest('hex'));
  await rejectsWith(t().s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' })), 'NoSuchKey', 404);
});

/** Sends a PUT signed by hand (as the SDK signs it), so the test controls the declared digests and the bytes. */
async function signedPut(
  key: string,
  body: Buffer,
  headers: Record<string, string>,
  options: { send?: Buffer; abortAfter?: number } = {},
): Promise<{ status: number; text: string } | 'aborted'> {
  const { endpoint, region, accessKeyId, secretAccessKey } = t().engine;
  const url = new URL(`${endpoint}/big/${encodeURIComponent(key)}`);
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region,
    service: 's3',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-length': String(body.length), ...headers },
    }),
  );
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'PUT', headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (err) => (options.abortAfter === undefined ? reject(err) : resolve('aborted')));
    if (options.abortAfter !== undefined) {
      req.write(body.subarray(0, options.abortAfter), () => setTimeout(() => req.destroy(), 100));
    } else req.end(options.send ?? body);
  });
}

/** An unsigned aws-chunked PUT of `body` with `lines` in its trailer, `declared` its x-amz-trailer (none if undefined). */
function trailerPut(key: string, body: Buffer, declared: string | undefined, lines: string[]) {
  const trailer = lines.map((l) => `${l}\r\n`).join('');
  return signedPut(key, Buffer.from(`${body.length.toString(16)}\r\n${body}\r\n0\r\n${trailer}\r\n`), {
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(body.length),
    ...(declared !== undefined && { 'x-amz-trailer': declared }),
  });
}

/** Stores "kept" under `key`; a refused upload must leave it so, and the objects directory as this lists it. */
async function keptObject(key: string): Promise<Set<string>> {
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: key, Body: 'kept' }));
  return new Set(readdirSync(join(t().dataDir, 'objects')));
}

/** `response` refused with a 400 whose body matches `error`, `key` still "kept" and no file left behind. */
async function assertRefusedKept(
  what: string,
  response: Awaited<ReturnType<typeof signedPut>>,
  error: RegExp,
  key: string,
  files: Set<string>,
): Promise<void> {
  assert.ok(response !== 'aborted' && response.status === 400, `${what}: ${JSON.stringify(response)}`);
  assert.match(response.text, error, what);
  assert.equal((await getBytes({ Key: key })).bytes.toString(), 'kept', `${what}: the object is unchanged`);
  assert.deepEqual(new Set(readdirSync(join(t().dataDir, 'objects'))), files, `${what}: no file left behind`);
}

test('a body that does not match its signed SHA-256, Content-MD5 or checksum is refused and stores nothing', async () => {
  const body = Buffer.from('the real bytes');
  const tampered = Buffer.from('the fake bytes');
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'kept.txt', Body: 'kept' }));
  const bad = await signedPut('kept.txt', body, { 'x-amz-content-sha256': sha256(body) }, { send: tampered });
  assert.ok(bad !== 'aborted' && bad.status === 400 && bad.text.includes('XAmzContentSHA256Mismatch'));
  const md5 = await signedPut('kept.txt', body, {
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    'content-md5': createHash('md5').update(tampered).digest('base64'),
  });
  assert.ok(md5 !== 'aborted' && md5.status === 400 && md5.text.includes('BadDigest'));
  const crc = await signedPut('kept.txt', body, {
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    'x-amz-checksum-crc32': 'AAAAAA==',
  });
  assert.ok(crc !== 'aborted' && crc.status === 400 && crc.text.includes('BadDigest'));
  const crc64 = await signedPut('kept.txt', body, {
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    'x-amz-checksum-crc64nvme': 'AAAAAAAAAAA=',
  });
  assert.ok(crc64 !== 'aborted' && crc64.status === 400, JSON.stringify(crc64));
  assert.match(crc64.text, /<Code>BadDigest<\/Code><Message>The x-amz-checksum-crc64nvme you specified/);
  // An unsigned trailer, as the SDK sends one, whose CRC-32C is not the body's.
  const trailer = await trailerPut('kept.txt', body, 'x-amz-checksum-crc32c', [
    'x-amz-checksum-crc32c:AAAAAA==',
  ]);
  assert.ok(trailer !== 'aborted' && trailer.status === 400, JSON.stringify(trailer));
  assert.match(trailer.text, /<Code>BadDigest<\/Code><Message>The x-amz-checksum-crc32c you specified/);
  assert.equal((await getBytes({ Key: 'kept.txt' })).bytes.toString(), 'kept');
  const good = await signedPut('kept.txt', body, {
    'x-amz-content-sha256': sha256(body),
    'content-md5': createHash('md5').update(body).digest('base64'),
  });
  assert.ok(good !== 'aborted' && good.status === 200);
  assert.equal((await getBytes({ Key: 'kept.txt' })).bytes.toString(), 'the real bytes');
});

test('an unsigned trailer carries exactly what x-amz-trailer declares, and only a streaming trailer mode has one', async () => {
  const files = await keptObject('declared.txt');
  const body = Buffer.from('the real bytes');
  const sha = `x-amz-checksum-sha256:${createHash('sha256').update(body).digest('base64')}`;
  const put = (declared: string | undefined, lines: string[]) =>
    trailerPut('declared.txt', body, declared, lines);
  // Sent one after the other: each must leave the object and the objects directory as they were.
  const cases: [string, () => ReturnType<typeof signedPut>][] = [
    [
      'a header x-amz-trailer does not name',
      () => put('x-amz-checksum-sha256', [sha, 'x-amz-meta-extra:yes']),
    ],
    ['no x-amz-trailer at all', () => put(undefined, [sha])],
    ['another checksum than declared', () => put('x-amz-checksum-crc32', [sha])],
    ['a declared checksum left out', () => put('x-amz-checksum-sha256', [])],
    [
      'a trailer signature in an unsigned trailer',
      () => put('x-amz-checksum-sha256', [sha, `x-amz-trailer-signature:${'0'.repeat(64)}`]),
    ],
    // A plain body, whose x-amz-content-sha256 is its digest: no trailer can follow it.
    [
      'x-amz-trailer with a plain body',
      () =>
        signedPut('declared.txt', body, {
          'x-amz-content-sha256': sha256(body),
          'x-amz-trailer': 'x-amz-checksum-sha256',
        }),
    ],
  ];
  for (const [name, send] of cases)
    await assertRefusedKept(name, await send(), /<Code>MalformedTrailerError<\/Code>/, 'declared.txt', files);
  const good = await put('x-amz-checksum-sha256', [sha]);
  assert.ok(good !== 'aborted' && good.status === 200, JSON.stringify(good));
  assert.equal((await getBytes({ Key: 'declared.txt' })).bytes.toString(), 'the real bytes');
});

test('an x-amz-trailer that names no checksum, or more than one, is InvalidRequest; spaces and commas after one are ignored', async () => {
  const files = await keptObject('named.txt');
  const body = Buffer.from('the real bytes');
  const sha = `x-amz-checksum-sha256:${createHash('sha256').update(body).digest('base64')}`;
  // The values S3 refuses and accepts, as OpenStack Swift's S3 compatibility tests (checked against AWS) have them.
  const refused = [
    'x-amz-content-sha256',
    'x-amz-meta-extra',
    'x-amz-checksum-sha256,x-amz-checksum-crc32',
    ', x-amz-checksum-sha256, ,',
    ', x-amz-checksum-sha256',
    ',x-amz-checksum-sha256',
    'x-amz-checksum-sha256, ,',
    '',
  ];
  const unsupported =
    /<Code>InvalidRequest<\/Code><Message>The value specified in the x-amz-trailer header is not supported<\/Message>/;
  for (const declared of refused)
    await assertRefusedKept(
      declared,
      await trailerPut('named.txt', body, declared, [sha]),
      unsupported,
      'named.txt',
      files,
    );
  for (const declared of [
    'x-amz-checksum-sha256,',
    'x-amz-checksum-sha256,,',
    'x-amz-checksum-sha256, ',
    'X-Amz-Checksum-SHA256',
  ]) {
    await keptObject('named.txt');
    const response = await trailerPut('named.txt', body, declared, [sha]);
    assert.ok(response !== 'aborted' && response.status === 200, `${declared}: ${JSON.stringify(response)}`);
    assert.equal((await getBytes({ Key: 'named.txt' })).bytes.toString(), 'the real bytes', declared);
  }
});

// The checksums S3 added later, each of "Hello world": MD5 and SHA-512 by node, the XXHASHes as AWS's own checksum
// library's tests have them (the hash's big-endian bytes; XXHASH3 is its 64-bit form), each base64 as S3 takes it.
const hello = Buffer.from('Hello world');
const laterChecksums = [
  ['MD5', 'x-amz-checksum-md5', createHash('md5').update(hello).digest('base64')],
  ['SHA512', 'x-amz-checksum-sha512', createHash('sha512').update(hello).digest('base64')],
  ['XXHASH64', 'x-amz-checksum-xxhash64', Buffer.from('c500b0c912b376d8', 'hex').toString('base64')],
  ['XXHASH3', 'x-amz-checksum-xxhash3', Buffer.from('b6acb9d84a38ff74', 'hex').toString('base64')],
  [
    'XXHASH128',
    'x-amz-checksum-xxhash128',
    Buffer.from('7351f89812f97382b91d05b31e04dd7f', 'hex').toString('base64'),
  ],
] as const;

for (const [algorithm, header, right] of laterChecksums) {
  test(`a wrong ${header}, in a header or a trailer, is BadDigest and the previous object stays; a right one is stored`, async () => {
    const Key = `later-${algorithm}.txt`;
    const wrong = Buffer.alloc(Buffer.from(right, 'base64').length).toString('base64');
    // The SDK sends a precalculated value in the header, and computes no checksum of its own then.
    const sdkPut = (value: string) =>
      t().s3.send(new PutObjectCommand({ Bucket: 'big', Key, Body: hello, [`Checksum${algorithm}`]: value }));
    // An unsigned aws-chunked body whose checksum comes in a trailer after the bytes.
    const checksumTrailerPut = (value: string) => trailerPut(Key, hello, header, [`${header}:${value}`]);
    const badDigest = new RegExp(`<Code>BadDigest</Code><Message>The ${header} you specified`);

    const files = await keptObject(Key);
    await assert.rejects(sdkPut(wrong), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'BadDigest');
      assert.equal(err.$metadata?.httpStatusCode, 400);
      assert.match(err.message, new RegExp(`^The ${header} you specified did not match`));
      return true;
    });
    await assertRefusedKept('a wrong trailer', await checksumTrailerPut(wrong), badDigest, Key, files);

    const put = await sdkPut(right);
    assert.equal(put.$metadata.httpStatusCode, 200);
    assert.equal((await getBytes({ Key })).bytes.toString(), 'Hello world');
    await keptObject(Key);
    const goodTrailer = await checksumTrailerPut(right);
    assert.ok(goodTrailer !== 'aborted' && goodTrailer.status === 200, JSON.stringify(goodTrailer));
    assert.equal((await getBytes({ Key })).bytes.toString(), 'Hello world');
  });
}

test('an x-amz-content-sha256 that is neither a SHA-256 nor a payload mode of S3 is refused, and the previous object stays', async () => {
  const Key = 'payload-mode.txt';
  const body = Buffer.from('the new bytes');
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key, Body: 'kept' }));
  const cases: [string, string, number, string][] = [
    ['a misspelt mode', 'GIBBERISH', 400, 'InvalidArgument'],
    ['a mode S3 does not have', 'STREAMING-UNSIGNED-PAYLOAD', 400, 'InvalidArgument'],
    // A wrong hash in capitals: refused, where it was taken for no hash and the bytes were stored unchecked.
    [
      'a hash in capitals',
      createHash('sha256').update('other bytes').digest('hex').toUpperCase(),
      400,
      'InvalidArgument',
    ],
    ['chunks signed with SigV4A', 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD', 501, 'NotImplemented'],
  ];
  for (const [name, value, status, code] of cases) {
    const response = await signedPut(Key, body, { 'x-amz-content-sha256': value });
    assert.ok(response !== 'aborted' && response.status === status, `${name}: ${JSON.stringify(response)}`);
    assert.match(response.text, new RegExp(`<Code>${code}</Code>`), name);
    if (code === 'InvalidArgument')
      assert.match(response.text, /<ArgumentName>x-amz-content-sha256<\/ArgumentName>/);
    assert.equal((await getBytes({ Key })).bytes.toString(), 'kept', `${name}: the object is unchanged`);
  }
  const right = await signedPut(Key, body, {
    'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
  });
  assert.ok(right !== 'aborted' && right.status === 200, JSON.stringify(right));
  assert.equal((await getBytes({ Key })).bytes.toString(), 'the new bytes');
});

test('an upload the client aborts is logged as such and leaves no file behind', async () => {
  const objectsDir = join(t().dataDir, 'objects');
  const before = new Set(readdirSync(objectsDir));
  const body = randomBytes(8 * 1024 * 1024);
  const result = await signedPut(
    'aborted.bin',
    body,
    { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    {
      abortAfter: 1024 * 1024,
    },
  );
  assert.equal(result, 'aborted');
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(
    t().logs.some((l) => l.startsWith('client aborted PUT /big/aborted.bin')),
    t().logs.join('\n'),
  );
  assert.ok(!t().logs.some((l) => l.includes('internal error')), t().logs.join('\n'));
  assert.deepEqual(new Set(readdirSync(objectsDir)), before);
  await rejectsWith(
    t().s3.send(new HeadObjectCommand({ Bucket: 'big', Key: 'aborted.bin' })),
    'NotFound',
    404,
  );
});

test('a request signed for another region is refused as AWS refuses it', async () => {
  const { lv, s3 } = clients(t().engine, { region: 'eu-west-1' });
  try {
    await rejectsWith(lv.send(new ListProjectsCommand({})), 'InvalidSignatureException', 403);
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: 'big', Key: 'img.png' })),
      (
        err: Error & {
          $metadata?: { httpStatusCode?: number };
          Region?: string;
        },
      ) => {
        assert.equal(err.name, 'AuthorizationHeaderMalformed');
        assert.equal(err.$metadata?.httpStatusCode, 400);
        assert.equal(err.Region, t().engine.region);
        return true;
      },
    );
  } finally {
    lv.destroy();
    s3.destroy();
  }
});

test('a sub-resource the engine does not serve is NotImplemented, never the plain object operation', async () => {
  await t().s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'plain.txt', Body: 'plain' }));
  await rejectsWith(
    t().s3.send(new GetObjectAclCommand({ Bucket: 'big', Key: 'plain.txt' })),
    'NotImplemented',
    501,
  );
  await rejectsWith(t().s3.send(new GetBucketVersioningCommand({ Bucket: 'big' })), 'NotImplemented', 501);
});
