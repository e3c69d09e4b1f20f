// Fuzzes the engine over HTTP with requests signed as the SDKs sign them, but with hostile methods, paths, query
// strings, headers and bodies. Every answer must be a success or a modeled error (never a 5xx or a dropped
// connection), the engine must keep serving, and its data directory must restart cleanly afterwards. Deterministic:
// one seed, a bounded number of requests and a time budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  ListProjectsCommand,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { requestHandler } from '../../src/client/clients';
import serviceModel from '../../src/engine/protocol/service-2.json';
import { operations, shape, type Operation } from '../../src/engine/protocol/model';
import { createRng } from '../../src/engine/ml/rng';
import { removeDataDir, startTestEngine, type TestEngine } from '../support/engine-harness';
import { waitFor } from '../support/wait';
import { Fuzz, HEADER_VALUES, HOSTILE_STRINGS, MANIFEST_LINES, malformedBody, valueOf } from './fuzz-inputs';

const SEED = 20201120;
const BATCHES = 10;
const PER_BATCH = 80;
/** Fuzzing stops early past this, so a slow machine bounds the suite's time instead of failing it. */
const BUDGET_MS = 12_000;
const KEPT_BUCKET = 'kept-bucket';
const KEPT_PROJECT = 'kept-project';

/** Errors any rest-json request may get besides its operation's modeled ones (routing, signing, size). */
const COMMON_ERRORS = [
  'UnknownOperationException',
  'MethodNotAllowedException',
  'SerializationException',
  'ValidationException',
  'AccessDeniedException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'UnrecognizedClientException',
  'ThrottlingException',
];
const modeledErrors = new Map(
  Object.entries(serviceModel.operations).map(([name, op]) => [
    name,
    new Set([...COMMON_ERRORS, ...(op.errors ?? []).map((e) => e.shape)]),
  ]),
);
const anyModeledError = new Set([...modeledErrors.values()].flatMap((s) => [...s]));

interface RawRequest {
  method: string;
  /** Already percent-encoded, as the SDKs send it. */
  path: string;
  query: [string, string][];
  /** Appended to the query string after signing: text the SDKs would never send. */
  rawQuery?: string;
  headers: Record<string, string>;
  body: Buffer;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface Signing {
  service: 'lookoutvision' | 's3';
  secretAccessKey?: string;
  region?: string;
  date?: Date;
}

let t: TestEngine;
const kept = new Map<string, Buffer>();
const agent = new Agent({ ...requestHandler.httpAgent, maxSockets: 4 });

/** As the SDKs escape a path label: encodeURIComponent plus the characters it leaves alone that RFC 3986 reserves. */
const escapeLabel = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `text` cut (by whole characters) until escaped it fits `max` bytes: Node refuses a request line and headers past
 * 16 KiB before any handler runs (answered with a ValidationException), so the hostile values must fit within that.
 */
function clip(text: string, max = 1500): string {
  let chars = Array.from(text);
  while (escapeLabel(chars.join('')).length > max) chars = chars.slice(0, chars.length >> 1);
  return chars.join('');
}

function queryString(query: [string, string][]): string {
  return query.map(([k, v]) => `${escapeLabel(k)}=${escapeLabel(v)}`).join('&');
}

/** Sends `raw` signed per `signing`; `sentBody` replaces the signed body on the wire (a tampering). */
async function send(raw: RawRequest, signing: Signing, sentBody = raw.body): Promise<RawResponse> {
  const url = new URL(t.engine.endpoint);
  const query: Record<string, string[]> = {};
  for (const [k, v] of raw.query) (query[k] ??= []).push(v);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: t.engine.accessKeyId,
      secretAccessKey: signing.secretAccessKey ?? t.engine.secretAccessKey,
    },
    region: signing.region ?? t.engine.region,
    service: signing.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: signing.service !== 's3',
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: raw.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: raw.path,
      query,
      headers: { host: url.host, 'content-length': String(raw.body.length), ...raw.headers },
      body: raw.body,
    }),
    { signingDate: signing.date },
  );
  const search = [queryString(raw.query), raw.rawQuery].filter(Boolean).join('&');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: raw.method,
        path: raw.path + (search ? `?${search}` : ''),
        headers: signed.headers,
        agent,
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 20 s')));
    req.on('error', reject);
    req.end(sentBody);
  });
}

