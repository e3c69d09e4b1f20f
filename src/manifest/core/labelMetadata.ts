// Rules for a classification label: `<label>-metadata` (DG: manifest-file-classification).
import { CLASSIFICATION_TYPE, checkConfidence, checkMetadata, metadataKeyOf } from './metadataFields';
import type { Problem } from './problems';
import type { ImageClass } from './types';

const CLASSES = ['normal', 'anomaly'] as const;

/** The class a label's value stands for by Lookout for Vision's convention: 1 anomaly, 0 normal. */
function classOfLabelValue(value: unknown): (typeof CLASSES)[number] | undefined {
  return value === 1 ? 'anomaly' : value === 0 ? 'normal' : undefined;
}

/** Checks `<attribute>-metadata` (the label's value is `label`) and returns the image class it gives. */
export function checkLabelMetadata(
  value: unknown,
  attribute: string,
  problems: Problem[],
  label: unknown,
): ImageClass {
  const key = metadataKeyOf(attribute);
  const metadata = checkMetadata(value, key, CLASSIFICATION_TYPE, problems);
  if (!metadata) return 'unlabeled';
  checkConfidence(metadata, key, problems);
  const className = metadata['class-name'];
  if (className === 'normal' || className === 'anomaly') return className;
  if (className === undefined) {
    const meant = classOfLabelValue(label);
    problems.push({
      code: 'class-name-missing',
      message: `"${key}" has no "class-name" ("normal" or "anomaly")`,
      path: [key],
      target: 'key',
      ...(meant
        ? {
            fix: {
              title: `Add "class-name": "${meant}" (${attribute} is ${String(label)})`,
              addKey: 'class-name',
              addValue: meant,
            },
          }
        : {}),
    });
    return 'unlabeled';
  }
  const suggestion = nearestClass(className);
  problems.push({
    code: 'class-name-unknown',
    message: `"class-name" is ${JSON.stringify(className)}, not "normal" or "anomaly": the image is imported unlabeled`,
    path: [key, 'class-name'],
    target: 'value',
    ...(suggestion ? { fix: { title: `Change to "${suggestion}"`, replaceWith: suggestion } } : {}),
  });
  return 'unlabeled';
}

/** The class a misspelt class name most likely meant, if it is close enough to be a typo. */
function nearestClass(value: unknown): (typeof CLASSES)[number] | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  let best: (typeof CLASSES)[number] | undefined;
  let bestDistance = Infinity;
  for (const candidate of CLASSES) {
    const distance = editDistance(text, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (bestDistance <= 2) return best;
  if (text.startsWith('anomal')) return 'anomaly';
  if (text.startsWith('norm')) return 'normal';
  return undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
