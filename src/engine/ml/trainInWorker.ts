import { TrainingInput, TrainingResult } from './types';
import { WorkerClient } from './workerClient';

/**
 * trainModel in a worker thread, so the engine keeps serving requests; its progress notes reach
 * `input.onProgress` on this thread. Aborting terminates the worker and rejects with the signal's reason;
 * rule errors are rejected as DatasetRuleError.
 */
export async function trainModelInWorker(
  { onProgress, ...input }: TrainingInput,
  signal?: AbortSignal,
): Promise<TrainingResult> {
  signal?.throwIfAborted();
  const client = new WorkerClient();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return (await Promise.race([
      client.request({ op: 'train', input }, [], onProgress),
      aborted,
    ])) as TrainingResult;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await client.terminate();
  }
}
