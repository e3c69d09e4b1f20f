// Labeling one dataset from the gallery: its entries (kept as the service returned their lines), the summary the
// manifest linter computes on them, classifying, masks, renaming labels and undoing the last change. Every change
// goes through UpdateDatasetEntries on the active connection; this module knows nothing of VS Code.
import {
  DescribeDatasetCommand,
  DescribeProjectCommand,
  UpdateDatasetEntriesCommand,
} from '@aws-sdk/client-lookoutvision';
import sharp from 'sharp';
import { ManifestModel, parseS3Uri, type LabelSummary, type S3Location } from '../manifest/core';
import type { DatasetRef } from '../explorer/refs';
import type { ServiceClients } from './clients';
import { EntryReader, datasetLinePages, type GalleryEntry, type MaskLabelColor } from './datasetEntries';
import { datasetRole, readiness, type DatasetRole } from './datasetReadiness';
import { classifiedLine, maskedLine, relabeledLine } from './entryLines';
import { labelMaskPng } from '../engine/ml/labelMaskPng';
import { decodeMaskPng } from './maskPng';
import { dataUri } from './imageBytes';
import { getObject, putObject, s3Uri } from './objectStore';

export interface GallerySummary {
  entries: number;
  normal: number;
  anomaly: number;
  unlabeled: number;
  labels: LabelSummary[];
  /** What training still lacks for this dataset's role, e.g. "8 more normal images (12 of 20)"; empty when met. */
  missing: string[];
  /** The same, as one sentence naming the role; empty when met. */
  sentence: string;
}

export interface EntryImage {
  ref: string;
  width: number;
  height: number;
  /** The image as a data: URI. */
  src: string;
  /** The current mask as label indices over `labels` (index n is labels[n - 1]), when the entry has one. */
  mask?: Uint8Array;
  labels: MaskLabelColor[];
}

/** An entry's new label: its class and, for an anomaly, optionally its mask as label indices over `labels`. */
export interface Verdict {
  ref: string;
  cls: 'normal' | 'anomaly';
  mask?: { width: number; height: number; indices: Uint8Array; labels: readonly MaskLabelColor[] };
}

interface StoredObject {
  location: S3Location;
  /** Undefined: the object did not exist. */
  bytes: Uint8Array | undefined;
}

interface Change {
  /** The lines the change replaced, to write back on undo. */
  lines: string[];
  objects: StoredObject[];
}

const SETTLE_TIMEOUT_MS = 120_000;

