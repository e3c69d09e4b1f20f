// Validates one manifest line on its own, in full: JSON.parse plus plain property checks; only a line with
// problems is re-read positionally to place its diagnostics. (LineValidator spares most lines of a manifest
// even this, once it has seen their layout.)
import { checkLabelMetadata } from './labelMetadata';
import { checkMask } from './maskMetadata';
import { entryFacts } from './entryFacts';
import { keyLayoutOf } from './keyLayout';
import { MAX_NESTING, excessNestingAt } from './lineTree';
import { CLASSIFICATION_TYPE, isObject, metadataKeyOf, type JsonObject } from './metadataFields';
import { resolveProblems, type Problem } from './problems';
import { severityOf } from './rules';
import { missingFileProblem, misspeltFix } from './referenceProblems';
import { isMissingLocalFile, parseReference, type ValidationOptions } from './reference';
import { hasImageExtension } from './s3Uri';
import { syntaxDiagnostic } from './syntaxError';
import type { ImageClass, LineDiagnostic, LineResult, ManifestEntryFacts, MaskFacts } from './types';

/** The longest dataset entry the API accepts (DatasetEntry, 2..8192 characters). */
export const MAX_LINE_LENGTH = 8192;
/**
 * Lines longer than this are only reported too long: a line of megabytes (a file that is not a manifest, or a
 * hostile one) would take seconds to check, key by key, on every edit.
 */
const MAX_CHECKED_LENGTH = 16 * MAX_LINE_LENGTH;

const NO_DIAGNOSTICS: readonly LineDiagnostic[] = [];
const BLANK: LineResult = { diagnostics: NO_DIAGNOSTICS, hasErrors: false };

export function isBlankResult(result: LineResult): boolean {
  return result === BLANK;
}

/** The result of a line without problems. */
export function cleanResult(facts: ManifestEntryFacts): LineResult {
  return { facts, diagnostics: NO_DIAGNOSTICS, hasErrors: false };
}

export function parseManifestLine(text: string, options: ValidationOptions = {}): LineResult {
  if (text.trim() === '') return BLANK;
  const extra: LineDiagnostic[] = [];
  if (text.length > MAX_LINE_LENGTH) {
    const unchecked = text.length > MAX_CHECKED_LENGTH;
    extra.push({
      code: 'line-too-long',
      severity: severityOf('line-too-long'),
      message:
        `the line has ${text.length} characters; a dataset entry may have at most ${MAX_LINE_LENGTH}` +
        (unchecked ? ' (a line this long is not checked further)' : ''),
      start: MAX_LINE_LENGTH,
      end: text.length,
    });
    if (unchecked) return result(undefined, extra);
  }
  const deep = excessNestingAt(text);
  if (deep >= 0) {
    const tooDeep: LineDiagnostic = {
      code: 'nesting-too-deep',
      severity: severityOf('nesting-too-deep'),
      message: `objects and arrays are nested more than ${MAX_NESTING} levels deep here, far deeper than any manifest line`,
      start: deep,
      end: text.trimEnd().length,
    };
    return result(undefined, [tooDeep, ...extra]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return result(undefined, [syntaxDiagnostic(text, (error as Error).message), ...extra]);
  }
  if (!isObject(value)) {
    const start = text.length - text.trimStart().length;
    const notObject: LineDiagnostic = {
      code: 'not-object',
      severity: severityOf('not-object'),
      message: `a manifest line must be a JSON object, not ${Array.isArray(value) ? 'an array' : typeof value}`,
      start,
      end: text.trimEnd().length,
    };
    return result(undefined, [notObject, ...extra]);
  }
  const problems: Problem[] = [];
  const facts = checkEntry(value, problems, options);
  if (problems.length === 0 && extra.length === 0) return cleanResult(facts);
  return result(facts, [...resolveProblems(text, problems), ...extra]);
}

function result(facts: ManifestEntryFacts | undefined, diagnostics: LineDiagnostic[]): LineResult {
  diagnostics.sort((a, b) => a.start - b.start);
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return facts ? { facts, diagnostics, hasErrors } : { diagnostics, hasErrors };
}

function checkEntry(line: JsonObject, problems: Problem[], options: ValidationOptions): ManifestEntryFacts {
  const source = checkSourceRef(line['source-ref'], problems, options);
  const { labels, masks, problems: keyProblems } = keyLayoutOf(line);
  for (const problem of keyProblems) problems.push(problem);
  const labelAttribute = chooseLabel(line, labels);
  let imageClass: ImageClass = 'unlabeled';
  for (const attribute of labels) {
    const found = checkLabelMetadata(line[metadataKeyOf(attribute)], attribute, problems, line[attribute]);
    if (attribute === labelAttribute) imageClass = found;
  }
  let mask: MaskFacts | undefined;
  for (const attribute of masks) {
    const facts = checkMask(line, attribute, source.bucket, problems, options);
    mask ??= facts;
  }
  return entryFacts(source.sourceRef, source.bucket, source.key, labelAttribute, imageClass, mask);
}

interface SourceFacts {
  sourceRef: string | undefined;
  bucket: string | undefined;
  key: string | undefined;
}

const NO_SOURCE: SourceFacts = { sourceRef: undefined, bucket: undefined, key: undefined };

function checkSourceRef(ref: unknown, problems: Problem[], options: ValidationOptions): SourceFacts {
  if (ref === undefined) {
    problems.push({
      code: 'source-ref-missing',
      message: 'the line has no "source-ref"',
      path: [],
      target: 'key',
    });
    return NO_SOURCE;
  }
  if (typeof ref !== 'string') {
    problems.push({
      code: 'source-ref-invalid',
      message: '"source-ref" must be a string: s3://bucket/key',
      path: ['source-ref'],
      target: 'value',
    });
    return NO_SOURCE;
  }
  const location = parseReference(ref, options);
  if (typeof location === 'string') {
    const fix = misspeltFix(ref);
    problems.push({
      code: 'source-ref-invalid',
      message: location,
      path: ['source-ref'],
      target: 'value',
      ...(fix ? { fix } : {}),
    });
    return { sourceRef: ref, bucket: undefined, key: undefined };
  }
  if (!hasImageExtension(location.key)) {
    problems.push({
      code: 'image-extension',
      message: `"${location.key}" is not a PNG or JPEG file name (.png, .jpg, .jpeg)`,
      path: ['source-ref'],
      target: 'value',
    });
  }
  if (isMissingLocalFile(location, options))
    problems.push(missingFileProblem('the image', location.key, 'source-ref'));
  return { sourceRef: ref, bucket: location.bucket, key: location.key };
}

/** The label attribute that decides the class: the first image-classification one. */
function chooseLabel(line: JsonObject, labels: readonly string[]): string | undefined {
  if (labels.length < 2) return labels[0];
  const classification = labels.find((attribute) => {
    const metadata = line[metadataKeyOf(attribute)];
    return isObject(metadata) && metadata['type'] === CLASSIFICATION_TYPE;
  });
  return classification ?? labels[0];
}
