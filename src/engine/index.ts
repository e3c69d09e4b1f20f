// The local engine: a Lookout for Vision 2020-11-20 + S3-subset service over one data directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Database } from './store/database';
import { ObjectStore } from './store/objects';
import { ENGINE_ID_HEADER, lockDataDir, type HeldLock } from './store/lock';
import { restrictToOwner } from './store/owner-only';
import { openEngineLog, type EngineLogFile } from './store/engine-log';
import { loadOrCreateCredentials, readCredentials } from './auth/credentials';
import { SigV4Verifier } from './auth/sigv4';
import { createEngineServer } from './http/server';
import type { BackendContext } from './backend/context';
import { resumeImports } from './backend/manifest-import';
import { resumePackagingJobs } from './backend/packaging';
import { forgetExpiredTokens } from './backend/idempotency';
import { LocalRuntime } from './runtime/local-runtime';

export interface EngineOptions {
  dataDir: string;
  host?: string;
  /** 0 or absent: any free port. */
  port?: number;
  region?: string;
  /** Also given every line the engine writes to its log file (store/engine-log.ts). */
  log?: (line: string) => void;
}

export interface EngineInfo {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RunningEngine extends EngineInfo {
  dataDir: string;
  /** Names this engine in its lock file and in every response (store/lock.ts). */
  engineId: string;
  /** Where this engine's lines begin in the data directory's log file. */
  logStart: number;
  close(): Promise<void>;
}

/** Another engine already owns the data directory; `info` says how to reach it. */
export class EngineAlreadyRunning extends Error {
  constructor(
    readonly info: EngineInfo & { pid: number },
    /** The running engine's id (store/lock.ts). */
    readonly engineId: string,
    dataDir: string,
  ) {
    super(`An engine (pid ${info.pid}) is already running on ${dataDir} at ${info.endpoint}`);
  }
}

function accountId(db: Database): string {
  const row = db.get("SELECT value FROM meta WHERE key = 'account_id'");
  if (row) return String(row.value);
  const id = String(randomInt(100000000000, 999999999999));
  db.run("INSERT INTO meta (key, value) VALUES ('account_id', ?)", id);
  return id;
}

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const { dataDir } = options;
  const region = options.region ?? 'us-east-1';
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDir(dataDir);
  if ('heldBy' in lock) {
    const held: HeldLock = lock.heldBy;
    const credentials = readCredentials(dataDir);
    if (!credentials)
      throw new Error(
        `An engine (pid ${held.pid}) runs on ${dataDir} but its credentials file is unreadable`,
      );
    throw new EngineAlreadyRunning(
      { endpoint: held.endpoint, region: held.region ?? region, pid: held.pid, ...credentials },
      held.engineId,
      dataDir,
    );
  }
  let db: Database | undefined;
  let logFile: EngineLogFile | undefined;
  try {
    restrictToOwner(dataDir);
    const file = (logFile = openEngineLog(dataDir));
    const log = (line: string) => {
      options.log?.(line);
      file.write(line);
    };
    const credentials = loadOrCreateCredentials(dataDir);
    db = new Database(join(dataDir, 'engine.db'));
    const objects = new ObjectStore(db, dataDir);
    objects.sweep();
    const runtime: LocalRuntime = new LocalRuntime(() => ctx, join(dataDir, 'models'));
    const stopping = new AbortController();
    const ctx: BackendContext = {
      db,
      objects,
      runtime,
      region,
      accountId: accountId(db),
      log,
      now: () => Date.now() / 1000,
      stopping: stopping.signal,
    };
    forgetExpiredTokens(ctx);
    resumeImports(ctx);
    resumePackagingJobs(ctx);
    runtime.recover();
    const verifier = new SigV4Verifier(
      (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
      region,
    );
    const server = createEngineServer(ctx, verifier);
    // Every response, refusals included, names this engine: later starts probe the lock's endpoint for it.
    server.prependListener('request', (_req, res) => res.setHeader(ENGINE_ID_HEADER, lock.engineId));
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    lock.publish(endpoint, region);
    log(`engine listening on ${endpoint} (data ${dataDir})`);
    const openDb = db;
    let closing: Promise<void> | undefined;
    return {
      endpoint,
      region,
      ...credentials,
      dataDir,
      engineId: lock.engineId,
      logStart: file.start,
      close: () =>
        (closing ??= (async () => {
          stopping.abort();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await runtime.close();
          openDb.close();
          lock.release();
          log('engine stopped');
          file.close();
        })()),
    };
  } catch (err) {
    db?.close();
    logFile?.close();
    lock.release();
    throw err;
  }
}
