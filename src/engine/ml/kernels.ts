import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What this module uses of WebAssembly (Node's types do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  analyse(...pointersAndCounts: number[]): void;
  smooth(data: number, tmp: number, w: number, h: number, planes: number, passes: number): void;
  lines(...pointersAndCounts: number[]): void;
  energies(img: number, w: number, h: number, block: number, out: number, orientations: number): void;
}

/** The assembled kernels' file name, beside the code that loads them. */
export const KERNELS_FILE = 'kernels.wasm';

/** Cells per block: kernels.wat interleaves the vectors of 16 cells. */
const BLOCK_CELLS = 16;
const PAGE_BYTES = 65536;

let loaded: KernelExports | undefined;

/**
 * kernels.wasm (assembled from kernels.wat by scripts/kernels.mjs) beside this code: the esbuild bundle's folder or
 * the tsc output's. Compiled on first use, once per thread; detection is synchronous, so one memory serves all calls.
 */
function kernels(): KernelExports {
  if (!loaded) {
    const file = join(__dirname, KERNELS_FILE);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (cause) {
      throw new Error(`The anomaly-detection kernels are missing: ${file} (built by scripts/kernels.mjs).`, {
        cause,
      });
    }
    loaded = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as KernelExports;
  }
  return loaded;
}

/** A whitening transform L·(f − mean) in the kernels' form. */
export interface KernelWhitener {
  dim: number;
  mean: Float32Array;
  /** Row-packed lower triangle of L (row i holds i + 1 values). */
  lower: Float32Array;
}

/** The normality scorers in the kernels' form (all in whitened space). */
export interface KernelScorers {
  /** k×dim centroids, row-major, and their squared norms. */
  centroids: Float32Array;
  centroidNorms: Float32Array;
  /** Per-position mean and inverse variance, interleaved per block (blockInterleaved). */
  posMean: Float32Array;
  posIvar: Float32Array;
}

/** A cells×dim cell-major array interleaved per block of 16 cells (element i of cell b at i·16 + b), zero-padded. */
export function blockInterleaved(values: Float32Array, dim: number): Float32Array {
  const cells = values.length / dim;
  const out = new Float32Array(Math.ceil(cells / BLOCK_CELLS) * BLOCK_CELLS * dim);
  for (let c = 0; c < cells; c++) {
    const block = c - (c % BLOCK_CELLS);
    for (let i = 0; i < dim; i++)
      out[block * dim + i * BLOCK_CELLS + (c % BLOCK_CELLS)] = values[c * dim + i];
  }
  return out;
}

/**
 * Places regions of the given sizes (in floats) one after another in the kernels' memory, each starting 16-byte
 * aligned, growing the memory as needed; returns each region's float offset and a view of the memory.
 */
function reserve<K extends string>(
  sizes: Record<K, number>,
): { at: Record<K, number>; memory: Float32Array; wasm: KernelExports } {
  const at = {} as Record<K, number>;
  let floats = 0;
  for (const name of Object.keys(sizes) as K[]) {
    at[name] = floats;
    floats += Math.ceil(sizes[name] / 4) * 4;
  }
  const wasm = kernels();
  const missing = floats * 4 - wasm.memory.buffer.byteLength;
  if (missing > 0) wasm.memory.grow(Math.ceil(missing / PAGE_BYTES));
  return { at, memory: new Float32Array(wasm.memory.buffer), wasm };
}

/**
 * Separable [1 2 1]/4 smoothing with replicated borders, `passes` times, of each w×h plane of `planes` (one plane or
 * several one after another): a new array.
 */
export function smoothGrid(planes: Float32Array, w: number, h: number, passes: number): Float32Array {
  const { at, memory, wasm } = reserve({ data: planes.length, tmp: w * h });
  memory.set(planes, at.data);
  wasm.smooth(at.data * 4, at.tmp * 4, w, h, planes.length / (w * h), passes);
  return memory.slice(at.data, at.data + planes.length);
}

/**
 * Block means of the gradient and Laplacian energies of the w×h plane `img` over blocks of `block` px (w and h
 * multiples of it): with orientations five planes of (w / block)×(h / block), gx², gy², ½(gx + gy)², ½(gx − gy)² and
 * the Laplacian's square, else one of gx² + gy²; central differences with replicated borders.
 */
