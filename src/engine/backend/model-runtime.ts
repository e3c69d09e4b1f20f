// The part of the engine that trains and hosts models. The backend owns the state machine in the store and asks the
// runtime to do the work; the runtime reports back through the store.

export interface ModelKey {
  project: string;
  version: number;
}

export interface DetectOutput {
  IsAnomalous: boolean;
  Confidence: number;
  Anomalies?: { Name: string; PixelAnomaly: { TotalPercentageArea: number; Color: string } }[];
  AnomalyMask?: Buffer;
}

export interface ModelRuntime {
  /** Starts training in the background; ends the model in TRAINED or TRAINING_FAILED. */
  train(model: ModelKey): void;
  /** The model was deleted: stops its training if one is in progress, and removes its files. */
  remove(model: ModelKey): void;
  /** Loads the model into `units` inference workers (scaling up to maxUnits under load); ends HOSTED or HOSTING_FAILED. */
  host(model: ModelKey, units: { min: number; max: number }): void;
  /** Releases the inference workers; ends TRAINED. */
  unhost(model: ModelKey): void;
  detect(model: ModelKey, image: Buffer): Promise<DetectOutput>;
  /** Directory holding a trained model's files (for packaging). */
  modelDir(model: ModelKey): string;
  close(): Promise<void>;
}
