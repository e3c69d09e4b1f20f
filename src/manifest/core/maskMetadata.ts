// Rules for a segmentation mask: `<name>-ref` and `<name>-ref-metadata` (DG: manifest-file-segmentation).
import { SEGMENTATION_TYPE, checkMetadata, isObject, metadataKeyOf, type JsonObject } from './metadataFields';
import { maskFacts } from './entryFacts';
import type { Problem } from './problems';
import { missingFileProblem, misspeltFix } from './referenceProblems';
import { isMissingLocalFile, parseReference, type Reference, type ValidationOptions } from './reference';
import { hasPngExtension } from './s3Uri';
import type { ColorMapEntry, MaskFacts } from './types';

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const BACKGROUND_ENTRY = { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 };

export function checkMask(
  line: JsonObject,
  attribute: string,
  sourceBucket: string | undefined,
  problems: Problem[],
  options: ValidationOptions,
): MaskFacts {
  const ref = line[attribute];
  const location = checkMaskRef(ref, attribute, sourceBucket, problems, options);
  const key = metadataKeyOf(attribute);
  const metadata = checkMetadata(line[key], key, SEGMENTATION_TYPE, problems);
  const colorMap = metadata ? checkColorMap(metadata, key, problems) : [];
  return maskFacts(attribute, typeof ref === 'string' ? ref : '', location?.bucket, location?.key, colorMap);
}

function checkMaskRef(
  ref: unknown,
  attribute: string,
  sourceBucket: string | undefined,
  problems: Problem[],
  options: ValidationOptions,
): Reference | undefined {
  const path = [attribute];
  if (typeof ref !== 'string') {
    problems.push({
      code: 'mask-ref-invalid',
      message: `"${attribute}" must be an s3:// string`,
      path,
      target: 'value',
    });
    return undefined;
  }
  const location = parseReference(ref, options);
  if (typeof location === 'string') {
    const fix = misspeltFix(ref);
    problems.push({
      code: 'mask-ref-invalid',
      message: `mask ${location}`,
      path,
      target: 'value',
      ...(fix ? { fix } : {}),
    });
    return undefined;
  }
  if (isMissingLocalFile(location, options))
    problems.push(missingFileProblem('the mask', location.key, attribute));
  if (!hasPngExtension(location.key)) {
    problems.push({
      code: 'mask-not-png',
      message: `the mask "${location.key}" must be a PNG image`,
      path,
      target: 'value',
    });
  }
  if (sourceBucket !== undefined && location.bucket !== undefined && location.bucket !== sourceBucket) {
    problems.push({
      code: 'bucket-mismatch',
      message: `the mask is in bucket "${location.bucket}" but the image is in "${sourceBucket}"`,
      path,
      target: 'value',
    });
  }
  return location;
}

function checkColorMap(metadata: JsonObject, key: string, problems: Problem[]): ColorMapEntry[] {
  const map = metadata['internal-color-map'];
  const mapPath = [key, 'internal-color-map'];
  if (map === undefined) {
    problems.push({
      code: 'color-map-missing',
      message: `"${key}" has no "internal-color-map"`,
      path: [key],
      target: 'key',
    });
    return [];
  }
  if (!isObject(map)) {
    problems.push({
      code: 'color-map-invalid',
      message: '"internal-color-map" must be an object',
      path: mapPath,
      target: 'value',
    });
    return [];
  }
  if (!Object.hasOwn(map, '0')) {
    problems.push({
      code: 'color-map-background',
      message: '"internal-color-map" has no entry "0" (BACKGROUND, #ffffff)',
      path: mapPath,
      target: 'key',
      fix: { title: 'Add the BACKGROUND entry "0"', addKey: '0', addValue: BACKGROUND_ENTRY },
    });
  }
  const entries: ColorMapEntry[] = [];
  // Colors seen so far, with their entry index; a color map has a handful of entries.
  const seen: string[] = [];
  for (const index in map) {
    const entry = map[index];
    if (!isObject(entry)) {
      const path = [...mapPath, index];
      problems.push({
        code: 'color-map-invalid',
        message: `color map entry "${index}" must be an object`,
        path,
        target: 'value',
      });
      continue;
    }
    const className = checkEntryClassName(entry, index, mapPath, problems);
    const hexColor = checkEntryColor(entry, index, mapPath, seen, problems);
    checkEntryConfidence(entry, index, mapPath, problems);
    entries.push({ index, className, hexColor });
  }
  return shared(entries);
}

