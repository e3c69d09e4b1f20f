// Streams bytes between files with bounded memory: assembling multipart objects, copying ranges, hashing.
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, open, rm, type FileHandle } from 'node:fs/promises';

export interface FileSlice {
  path: string;
  /** First byte; 0 when absent. */
  start?: number;
  /** Last byte, inclusive; the end of the file when absent. */
  end?: number;
}

export interface Digested {
  size: number;
  md5: Buffer;
}

const CHUNK = 1024 * 1024;

/** Reads the slices in order, one chunk at a time, passing each chunk to `take`. */
async function pump(slices: FileSlice[], take: (chunk: Buffer) => Promise<unknown>): Promise<Digested> {
  const md5 = createHash('md5');
  let size = 0;
  for (const { path, start, end } of slices) {
    for await (const chunk of createReadStream(path, { start, end, highWaterMark: CHUNK })) {
      if (!Buffer.isBuffer(chunk)) throw new TypeError('expected bytes from a file stream');
      md5.update(chunk);
      size += chunk.length;
      await take(chunk);
    }
  }
  return { size, md5: md5.digest() };
}

/** Creates the file `dest` (mode 0600), fills it with `write` and syncs it; nothing is left behind on failure. */
async function newFileSynced<T>(dest: string, write: (file: FileHandle) => Promise<T>): Promise<T> {
  const file = await open(dest, 'wx', 0o600);
  let done = false;
  try {
    const result = await write(file);
    await file.sync();
    done = true;
    return result;
  } finally {
    await file.close();
    if (!done) await rm(dest, { force: true });
  }
}

/** Writes the slices, in order, into the new file `dest` (mode 0600, synced); nothing is left behind on failure. */
export function concatFiles(dest: string, slices: FileSlice[]): Promise<Digested> {
  return newFileSynced(dest, (file) => pump(slices, (chunk) => file.write(chunk)));
}

/** Writes `bytes` into the new file `dest` (mode 0600, synced); nothing is left behind on failure. */
export function writeFileSynced(dest: string, bytes: Uint8Array): Promise<void> {
  return newFileSynced(dest, (file) => file.writeFile(bytes));
}

export async function md5OfFile(path: string): Promise<Buffer> {
  return (await pump([{ path }], () => Promise.resolve())).md5;
}

/** Copies `src` into the new file `dest` (the kernel copies; nothing passes through memory), synced. */
export async function copyFileSynced(src: string, dest: string): Promise<void> {
  await copyFile(src, dest, constants.COPYFILE_EXCL);
  const file = await open(dest, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}
