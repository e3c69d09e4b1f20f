// Whether a manifest has enough labeled images to train (DG: model-create-dataset, "Dataset size").
// Segmentation counts only anomalous images whose mask holds a single anomaly label.

export interface ClassCounts {
  readonly normal: number;
  readonly anomaly: number;
  readonly segmentation: boolean;
  /** Anomaly label → anomalous images whose mask has only that label. */
  readonly singleLabelImages: ReadonlyMap<string, number>;
}

export interface Requirement {
  readonly met: boolean;
  /** What is missing, e.g. "8 more normal images"; empty when met. */
  readonly missing: readonly string[];
}

export interface TrainingReadiness {
  /** The file as the only dataset of a project (split internally). */
  readonly singleDataset: Requirement;
  /** The file as the training dataset of a project with a separate test dataset. */
  readonly trainingDataset: Requirement;
  /** The file as the test dataset of a project with a separate training dataset. */
  readonly testDataset: Requirement;
}

const SINGLE_DATASET = { normal: 20, anomaly: 10, perLabel: 20 };
const TRAINING_DATASET = { normal: 10, anomaly: 0, perLabel: 10 };
const TEST_DATASET = { normal: 10, anomaly: 10, perLabel: 10 };

export function trainingReadiness(counts: ClassCounts): TrainingReadiness {
  return {
    singleDataset: check(counts, SINGLE_DATASET),
    trainingDataset: check(counts, TRAINING_DATASET),
    testDataset: check(counts, TEST_DATASET),
  };
}

function check(
  counts: ClassCounts,
  needs: { normal: number; anomaly: number; perLabel: number },
): Requirement {
  const missing: string[] = [];
  if (counts.normal < needs.normal) missing.push(`${needs.normal - counts.normal} more normal images`);
  if (counts.anomaly < needs.anomaly) missing.push(`${needs.anomaly - counts.anomaly} more anomalous images`);
  if (counts.segmentation) {
    for (const [label, images] of counts.singleLabelImages) {
      if (images < needs.perLabel)
        missing.push(`${needs.perLabel - images} more images with only "${label}"`);
    }
  }
  return { met: missing.length === 0, missing };
}
