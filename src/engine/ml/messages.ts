import { DatasetRuleError, ImageRuleError } from './errors';
import { DetectResult, TrainingInput } from './types';

/** Messages between the engine thread and ML workers. */
export type WorkerRequest =
  | { id: number; op: 'train'; input: Omit<TrainingInput, 'onProgress'> }
  | { id: number; op: 'open'; modelDir: string }
  | { id: number; op: 'detect'; bytes: Uint8Array }
  | { id: number; op: 'zip'; files: Record<string, Uint8Array> };

/** The outcome of a request; before it, a training may post any number of progress notes. */
export type WorkerReply =
  { id: number; ok: unknown } | { id: number; error: SerializedError } | { id: number; progress: string };

export interface SerializedError {
  name: string;
  message: string;
}

export function serializeError(err: unknown): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message };
}

/** Recreates the rule errors on this side so callers can tell user mistakes from failures. */
export function deserializeError(e: SerializedError): Error {
  if (e.name === 'DatasetRuleError') return new DatasetRuleError(e.message);
  if (e.name === 'ImageRuleError') return new ImageRuleError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** Structured clone turns Buffers into plain Uint8Arrays: view them as Buffers again (no copy). */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function reviveDetectResult(result: DetectResult): DetectResult {
  if (result.AnomalyMask) result.AnomalyMask = asBuffer(result.AnomalyMask);
  return result;
}
