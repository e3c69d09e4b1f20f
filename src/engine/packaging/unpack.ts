// Unpacks a component archive as Greengrass does: into <decompressedPath>/<archive name without .zip>/.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { ARCHIVE_FOLDER } from './layout';

/** Writes every entry of the archive; an entry that would land outside the folder is refused. Returns the folder. */
export async function unpackComponent(archive: Uint8Array, decompressedPath: string): Promise<string> {
  const folder = resolve(decompressedPath, ARCHIVE_FOLDER);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(archive);
  } catch (err) {
    throw new Error(`The component archive is not a readable ZIP file: ${(err as Error).message}`);
  }
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    const path = resolve(folder, name);
    if (!path.startsWith(folder + sep))
      throw new Error(`The archive entry ${name} points outside its folder.`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }
  return folder;
}
