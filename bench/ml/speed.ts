import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openDetector, trainModel } from '../../src/engine/ml';
import type { RgbImage } from '../../src/engine/ml/image';
import { quantile } from '../../src/engine/ml/metrics';
import { DEFECT_KINDS } from '../../test/support/synth/defects';
import { generateDataset, type SynthDataset } from '../../test/support/synth/generate';
import type { Mode } from './selection';
import type { Column } from './table';

/** Image sides whose training and detection speed is measured. */
export const SPEED_SIZES = [256, 1024, 4096];
/** Larger images are generated at this side and enlarged as JPEG (a PNG of 4096² would pass the 8 MB limit). */
const GENERATED_MAX = 1024;

export const SPEED_COLUMNS: Column[] = [
  { key: 'train s', width: 7, digits: 1 },
  { key: 'p50 ms', width: 7, digits: 1 },
  { key: 'p99 ms', width: 7, digits: 1 },
  { key: 'cpu ms', width: 7, digits: 1 },
  { key: 'img/s 1w', width: 8, digits: 1 },
  { key: 'img/s 2w', width: 8, digits: 1 },
  { key: 'RSS MB', width: 7, digits: 0 },
];

/**
 * Training images: 60 at 256² (40 normal, 20 anomalous), 20 at the larger sides (decoding dominates); segmentation
 * needs 10 images per label in each dataset, and two labels share the anomalous images.
 */
function counts(size: number, mode: Mode) {
  const anomalous = mode === 'segmentation' ? 20 : 10;
  return {
    trainNormal: size <= 256 ? 40 : 10,
    trainAnomalous: size <= 256 ? 20 : anomalous,
    testNormal: 10,
    testAnomalous: anomalous,
  };
}

/** `part`: one window of the source in a fixed pose, moved by a few pixels (an aligned part: the model registers it). */
async function dataset(source: RgbImage, size: number, mode: Mode, part: boolean): Promise<SynthDataset> {
  const data = await generateDataset({
    source,
    size: Math.min(size, GENERATED_MAX),
    cropSide: 200,
    ...(part ? { split: 'aligned', window: { x: 150, y: 150, jitter: 3 } } : { split: 'easy' }),
    counts: counts(size, mode),
    defects: mode === 'segmentation' ? ['scratch', 'stain'] : DEFECT_KINDS,
    masks: mode === 'segmentation',
    seed: 2,
  });
  if (size <= GENERATED_MAX) return data;
  const enlarge = async (bytes: Buffer) => sharp(bytes).resize(size, size).jpeg({ quality: 90 }).toBuffer();
  const enlargeMask = async (bytes: Buffer) =>
    sharp(bytes).resize(size, size, { kernel: 'nearest' }).png().toBuffer();
  for (const image of [...data.train, ...data.test]) {
    image.bytes = await enlarge(image.bytes);
    if (image.mask) image.mask.bytes = await enlargeMask(image.mask.bytes);
  }
  return data;
}

/** Images per second with two requests per worker in flight, as concurrent HTTP clients would keep. */
async function throughput(modelDir: string, workers: number, data: SynthDataset): Promise<number> {
  const detector = await openDetector(modelDir, { workers });
  const images = [...data.test, ...data.test];
  await Promise.all(images.slice(0, 2 * workers).map((i) => detector.detect(i.bytes))); // warm up
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers * 2 }, async () => {
      while (next < images.length) await detector.detect(images[next++].bytes);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await detector.close();
  return images.length / seconds;
}

/**
 * Training time (counts) and DetectAnomalies latency of in-process detect() (decode included, and for
 * segmentation the mask PNG) at size², of a surface or (`part`) of an aligned part, which is registered first;
 * 'cpu ms' is this process's CPU time per image, which other load on the machine does not inflate; RSS is the
 * process's peak so far.
 */
export async function speedAt(
  source: RgbImage,
  size: number,
  mode: Mode,
  part = false,
): Promise<Record<string, number>> {
  const data = await dataset(source, size, mode, part);
  const modelDir = mkdtempSync(join(tmpdir(), 'ml-bench-speed-'));
  try {
    const started = performance.now();
    await trainModel({ train: data.train, test: data.test, seed: 1, modelDir });
    const trainS = (performance.now() - started) / 1000;
    const detector = await openDetector(modelDir, { workers: 0 });
    for (const image of data.test.slice(0, 3)) await detector.detect(image.bytes); // warm up the JIT
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    for (const image of data.test) {
      const t0 = performance.now();
      await detector.detect(image.bytes);
      latencies.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    await detector.close();
    return {
      'train s': trainS,
      'p50 ms': quantile(latencies, 0.5),
      'p99 ms': quantile(latencies, 0.99),
      'cpu ms': (cpu.user + cpu.system) / 1000 / data.test.length,
      'img/s 1w': await throughput(modelDir, 1, data),
      'img/s 2w': await throughput(modelDir, 2, data),
      'RSS MB': process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(modelDir, { recursive: true, force: true });
  }
}
