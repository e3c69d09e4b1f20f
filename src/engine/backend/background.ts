// Work the engine does off the request path (imports, packaging, training, hosting). One job's failure must end
// that job, never the engine: every background job starts here.
import type { BackendContext } from './context';

const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/**
 * Runs `job` on a later turn of the event loop. An error it throws or rejects with is logged with its stack and
 * handed to `onError` (to mark the job's resource failed); an error of `onError` itself is logged too.
 */
export function runInBackground(
  ctx: Pick<BackendContext, 'log' | 'stopping'>,
  what: string,
  job: () => unknown,
  onError?: (err: unknown) => void,
): void {
  setImmediate(() => {
    void (async () => {
      try {
        if (!ctx.stopping.aborted) await job();
      } catch (err) {
        if (ctx.stopping.aborted) {
          // Not a failure of the job: the store it writes to is closing. Start-up picks the work up again.
          ctx.log(`${what} stopped with the engine`);
          return;
        }
        ctx.log(`${what} failed: ${describe(err)}`);
        try {
          onError?.(err);
        } catch (again) {
          ctx.log(`${what}: recording the failure failed too: ${describe(again)}`);
        }
      }
    })();
  });
}

/** The message of an error, for a resource's status message. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
