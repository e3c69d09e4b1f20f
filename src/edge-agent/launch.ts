// Starts a packaged component's agent from its unpacked folder with the recipe's Run lifecycle, and waits for the
// agent's ready line.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVE_FOLDER, PROTO_FILE, RECIPE_JSON } from '../engine/packaging/layout';
import { runCommand } from '../engine/packaging/lifecycle';
import type { Recipe } from '../engine/packaging/recipe';

export interface RunningAgent {
  process: ChildProcess;
  socket: string;
  port: number | null;
  modelComponent: string;
  /** The proto shipped in the component, for clients. */
  protoPath: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export interface LaunchOptions {
  /** Configuration overrides (SocketPath, TcpPort, ModelName), as a Greengrass deployment would merge them. */
  configuration?: Record<string, unknown>;
  /** The Node.js to run `node` with (default: `node` from the PATH, as Greengrass would). */
  node?: string;
  env?: NodeJS.ProcessEnv;
  onLog?: (line: string) => void;
}

export async function launchAgent(
  decompressedPath: string,
  options: LaunchOptions = {},
): Promise<RunningAgent> {
  const folder = join(decompressedPath, ARCHIVE_FOLDER);
  const recipe = JSON.parse(await readFile(join(folder, RECIPE_JSON), 'utf8')) as Recipe;
  const { program, args } = runCommand(recipe, decompressedPath, options.configuration);
  const child = spawn(program === 'node' && options.node ? options.node : program, args, {
    cwd: folder,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const line of chunk.split('\n').filter(Boolean)) options.onLog?.(line);
  });
  const ready = await new Promise<{ socket: string; port: number | null; modelComponent: string }>(
    (resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n'))
          resolve(JSON.parse(line) as { socket: string; port: number | null; modelComponent: string });
      });
      child.once('error', reject);
      // On 'close', when its stderr is drained: at 'exit' the reason it gave could still be in the pipe.
      child.once('close', (code) =>
        reject(new Error(`The edge agent exited with code ${code} before it was ready: ${stderr.trim()}`)),
      );
    },
  );
  return {
    process: child,
    ...ready,
    protoPath: join(folder, PROTO_FILE),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
