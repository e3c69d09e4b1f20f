// An incrementally validated manifest: one record per line, each holding the result of its own line;
// whole-file rules and the summary come from aggregates updated as lines come and go.
import { ManifestAggregates, type LineRecord } from './aggregates';
import { FileRules, duplicateDiagnostic } from './crossLine';
import { trainingReadiness, type TrainingReadiness } from './minimums';
import { LineValidator } from './lineValidator';
import { isBlankResult } from './parseLine';
import type { ValidationOptions } from './reference';
import { severityOf } from './rules';
import type { LineDiagnostic, LineResult, ManifestDiagnostic, ManifestEntryFacts } from './types';

/** A replacement of the text between two positions (zero-based lines, UTF-16 columns), as editors report it. */
export interface TextChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
}

export interface LabelSummary {
  readonly name: string;
  /** Anomalous images whose mask has this label. */
  readonly images: number;
  /** Of those, images whose mask has no other label (what the training minimums count). */
  readonly singleLabelImages: number;
}

export interface ManifestSummary {
  readonly entries: number;
  readonly normal: number;
  readonly anomaly: number;
  readonly unlabeled: number;
  readonly invalid: number;
  readonly linesWithErrors: number;
  readonly kind: 'empty' | 'classification' | 'segmentation' | 'mixed';
  readonly labels: readonly LabelSummary[];
  readonly readiness: TrainingReadiness;
}

const LINE_BREAK = /\r\n|\r|\n/;
const RECENT_LIMIT = 1024;

/** `d` on `line`, written out: V8 builds `{ ...d, line }` many times slower, which files of many diagnostics feel. */
function placed(d: LineDiagnostic, line: number): ManifestDiagnostic {
  const { code, severity, message, start, end, fix } = d;
  return fix
    ? { code, severity, message, start, end, fix, line }
    : { code, severity, message, start, end, line };
}

export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
}

export class ManifestModel {
  private records: LineRecord[] = [];
  private aggregates = new ManifestAggregates();
  /** Results of lines recently removed, so undo, moves and re-typing don't re-validate. */
  private readonly recent = new Map<string, LineResult>();
  private diagnosticsCache: ManifestDiagnostic[] | undefined;
  private readonly validator: LineValidator;

  constructor(text = '', options: ValidationOptions = {}) {
    this.validator = new LineValidator(options);
    this.setText(text);
  }

