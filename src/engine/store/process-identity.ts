// Telling whether a process recorded by pid is still the one that was recorded: the data directory's lock names its
// engine's process, and client leases name the windows that use the engine.
import { readFileSync } from 'node:fs';

/** Whether a process with this pid exists (one of another user's counts: it exists, it is only not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Where the OS tells (Linux): boot id and start time of the process, which tell it apart from a later process given
 * the same pid (pids are reused, e.g. after a reboot); undefined elsewhere or when it has gone.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the fields after the parenthesised command name start at field 3.
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTime ? `${bootId}/${startTime}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What is known of the process recorded as `pid` with start `start` (processStart, if it was known then): gone (no
 * such process, or another one started since under that pid), provably the same process (both starts known and
 * equal), or alive but not provably the same (a start unknown then or now).
 */
export function recordedProcess(pid: number, start: string | undefined): 'gone' | 'same' | 'alive' {
  if (!isAlive(pid)) return 'gone';
  const now = start && processStart(pid);
  if (!now) return 'alive';
  return now === start ? 'same' : 'gone';
}
