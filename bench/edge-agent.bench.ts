// The packaged component's edge agent against the engine's HTTP API on the same model at 256x256: DetectAnomalies
// p50 latency (one call at a time) and images/s (4 calls in flight). The agent runs from the unpacked archive with
// plain `node` and takes raw RGB over a Unix socket; the engine takes PNG over HTTP (SigV4) and detects in its
// hosting worker.
import { DetectAnomaliesCommand } from '@aws-sdk/client-lookoutvision';
import sharp from 'sharp';
import { EdgeAgentClient } from '../src/edge-agent/client';
import { launchAgent } from '../src/edge-agent/launch';
import { trainAndPackage } from '../test/support/packaged-component';
import { join } from 'node:path';

const SIDE = 256;
const CALLS = 60;
const IN_FLIGHT = 4;

async function measure(name: string, images: number, call: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 5; i++) await call(i); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await call(i % images);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) await call(next++ % images);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${name.padEnd(40)} p50 ${latencies[Math.floor(CALLS / 2)].toFixed(1).padStart(6)} ms   p99 ${latencies[CALLS - 1].toFixed(1).padStart(6)} ms   ${(CALLS / seconds).toFixed(1).padStart(6)} images/s (${IN_FLIGHT} in flight)`,
  );
}

async function main(): Promise<void> {
  const pkg = await trainAndPackage('classification', SIDE);
  const agent = await launchAgent(pkg.decompressedPath, {
    configuration: { SocketPath: join(pkg.decompressedPath, 'bench.sock') },
    env: { PATH: process.env.PATH },
  });
  const client = new EdgeAgentClient(agent.protoPath, `unix://${agent.socket}`);
  try {
    await client.startModel(pkg.componentName);
    while ((await client.describeModel(pkg.componentName)).status === 'STARTING')
      await new Promise((r) => setTimeout(r, 50));
    const bitmaps = await Promise.all(
      pkg.images.map(async (image) => {
        const { data, info } = await sharp(image.bytes)
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, byte_data: data };
      }),
    );
    console.log(`DetectAnomalies on ${SIDE}x${SIDE} images, ${CALLS} calls each`);
    await measure('edge agent (gRPC, Unix socket, RGB)', bitmaps.length, (i) =>
      client.detectAnomalies(pkg.componentName, bitmaps[i]),
    );
    await measure('engine (HTTP, SigV4, PNG)', pkg.images.length, (i) =>
      pkg.t.lv.send(
        new DetectAnomaliesCommand({
          ProjectName: pkg.project,
          ModelVersion: '1',
          ContentType: 'image/png',
          Body: pkg.images[i].bytes,
        }),
      ),
    );
  } finally {
    client.close();
    await agent.stop();
    await pkg.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
