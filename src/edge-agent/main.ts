// The Lookout for Vision Edge Agent of a packaged component: serves the component's model over gRPC
// (edge-agent.proto) on a Unix socket, and optionally on a loopback TCP port. Bundled into one file that runs with
// plain `node` from the unpacked component (its folder holds the proto, the model and the image decoder).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import {
  COMPONENT_FILE,
  DEFAULT_SOCKET,
  MODEL_FOLDER,
  PROTO_FILE,
  type ComponentInfo,
} from '../engine/packaging/layout';
import { edgeAgentServer } from './server';
import { ServedModel } from './served-model';
import { claimSocketPath, releaseSocketPath } from './socket-file';

/** SIGTERM lets calls in flight finish for this long, then cancels them. */
const SHUTDOWN_GRACE_MS = 3000;

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} edge-agent: ${line}\n`);

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((done, fail) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? fail(err) : done(port),
    ),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      socket: { type: 'string', default: DEFAULT_SOCKET },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'model-component': { type: 'string' },
      'component-dir': { type: 'string', default: __dirname },
    },
  });
  const dir = resolve(values['component-dir']);
  const info = JSON.parse(readFileSync(join(dir, COMPONENT_FILE), 'utf8')) as ComponentInfo;
  const name = values['model-component'] || info.ComponentName;
  const port = Number(values.port || '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${values.port} is not a TCP port`);
  const socket = resolve(values.socket);

  const served = new ServedModel({ ...info, ComponentName: name }, join(dir, MODEL_FOLDER));
  const server = edgeAgentServer(served, join(dir, PROTO_FILE), log);
  await claimSocketPath(socket);
  await bind(server, `unix://${socket}`);
  const tcpPort = port > 0 ? await bind(server, `${values.host}:${port}`) : undefined;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    const force = setTimeout(() => server.forceShutdown(), SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      releaseSocketPath(socket);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log(
    `serving model component ${name} on unix://${socket}${tcpPort ? ` and ${values.host}:${tcpPort}` : ''}`,
  );
  // One JSON line on stdout says the agent is ready, and where.
  process.stdout.write(
    `${JSON.stringify({ socket, port: tcpPort ?? null, modelComponent: name, pid: process.pid })}\n`,
  );
}

main().catch((err: unknown) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
