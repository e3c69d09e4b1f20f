// The metadata S3 keeps with an object and sends back with it (GetObject, HeadObject): its content type, the
// standard headers a client may set on upload, and user metadata (x-amz-meta-*), as PutObject, CopyObject with
// REPLACE and CreateMultipartUpload give them. GetObject and HeadObject may override the returned headers for one
// response (response-content-type and the like in the query: what a presigned download link uses to name its file).
import { header, type EngineRequest } from '../http/request';
import type { ObjectMetadata } from '../store/stored-headers';
import { S3Error } from './errors';

/** Headers stored as sent and returned as stored. */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];
const USER_PREFIX = 'x-amz-meta-';
/** S3's limit on user metadata: the UTF-8 bytes of every name (after the prefix) and value together. */
const MAX_USER_METADATA_BYTES = 2048;

/** The metadata a request gives its object. */
export function requestMetadata(request: EngineRequest): ObjectMetadata {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = header(request, name);
    // aws-chunked describes how this request's body was sent, not the object: S3 does not keep it.
    if (name === 'content-encoding' && value !== undefined)
      value = value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '' && v.toLowerCase() !== 'aws-chunked')
        .join(',');
    if (value) headers[name] = value;
  }
  let userBytes = 0;
  for (const name of Object.keys(request.headers).sort()) {
    if (!name.startsWith(USER_PREFIX)) continue;
    const value = header(request, name) ?? '';
    headers[name] = value;
    userBytes += Buffer.byteLength(name.slice(USER_PREFIX.length)) + Buffer.byteLength(value);
  }
  if (userBytes > MAX_USER_METADATA_BYTES)
    throw new S3Error(
      'MetadataTooLarge',
      400,
      'Your metadata headers exceed the maximum allowed metadata size.',
      {
        Size: userBytes,
        MaxSizeAllowed: MAX_USER_METADATA_BYTES,
      },
    );
  return { contentType: header(request, 'content-type') ?? 'application/octet-stream', headers };
}

/** Headers one GetObject or HeadObject response gives in place of the stored ones (response-* query parameters). */
const OVERRIDABLE_HEADERS = [...STORED_HEADERS, 'content-type'];

/** The response-* query parameters of a GetObject or HeadObject request, as the headers they set. */
export function responseOverrides(request: EngineRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of OVERRIDABLE_HEADERS) {
    const value = request.query.get(`response-${name}`)?.[0];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
