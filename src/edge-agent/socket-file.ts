// The agent's Unix socket file: a stale one (left by a killed agent) is replaced, a live one is not taken over.
import { connect } from 'node:net';
import { existsSync, rmSync } from 'node:fs';

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function claimSocketPath(path: string): Promise<void> {
  if (!existsSync(path)) return;
  if (await answers(path))
    throw new Error(`Another process is serving ${path}; stop it or choose another socket.`);
  rmSync(path, { force: true });
}

export function releaseSocketPath(path: string): void {
  rmSync(path, { force: true });
}
