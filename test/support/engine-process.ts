// Runs the engine as users do: the bundled CLI in its own process, started by the extension's own code.
import { join } from 'node:path';
import { spawnEngine, type EngineInfo } from '../../src/connection/engineProcess';

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface EngineProcess {
  line: EngineInfo;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** The engine's log is dropped: tests judge it by what it answers. */
export const noLog = { append: () => undefined, appendLine: () => undefined };

/**
 * Spawns the engine's CLI (for `client`, when given) as spawnEngine does; a failed start's error carries what the
 * CLI said before it was ready (its reason), which the tests would otherwise drop with the log.
 */
export function spawnEngineCli(dataDir: string, client?: number): ReturnType<typeof spawnEngine> {
  let said = '';
  const log = { append: (s: string) => void (said += s), appendLine: (s: string) => void (said += `${s}\n`) };
  const { child, ready } = spawnEngine(CLI, dataDir, log, client);
  return {
    child,
    ready: ready.catch((err: Error) => {
      throw new Error(`${err.message}\n${said}`);
    }),
  };
}

export async function runEngineProcess(dataDir: string): Promise<EngineProcess> {
  const { child, ready } = spawnEngineCli(dataDir);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { line: await ready, exited, kill: (signal) => child.kill(signal) };
}
