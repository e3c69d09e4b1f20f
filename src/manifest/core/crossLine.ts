// Diagnostics that depend on other lines: duplicate source-ref, images outside the manifest's bucket,
// classification and segmentation lines mixed. Duplicates come from the source-ref index; the bucket and
// mixing rules are decided once per file and applied to each line as diagnostics walk the file.
import type { LineRecord, ManifestAggregates } from './aggregates';
import { locate, type JsonPath, type ProblemTarget } from './problems';
import { severityOf, type RuleCode } from './rules';
import type { LineDiagnostic, LineFix, LineResult } from './types';

const spanCache = new WeakMap<LineResult, Map<string, { start: number; end: number }>>();

function spanOf(record: LineRecord, path: JsonPath, target: ProblemTarget): { start: number; end: number } {
  let spans = spanCache.get(record.result);
  if (!spans) spanCache.set(record.result, (spans = new Map()));
  const key = `${target}:${path.join('\u0000')}`;
  let span = spans.get(key);
  if (!span) spans.set(key, (span = locate(record.text, path, target)));
  return span;
}

function diagnostic(
  record: LineRecord,
  code: RuleCode,
  path: JsonPath,
  target: ProblemTarget,
  message: string,
  fix?: LineFix,
): LineDiagnostic {
  return {
    code,
    severity: severityOf(code),
    message,
    ...spanOf(record, path, target),
    ...(fix ? { fix } : {}),
  };
}

/** Each duplicate line's diagnostic, kept while the line it names stays first and does not move. */
const duplicateCache = new WeakMap<
  LineRecord,
  { first: LineRecord; line: number; diagnostic: LineDiagnostic }
>();

/** The duplicate source-ref diagnostic of a line whose source ref the earlier line `first` holds. */
export function duplicateDiagnostic(record: LineRecord, first: LineRecord): LineDiagnostic {
  const cached = duplicateCache.get(record);
  if (cached?.first === first && cached.line === first.index) return cached.diagnostic;
  const identical = record.text === first.text ? ' (identical line)' : '';
  const message = `the same image as line ${first.index + 1}${identical}: only one entry per image is kept`;
  const found = diagnostic(record, 'duplicate-source-ref', ['source-ref'], 'value', message, {
    title: 'Remove this duplicate line',
    removeLine: true,
  });
  duplicateCache.set(record, { first, line: first.index, diagnostic: found });
  return found;
}

/** The file-wide decisions behind the bucket and mixing rules; `check` applies them to one line. */
export class FileRules {
  private readonly bucket: string | undefined;
  private readonly bucketLines: number;
  private readonly flagAnomaliesWithoutMask: boolean;
  private readonly flagMasks: boolean;

  constructor(private readonly aggregates: ManifestAggregates) {
    const dominant = aggregates.byBucket.size > 1 ? aggregates.dominantBucket() : undefined;
    this.bucket = dominant;
    this.bucketLines = dominant === undefined ? 0 : aggregates.byBucket.get(dominant)!;
    const { segmentationLines, classificationAnomalies } = aggregates;
    const mixed = segmentationLines > 0 && classificationAnomalies > 0;
    this.flagAnomaliesWithoutMask = mixed && segmentationLines >= classificationAnomalies;
    this.flagMasks = mixed && !this.flagAnomaliesWithoutMask;
  }

  get active(): boolean {
    return this.bucket !== undefined || this.flagMasks || this.flagAnomaliesWithoutMask;
  }

  check(record: LineRecord, out: LineDiagnostic[]): void {
    const facts = record.result.facts;
    if (!facts) return;
    if (this.bucket !== undefined && facts.bucket !== undefined && facts.bucket !== this.bucket) {
      const message = `the image is in bucket "${facts.bucket}" but ${this.bucketLines} other line(s) use "${this.bucket}": all images must be in one bucket`;
      out.push(diagnostic(record, 'bucket-mismatch', ['source-ref'], 'value', message));
    }
    if (this.flagAnomaliesWithoutMask && facts.kind === 'classification' && facts.imageClass === 'anomaly') {
      const message = `an anomalous image without a mask, while ${this.aggregates.segmentationLines} line(s) have masks: label it with a mask or remove the masks`;
      out.push(
        diagnostic(record, 'mixed-kinds', facts.labelAttribute ? [facts.labelAttribute] : [], 'key', message),
      );
    }
    if (this.flagMasks && facts.mask) {
      const message = `a segmentation mask, while ${this.aggregates.classificationAnomalies} anomalous line(s) have none: classification and segmentation lines are mixed`;
      out.push(diagnostic(record, 'mixed-kinds', [facts.mask.attribute], 'key', message));
    }
  }
}
