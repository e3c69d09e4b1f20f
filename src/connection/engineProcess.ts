// Runs the local engine as a child process of the extension host, with the host's own runtime
// (process.execPath + ELECTRON_RUN_AS_NODE=1 works under Electron and plain Node alike). The engine's
// CLI prints one JSON line when ready; if an engine already serves the data directory it prints that
// engine's line with "reused": true and exits, so spawning is also how a running engine is found. Either way the CLI
// records the extension host as a client of that engine (--client), and an engine a window started stops once no
// window's extension host runs any more: closing the window that started it does not stop it under the others.
// The engine's lines reach every window from the data directory's log file (engineLogFollower.ts), not from the
// starting CLI's stderr, which only says why an engine failed to start.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type * as vscode from 'vscode';
import { ENGINE_LOG } from '../engine/store/engine-log';
import { isAlive } from '../engine/store/process-identity';
import { followEngineLog } from './engineLogFollower';

export interface EngineInfo {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  pid: number;
  reused: boolean;
  /** A started engine: where its lines begin in the data directory's log file. */
  logStart?: number;
}

/** Where the engine's log and the notes on its start and exit go: the extension's output channel. */
export type EngineLog = Pick<vscode.OutputChannel, 'append' | 'appendLine'>;

const READY_TIMEOUT_MS = 60_000;
/** How much of a started engine's last output is shown if it crashes. */
const CRASH_OUTPUT_CHARS = 4096;

/**
 * Spawns the engine's CLI on `dataDir`, for the process `client` when given (see the top of this file). `ready` is the
 * line it prints when ready; it fails if the engine prints anything else, fails to start, exits first, or says nothing
 * within READY_TIMEOUT_MS (then it is stopped). The tests start their engine processes with this too, so they go
 * through the extension's own start-up.
 */
export function spawnEngine(
  cliPath: string,
  dataDir: string,
  log: EngineLog,
  client?: number,
): { child: ChildProcess; ready: Promise<EngineInfo> } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const args = [cliPath, 'engine', '--data', dataDir, ...(client ? ['--client', String(client)] : [])];
  log.appendLine(`[extension] starting engine: ${process.execPath} ${args.join(' ')}`);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // What the CLI says before it is ready is shown only if it fails: a running engine's lines are read from its log
  // file. After that the pipe is drained (the engine never waits on it), keeping its end for a crash, whose last
  // words (a V8 fatal error, a native crash) the engine could not log itself.
  let stderr: string | undefined = '';
  let end = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr !== undefined) stderr += chunk;
    else end = (end + chunk).slice(-CRASH_OUTPUT_CHARS);
  });
  /** The start failed: what the CLI said is its reason. */
  const showStartOutput = () => {
    if (stderr) log.append(stderr);
    stderr = undefined;
  };
  const ready = new Promise<EngineInfo>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      showStartOutput();
      reject(new Error(`The local engine did not report ready within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const info = JSON.parse(line) as EngineInfo;
        stderr = undefined;
        log.appendLine(
          `[extension] engine ${info.reused ? 'reused' : 'started'}: ${info.endpoint} (pid ${info.pid})`,
        );
        resolve(info);
      } catch {
        showStartOutput();
        reject(new Error(`The local engine printed an unexpected line: ${line}`));
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      showStartOutput();
      reject(err);
    });
    // 'close', not 'exit': a CLI that finds an engine running prints its line and exits at once, and 'exit' can
    // come before that line is read from the pipe (the window then said the engine had failed to start).
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      showStartOutput();
      log.appendLine(`[extension] engine process exited (${signal ?? code})`);
      const crashed = code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT';
      if (crashed && end)
        log.append(`[extension] the end of its output:\n${end}${end.endsWith('\n') ? '' : '\n'}`);
      reject(new Error(`The local engine exited before it was ready (${signal ?? code}); see its log`));
    });
  });
  return { child, ready };
}

export class EngineProcess implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private info: EngineInfo | undefined;
  private starting: Promise<EngineInfo> | undefined;
  /** The log file this window follows, and the following. */
  private following: { path: string; follower: vscode.Disposable } | undefined;

  constructor(
    private readonly cliPath: string,
    private readonly log: EngineLog,
  ) {}

  /** The running engine for `dataDir`, started (or found) on first use. */
  ensure(dataDir: string): Promise<EngineInfo> {
    if (this.info && isAlive(this.info.pid)) return Promise.resolve(this.info);
    this.info = undefined;
    this.starting ??= this.start(dataDir).finally(() => (this.starting = undefined));
    return this.starting;
  }

  get running(): EngineInfo | undefined {
    return this.info && isAlive(this.info.pid) ? this.info : undefined;
  }

  /** Stops the engine, also one another window started on the same data directory (the user asked for it). */
  async stop(): Promise<boolean> {
    const info = this.running;
    this.info = undefined;
    if (!info) return false;
    const exited = this.child
      ? new Promise<void>((r) => this.child?.once('exit', () => r()))
      : waitForExit(info.pid);
    process.kill(info.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    this.child = undefined;
    this.log.appendLine(`[extension] engine ${info.pid} stopped`);
    return true;
  }

  private async start(dataDir: string): Promise<EngineInfo> {
    const { child, ready } = spawnEngine(this.cliPath, dataDir, this.log, process.pid);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const info = await ready;
    this.info = info;
    // A reused engine belongs to another window: its exited CLI is no handle on it.
    this.child = info.reused ? undefined : child;
    this.follow(join(dataDir, ENGINE_LOG), info.logStart ?? 'tail');
    return info;
  }

  /** Follows the data directory's log from `from` unless this window follows it already (whichever engine writes). */
  private follow(path: string, from: number | 'tail'): void {
    if (this.following?.path === path) return;
    this.following?.follower.dispose();
    this.following = { path, follower: followEngineLog(path, from, this.log) };
  }

  /** Stops following the log; the engine runs on for the other windows (it stops once none uses it). */
  dispose(): void {
    this.following?.follower.dispose();
    this.following = undefined;
  }
}

async function waitForExit(pid: number): Promise<void> {
  while (isAlive(pid)) await new Promise((r) => setTimeout(r, 100));
}