const preview = (bytes: Buffer | string) => JSON.stringify(bytes.toString().slice(0, 160));

/** One line to reproduce a failure: the request as sent and what came back. */
function describe(raw: RawRequest, service: string, answer: RawResponse | Error): string {
  const search = [queryString(raw.query), raw.rawQuery].filter(Boolean).join('&');
  const headers = Object.entries(raw.headers).map(([k, v]) => `${k}: ${preview(v)}`);
  const sent = `${service} ${raw.method} ${preview(raw.path + (search ? `?${search}` : ''))} [${headers.join(', ')}] body ${raw.body.length} B ${preview(raw.body)}`;
  if (answer instanceof Error) return `${sent} -> ${answer.message}`;
  const type = answer.headers['x-amzn-errortype'] ?? '';
  return `${sent} -> ${answer.status} ${type} ${preview(answer.body)}`;
}

/** What is wrong with a rest-json answer, or undefined when it is a success or a modeled error. */
function restJsonProblem(allowed: Set<string>, raw: RawRequest, res: RawResponse): string | undefined {
  if (res.status >= 500) return 'a 5xx for a client error';
  if (res.status < 300) return undefined;
  const type = res.headers['x-amzn-errortype'];
  if (typeof type !== 'string') return 'no x-amzn-ErrorType';
  const code = type.split(':')[0]!;
  if (!allowed.has(code)) return `${code} is not a modeled error of the operation`;
  if (raw.method === 'HEAD') return undefined;
  let body: { Message?: unknown; message?: unknown };
  try {
    body = JSON.parse(res.body.toString()) as typeof body;
  } catch {
    return 'the error body is not JSON';
  }
  return typeof (body.Message ?? body.message) === 'string' ? undefined : 'the error body has no message';
}

function s3Code(res: RawResponse): string | undefined {
  return /^<\?xml[^>]*>\s*<Error>[\s\S]*<Code>([A-Za-z0-9]+)<\/Code>[\s\S]*<Message>[\s\S]*<\/Error>\s*$/.exec(
    res.body.toString(),
  )?.[1];
}

/** What is wrong with an S3 answer: errors are XML `<Error><Code>`; 501 NotImplemented is the only 5xx allowed. */
function s3Problem(raw: RawRequest, res: RawResponse): string | undefined {
  if (res.status < 300 || res.status === 304) return undefined;
  if (raw.method === 'HEAD') return res.status >= 500 ? 'a 5xx for a client error' : undefined;
  const code = s3Code(res);
  if (!code) return 'the error is not an XML <Error> with <Code> and <Message>';
  if (res.status >= 500 && !(res.status === 501 && code === 'NotImplemented'))
    return 'a 5xx for a client error';
  return undefined;
}

interface FuzzCase {
  raw: RawRequest;
  signing: Signing;
  problem: (res: RawResponse) => string | undefined;
}

/** What a fuzz run met: every failure as a reproducer, and how many requests got past the signature check. */
interface Outcome {
  failures: string[];
  sent: number;
  succeeded: number;
  refusedSignature: number;
}

async function sendCase({ raw, signing, problem }: FuzzCase, outcome: Outcome): Promise<void> {
  outcome.sent++;
  try {
    const res = await send(raw, signing);
    if (res.status < 300) outcome.succeeded++;
    if (res.status === 403 && /Signature/.test(res.body.toString())) outcome.refusedSignature++;
    const wrong = problem(res);
    if (wrong) outcome.failures.push(`${wrong}: ${describe(raw, signing.service, res)}`);
  } catch (err) {
    outcome.failures.push(`no answer: ${describe(raw, signing.service, err as Error)}`);
  }
}

