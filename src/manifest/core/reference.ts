// Image and mask references: `s3://bucket/key`, or, where the caller allows it, a local path relative to
// the manifest (the Developer Guide's template manifest does this; the extension uploads such files).
import { parseS3Uri } from './s3Uri';

export interface ValidationOptions {
  /** Accept local paths as references (workspace manifests); the service accepts s3:// only. */
  readonly localPaths?: boolean;
  /**
   * Whether a local path (as written in the manifest) names an existing file. Given where the caller can see
   * the file system (a file-backed editor document, the CLI); without it local paths are not checked.
   */
  readonly pathExists?: (path: string) => boolean;
}

export interface Reference {
  /** Undefined for a local path. */
  readonly bucket: string | undefined;
  /** The object key, or the local path. */
  readonly key: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// `s3:/`, `s3//`, `S3://`, `s3:\\`, `s3:` without slashes, `s3:///`: an s3:// reference typed wrong.
const S3_LIKE = /^s3(?::[\\/]*|[\\/]{2,})/i;

/** The `s3://bucket/key` that a misspelt s3 reference meant, if it looks like one and that URI is valid. */
export function misspeltS3Uri(ref: string): { meant: string | undefined } | undefined {
  const prefix = S3_LIKE.exec(ref)?.[0];
  // Exactly "s3://" (the pattern takes every slash after it): not misspelt, whatever else is wrong.
  if (prefix === undefined || prefix === 's3://') return undefined;
  const rest = ref.slice(prefix.length);
  // A Windows-style prefix comes with Windows-style separators in the key.
  const meant = `s3://${prefix.includes('\\') ? rest.replace(/\\/g, '/') : rest}`;
  return { meant: typeof parseS3Uri(meant) === 'string' ? undefined : meant };
}

/** The reference, or a sentence saying what is wrong with it. */
export function parseReference(ref: string, options: ValidationOptions): Reference | string {
  // The common case first: every line of a manifest checks its references here.
  if (ref.startsWith('s3://') && ref.charCodeAt(5) !== 0x2f) return parseS3Uri(ref);
  // Only a reference that starts like "s3" pays for the test.
  const misspelt = (ref.charCodeAt(1) === 0x33 && misspeltS3Uri(ref)) || undefined;
  if (misspelt)
    return misspelt.meant
      ? `"${ref}" is a misspelt s3:// reference: it should read "${misspelt.meant}"`
      : `"${ref}" looks like a misspelt s3:// reference (expected s3://bucket/key)`;
  if (!options.localPaths || ref.startsWith('s3://')) return parseS3Uri(ref);
  if (ref.trim() === '')
    return 'the reference is empty (expected s3://bucket/key or a path relative to the manifest)';
  if (SCHEME.test(ref)) return `"${ref}" is neither an s3:// reference nor a local path`;
  return { bucket: undefined, key: ref };
}

/** Whether a parsed reference is a local path that the caller's file system lacks. */
export function isMissingLocalFile(reference: Reference, options: ValidationOptions): boolean {
  return (
    reference.bucket === undefined && options.pathExists !== undefined && !options.pathExists(reference.key)
  );
}

/** The options with `pathExists` asked once per path: lines are re-checked far more often than files change. */
export function withCachedExistence(options: ValidationOptions): ValidationOptions {
  const exists = options.pathExists;
  if (!exists) return options;
  const known = new Map<string, boolean>();
  return {
    ...options,
    pathExists: (path) => {
      let found = known.get(path);
      if (found === undefined) known.set(path, (found = exists(path)));
      return found;
    },
  };
}
