// Whether a manifest's local image paths name files: the check the validator core is given where the file
// system is at hand (the CLI, file-backed editor documents). Node only, so the CLI can use it too.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** `pathExists` for a manifest in `directory`: paths are relative to it (absolute ones stay as they are). */
export function filesBeside(directory: string): (path: string) => boolean {
  return (path) => statSync(resolve(directory, path), { throwIfNoEntry: false })?.isFile() === true;
}
