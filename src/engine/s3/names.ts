// Bucket and key names as AWS documents them, checked before anything reaches the store: a name the store could not
// keep exactly (a NUL ends a string in SQLite) is refused. The rules are the manifest validator's, so a manifest
// line and an S3 request accept the same names.
import { MAX_KEY_BYTES, bucketNameProblem, objectKeyProblem } from '../../manifest/core';
import { S3Error } from './errors';

export function requireValidBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem)
    throw new S3Error('InvalidBucketName', 400, `The specified bucket is not valid: ${problem}`, {
      BucketName: name,
    });
}

export function requireValidKey(key: string): void {
  const problem = objectKeyProblem(key);
  if (problem === undefined) return;
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES)
    throw new S3Error('KeyTooLongError', 400, 'Your key is too long', {
      MaxSizeAllowed: MAX_KEY_BYTES,
      Size: size,
    });
  throw new S3Error('InvalidArgument', 400, `The object key is not valid: ${problem}`, {
    ArgumentName: 'key',
  });
}