export function blockEnergies(
  img: Float32Array,
  w: number,
  h: number,
  block: number,
  orientations: boolean,
): Float32Array {
  const size = (orientations ? 5 : 1) * (w / block) * (h / block);
  const { at, memory, wasm } = reserve({ img: img.length, out: size });
  memory.set(img, at.img);
  wasm.energies(at.img * 4, w, h, block, at.out * 4, orientations ? 1 : 0);
  return memory.slice(at.out, at.out + size);
}

/** A line direction, and the offset from a pixel to one of its sides (the other side is the opposite). */
export interface LineDirection {
  along: readonly [number, number];
  side: readonly [number, number];
}

/**
 * The strongest dark and bright mean profile along any of `directions` (lines.ts, lineResponses) at each pixel of
 * the w×h plane, over 2·half + 1 taps.
 */
export function lineKernel(
  plane: Float32Array,
  w: number,
  h: number,
  directions: readonly LineDirection[],
  half: number,
): { dark: Float32Array; bright: Float32Array } {
  // The kernel sums four pixels at a time, past w up to the next multiple of 4: 3 more columns of border.
  const stride = Math.ceil(w / 4) * 4;
  const reach = half * Math.max(...directions.flatMap((d) => d.along.map(Math.abs))) + 3;
  const { at, memory, wasm } = reserve({
    plane: plane.length,
    directions: 4 * directions.length,
    padded: (w + 2 * reach) * (h + 2 * reach),
    dark: stride * h,
    bright: stride * h,
  });
  memory.set(plane, at.plane);
  new Int32Array(memory.buffer).set(
    directions.flatMap((d) => [...d.side, ...d.along]),
    at.directions,
  );
  wasm.lines(
    at.plane * 4,
    w,
    h,
    at.directions * 4,
    directions.length,
    half,
    reach,
    at.padded * 4,
    at.dark * 4,
    at.bright * 4,
    stride,
  );
  const rows = (start: number) => {
    const out = new Float32Array(w * h);
    for (let y = 0; y < h; y++) out.set(memory.subarray(start + y * stride, start + y * stride + w), y * w);
    return out;
  };
  return { dark: rows(at.dark), bright: rows(at.bright) };
}

export interface KernelResult {
  white: Float32Array;
  /** Raw gaussian, codebook and positional scores per cell; none when no scorers were given. */
  raw: Float32Array[];
}

/** Whitens cell-major features (cells×dim) and, given scorers, scores each cell. */
export function analyseCells(
  features: Float32Array,
  whitener: KernelWhitener,
  scorers?: KernelScorers,
): KernelResult {
  const { dim } = whitener;
  const cells = features.length / dim;
  const padded = Math.ceil(cells / BLOCK_CELLS) * BLOCK_CELLS;
  const k = scorers ? scorers.centroidNorms.length : 0;
  const { at, memory, wasm } = reserve({
    features: features.length,
    out: features.length,
    mean: dim,
    lower: whitener.lower.length,
    x: dim * BLOCK_CELLS,
    z: dim * BLOCK_CELLS,
    centroids: scorers?.centroids.length ?? 0,
    norms: k,
    posMean: scorers?.posMean.length ?? 0,
    posIvar: scorers?.posIvar.length ?? 0,
    g: scorers ? padded : 0,
    cb: scorers ? padded : 0,
    pos: scorers ? padded : 0,
  });
  memory.set(features, at.features);
  memory.set(whitener.mean, at.mean);
  memory.set(whitener.lower, at.lower);
  if (scorers) {
    memory.set(scorers.centroids, at.centroids);
    memory.set(scorers.centroidNorms, at.norms);
    memory.set(scorers.posMean, at.posMean);
    memory.set(scorers.posIvar, at.posIvar);
  }
  wasm.analyse(
    ...[at.features, at.mean, at.lower, at.out].map((f) => f * 4),
    cells,
    dim,
    at.x * 4,
    at.z * 4,
    k,
    ...[at.centroids, at.norms, at.posMean, at.posIvar, at.g, at.cb, at.pos].map((f) => f * 4),
  );
  const white = memory.slice(at.out, at.out + features.length);
  if (!scorers) return { white, raw: [] };
  return { white, raw: [at.g, at.cb, at.pos].map((o) => memory.slice(o, o + cells)) };
}
