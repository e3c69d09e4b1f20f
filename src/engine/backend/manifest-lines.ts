// Reads a manifest file as lines without holding the file, or any absurdly long line, in memory: a manifest may be
// up to 1 GB (GUIDE §2) and one line of it arbitrarily long, where a whole-text string or readline would give out.
import { createReadStream } from 'node:fs';

/** A line longer than the bytes any dataset entry could take: only its length is kept. */
export interface OverlongLine {
  readonly overlongBytes: number;
}

export type ManifestLine = string | OverlongLine;

/** An entry is at most MAX_LINE_LENGTH (8,192) UTF-16 units: 3 UTF-8 bytes each at most, with room to spare. */
export const MAX_LINE_BYTES = 32 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * The file's lines, a read chunk's worth at a time. Lines end at \n, \r\n or \r, as editors split them, so line
 * numbers match what the editor shows. A final empty line (after the last line break) is not yielded.
 */
export async function* manifestLines(path: string): AsyncGenerator<ManifestLine[]> {
  let parts: Buffer[] = [];
  let bytes = 0;
  let afterCr = false;
  const take = (part: Buffer) => {
    if (bytes + part.length <= MAX_LINE_BYTES) parts.push(part);
    else if (bytes <= MAX_LINE_BYTES) parts = [];
    bytes += part.length;
  };
  const finish = (): ManifestLine => {
    const line: ManifestLine =
      bytes > MAX_LINE_BYTES
        ? { overlongBytes: bytes }
        : (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
    parts = [];
    bytes = 0;
    return line;
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const lines: ManifestLine[] = [];
    // A \r\n cut between two chunks is one line break.
    let start = afterCr && chunk[0] === LF ? 1 : 0;
    let lf = chunk.indexOf(LF, start);
    let cr = chunk.indexOf(CR, start);
    while (lf >= 0 || cr >= 0) {
      const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      take(chunk.subarray(start, end));
      lines.push(finish());
      start = end + (chunk[end] === CR && chunk[end + 1] === LF ? 2 : 1);
      if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
    }
    afterCr = chunk[chunk.length - 1] === CR;
    take(chunk.subarray(start));
    yield lines;
  }
  if (bytes > 0) yield [finish()];
}