function location(ref: string): S3Location {
  const parsed = parseS3Uri(ref);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** Where the gallery keeps the mask of the image at `image`: beside the images, under masks/, as PNG. */
export function maskLocation(image: S3Location): S3Location {
  return { bucket: image.bucket, key: `masks/${image.key.replace(/\.[^./]*$/, '')}.png` };
}

export class DatasetLabeling {
  private readonly lines = new Map<string, string>();
  /** The dataset's lines as a manifest, in the order read: a change re-checks only the lines it replaces. */
  private manifest = new ManifestModel();
  private readonly lineOf = new Map<string, number>();
  private readonly entries = new Map<string, GalleryEntry>();
  private readonly reader = new EntryReader();
  private readonly history: Change[] = [];
  private role: DatasetRole;

  constructor(
    private readonly clients: () => Promise<ServiceClients>,
    readonly dataset: DatasetRef,
  ) {
    this.role = datasetRole(dataset.datasetType, false);
  }

  /** Reads every entry again, yielding them a page at a time. */
  async *load(): AsyncGenerator<GalleryEntry[]> {
    const { lookout } = await this.clients();
    const project = await lookout.send(new DescribeProjectCommand({ ProjectName: this.dataset.projectName }));
    const hasTest = (project.ProjectDescription?.Datasets ?? []).some((d) => d.DatasetType === 'test');
    this.role = datasetRole(this.dataset.datasetType, hasTest);
    this.lines.clear();
    this.entries.clear();
    this.lineOf.clear();
    for await (const page of datasetLinePages(lookout, this.dataset)) {
      yield page.map((line) => this.remember(line)).filter((e): e is GalleryEntry => e !== undefined);
    }
    const lines = [...this.lines.values()];
    [...this.lines.keys()].forEach((ref, i) => this.lineOf.set(ref, i));
    this.manifest = new ManifestModel(lines.join('\n'));
  }

  /** Every entry read, in the order read. */
  all(): GalleryEntry[] {
    return [...this.entries.values()];
  }

  entry(ref: string): GalleryEntry | undefined {
    return this.entries.get(ref);
  }

  get canUndo(): boolean {
    return this.history.length > 0;
  }

  /** How many changes undo can take back: it grows by one with each change made. */
  get changes(): number {
    return this.history.length;
  }

  /** The counts and training minimums, computed by the manifest linter on the dataset's lines. */
  summary(): GallerySummary {
    const summary = this.manifest.summary();
    const counts = {
      normal: summary.normal,
      anomaly: summary.anomaly,
      segmentation: summary.kind === 'segmentation' || summary.kind === 'mixed',
      singleLabelImages: new Map(summary.labels.map((l) => [l.name, l.singleLabelImages])),
    };
    const needs = readiness(counts, this.role);
    return {
      entries: summary.entries,
      normal: summary.normal,
      anomaly: summary.anomaly,
      unlabeled: summary.unlabeled,
      labels: [...summary.labels],
      missing: [...needs.missing],
      sentence: needs.sentence,
    };
  }

  /** Every anomaly label of the dataset's masks with its colour (the first colour seen wins). */
  labels(): MaskLabelColor[] {
    const found = new Map<string, string>();
    for (const entry of this.entries.values())
      for (const label of entry.labels) if (!found.has(label.name)) found.set(label.name, label.color);
    return [...found].map(([name, color]) => ({ name, color }));
  }

  async classify(refs: readonly string[], cls: 'normal' | 'anomaly'): Promise<GalleryEntry[]> {
    const now = new Date();
    const changed = refs.map((ref) => this.known(ref)).filter((e) => e.cls !== cls);
    return this.apply(
      changed.map((e) => classifiedLine(e, cls, now)),
      [],
    );
  }

  /** Renames a mask label on every entry that has it. */
  async renameLabel(from: string, to: string): Promise<GalleryEntry[]> {
    const name = to.trim();
    if (!name || name === 'BACKGROUND') throw new Error(`"${to}" cannot name an anomaly label`);
    if (this.labels().some((l) => l.name === name)) throw new Error(`a label named "${name}" exists already`);
    const now = new Date();
    const using = [...this.entries.values()].filter((e) => e.labels.some((l) => l.name === from));
    return this.apply(
      using.map((e) => relabeledLine(e, from, name, now)),
      [],
    );
  }

  /** Undoes the last change: its entries' lines and any mask it overwrote are put back. */
  async undo(): Promise<GalleryEntry[]> {
    const change = this.history.pop();
    if (!change) throw new Error('there is no change to undo');
    const { s3 } = await this.clients();
    for (const { location: at, bytes } of change.objects)
      if (bytes) await putObject(s3, at.bucket, at.key, bytes, 'image/png');
    return this.send(change.lines);
  }

  /** The image at full size and its mask, for the annotator. */
  async image(ref: string): Promise<EntryImage> {
    const entry = this.known(ref);
    const { s3 } = await this.clients();
    const at = location(ref);
    const bytes = await getObject(s3, at.bucket, at.key);
    if (!bytes) throw new Error(`${ref} does not exist`);
    const { width, height } = await sharp(bytes).metadata();
    if (!width || !height) throw new Error(`${entry.name} is not an image sharp can read`);
    const labels = this.labels();
    const image: EntryImage = {
      ref,
      width,
      height,
      src: dataUri(bytes),
      labels,
    };
    if (!entry.maskRef) return image;
    const maskAt = location(entry.maskRef);
    const png = await getObject(s3, maskAt.bucket, maskAt.key);
    if (!png) throw new Error(`the mask ${entry.maskRef} of ${entry.name} does not exist`);
    // The entry's own colours decide its pixels; the dataset's label list decides their indices.
    const own = await decodeMaskPng(
      png,
      width,
      height,
      entry.labels.map((l) => l.color),
    );
    const toDataset = entry.labels.map((l) => labels.findIndex((d) => d.name === l.name) + 1);
    return { ...image, mask: own.map((i) => (i === 0 ? 0 : toDataset[i - 1]!)) };
  }

  /**
   * Writes the mask (label indices over `labels`) as the entry's mask PNG and makes the entry an anomaly with it.
   * Only the labels the mask uses enter its colour map.
   */
  async saveMask(
    ref: string,
    width: number,
    height: number,
    indices: Uint8Array,
    labels: readonly MaskLabelColor[],
  ): Promise<GalleryEntry> {
    const [entry] = await this.label([{ ref, cls: 'anomaly', mask: { width, height, indices, labels } }]);
    return entry!;
  }

  /** Labels entries as one change (one undo): each its class, an anomaly with a mask also its mask PNG. */
  async label(verdicts: readonly Verdict[]): Promise<GalleryEntry[]> {
    const now = new Date();
    const lines: string[] = [];
    const writes: { location: S3Location; png: Buffer }[] = [];
    for (const { ref, cls, mask } of verdicts) {
      const entry = this.known(ref);
      if (cls === 'normal' || !mask) {
        lines.push(classifiedLine(entry, cls, now));
        continue;
      }
      const used = [...new Set(mask.indices)].filter((i) => i > 0).sort((a, b) => a - b);
      const missing = used.find((i) => !mask.labels[i - 1]);
      if (missing !== undefined)
        throw new Error(`the mask uses label ${missing}, beyond the ${mask.labels.length} labels`);
      const own = used.map((i) => mask.labels[i - 1]!);
      const renumber = new Uint8Array(256);
      used.forEach((i, n) => (renumber[i] = n + 1));
      const png = await labelMaskPng(
        mask.indices.map((i) => renumber[i]!),
        mask.width,
        mask.height,
        own.map((l) => l.color),
        9,
      );
      const at = maskLocation(location(ref));
      lines.push(maskedLine(ref, s3Uri(at.bucket, at.key), own, now));
      writes.push({ location: at, png });
    }
    const { s3 } = await this.clients();
    const objects: StoredObject[] = [];
    for (const { location: at, png } of writes) {
      objects.push({ location: at, bytes: await getObject(s3, at.bucket, at.key) });
      await putObject(s3, at.bucket, at.key, png, 'image/png');
    }
    return this.apply(lines, objects);
  }

  private known(ref: string): GalleryEntry {
    const entry = this.entries.get(ref);
    if (!entry) throw new Error(`${ref} is not an entry of the ${this.dataset.datasetType} dataset`);
    return entry;
  }

  private remember(line: string): GalleryEntry | undefined {
    const entry = this.reader.read(line);
    if (!entry) return undefined;
    this.lines.set(entry.ref, line);
    this.entries.set(entry.ref, entry);
    return entry;
  }

  private async apply(lines: string[], objects: StoredObject[]): Promise<GalleryEntry[]> {
    if (lines.length === 0) return [];
    const previous = lines.map((line) => this.lines.get(this.reader.read(line)!.ref)!);
    const entries = await this.send(lines);
    this.history.push({ lines: previous, objects });
    return entries;
  }

  private async send(lines: string[]): Promise<GalleryEntry[]> {
    const { lookout } = await this.clients();
    const { projectName, datasetType } = this.dataset;
    await lookout.send(
      new UpdateDatasetEntriesCommand({
        ProjectName: projectName,
        DatasetType: datasetType,
        Changes: new TextEncoder().encode(lines.join('\n') + '\n'),
      }),
    );
    // On AWS an update runs for a while and the dataset takes no other until it ends.
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const { DatasetDescription: d } = await lookout.send(
        new DescribeDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }),
      );
      if (!d?.Status?.endsWith('_IN_PROGRESS')) {
        if (d?.Status?.includes('FAILED'))
          throw new Error(`the dataset update failed: ${d.StatusMessage ?? d.Status}`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the ${datasetType} dataset is still ${d.Status}`);
      await new Promise((ok) => setTimeout(ok, 500));
    }
    return lines.map((line) => {
      const entry = this.remember(line)!;
      const at = this.lineOf.get(entry.ref)!;
      const before = this.manifest.lineText(at);
      this.manifest.applyChange({
        startLine: at,
        startCharacter: 0,
        endLine: at,
        endCharacter: before.length,
        text: line,
      });
      return entry;
    });
  }
}
