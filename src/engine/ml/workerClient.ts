import { Worker } from 'node:worker_threads';
import { ClosedError } from './errors';
import { WorkerReply, WorkerRequest, deserializeError } from './messages';
import { workerScript } from './workerScript';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** One ML worker thread with request/reply matching; a dead worker fails its pending and later requests. */
export class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (note: string) => void }
  >();
  private nextId = 1;
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(workerScript());
    this.worker.on('message', (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      if ('progress' in reply) return waiter.onProgress?.(reply.progress);
      this.pending.delete(reply.id);
      if ('error' in reply) waiter.reject(deserializeError(reply.error));
      else waiter.resolve(reply.ok);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`The anomaly-detection worker stopped (exit code ${code}).`)),
    );
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Requests in flight: the pool sends new work to the least busy worker. */
  get load(): number {
    return this.pending.size;
  }

  /** Sends a request; `onProgress` hears the notes the worker posts before its reply. */
  request(
    request: Request,
    transfer: ArrayBuffer[] = [],
    onProgress?: (note: string) => void,
  ): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Closes the worker; its pending requests reject with ClosedError (a crash, by contrast, rejects with its cause). */
  async terminate(): Promise<void> {
    this.fail(new ClosedError('The anomaly-detection worker was closed.'));
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
  }
}
