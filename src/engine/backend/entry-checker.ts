// The service's rules for dataset JSON lines, applied one line at a time, so that an import streams a manifest of
// any size and UpdateDatasetEntries checks its changes with the same code. Per line: the manifest validator's
// errors (src/manifest/core, so the editor, the CLI and the engine refuse the same lines). Across lines, in file
// order: one bucket (the dataset's, else the first image's), one kind of line (the first classification anomaly
// or segmentation line decides), images and masks exist in the engine's S3 store, and a source-ref given twice
// keeps its last line. Memory holds the distinct entries, never the lines read.
import { LineValidator, MAX_LINE_LENGTH, type ManifestEntryFacts } from '../../manifest/core';
import type { ObjectStore } from '../store/objects';
import { toEntryFacts, type EntryFacts } from './entry-line';
import { MAX_LINE_BYTES, type ManifestLine } from './manifest-lines';

export interface CheckedLine {
  facts: EntryFacts;
  line: string;
}

/** JSON's whitespace before and after a line's object. */
const JSON_SPACE_AROUND = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** Problems reported, each naming its line; checking stops at this many. */
const MAX_PROBLEMS = 5;

export class EntryChecker {
  private readonly validator = new LineValidator();
  private readonly entries = new Map<string, CheckedLine>();
  private readonly found: string[] = [];
  private bucket: string | undefined;
  private firstSegmentation: number | undefined;
  private firstClassificationAnomaly: number | undefined;
  /** The zero-based line that would have added one image more than `maxEntries`. */
  private overflow: number | undefined;

  /**
   * `bucket`: the bucket of the dataset's images, if it has any. `maxEntries`: distinct images past which
   * checking stops (`overflowLine` then says where).
   */
  constructor(
    private readonly objects: ObjectStore,
    bucket: string | undefined,
    private readonly maxEntries = Infinity,
  ) {
    this.bucket = bucket;
  }

  /** Checks the line at zero-based `index`; false once the outcome is settled (enough problems, or too many images). */
  add(line: ManifestLine, index: number): boolean {
    if (typeof line !== 'string') {
      this.problem(
        index,
        `the line is longer than ${MAX_LINE_BYTES} bytes; a dataset entry may have at most ${MAX_LINE_LENGTH} characters`,
      );
    } else {
      const result = this.validator.validate(line);
      if (result.hasErrors) {
        for (const d of result.diagnostics) if (d.severity === 'error') this.problem(index, d.message);
      } else if (result.facts?.sourceRef !== undefined) {
        const entry = toEntryFacts(result.facts);
        const message = this.crossLineProblem(result.facts, entry, index);
        if (message) this.problem(index, message);
        else this.keep(entry, line, index);
      }
    }
    return !this.settled;
  }

  get settled(): boolean {
    return this.found.length >= MAX_PROBLEMS || this.overflow !== undefined;
  }

  get problems(): readonly string[] {
    return this.found;
  }

  /** One-based, like the problems' line numbers. */
  get overflowLine(): number | undefined {
    return this.overflow === undefined ? undefined : this.overflow + 1;
  }

  /** The entries to store, one per image, in the order their last lines came. */
  get lines(): CheckedLine[] {
    return [...this.entries.values()];
  }

  private problem(index: number, message: string): void {
    if (this.found.length < MAX_PROBLEMS) this.found.push(`line ${index + 1}: ${message}`);
  }

  private crossLineProblem(facts: ManifestEntryFacts, entry: EntryFacts, index: number): string | undefined {
    if (this.bucket !== undefined && entry.image.bucket !== this.bucket)
      return `image ${entry.sourceRef} is not in bucket ${this.bucket}; all images of a dataset must be in the same bucket`;
    if (facts.kind === 'segmentation' && this.firstClassificationAnomaly !== undefined)
      return `a segmentation mask, while line ${this.firstClassificationAnomaly + 1} is an anomalous image without one: classification and segmentation lines are mixed`;
    if (
      facts.kind === 'classification' &&
      facts.imageClass === 'anomaly' &&
      this.firstSegmentation !== undefined
    )
      return `an anomalous image without a mask, while line ${this.firstSegmentation + 1} has one: classification and segmentation lines are mixed`;
    // An image seen on an earlier line was found then (a manifest cycling through its images asks once each).
    const earlier = this.entries.get(entry.sourceRef)?.facts;
    if (!earlier && !this.objects.head(entry.image.bucket, entry.image.key))
      return `image ${entry.sourceRef} does not exist`;
    const mask = entry.mask;
    if (mask && earlier?.mask?.ref !== mask.ref && !this.objects.head(mask.object.bucket, mask.object.key))
      return `mask ${mask.ref} does not exist`;
    this.bucket = entry.image.bucket;
    if (facts.kind === 'segmentation') this.firstSegmentation ??= index;
    else if (facts.imageClass === 'anomaly') this.firstClassificationAnomaly ??= index;
    return undefined;
  }

  private keep(facts: EntryFacts, line: string, index: number): void {
    const replaced = this.entries.delete(facts.sourceRef);
    if (!replaced && this.entries.size >= this.maxEntries) {
      this.overflow = index;
      return;
    }
    // Stored as the entry it is: ListDatasetEntries returns entries as `{…}` (the DatasetEntry pattern).
    this.entries.set(facts.sourceRef, { facts, line: line.replace(JSON_SPACE_AROUND, '') });
  }
}
