// Whether a dataset has enough images to train, judged by the same minimums the training applies, before
// anyone trains: counts come from a labelled folder (before upload) or from a dataset in the service.
import {
  ListDatasetEntriesCommand,
  type DatasetDescription,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import {
  TRAINING_MINIMUMS,
  checkMinimum,
  validateManifest,
  type ClassCounts,
  type Requirement,
} from '../manifest/core';

/** Which minimums apply: the project's only dataset, or one of separate training and test datasets. */
export type DatasetRole = keyof typeof TRAINING_MINIMUMS;

export function datasetRole(datasetType: string, projectHasTestDataset: boolean): DatasetRole {
  if (datasetType === 'test') return 'test';
  return projectHasTestDataset ? 'training' : 'single';
}

const ROLE_WORDS: Record<DatasetRole, string> = {
  single: "as the project's only dataset",
  training: 'as the training dataset',
  test: 'as the test dataset',
};

export interface Readiness extends Requirement {
  readonly role: DatasetRole;
  /** "as the project's only dataset, training needs 8 more images with only "dent" (12 of 20)"; empty when met. */
  readonly sentence: string;
}

export function readiness(counts: ClassCounts, role: DatasetRole): Readiness {
  const requirement = checkMinimum(counts, TRAINING_MINIMUMS[role]);
  return {
    ...requirement,
    role,
    sentence: requirement.met ? '' : `${ROLE_WORDS[role]}, training needs ${requirement.missing.join(', ')}`,
  };
}

// The largest page the API allows.
const PAGE_SIZE = 100;

/**
 * A dataset's counts: normal and anomalous from its statistics; for segmentation, the images whose mask holds
 * one label, read from its anomalous entries (masks are only on those). A first page without masks means a
 * classification dataset, so classification datasets cost one request at most.
 */
export async function datasetClassCounts(
  lookout: LookoutVisionClient,
  projectName: string,
  description: DatasetDescription,
): Promise<ClassCounts> {
  const normal = description.ImageStats?.Normal ?? 0;
  const anomaly = description.ImageStats?.Anomaly ?? 0;
  const classification: ClassCounts = { normal, anomaly, segmentation: false, singleLabelImages: new Map() };
  if (anomaly === 0) return classification;
  const lines: string[] = [];
  let masked = false;
  let token: string | undefined;
  do {
    const page = await lookout.send(
      new ListDatasetEntriesCommand({
        ProjectName: projectName,
        DatasetType: description.DatasetType,
        AnomalyClass: 'anomaly',
        MaxResults: PAGE_SIZE,
        NextToken: token,
      }),
    );
    const entries = page.DatasetEntries ?? [];
    lines.push(...entries);
    masked ||= entries.some((line) => line.includes('-ref-metadata"'));
    token = page.NextToken;
  } while (token && masked);
  // The manifest linter's own counting, on the entries as lines of a manifest.
  const { summary } = validateManifest(lines.join('\n'));
  if (summary.kind === 'classification' || summary.kind === 'empty') return classification;
  return {
    normal,
    anomaly,
    segmentation: true,
    singleLabelImages: new Map(summary.labels.map((l) => [l.name, l.singleLabelImages])),
  };
}