async function stillServes(lv: LookoutVisionClient): Promise<void> {
  const projects = await lv.send(new ListProjectsCommand({}));
  assert.ok(
    projects.Projects?.some((p) => p.ProjectName === KEPT_PROJECT),
    'the engine still answers ListProjects',
  );
}

function fuzzedLookoutRequest(f: Fuzz): FuzzCase {
  const op: Operation = f.pick(Object.values(operations));
  const method = f.chance(0.85)
    ? op.http.method
    : f.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
  const input = op.input ? shape(op.input.shape) : undefined;
  const labelShapes = new Map(
    Object.entries(input?.members ?? {})
      .filter(([, m]) => m.location === 'uri')
      .map(([, m]) => [m.locationName!, m.shape]),
  );
  const path = op.http.requestUri.replace(/\{(\w+)\}/g, (_, label: string) => {
    const value = clip(
      f.chance(0.6) ? String(valueOf(f, labelShapes.get(label) ?? 'ProjectName')) : f.pick(HOSTILE_STRINGS),
      3000,
    );
    // Sometimes as typed, when Node can send it so: an unescaped `..`, `%ZZ` or `a/b`.
    return f.chance(0.15) && /^[\x21-\x7e]*$/.test(value) ? value : escapeLabel(value);
  });
  const query: [string, string][] = [];
  const headers: Record<string, string> = {
    'content-type': f.chance(0.9) ? 'application/json' : f.pick(['text/plain', 'image/png', '']),
  };
  for (const member of Object.values(input?.members ?? {})) {
    if (member.location === 'querystring' && f.chance(0.7))
      query.push([member.locationName!, clip(String(valueOf(f, member.shape)))]);
    if (member.location === 'header' && f.chance(0.7))
      headers[member.locationName!.toLowerCase()] = f.pick(HEADER_VALUES);
  }
  if (f.chance(0.2)) query.push([clip(f.pick(HOSTILE_STRINGS)), clip(f.pick(HOSTILE_STRINGS))]);
  if (f.chance(0.1)) headers['x-fuzz'] = f.pick(HEADER_VALUES);
  const payload = input?.payload;
  let body: Buffer;
  if (payload) {
    // DetectAnomalies: raw image bytes in the body, their type in Content-Type.
    body = f.chance(0.5)
      ? Buffer.from(Array.from({ length: f.int(2048) }, () => f.int(256)))
      : Buffer.alloc(0);
    headers['content-type'] = f.pick([
      'image/png',
      'image/jpeg',
      'text/plain',
      'image/png; charset=utf-8',
      '',
    ]);
  } else {
    const valid = JSON.stringify(op.input ? valueOf(f, op.input.shape) : {});
    body = f.chance(0.7) ? Buffer.from(valid) : malformedBody(f, valid);
  }
  const raw: RawRequest = {
    method,
    path,
    query,
    rawQuery: f.chance(0.05) ? f.pick(['%ZZ=1', 'a=%', '=', '&&', 'x=%00']) : undefined,
    headers,
    body,
  };
  const allowed = method === op.http.method ? modeledErrors.get(op.name)! : anyModeledError;
  return { raw, signing: { service: 'lookoutvision' }, problem: (res) => restJsonProblem(allowed, raw, res) };
}

