// Prepares a manifest from the workspace for the service: image and mask references that are local
// paths (relative to the manifest, as in the Developer Guide's template manifest) are uploaded to the
// project's bucket and rewritten to s3:// URIs; s3:// references are kept as they are.
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { readImageFile, sameDimensions } from './imageFile';
import { putObject, s3Uri } from './objectStore';

/** Manifest keys that reference an object: `source-ref` and segmentation mask keys ending in `-ref`. */
function isReferenceKey(key: string): boolean {
  return key === 'source-ref' || key.endsWith('-ref');
}

export async function readManifestLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`${basename(path)} has no entries`);
  lines.forEach((line, i) => {
    try {
      const parsed: unknown = JSON.parse(line);
      if (
        typeof parsed !== 'object' ||
        parsed === null ||
        typeof (parsed as Record<string, unknown>)['source-ref'] !== 'string'
      ) {
        throw new Error('no "source-ref"');
      }
    } catch (err) {
      throw new Error(`${basename(path)} line ${i + 1} is not a manifest entry: ${(err as Error).message}`);
    }
  });
  return lines;
}

export async function uploadManifestImages(
  s3: S3Client,
  manifestPath: string,
  bucket: string,
  prefix: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<string[]> {
  const lines = await readManifestLines(manifestPath);
  const base = dirname(manifestPath);
  const uploaded = new Map<string, string>();
  const out: string[] = [];
  const checkSize = sameDimensions();
  for (const [i, line] of lines.entries()) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    for (const [key, value] of Object.entries(entry)) {
      if (!isReferenceKey(key) || typeof value !== 'string' || value.startsWith('s3://')) continue;
      const local = isAbsolute(value) ? value : resolve(base, value);
      let uri = uploaded.get(local);
      if (!uri) {
        const objectKey = `${prefix}${value.replace(/^(\.\.?\/)+/, '').replace(/\\/g, '/')}`;
        const file = await readImageFile(local).catch((err: Error) => {
          throw new Error(`line ${i + 1}: cannot read ${value}: ${err.message}`);
        });
        if (key === 'source-ref') checkSize(`${value} (line ${i + 1})`, file);
        await putObject(s3, bucket, objectKey, file.bytes, file.contentType);
        uri = s3Uri(bucket, objectKey);
        uploaded.set(local, uri);
      }
      entry[key] = uri;
    }
    out.push(JSON.stringify(entry));
    onProgress(i + 1, lines.length);
  }
  return out;
}
