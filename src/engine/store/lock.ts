// One engine per data directory. The lock file names the owner's pid and, once it listens, its endpoint, so a second
// start can point at the running engine instead of opening the same state twice.
import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

export interface LockInfo {
  pid: number;
  endpoint?: string;
  region?: string;
}

export interface DataDirLock {
  update(info: LockInfo): void;
  release(): void;
}

const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/** Takes the lock, or returns who holds it (waiting briefly for a starting owner to publish its endpoint). */
export async function lockDataDir(dataDir: string): Promise<DataDirLock | { heldBy: LockInfo }> {
  const path = join(dataDir, 'engine.lock');
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      heldHere.add(path);
      return {
        update: (info) => writeFileAtomic(path, JSON.stringify(info)),
        release: () => {
          heldHere.delete(path);
          rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const info = readLock(path);
    const owned = info && (info.pid === process.pid ? heldHere.has(path) : alive(info.pid));
    if (owned && info.endpoint) return { heldBy: info };
    // The owner died (stale lock), or a lock file stayed unreadable past a start-up's few milliseconds.
    if ((info && !owned) || (!info && attempt > 20)) rmSync(path, { force: true });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The data directory ${dataDir} is locked by an engine that never became ready (${path})`);
}
