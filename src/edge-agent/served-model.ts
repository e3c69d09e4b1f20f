// The one model component an agent serves, with the Edge Agent's model states. Detection is the engine's own
// (detectWithModel), so the agent answers exactly as the engine's DetectAnomalies does.
import sharp from 'sharp';
import { detectWithModel } from '../engine/ml/detect';
import { ImageRuleError } from '../engine/ml/errors';
import { loadModel, type TrainedModel } from '../engine/ml/model';
import type { ComponentInfo } from '../engine/packaging/layout';
import { exhausted, invalid, notFound, precondition } from './status';

export type ModelStatus = 'STOPPED' | 'STARTING' | 'RUNNING' | 'FAILED' | 'STOPPING';

export interface Detection {
  isAnomalous: boolean;
  confidence: number;
  anomalies: { name: string; pixel_anomaly: { total_percentage_area: number; hex_color: string } }[];
  /** Segmentation: the mask as interleaved RGB888 of the image's size. */
  mask?: { width: number; height: number; rgb: Buffer };
}

/** Requests waiting for the CPU beyond this are refused (RESOURCE_EXHAUSTED) rather than queued without end. */
const MAX_PENDING = 32;

export class ServedModel {
  status: ModelStatus = 'STOPPED';
  statusMessage = 'The model is stopped. Call StartModel to run it.';
  private model?: TrainedModel;
  private pending = 0;

  constructor(
    readonly info: ComponentInfo,
    private readonly modelDir: string,
  ) {}

  /** The model of that name, or NOT_FOUND. */
  check(component: string): this {
    if (component !== this.info.ComponentName) throw notFound(component);
    return this;
  }

  start(): ModelStatus {
    if (this.status !== 'STOPPED' && this.status !== 'FAILED') {
      throw precondition(`The model is ${this.status}; only a STOPPED or FAILED model can be started.`);
    }
    this.setStatus('STARTING', 'Loading the model');
    void loadModel(this.modelDir).then(
      (model) => {
        // A StopModel during loading wins.
        if (this.status !== 'STARTING') return;
        this.model = model;
        this.setStatus('RUNNING', 'The model is running');
      },
      (err: Error) => this.setStatus('FAILED', `The model could not be loaded: ${err.message}`),
    );
    return this.status;
  }

  stop(): ModelStatus {
    if (this.status !== 'RUNNING') {
      throw precondition(`The model is ${this.status}; only a RUNNING model can be stopped.`);
    }
    this.model = undefined;
    this.setStatus('STOPPED', 'The model is stopped');
    return this.status;
  }

  /** The loaded model, or FAILED_PRECONDITION. */
  assertRunning(): TrainedModel {
    if (this.status !== 'RUNNING' || !this.model) {
      throw precondition(
        `The model is ${this.status}; DetectAnomalies needs a RUNNING model (call StartModel).`,
      );
    }
    return this.model;
  }

  async detect(width: number, height: number, rgb: Buffer): Promise<Detection> {
    const model = this.assertRunning();
    if (this.pending >= MAX_PENDING) {
      throw exhausted(`${MAX_PENDING} images are already waiting; retry when earlier calls have finished.`);
    }
    this.pending++;
    try {
      // A lossless PNG takes the engine's one decode path, so the agent sees the pixels the engine would.
      const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      const result = await detectWithModel(model, png).catch((err: unknown) => {
        throw err instanceof ImageRuleError ? invalid(err.message) : err;
      });
      const detection: Detection = {
        isAnomalous: result.IsAnomalous,
        confidence: result.Confidence,
        anomalies: (result.Anomalies ?? []).map((a) => ({
          name: a.Name,
          pixel_anomaly: {
            total_percentage_area: a.PixelAnomaly.TotalPercentageArea,
            hex_color: a.PixelAnomaly.Color,
          },
        })),
      };
      if (result.AnomalyMask) {
        const { data, info } = await sharp(result.AnomalyMask)
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        detection.mask = { width: info.width, height: info.height, rgb: data };
      }
      return detection;
    } finally {
      this.pending--;
    }
  }

  private setStatus(status: ModelStatus, message: string): void {
    this.status = status;
    this.statusMessage = message;
  }
}
