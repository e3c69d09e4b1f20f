// Whole-file facts kept up to date line by line: class counts, labels, and the indexes behind the
// cross-line rules (duplicate source-ref, one bucket, no mixing). Adding or removing a line costs a few
// map updates, so an edit never rescans the file.
import { isBlankResult } from './parseLine';
import type { LineResult } from './types';

/** One line of the document; `index` is kept current by the model. */
export interface LineRecord {
  readonly text: string;
  readonly result: LineResult;
  index: number;
}

interface LabelCount {
  images: number;
  singleLabelImages: number;
}

export class ManifestAggregates {
  normal = 0;
  anomaly = 0;
  unlabeled = 0;
  /** Non-blank lines that are not JSON objects. */
  invalid = 0;
  errorLines = 0;
  readonly labels = new Map<string, LabelCount>();
  /** A line per source ref; a set only for the rare refs several lines share (allocating one per line is costly). */
  private readonly bySourceRef = new Map<string, LineRecord | Set<LineRecord>>();
  /** Source refs held by more than one line. */
  readonly duplicated = new Set<string>();
  /** Lines with diagnostics of their own, or blank: usually few, so publishing need not walk the file. */
  readonly flagged = new Set<LineRecord>();
  /** Lines per bucket; the lines themselves are found while diagnostics walk the file. */
  readonly byBucket = new Map<string, number>();
  segmentationLines = 0;
  classificationAnomalies = 0;

  add(record: LineRecord): void {
    this.update(record, 1);
  }

  remove(record: LineRecord): void {
    this.update(record, -1);
  }

  private update(record: LineRecord, delta: 1 | -1): void {
    const { facts, hasErrors } = record.result;
    if (hasErrors) this.errorLines += delta;
    if (record.result.diagnostics.length > 0 || isBlankResult(record.result)) {
      if (delta > 0) this.flagged.add(record);
      else this.flagged.delete(record);
    }
    if (!facts) {
      if (!isBlankResult(record.result)) this.invalid += delta;
      return;
    }
    if (facts.imageClass === 'normal') this.normal += delta;
    else if (facts.imageClass === 'anomaly') this.anomaly += delta;
    else this.unlabeled += delta;
    if (facts.sourceRef !== undefined) {
      if (delta > 0) this.addSourceRef(facts.sourceRef, record);
      else this.removeSourceRef(facts.sourceRef, record);
    }
    if (facts.bucket !== undefined) {
      const count = (this.byBucket.get(facts.bucket) ?? 0) + delta;
      if (count === 0) this.byBucket.delete(facts.bucket);
      else this.byBucket.set(facts.bucket, count);
    }
    if (facts.kind === 'segmentation') this.segmentationLines += delta;
    else if (facts.imageClass === 'anomaly') this.classificationAnomalies += delta;
    if (facts.kind === 'segmentation' && facts.imageClass === 'anomaly') {
      const single = facts.anomalyLabels.length === 1;
      for (const label of facts.anomalyLabels) this.countLabel(label, delta, single);
    }
  }

  private addSourceRef(ref: string, record: LineRecord): void {
    const held = this.bySourceRef.get(ref);
    if (held === undefined) {
      this.bySourceRef.set(ref, record);
      return;
    }
    if (held instanceof Set) held.add(record);
    else this.bySourceRef.set(ref, new Set([held, record]));
    this.duplicated.add(ref);
  }

  private removeSourceRef(ref: string, record: LineRecord): void {
    const held = this.bySourceRef.get(ref);
    if (!(held instanceof Set)) {
      if (held === record) this.bySourceRef.delete(ref);
      return;
    }
    held.delete(record);
    if (held.size === 1) {
      this.bySourceRef.set(ref, held.values().next().value!);
      this.duplicated.delete(ref);
    }
  }

  /** The lines holding `ref`. */
  linesWithSourceRef(ref: string): LineRecord[] {
    const held = this.bySourceRef.get(ref);
    return held === undefined ? [] : held instanceof Set ? [...held] : [held];
  }

  private countLabel(label: string, delta: number, single: boolean): void {
    const count = this.labels.get(label) ?? { images: 0, singleLabelImages: 0 };
    count.images += delta;
    if (single) count.singleLabelImages += delta;
    if (count.images === 0) this.labels.delete(label);
    else this.labels.set(label, count);
  }

  /** The bucket most lines use (the one the others are compared with). */
  dominantBucket(): string | undefined {
    let best: string | undefined;
    let bestSize = 0;
    for (const [bucket, lines] of this.byBucket) {
      if (lines > bestSize) [best, bestSize] = [bucket, lines];
    }
    return best;
  }
}
