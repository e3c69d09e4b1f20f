import type { ObjectStore } from '../store/objects';
import { S3Error } from './errors';

export function requireBucket(objects: ObjectStore, bucket: string): void {
  if (!objects.bucketExists(bucket))
    throw new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
}
