// The subset of the S3 REST API (path-style) that manifests, images, masks and training outputs need, so that
// `s3://bucket/key` means the same here as on AWS and @aws-sdk/client-s3 or `aws s3 cp` work unchanged.
import { header, type EngineRequest, type EngineResponse } from '../http/request';
import type { ObjectStore, ObjectInfo } from '../store/objects';
import { xmlDocument, type XmlNode } from './xml';
import { decodeAwsChunked } from './aws-chunked';

class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: XmlNode = {},
  ) {
    super(message);
  }
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function xml(status: number, root: string, body: XmlNode): EngineResponse {
  return { status, headers: { 'content-type': 'application/xml' }, body: xmlDocument(root, body) };
}

function objectHeaders(info: ObjectInfo): Record<string, string | number> {
  return {
    etag: info.etag,
    'content-type': info.contentType,
    'content-length': info.size,
    'last-modified': new Date(info.modified * 1000).toUTCString(),
    'accept-ranges': 'bytes',
  };
}

function requireBucket(objects: ObjectStore, bucket: string): void {
  if (!objects.bucketExists(bucket))
    throw new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
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
  const urlEncode = q('encoding-type') === 'url';
  const encode = (text: string) => (urlEncode ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const result = objects.list(bucket, { prefix, after, maxKeys, delimiter });
  return xml(200, 'ListBucketResult', {
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

function putObject(
  objects: ObjectStore,
  bucket: string,
  key: string,
  request: EngineRequest,
): EngineResponse {
  requireBucket(objects, bucket);
  const chunked =
    (header(request, 'content-encoding') ?? '').includes('aws-chunked') ||
    (header(request, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-');
  let body = request.body;
  if (chunked) {
    try {
      body = decodeAwsChunked(body);
    } catch (err) {
      throw new S3Error(
        'IncompleteBody',
        400,
        `The aws-chunked request body is malformed: ${(err as Error).message}`,
      );
    }
  }
  const info = objects.put(bucket, key, body, header(request, 'content-type') ?? 'application/octet-stream');
  return { status: 200, headers: { etag: info.etag } };
}

function route(objects: ObjectStore, request: EngineRequest): EngineResponse {
  const path = request.rawPath;
  const slash = path.indexOf('/', 1);
  const bucket = decodeURIComponent(slash < 0 ? path.slice(1) : path.slice(1, slash));
  const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
  const method = request.method;
  if (bucket === '') {
    if (method !== 'GET')
      throw new S3Error('MethodNotAllowed', 405, `${method} is not allowed on the service`);
    return xml(200, 'ListAllMyBucketsResult', {
      Owner: { ID: 'local', DisplayName: 'local' },
      Buckets: {
        Bucket: objects
          .listBuckets()
          .map((b) => ({ Name: b.name, CreationDate: new Date(b.created * 1000).toISOString() })),
      },
    });
  }
  if (key === '') {
    switch (method) {
      case 'PUT':
        if (!BUCKET_NAME.test(bucket))
          throw new S3Error(
            'InvalidBucketName',
            400,
            'The specified bucket is not valid: use 3-63 lower-case letters, digits, dots and hyphens',
            { BucketName: bucket },
          );
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
  switch (method) {
    case 'PUT':
      if (header(request, 'x-amz-copy-source'))
        throw new S3Error('NotImplemented', 501, 'CopyObject is not implemented by the local engine');
      return putObject(objects, bucket, key, request);
    case 'GET':
    case 'HEAD': {
      requireBucket(objects, bucket);
      const info = objects.head(bucket, key);
      if (!info) throw new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
      if (method === 'HEAD') return { status: 200, headers: objectHeaders(info) };
      const found = objects.get(bucket, key)!;
      return { status: 200, headers: objectHeaders(found.info), body: found.body };
    }
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
  return xml(status, 'Error', { Code: code, Message: message, ...extra });
}

export function handleS3Request(
  objects: ObjectStore,
  request: EngineRequest,
  log: (m: string) => void,
): EngineResponse {
  try {
    return route(objects, request);
  } catch (err) {
    if (err instanceof S3Error) return s3ErrorResponse(err.code, err.status, err.message, err.extra);
    if (err instanceof URIError)
      return s3ErrorResponse('InvalidURI', 400, 'Could not parse the specified URI.');
    log(`internal error on S3 ${request.method} ${request.rawPath}: ${(err as Error).stack ?? String(err)}`);
    return s3ErrorResponse('InternalError', 500, 'We encountered an internal error. Please try again.');
  }
}
