// Uploads signed chunk by chunk (x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]), sent over HTTP
// as such a client sends them: each chunk's signature covers its data and the chain before it, and the trailing
// headers' x-amz-trailer-signature covers them and the last chunk's, so a body changed on the way is refused, not
// stored. The JavaScript SDK sends trailers unsigned only: the signed ones (the Java SDK's form) are built here by hand
// from AWS's documented algorithm, which the first tests check against AWS's published examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { useTestEngine } from '../support/engine-harness';
import { s3Signer } from '../support/signed-s3-request';

const BUCKET = 'chunked';
const t = useTestEngine(async (engine) => {
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function signingKey(secret: string, date: string, region: string): Buffer {
  return ['aws4_request'].reduce(
    (key, part) => hmac(key, part),
    [date, region, 's3'].reduce((key, part) => hmac(key, part), Buffer.from(`AWS4${secret}`)),
  );
}

/** The chunk signatures of `pieces` and of the final empty chunk, as S3's chunked upload signing chains them. */
function chunkSignatures(
  key: Buffer,
  amzDate: string,
  scope: string,
  seed: string,
  pieces: Buffer[],
): string[] {
  let previous = seed;
  return [...pieces, Buffer.alloc(0)].map((data) => {
    const text = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha256(''), sha256(data)].join('\n');
    previous = hmac(key, text).toString('hex');
    return previous;
  });
}

/** The trailing headers' signature: their "name:value\n" lines' SHA-256, chained to the last chunk's signature. */
function trailerSignature(
  key: Buffer,
  amzDate: string,
  scope: string,
  previous: string,
  trailers: [string, string][],
): string {
  const canonical = trailers.map(([name, value]) => `${name}:${value}\n`).join('');
  const text = ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha256(canonical)].join('\n');
  return hmac(key, text).toString('hex');
}

/** AWS's examples: 65 KiB of "a" sent as 64 KiB, 1 KiB and the final empty chunk, on 2013-05-24 in us-east-1. */
const EXAMPLE = {
  key: signingKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1'),
  amzDate: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
  pieces: [Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'a')],
};

test("the test's chunk signing reproduces AWS's published example (the engine is checked against it)", () => {
  const { key, amzDate, scope, pieces } = EXAMPLE;
  const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  assert.deepEqual(chunkSignatures(key, amzDate, scope, seed, pieces), [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ]);
});

test("the test's trailer signing reproduces AWS's published example with a trailing CRC-32C", () => {
  const { key, amzDate, scope, pieces } = EXAMPLE;
  const seed = '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e';
  const signatures = chunkSignatures(key, amzDate, scope, seed, pieces);
  assert.deepEqual(signatures, [
    'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
    '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
    '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
  ]);
  assert.equal(
    trailerSignature(key, amzDate, scope, signatures[2]!, [['x-amz-checksum-crc32c', 'sOO8/Q==']]),
    'd81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435',
  );
});

interface SignedUpload {
  /** Trailing headers, signed after the last chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER). */
  trailers?: [string, string][];
  /** The names x-amz-trailer declares (none: no such header), if not the trailers'. */
  declared?: string[];
  /** Changes the body after it was signed. */
  tamper?: (body: string) => string;
}

