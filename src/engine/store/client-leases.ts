// The windows that use an engine the extension started. Each window's extension host leaves a lease in the data
// directory (clients/<pid>, holding the process's start where the OS tells it), and such an engine stops once none
// of those processes runs any more: it outlives the window that started it while other windows still use it, and
// does not outlive them all. A window that joins such an engine as it stops is not handed it: it starts a new one.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';
import { lockOwner } from './lock';
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

/** Names the last engine that found no client and stopped (or is stopping); only the lock's holder writes it. */
const STOPPING_FILE = 'engine.stopping';

function stoppingMark(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, STOPPING_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Whether no client of engine `engineId` runs any more; if so the engine is marked stopping (engineStopping). The
 * mark comes before the last look at the leases, and a window joining the engine writes its lease before it reads
 * the mark: so either that look finds the window's lease and the engine serves on, or the window finds the mark and
 * starts a new engine once this one has gone. No window is handed an engine that then stops under it.
 */
export function noClientLeft(dataDir: string, engineId: string): boolean {
  if (liveClients(dataDir).length > 0) return false;
  writeFileAtomic(join(dataDir, STOPPING_FILE), engineId);
  if (liveClients(dataDir).length === 0) return true;
  rmSync(join(dataDir, STOPPING_FILE), { force: true });
  return false;
}

/** Whether engine `engineId` is stopping or has stopped: marked so, or the data directory's lock no longer names it. */
export function engineStopping(dataDir: string, engineId: string): boolean {
  return stoppingMark(dataDir) === engineId || lockOwner(dataDir) !== engineId;
}

/**
 * Calls `stop` once no lease names a running process (noClientLeft), looking every CLIENT_CHECK_MS; returns what
 * cancels it.
 */
export function stopWithoutClients(dataDir: string, engineId: string, stop: () => void): () => void {
  const timer = setInterval(() => {
    if (!noClientLeft(dataDir, engineId)) return;
    clearInterval(timer);
    stop();
  }, CLIENT_CHECK_MS);
  return () => clearInterval(timer);
}
