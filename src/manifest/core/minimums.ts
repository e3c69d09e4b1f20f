// Whether a manifest (or a dataset) has enough labeled images to train (DG: model-create-dataset, "Dataset
// size"). Segmentation counts only anomalous images whose mask holds a single anomaly label.
import { TRAINING_MINIMUMS, type DatasetMinimum } from './trainingMinimums';

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

export function trainingReadiness(counts: ClassCounts): TrainingReadiness {
  return {
    singleDataset: checkMinimum(counts, TRAINING_MINIMUMS.single),
    trainingDataset: checkMinimum(counts, TRAINING_MINIMUMS.training),
    testDataset: checkMinimum(counts, TRAINING_MINIMUMS.test),
  };
}

/** What `counts` lacks to meet `needs`, with the numbers: `8 more images with only "dent" (12 of 20)`. */
export function checkMinimum(counts: ClassCounts, needs: DatasetMinimum): Requirement {
  const missing: string[] = [];
  const short = (have: number, need: number, what: string) => {
    if (have < need) missing.push(`${need - have} more ${what} (${have} of ${need})`);
  };
  short(counts.normal, needs.normal, 'normal images');
  short(counts.anomaly, needs.anomaly, 'anomalous images');
  if (counts.segmentation) {
    for (const [label, images] of counts.singleLabelImages)
      short(images, needs.perLabel, `images with only "${label}"`);
  }
  return { met: missing.length === 0, missing };
}
