// Validates one manifest line on its own: the fast path is JSON.parse plus plain property checks; only a
// line with problems is re-read positionally to place its diagnostics.
import { checkLabelMetadata } from './labelMetadata';
import { checkMask } from './maskMetadata';
import { CLASSIFICATION_TYPE, attributeOf, isObject, metadataKeyOf, type JsonObject } from './metadataFields';
import { resolveProblems, type Problem } from './problems';
import { severityOf } from './rules';
import { parseReference, type ValidationOptions } from './reference';
import { hasImageExtension } from './s3Uri';
import { syntaxDiagnostic } from './syntaxError';
import type {
  ColorMapEntry,
  ImageClass,
  LineDiagnostic,
  LineResult,
  ManifestEntryFacts,
  MaskFacts,
} from './types';

/** The longest dataset entry the API accepts (DatasetEntry, 2..8192 characters). */
export const MAX_LINE_LENGTH = 8192;

const NO_DIAGNOSTICS: readonly LineDiagnostic[] = [];
const BLANK: LineResult = { diagnostics: NO_DIAGNOSTICS, hasErrors: false };

export function isBlankResult(result: LineResult): boolean {
  return result === BLANK;
}

export function parseManifestLine(text: string, options: ValidationOptions = {}): LineResult {
  if (text.trim() === '') return BLANK;
  const extra: LineDiagnostic[] = [];
  if (text.length > MAX_LINE_LENGTH) {
    extra.push({
      code: 'line-too-long',
      severity: severityOf('line-too-long'),
      message: `the line has ${text.length} characters; a dataset entry may have at most ${MAX_LINE_LENGTH}`,
      start: MAX_LINE_LENGTH,
      end: text.length,
    });
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
  if (problems.length === 0 && extra.length === 0)
    return { facts, diagnostics: NO_DIAGNOSTICS, hasErrors: false };
  return result(facts, [...resolveProblems(text, problems), ...extra]);
}

function result(facts: ManifestEntryFacts | undefined, diagnostics: LineDiagnostic[]): LineResult {
  diagnostics.sort((a, b) => a.start - b.start);
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return facts ? { facts, diagnostics, hasErrors } : { diagnostics, hasErrors };
}

function checkEntry(line: JsonObject, problems: Problem[], options: ValidationOptions): ManifestEntryFacts {
  const source = checkSourceRef(line['source-ref'], problems, options);
  const labels: string[] = [];
  const masks: string[] = [];
  const unpaired: string[] = [];
  for (const key in line) {
    if (key === 'source-ref' || key === 'source-ref-metadata') continue;
    if (key.endsWith('-metadata')) {
      const base = attributeOf(key);
      if (!Object.hasOwn(line, base)) {
        const mask = base.endsWith('-ref');
        problems.push({
          code: mask ? 'mask-ref-missing' : 'label-attribute-missing',
          message: `"${key}" has no matching "${base}" ${mask ? 'mask reference' : 'label attribute'}`,
          path: [key],
          target: 'key',
        });
      }
    } else if (Object.hasOwn(line, metadataKeyOf(key))) {
      (key.endsWith('-ref') ? masks : labels).push(key);
    } else if (key.endsWith('-ref')) {
      problems.push({
        code: 'mask-metadata-missing',
        message: `the mask "${key}" has no "${key}-metadata"`,
        path: [key],
        target: 'key',
      });
    } else {
      unpaired.push(key);
    }
  }
  const labelAttribute = chooseLabel(line, labels);
  let imageClass: ImageClass = 'unlabeled';
  for (const attribute of labels) {
    const found = checkLabelMetadata(line[metadataKeyOf(attribute)], attribute, problems);
    if (attribute === labelAttribute) imageClass = found;
  }
  if (labelAttribute === undefined) reportUnlabeled(unpaired, problems);
  let mask: MaskFacts | undefined;
  for (const attribute of masks) {
    const facts = checkMask(line, attribute, source.bucket, problems, options);
    mask ??= facts;
  }
  // One object literal with a fixed shape: spreading optional parts here costs more than the JSON parse.
  return {
    sourceRef: source.sourceRef,
    bucket: source.bucket,
    key: source.key,
    labelAttribute,
    imageClass,
    kind: mask ? 'segmentation' : 'classification',
    mask,
    anomalyLabels: mask ? anomalyLabelsOf(mask) : NO_LABELS,
  };
}

const NO_LABELS: readonly string[] = [];

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
    problems.push({ code: 'source-ref-invalid', message: location, path: ['source-ref'], target: 'value' });
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
  return { sourceRef: ref, bucket: location.bucket, key: location.key };
}

/** The label attribute that decides the class: the first image-classification one. */
function chooseLabel(line: JsonObject, labels: string[]): string | undefined {
  if (labels.length < 2) return labels[0];
  const classification = labels.find((attribute) => {
    const metadata = line[metadataKeyOf(attribute)];
    return isObject(metadata) && metadata['type'] === CLASSIFICATION_TYPE;
  });
  return classification ?? labels[0];
}

function reportUnlabeled(unpaired: string[], problems: Problem[]): void {
  const orphan = unpaired[0];
  if (orphan !== undefined) {
    problems.push({
      code: 'label-metadata-missing',
      message: `"${orphan}" has no "${orphan}-metadata": the image is imported unlabeled`,
      path: [orphan],
      target: 'key',
    });
    return;
  }
  problems.push({
    code: 'unlabeled',
    message: 'no label attribute and "<label>-metadata": the image is imported unlabeled',
    path: [],
    target: 'key',
  });
}

// Color maps are shared between lines (see checkColorMap), and so are their labels.
const labelsByMap = new WeakMap<readonly ColorMapEntry[], readonly string[]>();

function anomalyLabelsOf(mask: MaskFacts): readonly string[] {
  const known = labelsByMap.get(mask.colorMap);
  if (known) return known;
  const names: string[] = [];
  for (const entry of mask.colorMap) {
    const name = entry.className;
    if (entry.index !== '0' && name !== '' && name !== 'BACKGROUND' && !names.includes(name))
      names.push(name);
  }
  labelsByMap.set(mask.colorMap, names);
  return names;
}