  /** Replaces the whole text, reusing the results of lines that did not change. */
  setText(text: string): void {
    const previous = new Map<string, LineResult>();
    for (const record of this.records) previous.set(record.text, record.result);
    const reuse = previous.size > 0;
    const aggregates = new ManifestAggregates();
    const lines = splitLines(text);
    const records: LineRecord[] = new Array<LineRecord>(lines.length);
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      const record = {
        text: line,
        result: (reuse && previous.get(line)) || this.validator.validate(line),
        index,
      };
      records[index] = record;
    }
    // Aggregated in a loop of its own: the indexes stay in cache instead of competing with validation.
    for (const record of records) aggregates.add(record);
    this.aggregates = aggregates;
    this.records = records;
    this.diagnosticsCache = undefined;
  }

  /** Applies one edit; only the lines it touches are validated again. */
  applyChange(change: TextChange): void {
    const { startLine, endLine } = change;
    const first = this.records[startLine];
    const last = this.records[endLine];
    if (!first || !last || endLine < startLine) {
      throw new RangeError(
        `lines ${startLine}..${endLine} are outside the manifest (${this.records.length} lines)`,
      );
    }
    const text =
      first.text.slice(0, change.startCharacter) + change.text + last.text.slice(change.endCharacter);
    const removed = this.records.slice(startLine, endLine + 1);
    for (const record of removed) {
      this.aggregates.remove(record);
      this.remember(record);
    }
    const added = splitLines(text).map((line, i) => ({
      text: line,
      result: this.recent.get(line) ?? this.validator.validate(line),
      index: startLine + i,
    }));
    if (added.length < 10_000) this.records.splice(startLine, removed.length, ...added);
    else this.records = [...this.records.slice(0, startLine), ...added, ...this.records.slice(endLine + 1)];
    if (added.length !== removed.length) {
      for (let i = startLine + added.length; i < this.records.length; i++) this.records[i]!.index = i;
    }
    for (const record of added) this.aggregates.add(record);
    this.diagnosticsCache = undefined;
  }

  get lineCount(): number {
    return this.records.length;
  }

  lineText(line: number): string {
    return this.records[line]?.text ?? '';
  }

  lineResult(line: number): LineResult | undefined {
    return this.records[line]?.result;
  }

  /** Every entry with its zero-based line, in file order. */
  *entries(): IterableIterator<{ line: number; facts: ManifestEntryFacts }> {
    for (const record of this.records) {
      if (record.result.facts) yield { line: record.index, facts: record.result.facts };
    }
  }

  /** The buckets the file's images are in, most used first. */
  buckets(): string[] {
    return [...this.aggregates.byBucket].sort((a, b) => b[1] - a[1]).map(([bucket]) => bucket);
  }

  summary(): ManifestSummary {
    const a = this.aggregates;
    const labels = [...a.labels]
      .map(([name, count]) => ({ name, ...count }))
      .sort((x, y) => x.name.localeCompare(y.name));
    const segmentation = a.segmentationLines > 0;
    const entries = a.normal + a.anomaly + a.unlabeled;
    const kind =
      entries === 0
        ? 'empty'
        : !segmentation
          ? 'classification'
          : a.classificationAnomalies > 0
            ? 'mixed'
            : 'segmentation';
    return {
      entries,
      normal: a.normal,
      anomaly: a.anomaly,
      unlabeled: a.unlabeled,
      invalid: a.invalid,
      linesWithErrors: a.errorLines,
      kind,
      labels,
      readiness: trainingReadiness({
        normal: a.normal,
        anomaly: a.anomaly,
        segmentation,
        singleLabelImages: new Map(labels.map((l) => [l.name, l.singleLabelImages])),
      }),
    };
  }

  /** All diagnostics in line order: per line, cross-line, blank lines and the training minimums. */
  diagnostics(): readonly ManifestDiagnostic[] {
    if (this.diagnosticsCache) return this.diagnosticsCache;
    const out: ManifestDiagnostic[] = [];
    const { flagged, sharing } = this.aggregates;
    const rules = new FileRules(this.aggregates);
    const minimum = this.minimumDiagnostic();
    if (minimum) out.push(placed(minimum, 0));
    // The bucket and mixing rules concern any line; otherwise only lines known to have something to say, unless
    // they are most of the file (a file of duplicates), when walking it costs less than sorting them.
    const lines =
      rules.active || (flagged.size + sharing.size) * 2 > this.records.length
        ? this.records
        : [...new Set([...flagged, ...sharing.keys()])].sort((a, b) => a.index - b.index);
    const lastLine = this.records.length - 1;
    const extra: LineDiagnostic[] = [];
    for (const record of lines) {
      const line = record.index;
      extra.length = 0;
      rules.check(record, extra);
      const first = sharing.get(record)?.first;
      if (first && first !== record) extra.push(duplicateDiagnostic(record, first));
      const own = extra.length
        ? [...record.result.diagnostics, ...extra].sort((a, b) => a.start - b.start)
        : record.result.diagnostics;
      for (const d of own) out.push(placed(d, line));
      if (line !== lastLine && isBlankResult(record.result)) {
        out.push({
          code: 'blank-line',
          severity: severityOf('blank-line'),
          message: 'blank line: skipped',
          start: 0,
          end: record.text.length,
          line,
          fix: { title: 'Remove the blank line', removeLine: true },
        });
      }
    }
    this.diagnosticsCache = out;
    return out;
  }

  private minimumDiagnostic(): LineDiagnostic | undefined {
    const summary = this.summary();
    const { singleDataset, trainingDataset, testDataset } = summary.readiness;
    if (summary.entries === 0 || singleDataset.met) return undefined;
    const as = (met: boolean, missing: readonly string[]) => (met ? 'enough' : `needs ${missing.join(', ')}`);
    return {
      code: 'training-minimum',
      severity: severityOf('training-minimum'),
      message:
        `not enough labeled images to train: as a single dataset ${as(false, singleDataset.missing)}; ` +
        `as a training dataset ${as(trainingDataset.met, trainingDataset.missing)}; ` +
        `as a test dataset ${as(testDataset.met, testDataset.missing)}`,
      // Anchored on the first character: a whole-line underline would hide the line's own problems.
      start: 0,
      end: Math.min(1, this.lineText(0).length),
    };
  }

  private remember(record: LineRecord): void {
    this.recent.delete(record.text);
    this.recent.set(record.text, record.result);
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!);
  }
}

/** Validates a whole manifest text at once (CLI, engine). */
export function validateManifest(
  text: string,
  options: ValidationOptions = {},
): {
  diagnostics: readonly ManifestDiagnostic[];
  summary: ManifestSummary;
} {
  const model = new ManifestModel(text, options);
  return { diagnostics: model.diagnostics(), summary: model.summary() };
}
