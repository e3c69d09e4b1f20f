// The service path of the anomaly detector: datasets uploaded through the engine's S3 API, models trained, hosted
// and queried through the Lookout for Vision API over HTTP, the engine in its own process (as the extension runs it).
// Prints per texture and mean: training time, image AUROC and F1 of IsAnomalous from DetectAnomalies, latency p50/p99
// over HTTP, images/s with 1 and 2 inference units, and the engine's peak memory. (Pixel AUROC needs the continuous
// anomaly map, which the API does not return: bench/ml.bench.ts measures it in-process.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateModelCommand,
  CreateProjectCommand,
  DescribeModelCommand,
  DetectAnomaliesCommand,
  StartModelCommand,
  StopModelCommand,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SynthDataset } from '../src/engine/ml/synth/generate';
import { auroc, prf, quantile } from '../src/engine/ml/metrics';
import { clients } from '../test/support/engine-harness';
import { runEngineProcess } from '../test/support/engine-process';
import { createDatasetFromImages } from '../test/support/upload-dataset';
import { waitFor } from '../test/support/wait';
import { SIZE, benchDataset } from './ml/dataset';
import { loadSources } from './ml/sources';
import { cell, meanRow } from './ml/table';

const BUCKET = 'bench';

function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

async function train(
  lv: LookoutVisionClient,
  s3: S3Client,
  project: string,
  data: SynthDataset,
): Promise<number> {
  await lv.send(new CreateProjectCommand({ ProjectName: project }));
  await createDatasetFromImages({ lv, s3 }, BUCKET, project, 'train', data.train);
  await createDatasetFromImages({ lv, s3 }, BUCKET, project, 'test', data.test);
  const started = performance.now();
  await lv.send(
    new CreateModelCommand({
      ProjectName: project,
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: `${project}/output/` } },
    }),
  );
  const model = await waitFor(
    'training',
    async () =>
      (await lv.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: '1' })))
        .ModelDescription!,
    (m) => m.Status !== 'TRAINING',
    600,
  );
  if (model.Status !== 'TRAINED') throw new Error(`${project}: ${model.StatusMessage}`);
  return (performance.now() - started) / 1000;
}

async function host(lv: LookoutVisionClient, project: string, units: number): Promise<void> {
  await lv.send(new StartModelCommand({ ProjectName: project, ModelVersion: '1', MinInferenceUnits: units }));
  await waitFor(
    'hosting',
    async () =>
      (await lv.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: '1' }))).ModelDescription!
        .Status!,
    (s) => s === 'HOSTED',
    120,
  );
}

async function unhost(lv: LookoutVisionClient, project: string): Promise<void> {
  await lv.send(new StopModelCommand({ ProjectName: project, ModelVersion: '1' }));
  await waitFor(
    'stopping',
    async () =>
      (await lv.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: '1' }))).ModelDescription!
        .Status!,
    (s) => s === 'TRAINED',
    120,
  );
}

const detect = (lv: LookoutVisionClient, project: string, body: Uint8Array) =>
  lv.send(
    new DetectAnomaliesCommand({
      ProjectName: project,
      ModelVersion: '1',
      ContentType: 'image/png',
      Body: body,
    }),
  );

/** Images per second with `concurrency` requests in flight (two per inference unit, as parallel clients would). */
async function throughput(
  lv: LookoutVisionClient,
  project: string,
  data: SynthDataset,
  concurrency: number,
): Promise<number> {
  const images = [...data.test, ...data.test];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < images.length) await detect(lv, project, images[next++]!.bytes);
    }),
  );
  return images.length / ((performance.now() - start) / 1000);
}

interface Row {
  name: string;
  trainS: number;
  auroc: number;
  f1: number;
  p50: number;
  p99: number;
  ips1: number;
  ips2: number;
}

function print(r: Row): void {
  console.log(
    `${r.name.padEnd(28)} ${cell(r.trainS, 7, 1)} ${cell(r.auroc, 8, 3)} ${cell(r.f1, 6, 3)} ` +
      `${cell(r.p50, 7, 1)} ${cell(r.p99, 7, 1)} ${cell(r.ips1, 8, 1)} ${cell(r.ips2, 8, 1)}`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lv-ml-bench-'));
  const engine = await runEngineProcess(dir);
  const { lv, s3 } = clients(engine.line);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const sources = await loadSources();
  for (const mode of ['classification', 'segmentation'] as const) {
    for (const split of ['easy', 'shifted'] as const) {
      console.log(
        `\nthrough the API: ${mode}, ${split} split, ${SIZE}² images (40 normal + ${mode === 'segmentation' ? 40 : 20} anomalous to train; 30 + 40 to test)`,
      );
      console.log('dataset                      train s imgAUROC    F1  p50 ms  p99 ms  img/s 1u img/s 2u');
      const rows: Row[] = [];
      for (const source of sources) {
        const data = await benchDataset(source, split, mode === 'segmentation');
        const project = `${source.name}-${mode}-${split}`;
        const trainS = await train(lv, s3, project, data);
        await host(lv, project, 1);
        for (const image of data.test.slice(0, 5)) await detect(lv, project, image.bytes); // warm up
        const latencies: number[] = [];
        const scores: number[] = [];
        const counts = { tp: 0, fp: 0, fn: 0 };
        for (const image of data.test) {
          const t0 = performance.now();
          const r = (await detect(lv, project, image.bytes)).DetectAnomalyResult!;
          latencies.push(performance.now() - t0);
          scores.push(r.IsAnomalous ? r.Confidence! : 1 - r.Confidence!);
          if (r.IsAnomalous && image.anomalous) counts.tp++;
          else if (r.IsAnomalous) counts.fp++;
          else if (image.anomalous) counts.fn++;
        }
        const ips1 = await throughput(lv, project, data, 2);
        await unhost(lv, project);
        await host(lv, project, 2);
        const ips2 = await throughput(lv, project, data, 4);
        await unhost(lv, project);
        const row = {
          name: source.name,
          trainS,
          auroc: auroc(
            scores,
            data.test.map((i) => i.anomalous),
          ),
          f1: prf(counts).f1,
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          ips1,
          ips2,
        };
        rows.push(row);
        print(row);
      }
      print(meanRow(rows));
    }
  }
  console.log(`\nengine peak memory (VmHWM): ${peakRssMb(engine.line.pid).toFixed(0)} MB`);
  lv.destroy();
  s3.destroy();
  engine.kill('SIGTERM');
  await engine.exited;
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
