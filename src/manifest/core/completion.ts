// Completion of keys and values inside one manifest line, from the position's JSON path.
import type { Node } from 'jsonc-parser';
import { lineLocation, nodeAtPath, parseLineTree } from './lineTree';
import { MAX_LINE_LENGTH } from './parseLine';
import { describeKey, scopeOf, type KeyScope } from './keyDocs';
import { CLASSIFICATION_TYPE, SEGMENTATION_TYPE } from './metadataFields';

export interface CompletionContext {
  /** Buckets used elsewhere in the file, offered as `s3://bucket/` prefixes. */
  readonly buckets?: readonly string[];
  /** Anomaly labels used elsewhere in the file. */
  readonly labels?: readonly string[];
}

export interface ManifestCompletion {
  readonly label: string;
  readonly kind: 'key' | 'value';
  readonly insertText: string;
  /** Columns of the text the completion replaces. */
  readonly start: number;
  readonly end: number;
  readonly documentation?: string;
}

const LINE_KEYS = [
  'source-ref',
  'anomaly-label',
  'anomaly-label-metadata',
  'anomaly-mask-ref',
  'anomaly-mask-ref-metadata',
];
const KEYS: Partial<Record<KeyScope, string[]>> = {
  'label-metadata': ['class-name', 'human-annotated', 'type', 'creation-date', 'confidence', 'job-name'],
  'mask-metadata': ['internal-color-map', 'type', 'human-annotated', 'creation-date', 'job-name'],
  'color-entry': ['class-name', 'hex-color', 'confidence'],
};

export function completeManifestLine(
  text: string,
  offset: number,
  context: CompletionContext = {},
): ManifestCompletion[] {
  if (text.length > MAX_LINE_LENGTH) return [];
  const location = lineLocation(text, offset);
  if (!location) return [];
  const node = location.previousNode;
  const touching = node && node.offset <= offset && offset <= node.offset + node.length ? node : undefined;
  const start = touching?.offset ?? offset;
  const end = touching ? touching.offset + touching.length : offset;
  const path = location.path;
  if (location.isAtPropertyKey) {
    const keys = keyCandidates(text, path);
    const needsColon = !/^\s*:/.test(text.slice(end));
    return keys.map((key) => ({
      label: key,
      kind: 'key',
      insertText: `${JSON.stringify(key)}${needsColon ? ':' : ''}`,
      start,
      end,
      ...documented([...path.slice(0, -1), key]),
    }));
  }
  return valueCandidates(path, context).map((value) => ({
    label: JSON.stringify(value),
    kind: 'value',
    insertText: JSON.stringify(value),
    start,
    end,
  }));
}

function documented(path: (string | number)[]): { documentation?: string } {
  const documentation = describeKey(path);
  return documentation ? { documentation } : {};
}

function keyCandidates(text: string, path: (string | number)[]): string[] {
  const scope = scopeOf(path);
  const existing = existingKeys(text, path.slice(0, -1));
  const typed = path[path.length - 1];
  const fresh = (key: string) => !existing.has(key) || key === typed;
  if (scope === 'line') {
    const pairs = [...existing]
      .filter((k) => k !== 'source-ref' && k !== typed && !k.endsWith('-metadata'))
      .map((k) => `${k}-metadata`);
    return [...new Set([...LINE_KEYS, ...pairs])].filter(fresh);
  }
  return (KEYS[scope] ?? []).filter(fresh);
}

function existingKeys(text: string, objectPath: (string | number)[]): Set<string> {
  const root = parseLineTree(text);
  const object: Node | undefined = root && (objectPath.length ? nodeAtPath(root, objectPath) : root);
  const keys = new Set<string>();
  for (const property of object?.type === 'object' ? (object.children ?? []) : []) {
    const key = property.children?.[0]?.value;
    if (typeof key === 'string') keys.add(key);
  }
  return keys;
}

function valueCandidates(path: (string | number)[], context: CompletionContext): unknown[] {
  const scope = scopeOf(path);
  const key = String(path[path.length - 1]);
  const s3 = (context.buckets ?? []).map((bucket) => `s3://${bucket}/`);
  const now = new Date().toISOString().replace('Z', '');
  if (scope === 'line') {
    if (key === 'source-ref' || key.endsWith('-ref')) return s3;
    return key.endsWith('-metadata') ? [] : [1, 0];
  }
  if (scope === 'label-metadata' || scope === 'mask-metadata') {
    const values: Record<string, unknown[]> = {
      'class-name': scope === 'label-metadata' ? ['normal', 'anomaly'] : [],
      'human-annotated': ['yes', 'no'],
      type: [scope === 'label-metadata' ? CLASSIFICATION_TYPE : SEGMENTATION_TYPE],
      'creation-date': [now],
      confidence: [1],
    };
    return Object.hasOwn(values, key) ? values[key]! : [];
  }
  if (scope === 'color-entry') {
    const background = path[2] === '0';
    if (key === 'class-name') return background ? ['BACKGROUND'] : [...(context.labels ?? [])];
    if (key === 'hex-color') return background ? ['#ffffff'] : [];
    if (key === 'confidence') return [0];
  }
  return [];
}
