// The keys a job will write in its requested S3 location, checked when the job is asked for: an object stored
// under a key the S3 API refuses (over 1,024 bytes, say) could be neither read nor deleted.
import { validation } from '../protocol/errors';
import { keyRefusal } from '../store/objects';

/** Refuses the request (ValidationException) when S3 would refuse one of `keys`; `field` names the location. */
export function requireWritableKeys(field: string, keys: readonly string[]): void {
  for (const key of keys) {
    const refusal = keyRefusal(key);
    if (refusal) throw validation(`${field} cannot hold this output: ${refusal}`);
  }
}
