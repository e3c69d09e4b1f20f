// S3 multipart upload: Create, UploadPart (and UploadPartCopy), Complete, Abort, ListParts, ListMultipartUploads.
// Parts are files, streamed in and out with bounded memory. A part's ETag is the MD5 of its bytes; the object's is
// the MD5 of the parts' binary MD5s followed by "-<number of parts>", as on S3.
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { header, type EngineRequest, type EngineResponse } from '../http/request';
import type { ObjectStore } from '../store/objects';
import type { PartInfo, UploadInfo } from '../store/multipart-store';
import { concatFiles } from '../store/file-bytes';
import { receiveBody } from './body';
import { requireBucket } from './bucket';
import { parseCopySource, withSourceFile } from './copy-source';
import { S3Error } from './errors';
import { requestMetadata } from './object-metadata';
import { requireValidKey } from './names';
import { childElements, childText, malformedXml, readXmlBody } from './xml-body';
import { xmlResponse } from './xml-response';

const MAX_PART_NUMBER = 10000;
const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PAGE = 1000;
// 10,000 parts with a checksum each stay well below this.
const MAX_COMPLETE_BODY = 8 * 1024 * 1024;
const OWNER = { ID: 'local', DisplayName: 'local' };

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function noSuchUpload(uploadId: string): S3Error {
  return new S3Error(
    'NoSuchUpload',
    404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );
}

/** The upload `uploadId` of this bucket and key (an upload ID of another key does not exist here either). */
function requireUpload(objects: ObjectStore, bucket: string, key: string, uploadId: string): UploadInfo {
  requireBucket(objects, bucket);
  const upload = objects.uploads.get(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

/** A non-negative integer query parameter, `fallback` when absent. */
function integerParam(request: EngineRequest, name: string, fallback: number): number {
  const value = request.query.get(name)?.[0];
  if (value === undefined) return fallback;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 2 ** 31 - 1)
    throw new S3Error(
      'InvalidArgument',
      400,
      `Argument ${name} must be an integer between 0 and 2147483647`,
      {
        ArgumentName: name,
        ArgumentValue: value,
      },
    );
  return Number(value);
}

function quotedMd5(md5Hex: string): string {
  return `"${md5Hex}"`;
}

export function createMultipartUpload(
  objects: ObjectStore,
  bucket: string,
  key: string,
  request: EngineRequest,
): EngineResponse {
  requireBucket(objects, bucket);
  requireValidKey(key);
  const upload = objects.uploads.create(bucket, key, requestMetadata(request));
  return xmlResponse(200, 'InitiateMultipartUploadResult', {
    Bucket: bucket,
    Key: key,
    UploadId: upload.uploadId,
  });
}

function partNumber(request: EngineRequest): number {
  const value = request.query.get('partNumber')?.[0] ?? '';
  const n = /^\d{1,5}$/.test(value) ? Number(value) : 0;
  if (n < 1 || n > MAX_PART_NUMBER)
    throw new S3Error(
      'InvalidArgument',
      400,
      'Part number must be an integer between 1 and 10000, inclusive',
      {
        ArgumentName: 'partNumber',
        ArgumentValue: value,
      },
    );
  return n;
}

/** The x-amz-copy-source-range of an UploadPartCopy ("bytes=first-last"), within a source of `size` bytes. */
function copyRange(request: EngineRequest, size: number): { start?: number; end?: number } {
  const value = header(request, 'x-amz-copy-source-range');
  if (value === undefined) return {};
  const m = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  if (!m)
    throw new S3Error(
      'InvalidArgument',
      400,
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: value },
    );
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > end || end >= size)
    throw new S3Error(
      'InvalidArgument',
      400,
      `Range specified is not valid for source object of size: ${size}`,
      {
        ArgumentName: 'x-amz-copy-source-range',
        ArgumentValue: value,
      },
    );
  return { start, end };
}

/** UploadPart, or UploadPartCopy when the request names a copy source. */
export async function uploadPart(
  objects: ObjectStore,
  bucket: string,
  key: string,
  uploadId: string,
  request: EngineRequest,
): Promise<EngineResponse> {
  const n = partNumber(request);
  requireUpload(objects, bucket, key, uploadId);
  const path = objects.uploads.partPath();
  const copying = header(request, 'x-amz-copy-source') !== undefined;
  const { size, md5 } = copying
    ? await withSourceFile(objects, parseCopySource(request), (info, source) =>
        concatFiles(path, [{ path: source, ...copyRange(request, info.size) }]),
      )
    : await receiveBody(request, path);
  const md5Hex = md5.toString('hex');
  if (!objects.uploads.putPart(uploadId, n, path, size, md5Hex)) throw noSuchUpload(uploadId);
  if (!copying) return { status: 200, headers: { etag: quotedMd5(md5Hex) } };
  return xmlResponse(200, 'CopyPartResult', {
    ETag: quotedMd5(md5Hex),
    LastModified: isoTime(Date.now() / 1000),
  });
}

