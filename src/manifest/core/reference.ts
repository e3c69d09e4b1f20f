// Image and mask references: `s3://bucket/key`, or, where the caller allows it, a local path relative to
// the manifest (the Developer Guide's template manifest does this; the extension uploads such files).
import { parseS3Uri } from './s3Uri';

export interface ValidationOptions {
  /** Accept local paths as references (workspace manifests); the service accepts s3:// only. */
  readonly localPaths?: boolean;
}

export interface Reference {
  /** Undefined for a local path. */
  readonly bucket: string | undefined;
  /** The object key, or the local path. */
  readonly key: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The reference, or a sentence saying what is wrong with it. */
export function parseReference(ref: string, options: ValidationOptions): Reference | string {
  if (!options.localPaths || ref.startsWith('s3://')) return parseS3Uri(ref);
  if (ref.trim() === '')
    return 'the reference is empty (expected s3://bucket/key or a path relative to the manifest)';
  if (SCHEME.test(ref)) return `"${ref}" is neither an s3:// reference nor a local path`;
  return { bucket: undefined, key: ref };
}
