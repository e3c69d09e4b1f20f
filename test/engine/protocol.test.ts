import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import {
  ListProjectsCommand,
  CreateProjectCommand,
  DetectAnomaliesCommand,
  TagResourceCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { clients, useTestEngine } from '../support/engine-harness';
import { curlSigV4, skipWithoutCurlSigV4 } from '../support/curl';

const t = useTestEngine();

/** Sends a hand-made request signed like the SDKs sign (for cases SDKs cannot produce). */
async function signedFetch(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  service = 'lookoutvision',
) {
  const url = new URL(t().engine.endpoint);
  const [pathname, query] = path.split('?');
  const request = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: pathname,
    query: Object.fromEntries(new URLSearchParams(query ?? '')),
    headers: { host: url.host, ...headers },
    body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: t().engine.accessKeyId, secretAccessKey: t().engine.secretAccessKey },
    region: t().engine.region,
    service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request);
  const response = await fetch(`${t().engine.endpoint}${path}`, { method, headers: signed.headers, body });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json().catch(() => undefined)) as Record<string, string> | undefined,
  };
}

test('a wrong secret, an unknown key, a skewed clock and an unsigned request all get 403 AccessDeniedException', async () => {
  const wrong = clients(t().engine, { secretAccessKey: 'not-the-secret' });
  await assert.rejects(
    wrong.lv.send(new ListProjectsCommand({})),
    (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.equal(err.$metadata?.httpStatusCode, 403);
      assert.match(err.message, /signature we calculated does not match/);
      return true;
    },
  );
  await assert.rejects(
    wrong.s3.send(new ListBucketsCommand({})),
    (err: Error) => err.name === 'SignatureDoesNotMatch',
  );
  const unknown = clients({ ...t().engine, accessKeyId: 'AKIAUNKNOWN000000000' });
  await assert.rejects(unknown.lv.send(new ListProjectsCommand({})), /UnrecognizedClientException/);
  const skewed = clients(t().engine, { systemClockOffset: 20 * 60 * 1000 });
  await assert.rejects(
    skewed.lv.send(new ListProjectsCommand({})),
    /differs from the engine's clock by more than 15 minutes/,
  );
  const withinSkew = clients(t().engine, { systemClockOffset: 10 * 60 * 1000 });
  await withinSkew.lv.send(new ListProjectsCommand({}));

  const unsigned = await fetch(`${t().engine.endpoint}/2020-11-20/projects`);
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  assert.match(((await unsigned.json()) as { Message: string }).Message, /Missing Authentication Token/);
  const unsignedS3 = await fetch(`${t().engine.endpoint}/some-bucket`);
  assert.equal(unsignedS3.status, 403);
  assert.match(await unsignedS3.text(), /<Code>AccessDenied<\/Code>/);
  for (const c of [wrong, unknown, skewed, withinSkew]) {
    c.lv.destroy();
    c.s3.destroy();
  }
});

test('a tampered body fails the payload hash check', async () => {
  const url = new URL(t().engine.endpoint);
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/2020-11-20/projects',
    headers: { host: url.host, 'content-type': 'application/json' },
    body: '{"ProjectName":"a"}',
  });
  const signer = new SignatureV4({
    credentials: t().engine,
    region: t().engine.region,
    service: 'lookoutvision',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request);
  const response = await fetch(`${t().engine.endpoint}/2020-11-20/projects`, {
    method: 'POST',
    headers: signed.headers,
    body: '{"ProjectName":"b"}',
  });
  assert.equal(response.status, 403);
});

// curl signs here: the SDK's signer drops a parameter named `__proto__` from what it signs (as the engine's did).
test(
  'a query parameter named like an Object property is signed like any other, on the API and on S3 (curl --aws-sigv4)',
  { skip: skipWithoutCurlSigV4 },
  async () => {
    const { engine } = t();
    await t().s3.send(new CreateBucketCommand({ Bucket: 'proto-query' }));
    await t().s3.send(new PutObjectCommand({ Bucket: 'proto-query', Key: 'listed.txt', Body: 'listed' }));
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
      const apiTarget = `/2020-11-20/projects?${name}=1`;
      const api = await curlSigV4(engine, 'lookoutvision', apiTarget);
      assert.equal(api.status, 200, `${apiTarget}: ${api.text}`);
      assert.deepEqual(JSON.parse(api.text), { Projects: [] });
      const apiWrong = await curlSigV4(engine, 'lookoutvision', apiTarget, 'not-the-secret');
      assert.equal(apiWrong.status, 403, apiTarget);
      assert.match(apiWrong.text, /signature we calculated does not match/);

      const s3Target = `/proto-query?${[`${name}=1`, 'list-type=2'].sort().join('&')}`;
      const s3 = await curlSigV4(engine, 's3', s3Target);
      assert.equal(s3.status, 200, `${s3Target}: ${s3.text}`);
      assert.match(s3.text, /<ListBucketResult[^]*<Key>listed\.txt<\/Key>/);
      const s3Wrong = await curlSigV4(engine, 's3', s3Target, 'not-the-secret');
      assert.equal(s3Wrong.status, 403, s3Target);
      assert.match(s3Wrong.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    }
    const object = await curlSigV4(engine, 's3', '/proto-query/listed.txt?__proto__=1&constructor=1');
    assert.deepEqual(object, { status: 200, text: 'listed' });
  },
);

