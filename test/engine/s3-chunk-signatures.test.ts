// Uploads signed chunk by chunk (x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD), sent over HTTP as such a
// client sends them: each chunk's signature covers its data and the chain before it, so a body changed on the way is
// refused, not stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
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

test("the test's chunk signing reproduces AWS's published example (the engine is checked against it)", () => {
  const key = signingKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1');
  const signatures = chunkSignatures(
    key,
    '20130524T000000Z',
    '20130524/us-east-1/s3/aws4_request',
    '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    [Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'a')],
  );
  assert.deepEqual(signatures, [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ]);
});

/** PUTs `pieces` as a signed aws-chunked body; `tamper` changes the body after it was signed. */
async function putSignedChunks(
  key: string,
  pieces: Buffer[],
  tamper: (body: Buffer) => Buffer = (body) => body,
): Promise<{ status: number; text: string }> {
  const { engine } = t();
  const url = new URL(`/${BUCKET}/${key}`, engine.endpoint);
  const decodedLength = pieces.reduce((n, p) => n + p.length, 0);
  const headers: Record<string, string> = {
    host: url.host,
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'x-amz-decoded-content-length': String(decodedLength),
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
  const signatures = chunkSignatures(
    signingKey(engine.secretAccessKey, date, engine.region),
    amzDate,
    scope,
    seed,
    pieces,
  );
  const body = tamper(
    Buffer.concat(
      [...pieces, Buffer.alloc(0)].flatMap((data, i) => [
        Buffer.from(`${data.length.toString(16)};chunk-signature=${signatures[i]}\r\n`),
        data,
        Buffer.from('\r\n'),
      ]),
    ),
  );
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

test('a chunk changed after it was signed, or a signature left out, is SignatureDoesNotMatch and stores nothing', async () => {
  await t().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'kept.txt', Body: 'before' }));
  const pieces = [Buffer.alloc(8192, 'x'), Buffer.alloc(100, 'y')];
  const cases: [string, (body: Buffer) => Buffer][] = [
    // Same length, one byte of the second chunk's data changed.
    ['changed data', (body) => Buffer.from(body.toString('latin1').replace('yyy', 'yzy'), 'latin1')],
    // The last chunk unsigned: a body cut short and ended by hand would look like this.
    [
      'unsigned final chunk',
      (body) => Buffer.from(body.toString('latin1').replace(/\r\n0;chunk-signature=\w+/, '\r\n0'), 'latin1'),
    ],
  ];
  for (const [name, tamper] of cases) {
    const response = await putSignedChunks('kept.txt', pieces, tamper);
    assert.equal(response.status, 403, name);
    assert.match(response.text, /<Code>SignatureDoesNotMatch<\/Code>/, name);
    assert.equal(await getText('kept.txt'), 'before', `${name}: the object is unchanged`);
  }
});
