// Problems of image and mask references shared by the source-ref and mask rules: the fix of a misspelt s3://
// reference, and a local path that names no file.
import type { Problem, ProblemFix } from './problems';
import { misspeltS3Uri } from './reference';

/** Rewrites a misspelt s3 reference to the `s3://bucket/key` it meant, when that is a valid reference. */
export function misspeltFix(ref: string): ProblemFix | undefined {
  const meant = misspeltS3Uri(ref)?.meant;
  return meant === undefined ? undefined : { title: `Change to "${meant}"`, replaceWith: meant };
}

export function missingFileProblem(what: string, path: string, attribute: string): Problem {
  return {
    code: 'local-file-missing',
    message: `${what} "${path}" does not exist (local paths are relative to the manifest)`,
    path: [attribute],
    target: 'value',
  };
}
