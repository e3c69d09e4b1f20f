// Resident memory of another process (Linux /proc), sampled while some work runs.
import { readFileSync } from 'node:fs';

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Resident set of a process now, in MB. */
export function rssMb(pid: number): number {
  return statusMb(pid, 'VmRSS');
}

/** The most a process has been resident so far (its high-water mark), in MB. */
export function peakRssMb(pid: number): number {
  return statusMb(pid, 'VmHWM');
}

/** Samples a process's RSS every 20 ms while `work` runs; returns the work's result, seconds and peak MB. */
export async function measured<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; peak: number }> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const start = performance.now();
  try {
    const value = await work();
    return { value, seconds: (performance.now() - start) / 1000, peak: Math.max(peak, rssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}
