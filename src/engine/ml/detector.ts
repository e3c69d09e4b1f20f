import { detectWithModel } from './detect';
import { ClosedError } from './errors';
import { reviveDetectResult } from './messages';
import { loadModel } from './model';
import { DetectResult, Detector } from './types';
import { WorkerClient } from './workerClient';

/** A pool of worker threads (inference units), each holding the model; requests go to the least busy one. */
class PoolDetector implements Detector {
  private closed = false;

  private constructor(
    private readonly modelDir: string,
    private readonly clients: WorkerClient[],
    readonly width: number,
    readonly height: number,
  ) {}

  static async open(modelDir: string, workers: number): Promise<PoolDetector> {
    const clients = Array.from({ length: workers }, () => new WorkerClient());
    try {
      const sizes = (await Promise.all(clients.map((c) => c.request({ op: 'open', modelDir })))) as {
        width: number;
        height: number;
      }[];
      return new PoolDetector(modelDir, clients, sizes[0].width, sizes[0].height);
    } catch (err) {
      await Promise.all(clients.map((c) => c.terminate()));
      throw err;
    }
  }

  async detect(bytes: Buffer): Promise<DetectResult> {
    if (this.closed) throw new ClosedError('The detector is closed.');
    let index = 0;
    this.clients.forEach((c, i) => {
      if (c.load < this.clients[index].load) index = i;
    });
    if (this.clients[index].failed) {
      // A crashed worker is replaced before it gets more work.
      const fresh = new WorkerClient();
      this.clients[index] = fresh;
      await fresh.request({ op: 'open', modelDir: this.modelDir });
    }
    const copy = new Uint8Array(bytes);
    const result = (await this.clients[index].request({ op: 'detect', bytes: copy }, [
      copy.buffer,
    ])) as DetectResult;
    return reviveDetectResult(result);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.clients.map((c) => c.terminate()));
  }
}

/**
 * Opens a trained model for DetectAnomalies with `workers` worker threads (inference units).
 * `workers: 0` runs detection in the calling thread (used to measure latency without messaging).
 */
export async function openDetector(modelDir: string, options: { workers: number }): Promise<Detector> {
  if (!Number.isInteger(options.workers) || options.workers < 0) {
    throw new RangeError(`workers must be a non-negative integer, got ${options.workers}`);
  }
  if (options.workers > 0) return PoolDetector.open(modelDir, options.workers);
  const model = await loadModel(modelDir);
  let closed = false;
  return {
    width: model.width,
    height: model.height,
    detect: async (bytes) => {
      if (closed) throw new ClosedError('The detector is closed.');
      return detectWithModel(model, bytes);
    },
    close: async () => {
      closed = true;
    },
  };
}
