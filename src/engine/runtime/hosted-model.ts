// A hosted model version: MinInferenceUnits detector workers, growing towards MaxInferenceUnits while requests queue
// up and shrinking back after a quiet minute.
import { ClosedError, openDetector, type Detector, type DetectResult } from '../ml';

const SCALE_DOWN_AFTER_MS = 60_000;

interface Unit {
  detector: Detector;
  inFlight: number;
  lastUsed: number;
}

export class HostedModel {
  private readonly units: Unit[] = [];
  private growing: Promise<void> | undefined;
  private closed = false;
  private readonly shrinkTimer: NodeJS.Timeout;

  private constructor(
    private readonly modelDir: string,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.shrinkTimer = setInterval(() => void this.shrink(), SCALE_DOWN_AFTER_MS / 4);
    this.shrinkTimer.unref();
  }

  static async open(modelDir: string, units: { min: number; max: number }): Promise<HostedModel> {
    const hosted = new HostedModel(modelDir, units.min, units.max);
    try {
      for (let i = 0; i < units.min; i++) await hosted.addUnit();
    } catch (err) {
      await hosted.close();
      throw err;
    }
    return hosted;
  }

  get unitCount(): number {
    return this.units.length;
  }

  private async addUnit(): Promise<void> {
    this.units.push({
      detector: await openDetector(this.modelDir, { workers: 1 }),
      inFlight: 0,
      lastUsed: Date.now(),
    });
  }

  private async shrink(): Promise<void> {
    const now = Date.now();
    while (this.units.length > this.min) {
      const idle = this.units.findIndex((u) => u.inFlight === 0 && now - u.lastUsed > SCALE_DOWN_AFTER_MS);
      if (idle < 0) return;
      const [unit] = this.units.splice(idle, 1);
      await unit!.detector.close();
    }
  }

  async detect(image: Buffer): Promise<DetectResult> {
    // A request that waited for the model to open can reach it after StopModel closed it and took its units.
    if (this.closed) throw new ClosedError('The hosted model is closed.');
    const unit = this.units.reduce((best, u) => (u.inFlight < best.inFlight ? u : best));
    if (unit.inFlight > 0 && this.units.length < this.max && !this.growing) {
      // Every unit is busy: add one for the requests that follow (this one still goes to the least busy unit).
      this.growing = this.addUnit().finally(() => (this.growing = undefined));
    }
    unit.inFlight++;
    try {
      return await unit.detector.detect(image);
    } finally {
      unit.inFlight--;
      unit.lastUsed = Date.now();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.shrinkTimer);
    await this.growing?.catch(() => undefined);
    await Promise.all(this.units.splice(0).map((u) => u.detector.close()));
  }
}
