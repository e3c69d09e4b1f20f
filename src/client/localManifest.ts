// Prepares a manifest from the workspace for the service: image and mask references that are local
// paths (relative to the manifest, as in the Developer Guide's template manifest) are uploaded to the
// project's bucket and rewritten to s3:// URIs; s3:// references are kept as they are.
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { readImageFile, sameDimensions } from './imageFile';
import { putObject, s3Uri } from './objectStore';
import { objectKeyProblem, splitLines } from '../manifest/core';

/** Manifest keys that reference an object: `source-ref` and segmentation mask keys ending in `-ref`. */
function isReferenceKey(key: string): boolean {
  return key === 'source-ref' || key.endsWith('-ref');
}

/** An entry of a local manifest, with its line number in the file (1-based). */
export interface ManifestFileEntry {
  entry: Record<string, unknown>;
  number: number;
}

/**
 * The entries of a local manifest, read as the editor and the linter read it: a leading byte order mark is not part
 * of the first line, and lines end at CR LF, LF or CR. Blank lines are skipped; a line that is not a JSON object
 * with a source-ref is an error naming it.
 */
export async function readManifestEntries(path: string): Promise<ManifestFileEntry[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const entries: ManifestFileEntry[] = [];
  for (const [i, line] of splitLines(text).entries()) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (
        typeof parsed !== 'object' ||
        parsed === null ||
        typeof (parsed as Record<string, unknown>)['source-ref'] !== 'string'
      ) {
        throw new Error('no "source-ref"');
      }
      entries.push({ entry: parsed as Record<string, unknown>, number: i + 1 });
    } catch (err) {
      throw new Error(`${basename(path)} line ${i + 1} is not a manifest entry: ${(err as Error).message}`);
    }
  }
  if (entries.length === 0) throw new Error(`${basename(path)} has no entries`);
  return entries;
}

/**
 * The entry's references that are not s3:// URIs, each with the local file it names (absolute, or relative to the
 * manifest's folder `base`).
 */
function localReferences(entry: Record<string, unknown>, base: string) {
  const found: { key: string; value: string; local: string }[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (!isReferenceKey(key) || typeof value !== 'string' || value.startsWith('s3://')) continue;
    found.push({ key, value, local: isAbsolute(value) ? value : resolve(base, value) });
  }
  return found;
}

/**
 * Where each local reference goes: under `prefix`, at its path relative to the manifest (leading ./ and ../
 * dropped). Checked before anything is sent, so a bad name stops the upload before its first image: a key S3 cannot
 * hold, and two files that would land on one key (a.png and ../a.png), are errors naming their lines.
 */
function planUploads(entries: ManifestFileEntry[], base: string, prefix: string): Map<string, string> {
  const keyOf = new Map<string, string>();
  const byKey = new Map<string, { local: string; value: string; number: number }>();
  for (const { entry, number } of entries) {
    for (const { value, local } of localReferences(entry, base)) {
      if (keyOf.has(local)) continue;
      const objectKey = `${prefix}${value.replace(/\\/g, '/').replace(/^(\.\.?\/)+/, '')}`;
      const problem = objectKeyProblem(objectKey);
      if (problem) throw new Error(`line ${number}: ${value} cannot be uploaded under that name: ${problem}`);
      const other = byKey.get(objectKey);
      if (other && other.local !== local)
        throw new Error(
          `line ${number}: ${value} and ${other.value} (line ${other.number}) would both be uploaded as ${objectKey}; rename one of them`,
        );
      byKey.set(objectKey, { local, value, number });
      keyOf.set(local, objectKey);
    }
  }
  return keyOf;
}

export async function uploadManifestImages(
  s3: S3Client,
  manifestPath: string,
  bucket: string,
  prefix: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<string[]> {
  const entries = await readManifestEntries(manifestPath);
  const base = dirname(manifestPath);
  const keyOf = planUploads(entries, base, prefix);
  const sent = new Set<string>();
  const out: string[] = [];
  const checkSize = sameDimensions();
  for (const [i, { entry, number }] of entries.entries()) {
    for (const { key, value, local } of localReferences(entry, base)) {
      const objectKey = keyOf.get(local)!;
      if (!sent.has(local)) {
        const file = await readImageFile(local).catch((err: Error) => {
          throw new Error(`line ${number}: cannot read ${value}: ${err.message}`);
        });
        if (key === 'source-ref') checkSize(`${value} (line ${number})`, file);
        await putObject(s3, bucket, objectKey, file.bytes, file.contentType);
        sent.add(local);
      }
      entry[key] = s3Uri(bucket, objectKey);
    }
    out.push(JSON.stringify(entry));
    onProgress(i + 1, entries.length);
  }
  return out;
}
