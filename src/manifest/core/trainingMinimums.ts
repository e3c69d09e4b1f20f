// The training minimums of the Developer Guide ("Dataset size"), in one place: the linter's summary, the
// extension's checks before upload and the engine's training rule all read these numbers. Segmentation also
// needs, per anomaly label, images whose mask holds only that label.

export interface DatasetMinimum {
  readonly normal: number;
  readonly anomaly: number;
  /** Segmentation only: images whose mask holds a single anomaly label, per label. */
  readonly perLabel: number;
}

export const TRAINING_MINIMUMS = {
  /** The only dataset of a project (split internally). */
  single: { normal: 20, anomaly: 10, perLabel: 20 },
  /** The training dataset of a project with a separate test dataset. */
  training: { normal: 10, anomaly: 0, perLabel: 10 },
  /** The test dataset of a project with a separate training dataset. */
  test: { normal: 10, anomaly: 10, perLabel: 10 },
} as const satisfies Record<string, DatasetMinimum>;
