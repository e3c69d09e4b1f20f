// The facts of one entry, built in one place so that every validation path gives them the same shape.
import { anomalyLabelsOf } from './colorMapLabels';
import type { ColorMapEntry, ImageClass, ManifestEntryFacts, MaskFacts } from './types';

const NO_LABELS: readonly string[] = [];

export function entryFacts(
  sourceRef: string | undefined,
  bucket: string | undefined,
  key: string | undefined,
  labelAttribute: string | undefined,
  imageClass: ImageClass,
  mask: MaskFacts | undefined,
): ManifestEntryFacts {
  // One object literal with a fixed shape: spreading optional parts here costs more than the JSON parse.
  return {
    sourceRef,
    bucket,
    key,
    labelAttribute,
    imageClass,
    kind: mask ? 'segmentation' : 'classification',
    mask,
    anomalyLabels: mask ? anomalyLabelsOf(mask.colorMap) : NO_LABELS,
  };
}

export function maskFacts(
  attribute: string,
  ref: string,
  bucket: string | undefined,
  key: string | undefined,
  colorMap: readonly ColorMapEntry[],
): MaskFacts {
  return { attribute, ref, bucket, key, colorMap };
}
