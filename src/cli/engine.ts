// `lookout-vision engine --data DIR [--port N] [--host H] [--region R] [--client PID]`: runs the local engine in the
// foreground. When ready it prints one JSON line on stdout (endpoint, credentials, and where its lines begin in the
// data directory's engine.log); logs go to stderr and to that file; SIGTERM/SIGINT stop it. With --client (what the
// extension passes: its extension host's pid) the engine records that process as a client, also when it finds an
// engine already running, and an engine it starts stops once no client runs any more. An engine found stopping is
// waited for, and a new one started.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EngineAlreadyRunning, startEngine, type RunningEngine } from '../engine';
import { addClientLease, engineStopping, stopWithoutClients } from '../engine/store/client-leases';
import { timedLine } from '../engine/store/engine-log';

/**
 * In the engine's own process, an error no request or job caught is logged and the engine keeps serving: the jobs
 * contain their failures themselves, so such an error is a bug in one of them, and one job must never take down
 * the others with it. (An engine embedded in another process leaves that process's handlers alone.)
 */
function keepServingOnUncaughtErrors(log: (line: string) => void): void {
  const report = (what: string) => (err: unknown) =>
    log(
      `${what} (the engine keeps serving): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled promise rejection'));
}

/**
 * Log lines on stderr while someone reads them. When the reader is gone (the window that started the engine was
 * killed, and the engine serves on for the others), a write fails with EPIPE; that error, reported as a log line,
 * would fail again, and so on forever at full speed: the lines are dropped instead.
 */
function stderrLog(): (line: string) => void {
  let open = true;
  process.stderr.on('error', () => (open = false));
  return (line) => {
    if (open) process.stderr.write(timedLine(line));
  };
}

/** How long a start waits for an engine that is stopping (client-leases.ts) to be gone before it gives up. */
const STOPPING_WAIT_MS = 30_000;
const STOPPING_POLL_MS = 200;

export async function runEngineCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      region: { type: 'string' },
      client: { type: 'string' },
    },
    strict: true,
  });
  if (!values.data) {
    process.stderr.write(
      'usage: lookout-vision engine --data DIR [--port N] [--host H] [--region R] [--client PID]\n',
    );
    return 2;
  }
  const client = values.client === undefined ? undefined : Number(values.client);
  if (client !== undefined && !(Number.isInteger(client) && client > 0)) {
    process.stderr.write(`--client must be a process id, not ${values.client}\n`);
    return 2;
  }
  const dataDir = resolve(values.data);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number, not ${values.port}\n`);
    return 2;
  }
  const log = stderrLog();
  keepServingOnUncaughtErrors(log);
  const deadline = Date.now() + STOPPING_WAIT_MS;
  let waiting = false;
  for (;;) {
    let engine: RunningEngine;
    try {
      engine = await startEngine({ dataDir, port, host: values.host, region: values.region, log });
    } catch (err) {
      if (!(err instanceof EngineAlreadyRunning)) throw err;
      // The lease before the look at the engine's state (client-leases.ts: noClientLeft).
      if (client) addClientLease(dataDir, client);
      if (!engineStopping(dataDir, err.engineId)) {
        log(err.message);
        process.stdout.write(JSON.stringify({ ...err.info, reused: true }) + '\n');
        return 0;
      }
      if (Date.now() > deadline)
        throw new Error(`${err.message}: it is stopping but has not stopped in ${STOPPING_WAIT_MS / 1000} s`);
      if (!waiting) log(`${err.message}, but it is stopping: a new engine starts once it has stopped`);
      waiting = true;
      await sleep(STOPPING_POLL_MS);
      continue;
    }
    await serve(engine, dataDir, client, log);
    return 0;
  }
}

/** Prints the ready line of an engine this command started and serves until a signal, or its last client, stops it. */
async function serve(
  engine: RunningEngine,
  dataDir: string,
  client: number | undefined,
  log: (line: string) => void,
): Promise<void> {
  const { endpoint, region, accessKeyId, secretAccessKey, logStart } = engine;
  if (client) addClientLease(dataDir, client);
  process.stdout.write(
    JSON.stringify({
      endpoint,
      region,
      accessKeyId,
      secretAccessKey,
      pid: process.pid,
      reused: false,
      logStart,
    }) + '\n',
  );
  await new Promise<void>((done) => {
    let unwatch: () => void = () => undefined;
    const stop = () => {
      unwatch();
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void engine.close().then(done);
    };
    if (client)
      unwatch = stopWithoutClients(dataDir, engine.engineId, () => {
        log('no client of the engine runs any more: stopping');
        stop();
      });
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
