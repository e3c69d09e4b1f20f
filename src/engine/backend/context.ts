import type { Database } from '../store/database';
import type { ObjectStore } from '../store/objects';
import type { ModelRuntime } from './model-runtime';

/** What every operation handler works with: the data directory's state and the engine's identity. */
export interface BackendContext {
  db: Database;
  objects: ObjectStore;
  runtime: ModelRuntime;
  region: string;
  accountId: string;
  log: (message: string) => void;
  /** Seconds since the epoch (fractional): the unit of every timestamp on the wire. */
  now: () => number;
  /** Aborted when the engine closes: background jobs stop where they are (interrupted work resumes at start-up). */
  stopping: AbortSignal;
}

export type Input = Record<string, unknown>;
export type Handler = (ctx: BackendContext, input: Input) => Promise<object> | object;
