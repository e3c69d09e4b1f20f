// GetObjectTagging: objects here carry no tags, so every existing object has an empty tag set. The AWS CLI reads it
// before a multipart copy, to carry the tags over.
import type { EngineResponse } from '../http/request';
import type { ObjectStore } from '../store/objects';
import { requireBucket } from './bucket';
import { S3Error } from './errors';
import { xmlResponse } from './xml-response';

export function getObjectTagging(objects: ObjectStore, bucket: string, key: string): EngineResponse {
  requireBucket(objects, bucket);
  if (!objects.head(bucket, key))
    throw new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
  return xmlResponse(200, 'Tagging', { TagSet: {} });
}
