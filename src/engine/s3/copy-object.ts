// CopyObject: PUT with x-amz-copy-source. The bytes are copied file to file; the metadata directive says whether the
// content type, stored headers and user metadata come from the source (COPY, the default) or this request (REPLACE).
import { rm } from 'node:fs/promises';
import { header, type EngineRequest, type EngineResponse } from '../http/request';
import type { ObjectStore } from '../store/objects';
import { copyFileSynced, md5OfFile } from '../store/file-bytes';
import { requireBucket } from './bucket';
import { parseCopySource, withSourceFile } from './copy-source';
import { S3Error } from './errors';
import { requestMetadata } from './object-metadata';
import { requireValidKey } from './names';
import { xmlResponse } from './xml-response';

export async function copyObject(
  objects: ObjectStore,
  bucket: string,
  key: string,
  request: EngineRequest,
): Promise<EngineResponse> {
  requireBucket(objects, bucket);
  requireValidKey(key);
  const source = parseCopySource(request);
  const directive = header(request, 'x-amz-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw new S3Error('InvalidArgument', 400, 'Unknown metadata directive.', {
      ArgumentName: 'x-amz-metadata-directive',
      ArgumentValue: directive,
    });
  if (source.bucket === bucket && source.key === key && directive === 'COPY')
    throw new S3Error(
      'InvalidRequest',
      400,
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  const replaced = directive === 'REPLACE' ? requestMetadata(request) : undefined;
  const temp = objects.tempPath();
  try {
    const info = await withSourceFile(objects, source, async (sourceInfo, path) => {
      await copyFileSynced(path, temp);
      // The copy is stored in one piece, so a multipart source's "-N" ETag becomes the MD5 of its bytes, as on S3.
      const etag = sourceInfo.etag.includes('-')
        ? `"${(await md5OfFile(temp)).toString('hex')}"`
        : sourceInfo.etag;
      const { contentType, headers } = replaced ?? sourceInfo;
      return objects.commit(bucket, key, temp, { size: sourceInfo.size, etag, contentType, headers });
    });
    return xmlResponse(200, 'CopyObjectResult', {
      ETag: info.etag,
      LastModified: new Date(info.modified * 1000).toISOString(),
    });
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
