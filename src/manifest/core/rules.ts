// Every rule the manifest validator applies, with its stable code and the severity that matches what the
// service does: error = the dataset would fail to import or train; warning = the line would be imported as
// unlabeled or ignored; information = advice about the file as a whole.
import { MAX_NESTING } from './lineTree';

export type Severity = 'error' | 'warning' | 'information';

export interface RuleInfo {
  readonly severity: Severity;
  readonly summary: string;
}

export const RULES = {
  'json-syntax': { severity: 'error', summary: 'The line is not valid JSON.' },
  'one-object-per-line': {
    severity: 'error',
    summary: 'Each line must hold exactly one complete JSON object.',
  },
  'not-object': { severity: 'error', summary: 'A manifest line must be a JSON object.' },
  'line-too-long': { severity: 'error', summary: 'A dataset entry is limited to 8,192 characters.' },
  'nesting-too-deep': {
    severity: 'error',
    summary: `Objects and arrays nested more than ${MAX_NESTING} levels deep: no manifest line is.`,
  },
  'blank-line': { severity: 'warning', summary: 'Blank lines inside the manifest are skipped.' },
  'source-ref-missing': { severity: 'error', summary: 'Every line needs a "source-ref".' },
  'source-ref-invalid': { severity: 'error', summary: '"source-ref" must be s3://bucket/key.' },
  'local-file-missing': {
    severity: 'error',
    summary: 'A local image or mask path names no file (paths are relative to the manifest).',
  },
  'image-extension': { severity: 'error', summary: 'Images must be PNG or JPEG (.png, .jpg, .jpeg).' },
  unlabeled: {
    severity: 'warning',
    summary: 'The line has no label attribute: the image is imported unlabeled.',
  },
  'label-metadata-missing': {
    severity: 'warning',
    summary: 'A label attribute without "<label>-metadata": the image is imported unlabeled.',
  },
  'label-attribute-missing': {
    severity: 'error',
    summary: '"<label>-metadata" without its label attribute.',
  },
  'metadata-not-object': { severity: 'error', summary: 'Label metadata must be a JSON object.' },
  'class-name-missing': { severity: 'error', summary: 'Label metadata needs "class-name".' },
  'class-name-unknown': {
    severity: 'warning',
    summary: '"class-name" other than normal/anomaly: the image is imported unlabeled.',
  },
  'human-annotated-missing': { severity: 'error', summary: 'Label metadata needs "human-annotated".' },
  'human-annotated-invalid': { severity: 'error', summary: '"human-annotated" must be "yes" or "no".' },
  'type-missing': { severity: 'error', summary: 'Label metadata needs "type".' },
  'type-invalid': { severity: 'error', summary: '"type" does not match the kind of label.' },
  'creation-date-invalid': { severity: 'warning', summary: '"creation-date" is not a parseable date.' },
  'confidence-invalid': { severity: 'warning', summary: '"confidence" must be a number.' },
  'mask-metadata-missing': { severity: 'error', summary: 'A "*-ref" mask without its "*-ref-metadata".' },
  'mask-ref-missing': { severity: 'error', summary: '"*-ref-metadata" without its "*-ref" mask.' },
  'mask-ref-invalid': { severity: 'error', summary: 'The mask reference must be s3://bucket/key.' },
  'mask-not-png': { severity: 'error', summary: 'Mask images must be PNG.' },
  'color-map-missing': { severity: 'error', summary: 'Mask metadata needs "internal-color-map".' },
  'color-map-invalid': { severity: 'error', summary: '"internal-color-map" entries must be objects.' },
  'color-map-background': {
    severity: 'error',
    summary: 'Color map entry "0" must be BACKGROUND with hex-color #ffffff.',
  },
  'color-class-name-missing': { severity: 'error', summary: 'A color map entry needs a "class-name".' },
  'color-confidence-missing': {
    severity: 'error',
    summary: 'A color map entry needs a numeric "confidence".',
  },
  'hex-color-invalid': { severity: 'error', summary: '"hex-color" must be #rrggbb.' },
  'hex-color-case': { severity: 'warning', summary: 'Hex colors are written in lower case.' },
  'hex-color-duplicate': { severity: 'error', summary: 'Two anomaly labels share one hex color.' },
  'bucket-mismatch': {
    severity: 'error',
    summary: 'All images of a manifest must be in the same S3 bucket.',
  },
  'duplicate-source-ref': {
    severity: 'warning',
    summary: 'The image already appears on an earlier line; this line replaces it.',
  },
  'mixed-kinds': { severity: 'error', summary: 'Classification and segmentation lines are mixed.' },
  'training-minimum': { severity: 'information', summary: 'Not enough labeled images to train a model.' },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export function severityOf(code: RuleCode): Severity {
  return RULES[code].severity;
}