const BUCKETS = [
  'fuzz-bucket',
  'a..b',
  '192.168.0.1',
  'xn--abc',
  'ab',
  'a'.repeat(64),
  'UPPER',
  'under_score',
  '-lead',
  'trail-',
  'nul\0',
  'ctl\x01',
  'ünï',
  'sthree-x',
  'x-s3alias',
];
const KEYS = [
  'k',
  'dir/k',
  'nul\0key',
  'ctl\x01\x1f',
  'a'.repeat(2000),
  'ü🙂',
  '../../etc/passwd',
  'a//b',
  '.',
  '..',
  ' ',
  '%',
  '%00',
  'trailing/',
  'a?b',
  'a#b',
  'a+b',
  'é'.repeat(600),
];
const RANGES = [
  'bytes=0-0',
  'bytes=0-',
  'bytes=-1',
  'bytes=5-1',
  'bytes=999999999-',
  'bytes=0-1,3-4',
  'bytes=abc',
  'items=0-1',
  'bytes=-0',
  'bytes=',
  'bytes=18446744073709551616-',
  'bytes=1-2-3',
];
const ODD_QUERIES: [string, string][][] = [
  [['acl', '']],
  [['versioning', '']],
  [['tagging', '']],
  [['uploads', '']],
  [['list-type', '3']],
  [
    ['list-type', '2'],
    ['max-keys', '-1'],
  ],
  [
    ['list-type', '2'],
    ['max-keys', 'abc'],
  ],
  [
    ['list-type', '2'],
    ['max-keys', '99999999999999999999'],
  ],
  [
    ['list-type', '2'],
    ['continuation-token', '!!!not-base64'],
  ],
  [
    ['list-type', '2'],
    ['delimiter', '\0'],
    ['prefix', '\x01'],
  ],
  [
    ['list-type', '2'],
    ['encoding-type', 'url'],
    ['start-after', 'é'],
  ],
  [
    ['uploadId', 'no-such-upload'],
    ['partNumber', '0'],
  ],
  [
    ['uploadId', ''],
    ['partNumber', '10001'],
  ],
  [['partNumber', 'x']],
  [['delete', '']],
];

function fuzzedS3Request(f: Fuzz): FuzzCase {
  const bucket = f.chance(0.5) ? 'fuzz-bucket' : f.pick(BUCKETS);
  const key = f.chance(0.25) ? '' : f.pick(KEYS);
  const raw_ = f.chance(0.1);
  const encode = (text: string) => (raw_ && /^[\x21-\x7e]*$/.test(text) ? text : escapeLabel(text));
  const path = f.chance(0.05)
    ? '/'
    : `/${encode(bucket)}${key ? `/${key.split('/').map(encode).join('/')}` : ''}`;
  const method = f.pick(['GET', 'GET', 'PUT', 'PUT', 'HEAD', 'DELETE', 'POST']);
  const headers: Record<string, string> = {};
  const query: [string, string][] = f.chance(0.4) ? [...f.pick(ODD_QUERIES)] : [];
  if (f.chance(0.3)) headers.range = f.pick(RANGES);
  if (f.chance(0.1))
    headers['x-amz-copy-source'] = f.pick([`/fuzz-bucket/k`, '/nope', '', `/${KEPT_BUCKET}/nul%00`, '%ZZ']);
  if (f.chance(0.05)) headers['content-md5'] = f.pick(['', 'bm90LW1kNQ==', 'not base64']);
  let body = Buffer.alloc(0);
  if (method === 'PUT' || method === 'POST') {
    body = f.chance(0.2)
      ? Buffer.from(
          f.pick([
            '<Delete><Object><Key>k</Key></Object></Delete>',
            '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part>',
            '<a>' + '<b>'.repeat(20_000),
            '\0\0\0',
          ]),
        )
      : Buffer.from(Array.from({ length: f.int(3000) }, () => f.int(256)));
  }
  const hash = createHash('sha256').update(body).digest('hex');
  headers['x-amz-content-sha256'] = f.chance(0.85) ? hash : 'UNSIGNED-PAYLOAD';
  const raw: RawRequest = { method, path, query, headers, body };
  return { raw, signing: { service: 's3' }, problem: (res) => s3Problem(raw, res) };
}

