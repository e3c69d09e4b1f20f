// The subset of the S3 REST API (path-style) that manifests, images, masks and training outputs need, so that
// `s3://bucket/key` means the same here as on AWS and @aws-sdk/client-s3 or `aws s3 cp` work unchanged.
import { header, type EngineRequest, type EngineResponse } from '../http/request';
import type { ObjectStore, ObjectInfo } from '../store/objects';
import type { XmlNode } from './xml';
import { xmlResponse } from './xml-response';
import { requireBucket } from './bucket';
import { receiveBody, requireKnownPayloadMode } from './body';
import { ClientAbortError, S3Error } from './errors';
import { requireValidBucketName, requireValidKey } from './names';
import { parseRange } from './range';
import { requestMetadata, responseOverrides } from './object-metadata';
import { routeExtended } from './route-extended';

// S3's sub-resources (query parameters that name another operation on the same path), per the S3 API reference.
const SUBRESOURCES = new Set([
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'partNumber',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
]);

function objectHeaders(info: ObjectInfo): Record<string, string | number> {
  return {
    etag: info.etag,
    ...info.headers,
    'content-type': info.contentType,
    'content-length': info.size,
    'last-modified': new Date(info.modified * 1000).toUTCString(),
    'accept-ranges': 'bytes',
  };
}

