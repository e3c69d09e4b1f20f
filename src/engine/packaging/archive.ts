// The component's one ZIP artifact. Entries sit at the archive's root: Greengrass unpacks it into
// {artifacts:decompressedPath}/<archive name>/.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkerClient } from '../ml/workerClient';
import { agentFiles, decoderFiles } from './agent-files';
import { COMPONENT_FILE, MODEL_FOLDER, RECIPE_JSON, RECIPE_YAML, type ComponentInfo } from './layout';

export interface ArchiveContent {
  info: ComponentInfo;
  /** The engine's model directory (model.json and whatever else training wrote). */
  modelDir: string;
  recipe: { json: string; yaml: string };
  /** Extra files of the model folder (the ONNX export). */
  modelExtras?: Record<string, Uint8Array>;
}

export async function componentArchive(content: ArchiveContent): Promise<Uint8Array> {
  const text = (s: string) => new TextEncoder().encode(s);
  const files: Record<string, Uint8Array> = {
    ...(await agentFiles()),
    ...(await decoderFiles()),
    [COMPONENT_FILE]: text(`${JSON.stringify(content.info, null, 2)}\n`),
    [RECIPE_JSON]: text(content.recipe.json),
    [RECIPE_YAML]: text(content.recipe.yaml),
  };
  for (const name of await readdir(content.modelDir)) {
    files[`${MODEL_FOLDER}/${name}`] = await readFile(join(content.modelDir, name));
  }
  for (const [name, bytes] of Object.entries(content.modelExtras ?? {}))
    files[`${MODEL_FOLDER}/${name}`] = bytes;
  // In a worker: fflate's asynchronous zip still compresses its small files (most of the decoder's) on this thread,
  // which held every request to the engine for up to a second.
  const worker = new WorkerClient();
  try {
    return (await worker.request({ op: 'zip', files })) as Uint8Array;
  } finally {
    await worker.terminate();
  }
}
