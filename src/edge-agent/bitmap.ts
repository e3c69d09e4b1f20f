// Bitmaps of the Edge Agent's API: packed interleaved RGB888, in the message or in a POSIX shared memory segment
// (on Linux a file under /dev/shm, so plain file I/O reaches it).
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid } from './status';

/** The service's image rules (GUIDE §8). */
const MIN_SIDE = 64;
const MAX_SIDE = 4096;

export interface SharedMemoryHandle {
  name: string;
  size: number;
  offset: number;
}

export interface Bitmap {
  width: number;
  height: number;
  byte_data?: Buffer;
  shared_memory_handle?: SharedMemoryHandle | null;
  data?: 'byte_data' | 'shared_memory_handle';
}

function segmentPath(name: string): string {
  const bare = name.replace(/^\//, '');
  if (!bare || bare.includes('/')) throw invalid(`"${name}" is not a shared memory segment name.`);
  return join('/dev/shm', bare);
}

/** Checks the bitmap's sizes and returns its RGB bytes. */
export async function readBitmap(bitmap: Bitmap | null | undefined): Promise<Buffer> {
  if (!bitmap) throw invalid('The request has no bitmap.');
  const { width, height } = bitmap;
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    throw invalid(
      `The bitmap is ${width}x${height} pixels; each side must be between ${MIN_SIDE} and ${MAX_SIDE} pixels.`,
    );
  }
  const expected = width * height * 3;
  const shm = bitmap.data === 'shared_memory_handle' ? bitmap.shared_memory_handle : undefined;
  if (shm) {
    if (shm.size !== expected) {
      throw invalid(
        `The shared memory image is ${shm.size} bytes; ${width}x${height} RGB888 is ${expected} bytes.`,
      );
    }
    const file = await open(segmentPath(shm.name), 'r').catch((err: Error) => {
      throw invalid(`The shared memory segment ${shm.name} cannot be read: ${err.message}`);
    });
    try {
      const bytes = Buffer.alloc(expected);
      const { bytesRead } = await file.read(bytes, 0, expected, shm.offset);
      if (bytesRead !== expected) {
        throw invalid(
          `The shared memory segment ${shm.name} ends before offset ${shm.offset} + ${expected} bytes.`,
        );
      }
      return bytes;
    } finally {
      await file.close();
    }
  }
  const bytes = bitmap.byte_data ?? Buffer.alloc(0);
  if (bytes.length !== expected) {
    throw invalid(
      `The bitmap holds ${bytes.length} bytes; ${width}x${height} pixels of interleaved RGB888 are ${expected} bytes.`,
    );
  }
  return bytes;
}

/** Writes a mask into the caller's shared memory segment (AnomalyMaskParams). */
export async function writeSharedMemory(handle: SharedMemoryHandle, bytes: Buffer): Promise<void> {
  if (handle.size < bytes.length) {
    throw invalid(`The mask needs ${bytes.length} bytes; the shared memory handle offers ${handle.size}.`);
  }
  const file = await open(segmentPath(handle.name), 'r+').catch((err: Error) => {
    throw invalid(`The shared memory segment ${handle.name} cannot be written: ${err.message}`);
  });
  try {
    await file.write(bytes, 0, bytes.length, handle.offset);
  } finally {
    await file.close();
  }
}
