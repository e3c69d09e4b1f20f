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

/** The lines holding one source ref; which comes first is found again only once the first goes. */
export class SharedSourceRef {
  readonly lines: Set<LineRecord>;
  private earliest: LineRecord | undefined;

  constructor(line: LineRecord) {
    this.lines = new Set([line]);
    this.earliest = line;
  }

  /** Renumbering keeps the order of lines, so the first stays first until a line comes before it or it goes. */
  get first(): LineRecord {
    if (!this.earliest) {
      for (const line of this.lines) {
        if (!this.earliest || line.index < this.earliest.index) this.earliest = line;
      }
    }
    return this.earliest!;
  }

  add(line: LineRecord): void {
    this.lines.add(line);
    if (this.earliest && line.index < this.earliest.index) this.earliest = line;
  }

  delete(line: LineRecord): void {
    this.lines.delete(line);
    if (line === this.earliest) this.earliest = undefined;
  }
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
  private readonly bySourceRef = new Map<string, LineRecord | SharedSourceRef>();
  /** The lines holding a source ref other lines hold too: all but the first of each are duplicates. */
  readonly sharing = new Map<LineRecord, SharedSourceRef>();
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
    let shared: SharedSourceRef;
    if (held instanceof SharedSourceRef) shared = held;
    else {
      shared = new SharedSourceRef(held);
      this.bySourceRef.set(ref, shared);
      this.sharing.set(held, shared);
    }
    shared.add(record);
    this.sharing.set(record, shared);
  }

  private removeSourceRef(ref: string, record: LineRecord): void {
    const held = this.bySourceRef.get(ref);
    if (!(held instanceof SharedSourceRef)) {
      if (held === record) this.bySourceRef.delete(ref);
      return;
    }
    held.delete(record);
    this.sharing.delete(record);
    if (held.lines.size === 1) {
      const left = held.lines.values().next().value!;
      this.bySourceRef.set(ref, left);
      this.sharing.delete(left);
    }
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
