// A dataset's entries as the gallery shows them: every page of ListDatasetEntries, each JSON line reduced to what
// the gallery filters and sorts on, read by the manifest linter's own line validator.
import { paginateListDatasetEntries, type LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { LineValidator } from '../manifest/core';
import type { DatasetRef } from '../explorer/refs';

export type EntryClass = 'normal' | 'anomaly' | 'unlabeled';

export interface MaskLabelColor {
  name: string;
  /** `#rrggbb`, lower case. */
  color: string;
}

/** One entry of a dataset, as the gallery page receives it. */
export interface GalleryEntry {
  /** The entry's source-ref: its identity in the dataset. */
  ref: string;
  /** The image's file name. */
  name: string;
  cls: EntryClass;
  /** The anomaly labels of its mask (none without a mask). */
  labels: MaskLabelColor[];
  maskRef?: string;
}

/** The largest page the API allows. */
const PAGE_SIZE = 100;

/** Every JSON line of a dataset, a page at a time. */
export async function* datasetLinePages(
  lookout: LookoutVisionClient,
  dataset: DatasetRef,
): AsyncGenerator<string[]> {
  for await (const page of paginateListDatasetEntries(
    { client: lookout, pageSize: PAGE_SIZE },
    { ProjectName: dataset.projectName, DatasetType: dataset.datasetType },
  )) {
    yield page.DatasetEntries ?? [];
  }
}

/** Reads dataset lines into gallery entries; one reader serves a whole dataset (lines share their layout). */
export class EntryReader {
  private readonly validator = new LineValidator();

  /** The entry of a line, or undefined for a line without a source-ref (the service never returns one). */
  read(line: string): GalleryEntry | undefined {
    const facts = this.validator.validate(line).facts;
    const ref = facts?.sourceRef;
    if (!facts || !ref) return undefined;
    const labels = (facts.mask?.colorMap ?? [])
      .filter((c) => c.index !== '0' && facts.anomalyLabels.includes(c.className))
      .map((c) => ({ name: c.className, color: c.hexColor.toLowerCase() }));
    return {
      ref,
      name: ref.slice(ref.lastIndexOf('/') + 1),
      cls: facts.imageClass,
      labels,
      ...(facts.mask ? { maskRef: facts.mask.ref } : {}),
    };
  }
}
