import type { Surface } from './surfaces';

/**
 * What the ML benchmarks run, from the environment (comma-separated lists; unset = all):
 * ML_BENCH_HALVES=dev,eval  ML_BENCH_FAMILIES=periodic,mineral,smooth,organic,aligned  ML_BENCH_SURFACES=brick,...
 * ML_BENCH_MODES=segmentation,classification (default segmentation: it scores images and masks both).
 * ML_BENCH_SEED=n draws other crops and defects of the same surfaces (default 1): a change that holds across seeds
 * is not the luck of one draw. ML_BENCH_MODEL_SEED=n trains with another seed on the same data (default 1): the
 * model's own randomness (folds, k-means, drifted copies, synthetic anomalies) moves the weakest surfaces by several
 * hundredths of AUROC, so a change is judged over model seeds too.
 */
function list(name: string): string[] | undefined {
  const value = process.env[name];
  return value ? value.split(',').map((v) => v.trim()) : undefined;
}

export function wantedSurface(s: Surface): boolean {
  const halves = list('ML_BENCH_HALVES');
  const families = list('ML_BENCH_FAMILIES');
  const names = list('ML_BENCH_SURFACES');
  return (
    (!halves || halves.includes(s.half)) &&
    (!families || families.includes(s.family)) &&
    (!names || names.includes(s.name))
  );
}

function positiveInteger(name: string): number {
  const value = process.env[name] ?? '1';
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 1) throw new Error(`${name}: not a positive integer: ${value}`);
  return seed;
}

export const benchSeed = () => positiveInteger('ML_BENCH_SEED');
export const modelSeed = () => positiveInteger('ML_BENCH_MODEL_SEED');

export type Mode = 'classification' | 'segmentation';

export function wantedModes(): Mode[] {
  const names = list('ML_BENCH_MODES') ?? ['segmentation'];
  const modes = names.filter((m): m is Mode => m === 'classification' || m === 'segmentation');
  if (modes.length !== names.length) throw new Error(`ML_BENCH_MODES: unknown mode in ${names.join(',')}`);
  return modes;
}

/** A one-line account of what runs, so that a filtered run is never mistaken for the full one. */
export function describeSelection(surfaces: Surface[], modes: Mode[]): string {
  const set = [
    'ML_BENCH_HALVES',
    'ML_BENCH_FAMILIES',
    'ML_BENCH_SURFACES',
    'ML_BENCH_MODES',
    'ML_BENCH_SEED',
    'ML_BENCH_MODEL_SEED',
  ]
    .filter((n) => process.env[n])
    .map((n) => `${n}=${process.env[n]}`);
  return (
    `Running ${modes.join(' and ')} on ${surfaces.length} surfaces: ${surfaces.map((s) => s.name).join(', ')}` +
    (set.length ? ` (${set.join(' ')})` : ' (all; filter with ML_BENCH_HALVES, _FAMILIES, _SURFACES, _MODES)')
  );
}