before(async () => {
  t = await startTestEngine();
  await t.s3.send(new CreateBucketCommand({ Bucket: KEPT_BUCKET }));
  await t.s3.send(new CreateBucketCommand({ Bucket: 'fuzz-bucket' }));
  const rng = createRng(SEED);
  for (const [key, size] of [
    ['empty', 0],
    ['small.bin', 17],
    ['dir/large.bin', 300_000],
  ] as const) {
    const bytes = Buffer.from(Array.from({ length: size }, () => Math.floor(rng() * 256)));
    kept.set(key, bytes);
    await t.s3.send(new PutObjectCommand({ Bucket: KEPT_BUCKET, Key: key, Body: bytes }));
  }
  await t.lv.send(new CreateProjectCommand({ ProjectName: KEPT_PROJECT }));
  await t.lv.send(new CreateProjectCommand({ ProjectName: 'fuzz-project' }));
  await t.lv.send(new CreateDatasetCommand({ ProjectName: 'fuzz-project', DatasetType: 'train' }));
});

after(async () => {
  agent.destroy();
  await t.stop();
  removeDataDir(t.dataDir);
});

/** Sends batches of fuzzed requests, checking between batches that the engine still serves. */
async function fuzz(make: (f: Fuzz) => FuzzCase, seed: number): Promise<Outcome> {
  const f = new Fuzz(createRng(seed));
  const outcome: Outcome = { failures: [], sent: 0, succeeded: 0, refusedSignature: 0 };
  const end = Date.now() + BUDGET_MS;
  for (let b = 0; b < BATCHES && Date.now() < end; b++) {
    for (let i = 0; i < PER_BATCH; i++) await sendCase(make(f), outcome);
    await stillServes(t.lv);
  }
  // Requests that mostly fail the signature check, or never succeed, would test nothing past the front door.
  assert.ok(
    outcome.refusedSignature < outcome.sent / 10,
    `${outcome.refusedSignature} of ${outcome.sent} refused`,
  );
  assert.ok(outcome.succeeded > 0, 'some fuzzed requests succeed');
  return outcome;
}

test('fuzzed Lookout for Vision requests get a success or a modeled error, never a 5xx', async () => {
  const { failures } = await fuzz(fuzzedLookoutRequest, SEED);
  assert.deepEqual(failures, []);
});

test('fuzzed S3 requests get a success or an XML <Error>, never a 5xx', async () => {
  const { failures } = await fuzz(fuzzedS3Request, SEED + 1);
  await t.s3.send(new ListBucketsCommand({}));
  assert.deepEqual(failures, []);
});

test('hostile manifests end their dataset CREATE_COMPLETE or CREATE_FAILED with a message', async () => {
  const failures: string[] = [];
  for (const [i, line] of MANIFEST_LINES.entries()) {
    const project = `manifest-${i}`;
    const key = `manifests/${i}.manifest`;
    await t.s3.send(new PutObjectCommand({ Bucket: 'fuzz-bucket', Key: key, Body: line }));
    await t.lv.send(new CreateProjectCommand({ ProjectName: project }));
    await t.lv.send(
      new CreateDatasetCommand({
        ProjectName: project,
        DatasetType: 'train',
        DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'fuzz-bucket', Key: key } } },
      }),
    );
    const dataset = await waitFor(
      `${project} import`,
      async () =>
        (await t.lv.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: 'train' })))
          .DatasetDescription!,
      (d) => !d.Status!.endsWith('IN_PROGRESS'),
      30,
    );
    if (!['CREATE_COMPLETE', 'CREATE_FAILED'].includes(dataset.Status!) || !dataset.StatusMessage)
      failures.push(`manifest ${preview(line)} -> ${dataset.Status} ${dataset.StatusMessage}`);
  }
  await stillServes(t.lv);
  assert.deepEqual(failures, []);
});

