// Routes the operations beyond single-object reads and writes: multipart upload, CopyObject, DeleteObjects, and the
// (empty) tag set of an object.
import { header, type EngineRequest, type EngineResponse } from '../http/request';
import type { ObjectStore } from '../store/objects';
import { copyObject } from './copy-object';
import { deleteObjects } from './delete-objects';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart';
import { getObjectTagging } from './object-tagging';

/** The response to one of these operations, or undefined when the request is none of them. */
export async function routeExtended(
  objects: ObjectStore,
  request: EngineRequest,
  bucket: string,
  key: string,
): Promise<EngineResponse | undefined> {
  const { method, query } = request;
  if (key === '') {
    if (method === 'GET' && query.has('uploads')) return listMultipartUploads(objects, bucket, request);
    if (method === 'POST' && query.has('delete')) return deleteObjects(objects, bucket, request);
    return undefined;
  }
  const uploadId = query.get('uploadId')?.[0];
  if (uploadId !== undefined) {
    switch (method) {
      case 'PUT':
        return uploadPart(objects, bucket, key, uploadId, request);
      case 'POST':
        return completeMultipartUpload(objects, bucket, key, uploadId, request);
      case 'DELETE':
        return abortMultipartUpload(objects, bucket, key, uploadId);
      case 'GET':
        return listParts(objects, bucket, key, uploadId, request);
      default:
        return undefined;
    }
  }
  if (method === 'POST' && query.has('uploads')) return createMultipartUpload(objects, bucket, key, request);
  if (method === 'PUT' && header(request, 'x-amz-copy-source') !== undefined)
    return copyObject(objects, bucket, key, request);
  if (method === 'GET' && query.has('tagging')) return getObjectTagging(objects, bucket, key);
  return undefined;
}
