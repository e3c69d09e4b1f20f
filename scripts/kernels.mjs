// Assembles the WebAssembly kernels (src/engine/ml/kernels.wat) into kernels.wasm in each folder given: beside the
// tsc output of the module that loads them (out/src/engine/ml) and beside the esbuild bundles (dist/).
//   node scripts/kernels.mjs <folder>...
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import initWabt from 'wabt';

const SOURCE = 'src/engine/ml/kernels.wat';

export async function assembleKernels(folders) {
  const wabt = await initWabt();
  const module = wabt.parseWat(SOURCE, readFileSync(SOURCE, 'utf8'), { simd: true, bulk_memory: true });
  try {
    module.validate();
    const { buffer } = module.toBinary({});
    for (const folder of folders) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'kernels.wasm'), buffer);
    }
  } finally {
    module.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await assembleKernels(process.argv.slice(2));