/** PUTs `pieces` as a signed aws-chunked body, as the Java SDK sends one. */
async function putSignedChunks(
  key: string,
  pieces: Buffer[],
  { trailers, declared = trailers?.map(([name]) => name), tamper = (body) => body }: SignedUpload = {},
): Promise<{ status: number; text: string }> {
  const { engine } = t();
  const url = new URL(`/${BUCKET}/${key}`, engine.endpoint);
  const decodedLength = pieces.reduce((n, p) => n + p.length, 0);
  const headers: Record<string, string> = {
    host: url.host,
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': `STREAMING-AWS4-HMAC-SHA256-PAYLOAD${trailers ? '-TRAILER' : ''}`,
    'x-amz-decoded-content-length': String(decodedLength),
    ...(declared?.length && { 'x-amz-trailer': declared.join(',') }),
  };
  const signed = await s3Signer(engine).sign(
    new HttpRequest({
      method: 'PUT',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers,
    }),
  );
  const authorization = String(signed.headers['authorization']);
  const [, scope, date] = /Credential=[^/]+\/((\d{8})\/[^,]+)/.exec(authorization)!;
  const seed = /Signature=([0-9a-f]{64})/.exec(authorization)![1];
  const amzDate = String(signed.headers['x-amz-date']);
  const signing = signingKey(engine.secretAccessKey, date, engine.region);
  const signatures = chunkSignatures(signing, amzDate, scope, seed, pieces);
  const trailer = trailers
    ? [
        ...trailers,
        ['x-amz-trailer-signature', trailerSignature(signing, amzDate, scope, signatures.at(-1)!, trailers)],
      ]
        .map(([name, value]) => `${name}:${value}\r\n`)
        .join('')
    : '';
  // Each chunk's header line and data, the last one's (empty) data followed by the trailing headers and a blank line.
  const chunks = [...pieces, Buffer.alloc(0)].map(
    (data, i) => `${data.length.toString(16)};chunk-signature=${signatures[i]}\r\n${data.toString('latin1')}`,
  );
  const body = Buffer.from(tamper(`${chunks.join('\r\n')}${trailer}\r\n`), 'latin1');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'PUT', headers: { ...signed.headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const getText = async (key: string) =>
  Buffer.from(
    await (
      await t().s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    ).Body!.transformToByteArray(),
  ).toString();

test('a body signed chunk by chunk is stored when every chunk signature holds', async () => {
  const pieces = [Buffer.alloc(8192, 'x'), Buffer.from('the last, shorter chunk')];
  const response = await putSignedChunks('whole.txt', pieces);
  assert.equal(response.status, 200, response.text);
  assert.equal(await getText('whole.txt'), Buffer.concat(pieces).toString());
});

/** Asserts a refused upload's code and status, that `key` still holds "before", and that no file was left behind. */
async function assertRefused(
  name: string,
  response: { status: number; text: string },
  code: string,
  status: number,
  key: string,
  files: Set<string>,
) {
  assert.equal(response.status, status, `${name}: ${response.text}`);
  assert.match(response.text, new RegExp(`<Code>${code}</Code>`), name);
  assert.equal(await getText(key), 'before', `${name}: the object is unchanged`);
  assert.deepEqual(new Set(readdirSync(join(t().dataDir, 'objects'))), files, `${name}: no file left behind`);
}

test('a chunk changed after it was signed is SignatureDoesNotMatch, one left unsigned IncompleteBody, and neither stores anything', async () => {
  await t().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'kept.txt', Body: 'before' }));
  const files = new Set(readdirSync(join(t().dataDir, 'objects')));
  const pieces = [Buffer.alloc(8192, 'x'), Buffer.alloc(100, 'y')];
  // As S3 answers them (OpenStack Swift's S3 compatibility tests, checked against AWS, have the same cases).
  const cases: [string, (body: string) => string, string, number][] = [
    // Same length, one byte of the second chunk's data changed.
    ['changed data', (body) => body.replace('yyy', 'yzy'), 'SignatureDoesNotMatch', 403],
    // 64 characters, as many bytes on the wire (Latin-1), but not hex.
    [
      'non-ASCII signature',
      (body) => body.replace(/(\r\n0;chunk-signature=)\w+/, `$1${'\u00e9'.repeat(64)}`),
      'SignatureDoesNotMatch',
      403,
    ],
    // The last chunk unsigned: a body cut short and ended by hand would look like this.
    [
      'unsigned final chunk',
      (body) => body.replace(/\r\n0;chunk-signature=\w+/, '\r\n0'),
      'IncompleteBody',
      400,
    ],
    [
      'blank first signature',
      (body) => body.replace(/^(\w+;chunk-signature=)\w+/, '$1'),
      'IncompleteBody',
      400,
    ],
  ];
  for (const [name, tamper, code, status] of cases)
    await assertRefused(
      name,
      await putSignedChunks('kept.txt', pieces, { tamper }),
      code,
      status,
      'kept.txt',
      files,
    );
});

/** A CRC-32 trailing header's value: the big-endian CRC in base64. */
function crc32Base64(data: Buffer): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(data));
  return bytes.toString('base64');
}

test('a signed trailer, built by hand as the Java SDK sends it, is stored when its signature and checksum hold', async () => {
  const pieces = [Buffer.alloc(8192, 'x'), Buffer.from('the last, shorter chunk')];
  const crc = await putSignedChunks('trailed.txt', pieces, {
    trailers: [['x-amz-checksum-crc32', crc32Base64(Buffer.concat(pieces))]],
  });
  assert.equal(crc.status, 200, crc.text);
  assert.equal(await getText('trailed.txt'), Buffer.concat(pieces).toString());
  // AWS's example body with the CRC-32C AWS published for it.
  const example = await putSignedChunks('example.txt', EXAMPLE.pieces, {
    trailers: [['x-amz-checksum-crc32c', 'sOO8/Q==']],
  });
  assert.equal(example.status, 200, example.text);
  assert.equal(await getText('example.txt'), 'a'.repeat(66560));
});

