export interface MaskLabel {
  name: string;
  /** '#rrggbb', lower-case. */
  color: string;
}

export interface TrainingImage {
  /** The dataset entry's source-ref, echoed back in evaluation records. */
  ref: string;
  /** PNG or JPEG as stored. */
  bytes: Buffer;
  anomalous: boolean;
  /** Segmentation only: the mask PNG and its colour map (background white is implicit). */
  mask?: { bytes: Buffer; labels: MaskLabel[] };
}

export interface TrainingInput {
  train: TrainingImage[];
  /** Absent for a single-dataset project: `train` is then split (see split.ts). */
  test?: TrainingImage[];
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
