// The service path of the anomaly detector: datasets uploaded through the engine's S3 API, models trained, hosted
// and queried through the Lookout for Vision API over HTTP, the engine in its own process (as the extension runs it).
// Prints per surface and mean, for the development and the evaluation half: training time, image AUROC and F1 of
// IsAnomalous from DetectAnomalies, the false-positive rate on normal test images as they are and under camera
// drifts (mean over the drifts), latency p50/p99 over HTTP, images/s with 1 and 2 inference units, and the engine's
// peak memory. (Pixel AUROC needs the continuous anomaly map, which the API does not return: bench/ml.bench.ts
// measures it in-process.) By default one surface per family and half; the filters of bench/ml/selection.ts choose.
import { mkdtempSync, rmSync } from 'node:fs';
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
import { auroc, prf, quantile } from '../src/engine/ml/metrics';
import { clients } from '../test/support/engine-harness';
import { runEngineProcess } from '../test/support/engine-process';
import { peakRssMb } from '../test/support/process-memory';
import { createDatasetFromImages } from '../test/support/upload-dataset';
import type { SynthDataset, SynthImage } from '../test/support/synth/generate';
import { waitFor } from '../test/support/wait';
import { SIZE, benchDataset } from './ml/dataset';
import { describeSelection, wantedModes, wantedSurface } from './ml/selection';
import { SURFACES, type Surface, loadSurfaces } from './ml/surfaces';
import { type Column, type Row, printTable } from './ml/table';

const BUCKET = 'bench';

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

const COLUMNS: Column[] = [
  { key: 'train s', width: 7, digits: 1 },
  { key: 'imgAUROC', width: 8, digits: 3 },
  { key: 'F1', width: 5, digits: 3 },
  { key: 'fpr', title: 'FPR', width: 5, digits: 2 },
  { key: 'fpr drift', title: 'FPR drifts', width: 10, digits: 2 },
  { key: 'p50 ms', width: 7, digits: 1 },
  { key: 'p99 ms', width: 7, digits: 1 },
  { key: 'img/s 1u', width: 8, digits: 1 },
  { key: 'img/s 2u', width: 8, digits: 1 },
];

/** Without filters, the first surface of each family in each half: the service path costs more per image. */
const anyFilter = ['ML_BENCH_HALVES', 'ML_BENCH_FAMILIES', 'ML_BENCH_SURFACES'].some((n) => process.env[n]);
const firstOfFamily = (s: Surface, all: readonly Surface[]) =>
  all.find((t) => t.half === s.half && t.family === s.family) === s;

async function flaggedShare(lv: LookoutVisionClient, project: string, images: SynthImage[]): Promise<number> {
  let n = 0;
  for (const image of images)
    if ((await detect(lv, project, image.bytes)).DetectAnomalyResult!.IsAnomalous) n++;
  return n / images.length;
}

async function measure(
  lv: LookoutVisionClient,
  s3: S3Client,
  project: string,
  data: SynthDataset,
): Promise<Record<string, number>> {
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
  let drift = 0;
  for (const { images } of data.perturbed)
    drift += (await flaggedShare(lv, project, images)) / data.perturbed.length;
  const ips1 = await throughput(lv, project, data, 2);
  await unhost(lv, project);
  await host(lv, project, 2);
  const ips2 = await throughput(lv, project, data, 4);
  await unhost(lv, project);
  return {
    'train s': trainS,
    imgAUROC: auroc(
      scores,
      data.test.map((i) => i.anomalous),
    ),
    F1: prf(counts).f1,
    fpr: counts.fp / data.test.filter((i) => !i.anomalous).length,
    'fpr drift': drift,
    'p50 ms': quantile(latencies, 0.5),
    'p99 ms': quantile(latencies, 0.99),
    'img/s 1u': ips1,
    'img/s 2u': ips2,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lv-ml-bench-'));
  const engine = await runEngineProcess(dir);
  const { lv, s3 } = clients(engine.line);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const loaded = await loadSurfaces((x) => wantedSurface(x) && (anyFilter || firstOfFamily(x, SURFACES)));
  const modes = wantedModes();
  console.log(
    describeSelection(
      loaded.map((l) => l.surface),
      modes,
    ),
  );
  for (const mode of modes) {
    for (const half of ['dev', 'eval'] as const) {
      const rows: Row[] = [];
      for (const { surface, source } of loaded.filter((l) => l.surface.half === half)) {
        const data = await benchDataset(surface, source, mode === 'segmentation');
        rows.push({ name: surface.name, values: await measure(lv, s3, `${surface.name}-${mode}`, data) });
      }
      if (rows.length)
        printTable(
          `through the API: ${mode}, ${half === 'dev' ? 'development' : 'evaluation'} half, ${SIZE}² images`,
          COLUMNS,
          rows,
        );
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
