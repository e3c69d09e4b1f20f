// The windows that use an engine the extension started. Each window's extension host leaves a lease in the data
// directory (clients/<pid>, holding the process's start where the OS tells it), and such an engine stops once none
// of those processes runs any more: it outlives the window that started it while other windows still use it, and
// does not outlive them all.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processStart, recordedProcess } from './process-identity';

const CLIENTS_FOLDER = 'clients';
/** How often an engine that stops without clients looks for them. */
export const CLIENT_CHECK_MS = 5_000;

/** Records that process `pid` uses the engine of `dataDir`. */
export function addClientLease(dataDir: string, pid: number): void {
  const folder = join(dataDir, CLIENTS_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(join(folder, String(pid)), processStart(pid) ?? '', { mode: 0o600 });
}

/** The pids of the leases whose process still runs; the leases of processes that have gone are removed. */
export function liveClients(dataDir: string): number[] {
  const folder = join(dataDir, CLIENTS_FOLDER);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const pid = Number(name);
    const path = join(folder, name);
    let start: string | undefined;
    try {
      start = readFileSync(path, 'utf8') || undefined;
    } catch {
      return [];
    }
    if (Number.isInteger(pid) && pid > 0 && recordedProcess(pid, start) !== 'gone') return [pid];
    rmSync(path, { force: true });
    return [];
  });
}

/** Calls `stop` once no lease names a running process, looking every CLIENT_CHECK_MS; returns what cancels it. */
export function stopWithoutClients(dataDir: string, stop: () => void): () => void {
  const timer = setInterval(() => {
    if (liveClients(dataDir).length > 0) return;
    clearInterval(timer);
    stop();
  }, CLIENT_CHECK_MS);
  return () => clearInterval(timer);
}
