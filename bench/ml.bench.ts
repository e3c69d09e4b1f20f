import { readFileSync, writeFileSync } from 'node:fs';
import { proceduralTexture } from '../test/support/synth/texture';
import { benchDataset } from './ml/dataset';
import {
  DRIFT_COLUMNS,
  QUALITY_COLUMNS,
  SUMMARY_COLUMNS,
  labelConfusions,
  trainAndMeasure,
} from './ml/quality';
import { describeSelection, wantedModes, wantedSurface } from './ml/selection';
import { SPEED_COLUMNS, SPEED_SIZES, speedAt } from './ml/speed';
import { type Half, loadSurfaces } from './ml/surfaces';
import { type Row, printComparison, printTable } from './ml/table';

/**
 * Anomaly-detection quality, robustness to camera drift and speed, in process, on the surfaces of
 * bench/ml/surfaces.ts (development and evaluation halves, datasets of bench/ml/dataset.ts). Per surface: image and
 * pixel AUROC, F1 of the image decision (and at the test set's best threshold), mask pixel F1 and IoU, the share
 * of painted defects given their own label, recall per defect kind, training time, and the false-positive rate on the
 * normal test images as they are and under each drift; for segmentation, which label each kind of defect is painted
 * with. Then training time and detection latency at 256², 1024² and 4096² for both model types, and peak memory.
 * Env: the filters of bench/ml/selection.ts; ML_BENCH_SPEED=0 skips the speed table; ML_BENCH_JSON=<file> writes
 * the figures; ML_BENCH_BASELINE=<file> prints them beside those of an earlier run (`npm run bench -- --baseline`).
 */
interface Figures {
  quality: (Row & { mode: string; half: Half })[];
  speed: Row[];
}

const HALVES: { half: Half; title: string }[] = [
  { half: 'dev', title: 'development half' },
  { half: 'eval', title: 'evaluation half' },
];

async function main(): Promise<void> {
  const modes = wantedModes();
  const loaded = await loadSurfaces(wantedSurface);
  console.log(
    describeSelection(
      loaded.map((l) => l.surface),
      modes,
    ),
  );
  const figures: Figures = { quality: [], speed: [] };
  for (const mode of modes) {
    for (const { half, title } of HALVES) {
      const surfaces = loaded.filter((l) => l.surface.half === half);
      if (!surfaces.length) continue;
      const rows: Row[] = [];
      for (const { surface, source } of surfaces) {
        const started = performance.now();
        const values = await trainAndMeasure(await benchDataset(surface, source, mode === 'segmentation'));
        rows.push({ name: surface.name, values });
        figures.quality.push({ name: surface.name, values, mode, half });
        console.log(
          `  ${mode} ${surface.name} (${surface.family}): ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      }
      printTable(`${mode}, ${title}: quality (recall per defect kind)`, QUALITY_COLUMNS, rows);
      printTable(
        `${mode}, ${title}: false-positive rate on normal test images, as they are and under each drift`,
        DRIFT_COLUMNS,
        rows,
      );
      if (mode === 'segmentation') {
        const confusions = labelConfusions(rows);
        printTable(
          `${mode}, ${title}: label painted most on each kind of defect (share of the painted defects of the kind)`,
          confusions.columns,
          confusions.rows,
          { rowTitle: 'defect', mean: false },
        );
      }
    }
  }
  if (process.env.ML_BENCH_SPEED !== '0') {
    const source = proceduralTexture('weave', 512, 512, 101);
    for (const size of SPEED_SIZES)
      for (const mode of ['classification', 'segmentation'] as const)
        figures.speed.push({
          name: `${size}² ${mode.slice(0, 4)}`,
          values: await speedAt(source, size, mode),
        });
    for (const mode of ['classification', 'segmentation'] as const)
      figures.speed.push({
        name: `part ${mode.slice(0, 4)}`,
        values: await speedAt(source, SPEED_SIZES[0], mode, true),
      });
    printTable(
      'speed: 60 training images at 256², 20 at larger sides, 60 of an aligned part at 256²; detect() in process (decode and mask included)',
      SPEED_COLUMNS,
      figures.speed,
    );
  }
  console.log(`\npeak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (process.env.ML_BENCH_JSON) writeFileSync(process.env.ML_BENCH_JSON, JSON.stringify(figures));
  if (process.env.ML_BENCH_BASELINE)
    compare(figures, JSON.parse(readFileSync(process.env.ML_BENCH_BASELINE, 'utf8')));
}

/** Each figure of this run beside the baseline's: 'now (before)'. */
function compare(now: Figures, before: Figures): void {
  console.log('\n== this model beside the baseline model: now (before)');
  for (const mode of new Set(now.quality.map((r) => r.mode))) {
    for (const { half, title } of HALVES) {
      const pick = (f: Figures) => f.quality.filter((r) => r.mode === mode && r.half === half);
      if (pick(now).length) printComparison(`${mode}, ${title}`, SUMMARY_COLUMNS, pick(now), pick(before));
    }
  }
  if (before.speed.length) printComparison('speed', SPEED_COLUMNS, now.speed, before.speed);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
