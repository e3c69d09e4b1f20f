// Shapes shared by the validator, the incremental model and their users (editor, CLI, engine).
import type { RuleCode, Severity } from './rules';

export type ImageClass = 'normal' | 'anomaly' | 'unlabeled';
export type LineKind = 'classification' | 'segmentation';

export interface ColorMapEntry {
  readonly index: string;
  readonly className: string;
  readonly hexColor: string;
}

export interface MaskFacts {
  /** The attribute holding the mask reference, e.g. `anomaly-mask-ref`. */
  readonly attribute: string;
  readonly ref: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly colorMap: readonly ColorMapEntry[];
}

/** What one manifest line says about its image, normalised; present whenever the line is a JSON object. */
export interface ManifestEntryFacts {
  readonly sourceRef?: string;
  readonly bucket?: string;
  readonly key?: string;
  /** The label attribute name (its metadata key is this + `-metadata`). */
  readonly labelAttribute?: string;
  readonly imageClass: ImageClass;
  readonly kind: LineKind;
  readonly mask?: MaskFacts;
  /** Anomaly label names from the color map (without BACKGROUND); empty for classification lines. */
  readonly anomalyLabels: readonly string[];
}

/** A text replacement inside one line, in UTF-16 columns. */
export interface LineEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export type LineFix =
  | { readonly title: string; readonly edits: readonly LineEdit[] }
  | { readonly title: string; readonly removeLine: true };

/** A diagnostic inside one line: columns are UTF-16 offsets, end exclusive. */
export interface LineDiagnostic {
  readonly code: RuleCode;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly fix?: LineFix;
}

export interface LineResult {
  /** Undefined for blank lines and lines that are not a JSON object. */
  readonly facts?: ManifestEntryFacts;
  readonly diagnostics: readonly LineDiagnostic[];
  readonly hasErrors: boolean;
}

/** A diagnostic placed in a document: `line` is zero-based. */
export interface ManifestDiagnostic extends LineDiagnostic {
  readonly line: number;
}
