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

/**
 * An operation's input as validate.ts passes it on: at every depth, the members the model requires are present (the
 * SDK's request shapes type them `| undefined`, for clients that may leave them out) and the others may be absent.
 */
export type Validated<T> = {
  [K in keyof T as object extends Pick<T, K> ? never : K]-?: Checked<Exclude<T[K], undefined>>;
} & {
  [K in keyof T as object extends Pick<T, K> ? K : never]?: Checked<Exclude<T[K], undefined>>;
};

type Checked<V> = V extends Date | Uint8Array
  ? V
  : V extends readonly (infer E)[]
    ? Checked<E>[]
    : V extends object
      ? Validated<V>
      : V;

/** A request shape whose blob members `K` arrive as the request's bytes. */
export type WithBytes<T, K extends keyof T> = Omit<T, K> & { [P in K]: Buffer | undefined };

/** The handler of an operation whose request shape (from the SDK) is `T`. */
export type Handler<T> = (ctx: BackendContext, input: Validated<T>) => Promise<object> | object;
