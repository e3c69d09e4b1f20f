// The component's one ZIP artifact. Entries sit at the archive's root: Greengrass unpacks it into
// {artifacts:decompressedPath}/<archive name>/.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zip, type Zippable } from 'fflate';
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

export function componentArchive(content: ArchiveContent): Promise<Uint8Array> {
  const text = (s: string) => new TextEncoder().encode(s);
  const files: Zippable = {
    ...agentFiles(),
    ...decoderFiles(),
    [COMPONENT_FILE]: text(`${JSON.stringify(content.info, null, 2)}\n`),
    [RECIPE_JSON]: text(content.recipe.json),
    [RECIPE_YAML]: text(content.recipe.yaml),
  };
  for (const name of readdirSync(content.modelDir)) {
    files[`${MODEL_FOLDER}/${name}`] = readFileSync(join(content.modelDir, name));
  }
  for (const [name, bytes] of Object.entries(content.modelExtras ?? {}))
    files[`${MODEL_FOLDER}/${name}`] = bytes;
  // fflate's asynchronous zip compresses off the engine's thread.
  return new Promise((resolve, reject) =>
    zip(files, { level: 6 }, (err, data) => (err ? reject(err) : resolve(data))),
  );
}
