// Engine API throughput: 16 concurrent SDK clients against an engine running in its own process (as users run it),
// printing requests/s and latency percentiles for DescribeProject and ListProjects.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateProjectCommand,
  DescribeProjectCommand,
  ListProjectsCommand,
  LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import { requestHandler } from '../src/client/clients';
import { runEngineProcess } from '../test/support/engine-process';

const CLIENTS = 16;
const SECONDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(
  name: string,
  clients: LookoutVisionClient[],
  call: (c: LookoutVisionClient, i: number) => Promise<unknown>,
): Promise<void> {
  const latencies: number[] = [];
  const warmupEnd = Date.now() + 1000;
  const end = warmupEnd + SECONDS * 1000;
  let errors = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; Date.now() < end; i++) {
        const start = performance.now();
        try {
          await call(client, c * 100000 + i);
        } catch {
          errors++;
        }
        if (Date.now() > warmupEnd) latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} ${(latencies.length / SECONDS).toFixed(0).padStart(6)} req/s   p50 ${percentile(latencies, 50).toFixed(2)} ms   p99 ${percentile(latencies, 99).toFixed(2)} ms   errors ${errors}`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lv-bench-'));
  const engine = await runEngineProcess(dir);
  const info = engine.line;
  const clients = Array.from(
    { length: CLIENTS },
    () =>
      new LookoutVisionClient({
        endpoint: info.endpoint,
        region: info.region,
        credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
        maxAttempts: 1,
        requestHandler: { httpAgent: { ...requestHandler.httpAgent, maxSockets: 1 } },
      }),
  );
  for (let i = 0; i < 100; i++)
    await clients[0]!.send(new CreateProjectCommand({ ProjectName: `bench-${i}` }));
  console.log(
    `engine API, ${CLIENTS} concurrent SDK clients, ${SECONDS} s per operation after 1 s warm-up (engine in its own process)`,
  );
  await measure('DescribeProject', clients, (c, i) =>
    c.send(new DescribeProjectCommand({ ProjectName: `bench-${i % 100}` })),
  );
  await measure('ListProjects (MaxResults 10)', clients, (c) =>
    c.send(new ListProjectsCommand({ MaxResults: 10 })),
  );
  await measure('ListProjects (100 per page)', clients, (c) => c.send(new ListProjectsCommand({})));
  for (const c of clients) c.destroy();
  engine.kill('SIGTERM');
  await engine.exited;
  rmSync(dir, { recursive: true, force: true });
}

void main();