test('signature attacks are refused with the errors AWS gives', async () => {
  const json = (method: string, path: string, body = '') => ({
    method,
    path,
    query: [],
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
  });
  const s3 = (method: string, path: string, body = '') => ({
    method,
    path,
    query: [],
    headers: { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
    body: Buffer.from(body),
  });
  const skewed = new Date(Date.now() - 20 * 60 * 1000);
  const cases: {
    what: string;
    raw: RawRequest;
    signing: Signing;
    status: number;
    codes: string[];
    tamper?: string;
  }[] = [
    {
      what: 'wrong secret',
      raw: json('GET', '/2020-11-20/projects'),
      signing: { service: 'lookoutvision', secretAccessKey: 'wrong' },
      status: 403,
      codes: ['InvalidSignatureException', 'AccessDeniedException'],
    },
    {
      what: 'skewed clock',
      raw: json('GET', '/2020-11-20/projects'),
      signing: { service: 'lookoutvision', date: skewed },
      status: 403,
      codes: ['InvalidSignatureException', 'AccessDeniedException'],
    },
    {
      what: 'wrong region',
      raw: json('GET', '/2020-11-20/projects'),
      signing: { service: 'lookoutvision', region: 'eu-west-1' },
      status: 403,
      codes: ['InvalidSignatureException'],
    },
    {
      what: 'tampered body',
      raw: {
        ...json('POST', '/2020-11-20/projects', '{"ProjectName":"signed"}'),
        headers: {
          'content-type': 'application/json',
          'x-amz-content-sha256': createHash('sha256').update('{"ProjectName":"signed"}').digest('hex'),
        },
      },
      signing: { service: 'lookoutvision' },
      status: 403,
      codes: ['InvalidSignatureException', 'AccessDeniedException'],
      tamper: '{"ProjectName":"forged"}',
    },
    {
      what: 'S3 wrong secret',
      raw: s3('GET', `/${KEPT_BUCKET}/small.bin`),
      signing: { service: 's3', secretAccessKey: 'wrong' },
      status: 403,
      codes: ['SignatureDoesNotMatch'],
    },
    {
      what: 'S3 skewed clock',
      raw: s3('GET', `/${KEPT_BUCKET}/small.bin`),
      signing: { service: 's3', date: skewed },
      status: 403,
      codes: ['RequestTimeTooSkewed'],
    },
    {
      what: 'S3 wrong region',
      raw: s3('GET', `/${KEPT_BUCKET}/small.bin`),
      signing: { service: 's3', region: 'eu-west-1' },
      status: 400,
      codes: ['AuthorizationHeaderMalformed'],
    },
    {
      what: 'S3 tampered body',
      raw: s3('PUT', `/${KEPT_BUCKET}/small.bin`, 'signed bytes'),
      signing: { service: 's3' },
      status: 400,
      codes: ['XAmzContentSHA256Mismatch', 'BadDigest'],
      tamper: 'forged bytes',
    },
  ];
  const failures: string[] = [];
  for (const c of cases) {
    // The signature covers the original body; a forged one of the same length goes out under it.
    const sentBody = c.tamper === undefined ? c.raw.body : Buffer.from(c.tamper);
    const raw = { ...c.raw, body: sentBody };
    const res = await send(c.raw, c.signing, sentBody);
    const code =
      c.signing.service === 's3' ? s3Code(res) : String(res.headers['x-amzn-errortype']).split(':')[0];
    if (res.status !== c.status || !c.codes.includes(code ?? ''))
      failures.push(
        `${c.what}: expected ${c.status} ${c.codes.join('|')}: ${describe(raw, c.signing.service, res)}`,
      );
  }
  await stillServes(t.lv);
  assert.deepEqual(failures, []);
  const object = await t.s3.send(new GetObjectCommand({ Bucket: KEPT_BUCKET, Key: 'small.bin' }));
  assert.deepEqual(
    Buffer.from(await object.Body!.transformToByteArray()),
    kept.get('small.bin'),
    'no forged write',
  );
});

test('after the fuzzing the data directory restarts cleanly with every object intact', async () => {
  const dir = t.dataDir;
  await t.stop();
  t = await startTestEngine(dir);
  await stillServes(t.lv);
  for (const [key, bytes] of kept) {
    const object = await t.s3.send(new GetObjectCommand({ Bucket: KEPT_BUCKET, Key: key }));
    assert.deepEqual(Buffer.from(await object.Body!.transformToByteArray()), bytes, key);
  }
});
