// What the engine needs to know of one dataset JSON line: the image, its class and, for segmentation, the mask and
// its colour map. The rules themselves are the manifest validator's (src/manifest/core), so the editor, the CLI and
// the engine accept and refuse the same lines.
import { parseManifestLine, type ManifestEntryFacts } from '../../manifest/core';

export type AnomalyClass = 'normal' | 'anomaly';

export interface S3Ref {
  bucket: string;
  key: string;
}

export interface EntryFacts {
  sourceRef: string;
  image: S3Ref;
  /** undefined = unlabeled (imported, ignored by training). */
  anomalyClass?: AnomalyClass;
  mask?: { ref: string; object: S3Ref; labels: { name: string; color: string }[] };
}

/** Facts of a line the validator found no error in (only such lines reach the store). */
export function toEntryFacts(facts: ManifestEntryFacts): EntryFacts {
  const entry: EntryFacts = {
    sourceRef: facts.sourceRef!,
    image: { bucket: facts.bucket!, key: facts.key! },
  };
  if (facts.imageClass !== 'unlabeled') entry.anomalyClass = facts.imageClass;
  if (facts.mask?.bucket && facts.mask.key) {
    entry.mask = {
      ref: facts.mask.ref,
      object: { bucket: facts.mask.bucket, key: facts.mask.key },
      labels: facts.mask.colorMap
        .filter((c) => c.index !== '0' && c.className.toUpperCase() !== 'BACKGROUND')
        .map((c) => ({ name: c.className, color: c.hexColor.toLowerCase() })),
    };
  }
  return entry;
}

/** Parses a stored dataset line; a message when it does not hold an importable entry. */
export function parseEntryLine(line: string): EntryFacts | string {
  const result = parseManifestLine(line);
  const error = result.diagnostics.find((d) => d.severity === 'error');
  if (error) return error.message;
  if (!result.facts?.sourceRef) return 'the line has no source-ref';
  return toEntryFacts(result.facts);
}
