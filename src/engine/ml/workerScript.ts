import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The worker entry next to this code: `ml-worker.js` beside the esbuild bundle (dist/), else the tsc output
 * `worker.js` beside this module (out/).
 */
export function workerScript(): string {
  for (const name of ['ml-worker.js', 'worker.js']) {
    const candidate = join(__dirname, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `The anomaly-detection worker script is missing next to ${__dirname} (ml-worker.js or worker.js).`,
  );
}
