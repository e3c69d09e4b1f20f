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
  labelsFound?: string[];
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
  /** Which scorer won the candidate selection, and where its decision threshold was chosen. */
  selectedCandidate: string;
  thresholdSource: 'training-cross-validation' | 'test-set';
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
