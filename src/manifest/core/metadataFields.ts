// Checks shared by label metadata and mask metadata: human-annotated, type, creation-date.
import type { Problem } from './problems';

export const CLASSIFICATION_TYPE = 'groundtruth/image-classification';
export const SEGMENTATION_TYPE = 'groundtruth/semantic-segmentation';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Lines repeat the same few keys; deriving each name once spares building it, and looking it up as a
// property key, on every line.
const KEY_CACHE_LIMIT = 1024;

function cached(derive: (key: string) => string): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= KEY_CACHE_LIMIT) known.clear();
      known.set(key, (value = derive(key)));
    }
    return value;
  };
}

/** `<attribute>-metadata`. */
export const metadataKeyOf = cached((attribute) => `${attribute}-metadata`);
/** The attribute a `<attribute>-metadata` key belongs to. */
export const attributeOf = cached((key) => key.slice(0, -'-metadata'.length));

// Ground Truth's own format, checked without Date.parse (which is slow on fractional seconds).
const ISO_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)?$/;

/** A date in Ground Truth's own format (digits and separators only). */
export function isGroundTruthDate(value: string): boolean {
  return ISO_DATE_TIME.test(value);
}

/** Absent, or a date in Ground Truth's format (or any other that Date.parse reads). */
export function isCreationDate(value: unknown): boolean {
  if (value === undefined) return true;
  return typeof value === 'string' && (isGroundTruthDate(value) || !Number.isNaN(Date.parse(value)));
}

export function isConfidence(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Checks what label and mask metadata share: an object with "human-annotated", the `type` of its kind and
 * a parseable "creation-date". Returns the metadata if it is an object.
 */
export function checkMetadata(
  value: unknown,
  key: string,
  type: string,
  problems: Problem[],
): JsonObject | undefined {
  if (!isObject(value)) {
    problems.push({
      code: 'metadata-not-object',
      message: `"${key}" must be an object`,
      path: [key],
      target: 'value',
    });
    return undefined;
  }
  checkHumanAnnotated(value, key, problems);
  checkType(value, key, type, problems);
  checkCreationDate(value, key, problems);
  return value;
}

function checkHumanAnnotated(metadata: JsonObject, key: string, problems: Problem[]): void {
  const value = metadata['human-annotated'];
  if (value === undefined) {
    problems.push({
      code: 'human-annotated-missing',
      message: `"${key}" has no "human-annotated" ("yes" or "no")`,
      path: [key],
      target: 'key',
      fix: { title: 'Add "human-annotated": "yes"', addKey: 'human-annotated', addValue: 'yes' },
    });
    return;
  }
  if (value === 'yes' || value === 'no') return;
  const suggestion = suggestYesNo(value);
  problems.push({
    code: 'human-annotated-invalid',
    message: `"human-annotated" is ${JSON.stringify(value)}; it must be "yes" or "no"`,
    path: [key, 'human-annotated'],
    target: 'value',
    ...(suggestion ? { fix: { title: `Change to "${suggestion}"`, replaceWith: suggestion } } : {}),
  });
}

function suggestYesNo(value: unknown): 'yes' | 'no' | undefined {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : String(value);
  if (['yes', 'y', 'true'].includes(text)) return 'yes';
  if (['no', 'n', 'false'].includes(text)) return 'no';
  return undefined;
}

function checkType(metadata: JsonObject, key: string, expected: string, problems: Problem[]): void {
  const value = metadata['type'];
  if (value === expected) return;
  if (value === undefined) {
    problems.push({
      code: 'type-missing',
      message: `"${key}" has no "type" (expected "${expected}")`,
      path: [key],
      target: 'key',
      fix: { title: `Add "type": "${expected}"`, addKey: 'type', addValue: expected },
    });
    return;
  }
  problems.push({
    code: 'type-invalid',
    message: `"type" of "${key}" is ${JSON.stringify(value)}; expected "${expected}"`,
    path: [key, 'type'],
    target: 'value',
    fix: { title: `Change to "${expected}"`, replaceWith: expected },
  });
}

function checkCreationDate(metadata: JsonObject, key: string, problems: Problem[]): void {
  const value = metadata['creation-date'];
  if (isCreationDate(value)) return;
  problems.push({
    code: 'creation-date-invalid',
    message: `"creation-date" ${JSON.stringify(value)} is not a date (e.g. "2020-11-10T03:37:09.600")`,
    path: [key, 'creation-date'],
    target: 'value',
  });
}

export function checkConfidence(metadata: JsonObject, key: string, problems: Problem[]): void {
  const value = metadata['confidence'];
  if (value === undefined || isConfidence(value)) return;
  problems.push({
    code: 'confidence-invalid',
    message: `"confidence" is ${JSON.stringify(value)}; it must be a number (it is not used: 1 is customary)`,
    path: [key, 'confidence'],
    target: 'value',
    fix: { title: 'Change to 1', replaceWith: 1 },
  });
}
