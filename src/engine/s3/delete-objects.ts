// DeleteObjects: POST /bucket?delete with up to 1000 keys. A key that does not exist is reported deleted, as on S3;
// Quiet mode reports only the errors.
import type { EngineRequest, EngineResponse } from '../http/request';
import type { ObjectStore } from '../store/objects';
import { requireBucket } from './bucket';
import { S3Error } from './errors';
import { requireValidKey } from './names';
import { childElements, childText, malformedXml, readXmlBody } from './xml-body';
import { xmlResponse } from './xml-response';
import type { XmlNode } from './xml';

const MAX_KEYS = 1000;
// 1000 keys of 1024 bytes, even with every character escaped, and room to see that more were sent.
const MAX_BODY = 8 * 1024 * 1024;

export async function deleteObjects(
  objects: ObjectStore,
  bucket: string,
  request: EngineRequest,
): Promise<EngineResponse> {
  requireBucket(objects, bucket);
  const root = await readXmlBody(request, 'Delete', MAX_BODY);
  const quiet = (childText(root, 'Quiet') ?? 'false').trim().toLowerCase() === 'true';
  const items = childElements(root, 'Object');
  if (items.length === 0 || items.length > MAX_KEYS) throw malformedXml();
  const requested = items.map((item) => {
    const key = childText(item, 'Key');
    if (!key) throw malformedXml();
    return { key, versionId: childText(item, 'VersionId') };
  });
  const deleted: XmlNode[] = [];
  const errors: XmlNode[] = [];
  for (const { key, versionId } of requested) {
    // Objects have no versions here, so the only version there is is the "null" one.
    if (versionId !== undefined && versionId !== 'null') {
      errors.push({
        Key: key,
        VersionId: versionId,
        Code: 'NoSuchVersion',
        Message: 'The specified version does not exist.',
      });
      continue;
    }
    try {
      requireValidKey(key);
    } catch (err) {
      if (!(err instanceof S3Error)) throw err;
      errors.push({ Key: key, Code: err.code, Message: err.message });
      continue;
    }
    objects.delete(bucket, key);
    if (!quiet) deleted.push({ Key: key, VersionId: versionId });
  }
  return xmlResponse(200, 'DeleteResult', { Deleted: deleted, Error: errors });
}