test('a signed trailer changed, left out or declaring a wrong checksum is refused and stores nothing (built by hand)', async () => {
  await t().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'kept-trailed.txt', Body: 'before' }));
  const files = new Set(readdirSync(join(t().dataDir, 'objects')));
  const pieces = [Buffer.alloc(8192, 'x'), Buffer.alloc(100, 'y')];
  const right = crc32Base64(Buffer.concat(pieces));
  const wrong = crc32Base64(Buffer.from('other bytes'));
  const trailers: [string, string][] = [['x-amz-checksum-crc32', right]];
  const cases: [string, SignedUpload, string, number][] = [
    [
      'changed trailer signature',
      {
        trailers,
        tamper: (body) =>
          body.replace(
            /(x-amz-trailer-signature:)(\w)/,
            (_, name: string, c: string) => name + (c === '0' ? '1' : '0'),
          ),
      },
      'SignatureDoesNotMatch',
      403,
    ],
    [
      'checksum changed after signing',
      { trailers, tamper: (body) => body.replace(right, wrong) },
      'SignatureDoesNotMatch',
      403,
    ],
    // Without the signature the body is incomplete, as S3 answers.
    [
      'trailer signature left out',
      { trailers, tamper: (body) => body.replace(/x-amz-trailer-signature:\w+\r\n/, '') },
      'IncompleteBody',
      400,
    ],
    [
      'every trailing header left out',
      { trailers, tamper: (body) => body.replace(/x-amz-checksum-crc32:[^]*$/, '\r\n') },
      'IncompleteBody',
      400,
    ],
    ['wrong CRC-32, signed', { trailers: [['x-amz-checksum-crc32', wrong]] }, 'BadDigest', 400],
    ['wrong CRC-32C, signed', { trailers: [['x-amz-checksum-crc32c', wrong]] }, 'BadDigest', 400],
  ];
  for (const [name, upload, code, status] of cases) {
    const response = await putSignedChunks('kept-trailed.txt', pieces, upload);
    await assertRefused(name, response, code, status, 'kept-trailed.txt', files);
  }
});

test('with STREAMING-AWS4-HMAC-SHA256-PAYLOAD, which declares no trailer, nothing but the closing blank line may follow the last chunk', async () => {
  await t().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'no-trailer.txt', Body: 'before' }));
  const files = new Set(readdirSync(join(t().dataDir, 'objects')));
  const pieces = [Buffer.alloc(8192, 'x'), Buffer.alloc(100, 'y')];
  // Lines no signature covers, put before the blank line that ends the body: a right checksum, or any header.
  const cases: [string, string][] = [
    ['a right CRC-32, unsigned', `x-amz-checksum-crc32:${crc32Base64(Buffer.concat(pieces))}`],
    ['a header nobody signed', 'x-amz-meta-injected:yes'],
    ['a trailer signature where none is due', `x-amz-trailer-signature:${'0'.repeat(64)}`],
  ];
  for (const [name, line] of cases) {
    const tamper = (body: string) => body.replace(/\r\n$/, `${line}\r\n\r\n`);
    const response = await putSignedChunks('no-trailer.txt', pieces, { tamper });
    await assertRefused(name, response, 'IncompleteBody', 400, 'no-trailer.txt', files);
  }
  // The same body without them is stored.
  const response = await putSignedChunks('no-trailer.txt', pieces);
  assert.equal(response.status, 200, response.text);
  assert.equal(await getText('no-trailer.txt'), Buffer.concat(pieces).toString());
});

test('a signed trailer carries exactly what x-amz-trailer declares: another header, or a declared one left out, is MalformedTrailerError', async () => {
  await t().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'declared.txt', Body: 'before' }));
  const files = new Set(readdirSync(join(t().dataDir, 'objects')));
  const pieces = [Buffer.alloc(8192, 'x'), Buffer.alloc(100, 'y')];
  const crc: [string, string] = ['x-amz-checksum-crc32', crc32Base64(Buffer.concat(pieces))];
  // Each signed with x-amz-trailer-signature as the client sent it, so only the declaration is wrong.
  const cases: [string, SignedUpload][] = [
    [
      'a header x-amz-trailer does not name',
      { trailers: [crc, ['x-amz-meta-extra', 'yes']], declared: [crc[0]] },
    ],
    ['no x-amz-trailer at all', { trailers: [crc], declared: [] }],
    ['another checksum than declared', { trailers: [crc], declared: ['x-amz-checksum-crc32c'] }],
    ['a declared checksum left out', { trailers: [], declared: [crc[0]] }],
  ];
  for (const [name, upload] of cases) {
    const response = await putSignedChunks('declared.txt', pieces, upload);
    await assertRefused(name, response, 'MalformedTrailerError', 400, 'declared.txt', files);
  }
});
