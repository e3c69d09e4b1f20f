export interface MaskLabel {
  name: string;
  /** '#rrggbb', lower-case. */
  color: string;
}

/** An image file's content (PNG or JPEG as stored) in memory. */
export interface ImageBytes {
  bytes: Buffer;
}

/** An image file's content left in a file, read where the image is decoded (the ML worker, not the engine). */
export interface ImageFile {
  path: string;
}

export type ImageContent = ImageBytes | ImageFile;

/** A labeled image; `C` says where its content and its mask's are: in memory by default, or either. */
export type TrainingImage<C extends ImageContent = ImageBytes> = C & {
  /** The dataset entry's source-ref, echoed back in evaluation records. */
  ref: string;
  anomalous: boolean;
  /** Segmentation only: the mask PNG and its colour map (background white is implicit). */
  mask?: C & { labels: MaskLabel[] };
};

export interface TrainingInput {
  train: TrainingImage<ImageContent>[];
  /** Absent for a single-dataset project: `train` is then split (splitStratified). */
  test?: TrainingImage<ImageContent>[];
  seed: number;
  /** Directory (existing, empty) that receives the trained model's files. */
  modelDir: string;
  onProgress?: (message: string) => void;
}

export interface EvaluationRecord {
  ref: string;
  anomalous: boolean;
  predictedAnomalous: boolean;
  confidence: number;
  /** Segmentation: the anomaly labels the model painted, and those of the image's ground-truth mask. */
  labelsFound?: string[];
  labelsTrue?: string[];
  /**
   * Segmentation: the predicted mask as a PNG at the image's size, white background and label colours. A Uint8Array
   * because it crosses the worker boundary by structured clone, which turns Buffers into plain byte arrays.
   */
  predictedMask?: Uint8Array;
}

export interface LabelMetrics {
  name: string;
  color: string;
  precision: number;
  recall: number;
  f1: number;
  meanIou: number;
  imagesFound: number;
}

export interface TrainingResult {
  modelType: 'classification' | 'segmentation';
  /** Anomaly is the positive class; measured on the test images. */
  performance: { f1: number; precision: number; recall: number };
  rocAuc: number;
  averagePrecision: number;
  records: EvaluationRecord[];
  /** Empty for classification. */
  labels: LabelMetrics[];
  trainingImages: number;
  testingImages: number;
  /** Which scorer won the candidate selection, per ensemble member (joined by " + "). */
  selectedCandidate: string;
  /**
   * How the image threshold was chosen: on out-of-fold scores of the training images, or (no anomalies in training)
   * on the test images, each of which is then judged with a threshold chosen on the other folds.
   */
  threshold: {
    source: 'training-cross-validation' | 'test-set-cross-fitted';
    folds: number;
    value: number;
    /** Ensemble members (model.ts, members), each with a threshold of its own, which the mean score is judged by. */
    members: number;
  };
}

export interface DetectResult {
  IsAnomalous: boolean;
  Confidence: number;
  Anomalies?: { Name: string; PixelAnomaly: { TotalPercentageArea: number; Color: string } }[];
  AnomalyMask?: Buffer;
}

export interface Detector {
  readonly width: number;
  readonly height: number;
  detect(bytes: Buffer): Promise<DetectResult>;
  close(): Promise<void>;
}