// Manifests repeat a few color maps; lines share one copy so a large model retains less.
const RECENT_MAPS = 16;
const recentMaps: ColorMapEntry[][] = [];

function shared(entries: ColorMapEntry[]): ColorMapEntry[] {
  for (const map of recentMaps) {
    if (
      map.length === entries.length &&
      map.every((e, i) => {
        const other = entries[i]!;
        return e.index === other.index && e.className === other.className && e.hexColor === other.hexColor;
      })
    )
      return map;
  }
  if (recentMaps.length === RECENT_MAPS) recentMaps.shift();
  recentMaps.push(entries);
  return entries;
}

function checkEntryClassName(
  entry: JsonObject,
  index: string,
  mapPath: string[],
  problems: Problem[],
): string {
  const className = entry['class-name'];
  if (typeof className === 'string' && className !== '' && (index !== '0' || className === 'BACKGROUND'))
    return className;
  const path = [...mapPath, index];
  if (typeof className !== 'string' || className === '') {
    problems.push({
      code: 'color-class-name-missing',
      message: `color map entry "${index}" needs a "class-name" (the anomaly label)`,
      path: className === undefined ? path : [...path, 'class-name'],
      target: className === undefined ? 'key' : 'value',
    });
    return '';
  }
  problems.push({
    code: 'color-map-background',
    message: `color map entry "0" must be "BACKGROUND", not ${JSON.stringify(className)}`,
    path: [...path, 'class-name'],
    target: 'value',
    fix: { title: 'Change to "BACKGROUND"', replaceWith: 'BACKGROUND' },
  });
  return className;
}

function checkEntryColor(
  entry: JsonObject,
  index: string,
  mapPath: string[],
  seen: string[],
  problems: Problem[],
): string {
  const hex = entry['hex-color'];
  const path = () => [...mapPath, index];
  const hexPath = () => [...mapPath, index, 'hex-color'];
  if (typeof hex !== 'string' || !HEX_COLOR.test(hex)) {
    problems.push({
      code: 'hex-color-invalid',
      message: `"hex-color" of entry "${index}" must be #rrggbb, not ${JSON.stringify(hex ?? null)}`,
      path: hex === undefined ? path() : hexPath(),
      target: hex === undefined ? 'key' : 'value',
    });
    return '';
  }
  const lower = hex.toLowerCase();
  if (hex !== lower) {
    problems.push({
      code: 'hex-color-case',
      message: `write "${hex}" in lower case, as Ground Truth does`,
      path: hexPath(),
      target: 'value',
      fix: { title: `Change to "${lower}"`, replaceWith: lower },
    });
  }
  if (index === '0' && lower !== '#ffffff') {
    problems.push({
      code: 'color-map-background',
      message: `the BACKGROUND color must be "#ffffff", not "${hex}"`,
      path: hexPath(),
      target: 'value',
      fix: { title: 'Change to "#ffffff"', replaceWith: '#ffffff' },
    });
  }
  const at = seen.indexOf(lower);
  const previous = at >= 0 ? seen[at + 1] : undefined;
  if (previous !== undefined) {
    problems.push({
      code: 'hex-color-duplicate',
      message: `entry "${index}" uses ${lower}, the same color as entry "${previous}"`,
      path: hexPath(),
      target: 'value',
    });
  } else {
    seen.push(lower, index);
  }
  return lower;
}

function checkEntryConfidence(
  entry: JsonObject,
  index: string,
  mapPath: string[],
  problems: Problem[],
): void {
  const confidence = entry['confidence'];
  if (typeof confidence === 'number' && Number.isFinite(confidence)) return;
  const path = [...mapPath, index];
  const missing = confidence === undefined;
  problems.push({
    code: 'color-confidence-missing',
    message: `color map entry "${index}" needs a numeric "confidence" (not used, but required)`,
    path: missing ? path : [...path, 'confidence'],
    target: missing ? 'key' : 'value',
    fix: missing
      ? { title: 'Add "confidence": 0', addKey: 'confidence', addValue: 0 }
      : { title: 'Change to 0', replaceWith: 0 },
  });
}
