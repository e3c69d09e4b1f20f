// One engine per data directory. The lock file names its owner: pid, a random engine id, where the OS tells also
// the process's start, and once it listens its endpoint. A live pid proves little after a crash (pids are reused,
// e.g. after a reboot), so a starting engine asks the recorded endpoint who answers there: the owner stamps every
// response with its engine id. A lock whose endpoint answers with another id, or not at all, is taken over.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';
import { processStart, recordedProcess } from './process-identity';
import { unlessGone } from './unless-gone';

/** The response header carrying the answering engine's id. */
export const ENGINE_ID_HEADER = 'x-lookout-engine-id';
/**
 * Marks a later start's probe of the endpoint (HEAD /): the engine answers it with its id alone, and does not log it
 * as a refused request, which every window's start would otherwise add to the log.
 */
export const ENGINE_PROBE_HEADER = 'x-lookout-engine-probe';

export interface LockInfo {
  pid: number;
  engineId: string;
  /** Where the OS tells (Linux): boot id and start time of the owner process, telling it apart from a pid reuse. */
  processStart?: string;
  endpoint?: string;
  region?: string;
}

export interface DataDirLock {
  readonly engineId: string;
  /** Records where the engine listens, which makes it reachable (and provably alive) for later starts. */
  publish(endpoint: string, region: string): void;
  release(): void;
}

export type HeldLock = LockInfo & { endpoint: string };

const LOCK_FILE = 'engine.lock';
const PROBE_TIMEOUT_MS = 1000;
const PROBE_TRIES = 2;
/** How long an owner that cannot be told apart from a pid reuse may go without publishing its endpoint. */
const PUBLISH_WAIT_MS = 10_000;
/** How long a lock file may stay unparsable (it is written right after it is created) before it counts as debris. */
const UNREADABLE_WAIT_MS = 2_000;
/** How long to wait for a provably live owner that neither answers nor releases the lock. */
const GIVE_UP_MS = 60_000;
const POLL_MS = 100;

/** Engine ids of the locks this process holds: an engine in this process needs no probe. */
const heldHere = new Set<string>();

const readText = (path: string) => unlessGone(() => readFileSync(path, 'utf8'));

function parse(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as Partial<LockInfo> | null;
    return typeof info?.pid === 'number' && typeof info.engineId === 'string'
      ? (info as LockInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock file holding `text` unless one exists. */
function create(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes the lock file if it still holds `text`. Moving it aside first means that of two starters judging the same
 * stale lock, the later one does not delete the lock the earlier one has just created: it puts that one back.
 */
function removeStale(path: string, text: string): void {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    const moved = readText(aside);
    if (moved !== undefined && moved !== text) create(path, moved);
  } finally {
    rmSync(aside, { force: true });
  }
}

/** The engine id the endpoint answers with: a string, null when it answers without one, undefined when silent. */
function askOnce(endpoint: string): Promise<string | null | undefined> {
  return new Promise((resolve) => {
    try {
      const options = {
        agent: false,
        method: 'HEAD',
        timeout: PROBE_TIMEOUT_MS,
        headers: { [ENGINE_PROBE_HEADER]: '1' },
      };
      const request = httpRequest(endpoint, options, (response) => {
        response.resume();
        const id = response.headers[ENGINE_ID_HEADER];
        resolve(typeof id === 'string' ? id : null);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(undefined));
      request.end();
    } catch {
      // Not an http:// URL: no engine of ours can be there.
      resolve(null);
    }
  });
}

async function ask(endpoint: string): Promise<string | null | undefined> {
  for (let i = 0; i < PROBE_TRIES; i++) {
    const answer = await askOnce(endpoint);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/** Judges the lock file's owner (`waited`: how long the file has held this content): its lock if it is held. */
async function judge(info: LockInfo | undefined, waited: number): Promise<HeldLock | 'stale' | 'wait'> {
  if (!info) return waited > UNREADABLE_WAIT_MS ? 'stale' : 'wait';
  const { endpoint } = info;
  if (info.pid === process.pid) {
    if (!heldHere.has(info.engineId)) return 'stale';
    return endpoint ? { ...info, endpoint } : 'wait';
  }
  const owner = recordedProcess(info.pid, info.processStart);
  if (owner === 'gone') return 'stale';
  // The owner's process is provably the one that took the lock: alive, merely starting or busy.
  const sameProcess = owner === 'same';
  if (!endpoint) return sameProcess || waited < PUBLISH_WAIT_MS ? 'wait' : 'stale';
  const answer = await ask(endpoint);
  if (answer === info.engineId) return { ...info, endpoint };
  return answer === undefined && sameProcess ? 'wait' : 'stale';
}

/** The id of the engine the data directory's lock file names (undefined when there is none, or it is unreadable). */
export function lockOwner(dataDir: string): string | undefined {
  return parse(readText(join(dataDir, LOCK_FILE)) ?? '')?.engineId;
}

/** Takes the data directory's lock, or returns who holds it (waiting while a starting owner publishes its endpoint). */
export async function lockDataDir(dataDir: string): Promise<DataDirLock | { heldBy: HeldLock }> {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    engineId: randomUUID(),
    processStart: processStart(process.pid),
  };
  const deadline = Date.now() + GIVE_UP_MS;
  let seen: { text: string; since: number } | undefined;
  for (;;) {
    if (create(path, JSON.stringify(mine))) {
      heldHere.add(mine.engineId);
      return {
        engineId: mine.engineId,
        publish: (endpoint, region) => writeFileAtomic(path, JSON.stringify({ ...mine, endpoint, region })),
        release: () => {
          heldHere.delete(mine.engineId);
          // Only our own lock: had another engine taken the directory over, its lock is not ours to remove.
          if (parse(readText(path) ?? '')?.engineId === mine.engineId) rmSync(path, { force: true });
        },
      };
    }
    const text = readText(path);
    if (text === undefined) continue;
    if (seen?.text !== text) seen = { text, since: Date.now() };
    const info = parse(text);
    const verdict = await judge(info, Date.now() - seen.since);
    if (typeof verdict === 'object') return { heldBy: verdict };
    if (verdict === 'stale') {
      removeStale(path, text);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The data directory ${dataDir} is locked by an engine (pid ${info?.pid}) that neither answers nor exits (${path})`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
