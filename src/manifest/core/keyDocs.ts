// What each manifest key means, by where it sits in a line (DG: manifest-file-classification/segmentation).
import type { JsonPath } from './problems';

export type KeyScope = 'line' | 'label-metadata' | 'mask-metadata' | 'color-map' | 'color-entry' | 'other';

/** Where the property at `path` (ending with its own key) sits in a manifest line. */
export function scopeOf(path: JsonPath): KeyScope {
  const [top, second, , fourth] = path;
  if (path.length === 1) return 'line';
  if (typeof top !== 'string' || !top.endsWith('-metadata') || top === 'source-ref-metadata') return 'other';
  const mask = top.endsWith('-ref-metadata');
  if (path.length === 2) return mask ? 'mask-metadata' : 'label-metadata';
  if (!mask || second !== 'internal-color-map') return 'other';
  if (path.length === 3) return 'color-map';
  return path.length === 4 && typeof fourth === 'string' ? 'color-entry' : 'other';
}

const DOCS: Record<string, string> = {
  'line:source-ref':
    '**source-ref** (required): `s3://BUCKET/OBJECT_PATH` of the image, PNG or JPEG. All images of a manifest must be in the same bucket.',
  'line:label':
    '**Label attribute** (required, any name; `anomaly-label` by convention): its value is not used (the service writes 1 for anomalous, 0 for normal); `class-name` in its `-metadata` decides.',
  'line:label-metadata':
    '**Label metadata** (required): object with `class-name` (normal/anomaly), `human-annotated` (yes/no), `type` (`groundtruth/image-classification`), optional `creation-date`, `confidence`, `job-name`.',
  'line:mask':
    '**Mask reference** (segmentation; name ends with `-ref`): `s3://` path of the mask image, which must be a PNG in the same bucket as the image.',
  'line:mask-metadata':
    '**Mask metadata** (segmentation; name ends with `-ref-metadata`): `internal-color-map`, `type` (`groundtruth/semantic-segmentation`), `human-annotated`, optional `creation-date`, `job-name`.',
  'label-metadata:class-name':
    '**class-name** (required): `normal` or `anomaly`. Any other value imports the image as unlabeled.',
  'label-metadata:human-annotated': '**human-annotated** (required): `"yes"` or `"no"`.',
  'label-metadata:type': '**type** (required): `"groundtruth/image-classification"`.',
  'label-metadata:creation-date':
    '**creation-date** (optional): UTC date-time of the label, e.g. `2020-11-10T03:37:09.600`.',
  'label-metadata:confidence': '**confidence** (optional, not used): a number; use `1`.',
  'label-metadata:job-name': '**job-name** (optional): free name of the labeling job.',
  'mask-metadata:internal-color-map':
    '**internal-color-map** (required): `"0"` must be `{"class-name": "BACKGROUND", "hex-color": "#ffffff"}`; every other entry is an anomaly label with the color it has in the mask.',
  'mask-metadata:type': '**type** (required): `"groundtruth/semantic-segmentation"`.',
  'mask-metadata:human-annotated': '**human-annotated** (required): `"yes"` or `"no"`.',
  'mask-metadata:creation-date': '**creation-date** (optional): UTC date-time of the mask.',
  'mask-metadata:job-name': '**job-name** (optional): free name of the labeling job.',
  'color-map:entry': '**Color map entry**: index `"0"` is the BACKGROUND; others are anomaly labels.',
  'color-entry:class-name':
    '**class-name** (required): the anomaly label (e.g. `scratch`); `BACKGROUND` for entry `"0"`.',
  'color-entry:hex-color':
    '**hex-color** (required): `#rrggbb`, unique per label, and exactly the color of the label in the mask PNG.',
  'color-entry:confidence': '**confidence** (required, not used): a number, e.g. `0.0`.',
};

/** Markdown describing the property at `path` (ending with its key), or undefined for unknown keys. */
export function describeKey(path: JsonPath): string | undefined {
  const scope = scopeOf(path);
  const key = String(path[path.length - 1]);
  if (scope === 'line') return DOCS[`line:${lineRole(key)}`];
  if (scope === 'color-map') return DOCS['color-map:entry'];
  return DOCS[`${scope}:${key}`];
}

function lineRole(key: string): string {
  if (key === 'source-ref') return 'source-ref';
  if (key.endsWith('-ref-metadata')) return 'mask-metadata';
  if (key.endsWith('-metadata')) return 'label-metadata';
  if (key.endsWith('-ref')) return 'mask';
  return 'label';
}