/** The parts a CompleteMultipartUpload body lists, checked against the stored ones as S3 checks them. */
function chosenParts(
  listed: { partNumber: number; etag: string }[],
  uploadId: string,
  stored: PartInfo[],
): PartInfo[] {
  if (listed.length === 0) throw malformedXml();
  for (let i = 1; i < listed.length; i++) {
    if (listed[i].partNumber <= listed[i - 1].partNumber)
      throw new S3Error(
        'InvalidPartOrder',
        400,
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
        { UploadId: uploadId },
      );
  }
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const chosen = listed.map(({ partNumber: n, etag }) => {
    const part = byNumber.get(n);
    // Clients send the ETag quoted as it was returned, or bare.
    if (
      !part ||
      etag
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase() !== part.md5
    )
      throw new S3Error(
        'InvalidPart',
        400,
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { UploadId: uploadId, PartNumber: n, ETag: etag },
      );
    return part;
  });
  chosen.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_SIZE)
      throw new S3Error(
        'EntityTooSmall',
        400,
        'Your proposed upload is smaller than the minimum allowed size',
        {
          ProposedSize: part.size,
          MinSizeAllowed: MIN_PART_SIZE,
          PartNumber: part.partNumber,
          ETag: quotedMd5(part.md5),
        },
      );
  });
  return chosen;
}

export async function completeMultipartUpload(
  objects: ObjectStore,
  bucket: string,
  key: string,
  uploadId: string,
  request: EngineRequest,
): Promise<EngineResponse> {
  const upload = requireUpload(objects, bucket, key, uploadId);
  const root = await readXmlBody(request, 'CompleteMultipartUpload', MAX_COMPLETE_BODY);
  const listed = childElements(root, 'Part').map((part) => {
    const n = childText(part, 'PartNumber')?.trim() ?? '';
    const etag = childText(part, 'ETag');
    if (!/^\d{1,5}$/.test(n) || etag === undefined) throw malformedXml();
    return { partNumber: Number(n), etag };
  });
  // The parts keep their files while the object is assembled, even if one is uploaded again or the upload ends.
  return objects.uploads.withParts(uploadId, async (stored) => {
    const parts = chosenParts(listed, uploadId, stored);
    const temp = objects.tempPath();
    try {
      const { size } = await concatFiles(temp, parts);
      const md5s = createHash('md5');
      for (const part of parts) md5s.update(Buffer.from(part.md5, 'hex'));
      const etag = `"${md5s.digest('hex')}-${parts.length}"`;
      const info = objects.uploads.finish(uploadId, () =>
        objects.commit(bucket, key, temp, {
          size,
          etag,
          contentType: upload.contentType,
          headers: upload.headers,
        }),
      );
      if (!info) throw noSuchUpload(uploadId);
      const host = header(request, 'host') ?? 'localhost';
      const path = key.split('/').map(encodeURIComponent).join('/');
      return xmlResponse(200, 'CompleteMultipartUploadResult', {
        Location: `http://${host}/${encodeURIComponent(bucket)}/${path}`,
        Bucket: bucket,
        Key: key,
        ETag: info.etag,
      });
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  });
}

export function abortMultipartUpload(
  objects: ObjectStore,
  bucket: string,
  key: string,
  uploadId: string,
): EngineResponse {
  requireUpload(objects, bucket, key, uploadId);
  if (!objects.uploads.abort(uploadId)) throw noSuchUpload(uploadId);
  return { status: 204, headers: {} };
}

export function listParts(
  objects: ObjectStore,
  bucket: string,
  key: string,
  uploadId: string,
  request: EngineRequest,
): EngineResponse {
  requireUpload(objects, bucket, key, uploadId);
  const maxParts = Math.min(integerParam(request, 'max-parts', MAX_PAGE), MAX_PAGE);
  const marker = integerParam(request, 'part-number-marker', 0);
  const found = objects.uploads.parts(uploadId, marker, maxParts + 1);
  const page = found.slice(0, maxParts);
  return xmlResponse(200, 'ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    Initiator: OWNER,
    Owner: OWNER,
    StorageClass: 'STANDARD',
    PartNumberMarker: marker,
    NextPartNumberMarker: page.at(-1)?.partNumber,
    MaxParts: maxParts,
    IsTruncated: found.length > maxParts,
    Part: page.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: isoTime(part.modified),
      ETag: quotedMd5(part.md5),
      Size: part.size,
    })),
  });
}

export function listMultipartUploads(
  objects: ObjectStore,
  bucket: string,
  request: EngineRequest,
): EngineResponse {
  requireBucket(objects, bucket);
  const q = (name: string) => request.query.get(name)?.[0] ?? '';
  if (q('delimiter') !== '')
    throw new S3Error(
      'NotImplemented',
      501,
      'ListMultipartUploads with a delimiter is not implemented by the local engine',
    );
  const maxUploads = Math.min(integerParam(request, 'max-uploads', MAX_PAGE), MAX_PAGE);
  const prefix = q('prefix');
  const keyMarker = q('key-marker');
  // As on S3, the upload ID marker only counts together with a key marker.
  const uploadIdMarker = keyMarker === '' ? '' : q('upload-id-marker');
  // SQLite string functions stop at a NUL, and no key holds one, so such an argument can match nothing.
  if ([prefix, keyMarker, uploadIdMarker].some((value) => value.includes('\0')))
    throw new S3Error('InvalidArgument', 400, 'Listing arguments must not contain NUL');
  const { uploads, truncated } = objects.uploads.list(bucket, {
    prefix,
    keyMarker,
    uploadIdMarker,
    maxUploads,
  });
  const last = uploads.at(-1);
  return xmlResponse(200, 'ListMultipartUploadsResult', {
    Bucket: bucket,
    KeyMarker: keyMarker,
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: last?.key,
    NextUploadIdMarker: last?.uploadId,
    Prefix: prefix,
    MaxUploads: maxUploads,
    IsTruncated: truncated,
    Upload: uploads.map((upload) => ({
      Key: upload.key,
      UploadId: upload.uploadId,
      Initiator: OWNER,
      Owner: OWNER,
      StorageClass: 'STANDARD',
      Initiated: isoTime(upload.initiated),
    })),
  });
}
