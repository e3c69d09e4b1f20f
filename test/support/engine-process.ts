// Runs the engine as users do: the bundled CLI in its own process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface EngineProcess {
  line: {
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    pid: number;
    reused: boolean;
  };
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export function runEngineProcess(dataDir: string): Promise<EngineProcess> {
  const child = spawn(process.execPath, [CLI, 'engine', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (text) =>
      resolve({
        line: JSON.parse(text) as EngineProcess['line'],
        exited,
        kill: (signal) => child.kill(signal),
      }),
    );
    child.once('exit', (code) => reject(new Error(`engine exited early with ${code}`)));
  });
}
