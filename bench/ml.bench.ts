import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDetector, trainModel } from '../src/engine/ml';
import { analyzeImage } from '../src/engine/ml/detect';
import { upsampleMap } from '../src/engine/ml/inference';
import { auroc, prf, quantile } from '../src/engine/ml/metrics';
import { loadModel } from '../src/engine/ml/model';
import type { SynthDataset } from '../src/engine/ml/synth/generate';
import { SIZE, benchDataset } from './ml/dataset';
import { loadSources } from './ml/sources';
import { cell, meanRow } from './ml/table';

/**
 * Anomaly-detection quality and speed on the generated datasets of bench/ml/dataset.ts, one per texture.
 * Latency is wall time of in-process detect() (decode included); 'cpu ms' is the process CPU time per image,
 * which other load on the machine does not inflate. Throughput keeps two requests per worker in flight.
 * Filters (env): ML_BENCH_MODES=classification,segmentation  ML_BENCH_SPLITS=easy,shifted  ML_BENCH_SOURCES=brick,...
 */
const list = (name: string, all: string[]) => (process.env[name] ? process.env[name]!.split(',') : all);
const modes = list('ML_BENCH_MODES', ['classification', 'segmentation']);
const splits = list('ML_BENCH_SPLITS', ['easy', 'shifted']) as ('easy' | 'shifted')[];

interface Row {
  name: string;
  imageAuroc: number;
  pixelAuroc: number;
  f1: number;
  labelF1: number;
  trainS: number;
  p50: number;
  p99: number;
  cpuMs: number;
  ips1: number;
  ips2: number;
  rssMb: number;
}

async function throughput(modelDir: string, workers: number, data: SynthDataset): Promise<number> {
  const detector = await openDetector(modelDir, { workers });
  const images = [...data.test, ...data.test];
  await Promise.all(images.slice(0, 4).map((i) => detector.detect(i.bytes))); // warm up
  const start = performance.now();
  let next = 0;
  // Keep two requests per worker in flight, as concurrent HTTP clients would.
  await Promise.all(
    Array.from({ length: workers * 2 }, async () => {
      while (next < images.length) await detector.detect(images[next++].bytes);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await detector.close();
  return images.length / seconds;
}

async function run(name: string, data: SynthDataset, segmentation: boolean): Promise<Row> {
  const modelDir = mkdtempSync(join(tmpdir(), 'ml-bench-'));
  try {
    const started = performance.now();
    const result = await trainModel({ train: data.train, test: data.test, seed: 1, modelDir });
    const trainS = (performance.now() - started) / 1000;
    const model = await loadModel(modelDir);
    const detector = await openDetector(modelDir, { workers: 0 });
    for (const image of data.test.slice(0, 5)) await detector.detect(image.bytes); // warm up the JIT
    const latencies: number[] = [];
    let cpuMicros = 0;
    const scores: number[] = [];
    const counts = { tp: 0, fp: 0, fn: 0 };
    const pixelScores: number[] = [];
    const pixelTruth: number[] = [];
    for (const image of data.test) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await detector.detect(image.bytes);
      latencies.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuMicros += cpu.user + cpu.system;
      scores.push(r.IsAnomalous ? r.Confidence : 1 - r.Confidence);
      if (r.IsAnomalous && image.anomalous) counts.tp++;
      else if (r.IsAnomalous) counts.fp++;
      else if (image.anomalous) counts.fn++;
      const inference = await analyzeImage(model, image.bytes);
      const up = upsampleMap(inference.pixelMap, inference.analysis.gw, inference.analysis.gh, SIZE, SIZE);
      for (let i = 0; i < up.length; i += 3) {
        pixelScores.push(up[i]);
        pixelTruth.push(image.truth[i]);
      }
    }
    await detector.close();
    const row: Row = {
      name,
      imageAuroc: auroc(
        scores,
        data.test.map((i) => i.anomalous),
      ),
      pixelAuroc: auroc(pixelScores, pixelTruth),
      f1: prf(counts).f1,
      labelF1: result.labels.length
        ? result.labels.reduce((s, l) => s + l.f1, 0) / result.labels.length
        : NaN,
      trainS,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      cpuMs: cpuMicros / 1000 / data.test.length,
      ips1: await throughput(modelDir, 1, data),
      ips2: await throughput(modelDir, 2, data),
      rssMb: process.resourceUsage().maxRSS / 1024,
    };
    print(row);
    if (segmentation) {
      console.log(
        `    labels: ${result.labels.map((l) => `${l.name} F1 ${l.f1.toFixed(2)} IoU ${l.meanIou.toFixed(2)}`).join(', ')}`,
      );
    }
    return row;
  } finally {
    rmSync(modelDir, { recursive: true, force: true });
  }
}

const header =
  'dataset                         imgAUROC pixAUROC  F1    labelF1 train s  p50 ms  p99 ms  cpu ms  img/s 1w  img/s 2w  RSS MB';
function print(r: Row): void {
  console.log(
    `${r.name.padEnd(30)} ${cell(r.imageAuroc, 8, 3)} ${cell(r.pixelAuroc, 8, 3)} ${cell(r.f1, 6, 3)} ` +
      `${cell(r.labelF1, 8, 3)} ${cell(r.trainS, 7, 1)} ${cell(r.p50, 7, 1)} ${cell(r.p99, 7, 1)} ` +
      `${cell(r.cpuMs, 7, 1)} ${cell(r.ips1, 9, 1)} ${cell(r.ips2, 9, 1)} ${cell(r.rssMb, 7, 0)}`,
  );
}

async function main(): Promise<void> {
  const sources = (await loadSources()).filter((s) => list('ML_BENCH_SOURCES', [s.name]).includes(s.name));
  for (const mode of modes) {
    for (const split of splits) {
      const segmentation = mode === 'segmentation';
      console.log(`\n${mode}, ${split} split`);
      console.log(header);
      const rows: Row[] = [];
      for (const source of sources) {
        rows.push(await run(source.name, await benchDataset(source, split, segmentation), segmentation));
      }
      print({ ...meanRow(rows), rssMb: Math.max(...rows.map((r) => r.rssMb)) });
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