function listObjectsV2(objects: ObjectStore, bucket: string, request: EngineRequest): EngineResponse {
  requireBucket(objects, bucket);
  const q = (name: string) => request.query.get(name)?.[0];
  const maxKeys = Math.min(Number(q('max-keys') ?? 1000), 1000);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new S3Error('InvalidArgument', 400, 'max-keys must be a non-negative integer');
  const token = q('continuation-token');
  const after = token !== undefined ? Buffer.from(token, 'base64').toString('utf8') : q('start-after');
  const prefix = q('prefix') ?? '';
  const delimiter = q('delimiter') || undefined;
  // The store cannot hold a NUL (nor can a key have one), so a listing argument with one can match nothing.
  for (const value of [after, prefix, delimiter]) {
    if (value?.includes('\0'))
      throw new S3Error('InvalidArgument', 400, 'Listing arguments must not contain NUL');
  }
  const urlEncode = q('encoding-type') === 'url';
  const encode = (text: string) => (urlEncode ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const result = objects.list(bucket, { prefix, after, maxKeys, delimiter });
  return xmlResponse(200, 'ListBucketResult', {
    Name: bucket,
    Prefix: encode(prefix),
    Delimiter: delimiter && encode(delimiter),
    MaxKeys: maxKeys,
    KeyCount: result.objects.length + result.commonPrefixes.length,
    IsTruncated: result.truncated,
    EncodingType: urlEncode ? 'url' : undefined,
    ContinuationToken: token,
    StartAfter: q('start-after'),
    NextContinuationToken: result.truncated ? Buffer.from(result.nextKey!).toString('base64') : undefined,
    Contents: result.objects.map((o) => ({
      Key: encode(o.key),
      LastModified: new Date(o.modified * 1000).toISOString(),
      ETag: o.etag,
      Size: o.size,
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: result.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
  });
}

async function putObject(
  objects: ObjectStore,
  bucket: string,
  key: string,
  request: EngineRequest,
): Promise<EngineResponse> {
  requireBucket(objects, bucket);
  const metadata = requestMetadata(request);
  const path = objects.tempPath();
  const { size, md5 } = await receiveBody(request, path);
  const info = objects.commit(bucket, key, path, {
    size,
    etag: `"${md5.toString('hex')}"`,
    ...metadata,
  });
  return { status: 200, headers: { etag: info.etag } };
}

/** If-Match / If-None-Match / If-(Un)modified-Since, in the order S3 evaluates them. */
function checkConditions(info: ObjectInfo, request: EngineRequest): EngineResponse | undefined {
  const matches = (list: string) =>
    list.split(',').some((tag) => {
      const t = tag.trim();
      return t === '*' || t === info.etag || `"${t}"` === info.etag;
    });
  const since = (name: string) => {
    const value = header(request, name);
    const time = value === undefined ? NaN : Date.parse(value);
    return Number.isNaN(time) ? undefined : time / 1000;
  };
  const ifMatch = header(request, 'if-match');
  const ifNoneMatch = header(request, 'if-none-match');
  const modified = Math.floor(info.modified);
  if (ifMatch !== undefined && !matches(ifMatch))
    throw new S3Error(
      'PreconditionFailed',
      412,
      'At least one of the pre-conditions you specified did not hold',
      {
        Condition: 'If-Match',
      },
    );
  const unmodifiedSince = since('if-unmodified-since');
  if (ifMatch === undefined && unmodifiedSince !== undefined && modified > unmodifiedSince)
    throw new S3Error(
      'PreconditionFailed',
      412,
      'At least one of the pre-conditions you specified did not hold',
      {
        Condition: 'If-Unmodified-Since',
      },
    );
  const notModified = { status: 304, headers: { etag: info.etag } };
  if (ifNoneMatch !== undefined) return matches(ifNoneMatch) ? notModified : undefined;
  const modifiedSince = since('if-modified-since');
  if (modifiedSince !== undefined && modified <= modifiedSince) return notModified;
  return undefined;
}

async function getObject(
  objects: ObjectStore,
  bucket: string,
  key: string,
  request: EngineRequest,
): Promise<EngineResponse> {
  requireBucket(objects, bucket);
  const head = request.method === 'HEAD';
  const found = head ? objects.file(bucket, key) : await objects.open(bucket, key);
  if (!found) throw new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
  const { info } = found;
  const file = 'file' in found ? found.file : undefined;
  try {
    const notModified = checkConditions(info, request);
    if (notModified) {
      await file?.close();
      return notModified;
    }
    const range = parseRange(header(request, 'range'), info.size);
    const headers = { ...objectHeaders(info), ...responseOverrides(request) };
    const start = range?.start ?? 0;
    const end = range?.end ?? info.size - 1;
    if (range) {
      headers['content-range'] = `bytes ${start}-${end}/${info.size}`;
      headers['content-length'] = end - start + 1;
    }
    const status = range ? 206 : 200;
    if (!file || info.size === 0) {
      await file?.close();
      return { status, headers };
    }
    return { status, headers, body: { file, start, end } };
  } catch (err) {
    await file?.close();
    throw err;
  }
}

async function route(objects: ObjectStore, request: EngineRequest): Promise<EngineResponse> {
  const path = request.rawPath;
  const slash = path.indexOf('/', 1);
  const bucket = decodeURIComponent(slash < 0 ? path.slice(1) : path.slice(1, slash));
  const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
  const method = request.method;
  if (bucket === '') {
    if (method !== 'GET')
      throw new S3Error('MethodNotAllowed', 405, `${method} is not allowed on the service`);
    return xmlResponse(200, 'ListAllMyBucketsResult', {
      Owner: { ID: 'local', DisplayName: 'local' },
      Buckets: {
        Bucket: objects
          .listBuckets()
          .map((b) => ({ Name: b.name, CreationDate: new Date(b.created * 1000).toISOString() })),
      },
    });
  }
  requireValidBucketName(bucket);
  const extended = await routeExtended(objects, request, bucket, key);
  if (extended) return extended;
  // A sub-resource this engine does not serve must not fall through to the plain object or bucket operation
  // (HEAD names none: HeadObject and HeadBucket answer whatever the query).
  const subresource = [...request.query.keys()].find((name) => SUBRESOURCES.has(name));
  if (subresource !== undefined && method !== 'HEAD')
    throw new S3Error(
      'NotImplemented',
      501,
      `${method} ?${subresource} is not implemented by the local engine`,
    );
  if (key === '') {
    switch (method) {
      case 'PUT':
        if (!objects.createBucket(bucket))
          throw new S3Error(
            'BucketAlreadyOwnedByYou',
            409,
            'Your previous request to create the named bucket succeeded and you already own it.',
            { BucketName: bucket },
          );
        return { status: 200, headers: { location: `/${bucket}` } };
      case 'HEAD':
        requireBucket(objects, bucket);
        return { status: 200, headers: {} };
      case 'GET':
        return listObjectsV2(objects, bucket, request);
      default:
        throw new S3Error(
          'NotImplemented',
          501,
          `${method} on a bucket is not implemented by the local engine`,
        );
    }
  }
  requireValidKey(key);
  switch (method) {
    case 'PUT':
      return putObject(objects, bucket, key, request);
    case 'GET':
    case 'HEAD':
      return getObject(objects, bucket, key, request);
    case 'DELETE':
      requireBucket(objects, bucket);
      objects.delete(bucket, key);
      return { status: 204, headers: {} };
    default:
      throw new S3Error(
        'NotImplemented',
        501,
        `${method} on an object is not implemented by the local engine`,
      );
  }
}

export function s3ErrorResponse(
  code: string,
  status: number,
  message: string,
  extra: XmlNode = {},
): EngineResponse {
  return xmlResponse(status, 'Error', { Code: code, Message: message, ...extra });
}

/** Answers an S3 request; a client that went away is rethrown as ClientAbortError for the server to log. */
export async function handleS3Request(
  objects: ObjectStore,
  request: EngineRequest,
  log: (m: string) => void,
): Promise<EngineResponse> {
  try {
    requireKnownPayloadMode(request);
    return await route(objects, request);
  } catch (err) {
    if (err instanceof S3Error) {
      const response = s3ErrorResponse(err.code, err.status, err.message, err.extra);
      Object.assign(response.headers, err.headers);
      return response;
    }
    if (err instanceof URIError)
      return s3ErrorResponse('InvalidURI', 400, 'Could not parse the specified URI.');
    if (err instanceof ClientAbortError) throw err;
    log(`internal error on S3 ${request.method} ${request.rawPath}: ${(err as Error).stack ?? String(err)}`);
    return s3ErrorResponse('InternalError', 500, 'We encountered an internal error. Please try again.');
  }
}