test('a signed header list naming an Object property the request lacks is refused, not a server error', async () => {
  const date = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  for (const [path, service, expect] of [
    ['/2020-11-20/projects', 'lookoutvision', /Signed header constructor is missing/],
    ['/some-bucket', 's3', /<Code>SignatureDoesNotMatch<\/Code>/],
  ] as const) {
    const scope = `${t().engine.accessKeyId}/${date.slice(0, 8)}/${t().engine.region}/${service}/aws4_request`;
    const response = await fetch(`${t().engine.endpoint}${path}`, {
      headers: {
        'x-amz-date': date,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=constructor;host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
    });
    assert.equal(response.status, 403, path);
    assert.match(await response.text(), expect);
  }
});

test('unknown routes and methods are answered cleanly, never with a 500', async () => {
  const unknown = await signedFetch('GET', '/2020-11-20/nothing-here');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  const wrongMethod = await signedFetch('PUT', '/2020-11-20/projects');
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get('allow'), 'GET, POST');
  assert.equal(wrongMethod.json?.__type, 'MethodNotAllowedException');
  assert.ok(wrongMethod.headers.get('x-amzn-requestid'));
});

test('a connection stays open a minute between requests, and the responses say so', async () => {
  const response = await signedFetch('GET', '/2020-11-20/projects');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('keep-alive'), 'timeout=60');
});

test('malformed JSON, wrong member types and bad query values are ValidationExceptions with both message spellings', async () => {
  const cases: [string, string, string | undefined][] = [
    ['POST', '/2020-11-20/projects', '{"ProjectName": '],
    ['POST', '/2020-11-20/projects', '[1, 2]'],
    ['POST', '/2020-11-20/projects', '{"ProjectName": 42}'],
    ['POST', '/2020-11-20/projects', '{}'],
    ['GET', '/2020-11-20/projects?maxResults=ten', undefined],
    ['GET', '/2020-11-20/projects/p/datasets/train/entries?labeled=maybe', undefined],
    ['GET', '/2020-11-20/projects/p/datasets/train/entries?createdBefore=yesterday', undefined],
    // `.*` patterns admit a NUL, which the store cannot keep: refused rather than truncated.
    ['GET', '/2020-11-20/projects/p/datasets/train/entries?sourceRefContains=a%00b', undefined],
    ['POST', '/2020-11-20/projects', '{"ProjectName": "p\\u0000x"}'],
  ].map(([m, p, b]) => [m!, p!, b]);
  for (const [method, path, body] of cases) {
    const response = await signedFetch(
      method,
      path,
      body,
      body === undefined ? {} : { 'content-type': 'application/json' },
    );
    assert.equal(response.status, 400, `${method} ${path} ${body}`);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.equal(response.json?.__type, 'ValidationException');
    assert.equal(response.json?.Message, response.json?.message);
  }
});

test('path labels are percent-decoded per segment: a model ARN arrives as one encoded segment', async () => {
  await t().lv.send(new CreateProjectCommand({ ProjectName: 'tagged' }));
  const arn = `arn:aws:lookoutvision:us-east-1:000000000000:model/tagged/1`;
  await assert.rejects(
    t().lv.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] })),
    (err: unknown) => {
      assert.ok(err instanceof ResourceNotFoundException);
      assert.equal(err.ResourceId, arn);
      assert.equal(err.ResourceType, 'MODEL');
      return true;
    },
  );
  await assert.rejects(
    t().lv.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'bad\u0001key', Value: 'v' }] })),
    ValidationException,
  );
  const raw = await signedFetch(
    'GET',
    '/2020-11-20/tags/arn%3Aaws%3Alookoutvision%3Aus-east-1%3A000000000000%3Amodel%2Ftagged%2F1',
  );
  assert.equal(raw.status, 404);
  assert.equal(raw.json?.ResourceId, arn);
});

test('headers too large for the HTTP parser get the protocol’s modeled 400 error, not a bare status line', async () => {
  const big = 'x'.repeat(20_000);
  for (const [path, expect] of [
    ['/2020-11-20/projects', /"__type":"ValidationException"/],
    ['/some-bucket/key', /<Code>RequestHeaderSectionTooLarge<\/Code>/],
  ] as const) {
    const response = await fetch(`${t().engine.endpoint}${path}`, { headers: { 'x-big': big } });
    assert.equal(response.status, 400, path);
    assert.match(await response.text(), expect);
    if (path.startsWith('/2020'))
      assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
  }
});

test('a body over the engine’s 16 MiB cap is the modeled ValidationException (400), declared or streamed', async () => {
  const oversized = Buffer.alloc(16 * 1024 * 1024 + 1);
  await assert.rejects(
    t().lv.send(
      new DetectAnomaliesCommand({
        ProjectName: 'p',
        ModelVersion: '1',
        ContentType: 'image/png',
        Body: oversized,
      }),
    ),
    (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.ok(err instanceof ValidationException);
      assert.equal(err.$metadata?.httpStatusCode, 400);
      assert.match(err.message, /larger than 16777216 bytes/);
      return true;
    },
  );
  // Without a Content-Length (chunked), the cap is found while reading.
  const chunks = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let sent = 0; sent < oversized.length; sent += 1 << 20)
        controller.enqueue(oversized.subarray(0, 1 << 20));
      controller.enqueue(oversized.subarray(0, 1));
      controller.close();
    },
  });
  const response = await fetch(`${t().engine.endpoint}/2020-11-20/projects/p/models/1/detect`, {
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: chunks,
    duplex: 'half',
  } as RequestInit);
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
});
