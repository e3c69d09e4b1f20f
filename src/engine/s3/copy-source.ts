// The source object of CopyObject and UploadPartCopy, named by x-amz-copy-source: "[/]bucket/key[?versionId=…]",
// URL-encoded. Versions do not exist here, so a version ID is ignored.
import { header, type EngineRequest } from '../http/request';
import type { ObjectInfo, ObjectStore } from '../store/objects';
import { requireBucket } from './bucket';
import { S3Error } from './errors';

export interface CopySource {
  bucket: string;
  key: string;
}

export function parseCopySource(request: EngineRequest): CopySource {
  const value = header(request, 'x-amz-copy-source') ?? '';
  const invalid = () =>
    new S3Error(
      'InvalidArgument',
      400,
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      {
        ArgumentName: 'x-amz-copy-source',
        ArgumentValue: value,
      },
    );
  // A '?' in the bucket or key is percent-encoded, so the first literal one starts the version ID.
  const path = value.split('?')[0].replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  try {
    return {
      bucket: decodeURIComponent(path.slice(0, slash)),
      key: decodeURIComponent(path.slice(slash + 1)),
    };
  } catch {
    throw invalid();
  }
}

/**
 * Runs `use` on the source object and the file holding its bytes. A source replaced or deleted meanwhile has its old
 * file removed (files are never rewritten): `use` then fails with ENOENT and runs again on what the key holds now.
 */
export async function withSourceFile<T>(
  objects: ObjectStore,
  source: CopySource,
  use: (info: ObjectInfo, path: string) => Promise<T>,
): Promise<T> {
  requireBucket(objects, source.bucket);
  for (let attempt = 1; ; attempt++) {
    const found = objects.file(source.bucket, source.key);
    if (!found) throw new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: source.key });
    try {
      return await use(found.info, found.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 4) throw err;
    }
  }
}
