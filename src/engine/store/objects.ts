// S3-style object storage of a data directory: bytes in files written atomically, the index in SQLite.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Database, Row } from './database';
import { writeFileSynced } from './file-bytes';
import { MultipartStore } from './multipart-store';
import { decodeHeaders, encodeHeaders, type ObjectMetadata } from './stored-headers';
import { objectKeyProblem } from '../../manifest/core';

export interface ObjectInfo extends ObjectMetadata {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  modified: number;
}

export interface ListResult {
  objects: ObjectInfo[];
  commonPrefixes: string[];
  truncated: boolean;
  nextKey?: string;
}

/** Why the S3 API would refuse `key` (the manifest validator's rule), for a message; undefined when it is valid. */
export function keyRefusal(key: string): string | undefined {
  const problem = objectKeyProblem(key);
  if (problem === undefined) return undefined;
  const shown = key.length > 60 ? `${key.slice(0, 20)}…${key.slice(-40)}` : key;
  return `the key ${JSON.stringify(shown)} (${Buffer.byteLength(key)} bytes) is not valid: ${problem}`;
}

/**
 * The least string after every string that starts with `prefix`, in the store's order (UTF-8 bytes, which is code
 * point order): `prefix` with its last code point below U+10FFFF raised by one (the surrogates, which no key holds,
 * skipped) and what followed it dropped. None when `prefix` is U+10FFFF only.
 */
function successor(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.length > 0 && points[points.length - 1] === 0x10ffff) points.pop();
  if (points.length === 0) return undefined;
  const next = points[points.length - 1] + 1;
  points[points.length - 1] = next === 0xd800 ? 0xe000 : next;
  return String.fromCodePoint(...points);
}

function toInfo(row: Row): ObjectInfo {
  return {
    bucket: String(row.bucket),
    key: String(row.key),
    size: Number(row.size),
    etag: String(row.etag),
    contentType: String(row.content_type),
    headers: decodeHeaders(row.headers_json),
    modified: Number(row.modified),
  };
}

export class ObjectStore {
  private readonly dir: string;
  /** Multipart uploads in progress, whose parts become an object of this store when completed. */
  readonly uploads: MultipartStore;

  constructor(
    private readonly db: Database,
    dataDir: string,
  ) {
    this.dir = join(dataDir, 'objects');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.uploads = new MultipartStore(db, dataDir);
  }

  /** Removes files a crash left behind: temp files and files no index row points at. */
  sweep(): void {
    this.uploads.sweep();
    const referenced = new Set(this.db.all('SELECT file FROM objects').map((r) => String(r.file)));
    for (const name of readdirSync(this.dir)) {
      if (!referenced.has(name)) rmSync(join(this.dir, name), { force: true });
    }
  }

  bucketExists(bucket: string): boolean {
    return this.db.get('SELECT 1 AS x FROM buckets WHERE name = ?', bucket) !== undefined;
  }

  /** Returns false when the bucket already existed. */
  createBucket(bucket: string): boolean {
    return (
      this.db.run('INSERT OR IGNORE INTO buckets (name, created) VALUES (?, ?)', bucket, Date.now() / 1000) >
      0
    );
  }

  listBuckets(): { name: string; created: number }[] {
    return this.db
      .all('SELECT name, created FROM buckets ORDER BY name')
      .map((r) => ({ name: String(r.name), created: Number(r.created) }));
  }

  head(bucket: string, key: string): ObjectInfo | undefined {
    const row = this.db.get('SELECT * FROM objects WHERE bucket = ? AND key = ?', bucket, key);
    return row && toInfo(row);
  }

  /** The object's index entry and the file holding its bytes (replaced, never rewritten, when the object is). */
  file(bucket: string, key: string): { info: ObjectInfo; path: string } | undefined {
    const row = this.db.get('SELECT * FROM objects WHERE bucket = ? AND key = ?', bucket, key);
    return row && { info: toInfo(row), path: join(this.dir, String(row.file)) };
  }

  /**
   * Opens the object's file for reading. Replacing an object never rewrites its file (a new file is indexed and the
   * old one removed), so an open handle reads one version whole even while a writer replaces it.
   */
  async open(bucket: string, key: string): Promise<{ info: ObjectInfo; file: FileHandle } | undefined> {
    for (let attempt = 0; ; attempt++) {
      const found = this.file(bucket, key);
      if (!found) return undefined;
      try {
        return { info: found.info, file: await open(found.path, 'r') };
      } catch (err) {
        // Replaced between the lookup and the open: look again.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 3) throw err;
      }
    }
  }

  /** A fresh file name in the store for bytes being written; unreferenced files are swept at start-up. */
  tempPath(): string {
    return join(this.dir, randomBytes(16).toString('hex'));
  }

  /** Makes a finished, synced file from `tempPath()` the object's content, replacing any previous one. */
  commit(
    bucket: string,
    key: string,
    path: string,
    meta: { size: number; etag: string; contentType: string; headers?: Record<string, string> },
  ): ObjectInfo {
    const headers = meta.headers ?? {};
    if (dirname(path) !== this.dir) throw new Error(`${path} is not a file of the object store`);
    const file = basename(path);
    const modified = Date.now() / 1000;
    const previous = this.db.transaction(() => {
      const old = this.db.get('SELECT file FROM objects WHERE bucket = ? AND key = ?', bucket, key);
      this.db.run(
        `INSERT INTO objects (bucket, key, size, etag, content_type, headers_json, modified, file)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (bucket, key) DO UPDATE SET size = excluded.size, etag = excluded.etag,
           content_type = excluded.content_type, headers_json = excluded.headers_json,
           modified = excluded.modified, file = excluded.file`,
        bucket,
        key,
        meta.size,
        meta.etag,
        meta.contentType,
        encodeHeaders(headers),
        modified,
        file,
      );
      return old?.file;
    });
    if (previous) rmSync(join(this.dir, String(previous)), { force: true });
    return { bucket, key, ...meta, headers, modified };
  }

  /**
   * Stores an object the engine itself writes (evaluation files, packaging artifacts). A key the S3 API would
   * refuse is refused here too: stored under it, the object could be neither read nor deleted. The file is written
   * and synced asynchronously: an evaluation writes one mask per test image, and at about a millisecond each on the
   * engine's thread a large test set would hold every request for seconds.
   */
  async put(
    bucket: string,
    key: string,
    body: Buffer,
    contentType = 'application/octet-stream',
  ): Promise<ObjectInfo> {
    const refusal = keyRefusal(key);
    if (refusal) throw new Error(`Cannot write to bucket ${bucket}: ${refusal}`);
    const path = this.tempPath();
    await writeFileSynced(path, body);
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    return this.commit(bucket, key, path, { size: body.length, etag, contentType });
  }

  delete(bucket: string, key: string): void {
    const row = this.db.get('SELECT file FROM objects WHERE bucket = ? AND key = ?', bucket, key);
    if (!row) return;
    this.db.run('DELETE FROM objects WHERE bucket = ? AND key = ?', bucket, key);
    rmSync(join(this.dir, String(row.file)), { force: true });
  }

  /**
   * The greatest key starting with `prefix` (one exists), found through the key index: keys starting with `prefix`
   * are those from `prefix` up to its successor. Without a successor (a prefix of U+10FFFF only) every key from
   * `prefix` on starts with it, and none is left to list after them: undefined.
   */
  private lastKeyUnder(bucket: string, prefix: string): string | undefined {
    const upper = successor(prefix);
    if (upper === undefined) return undefined;
    const row = this.db.get(
      'SELECT key FROM objects WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key DESC LIMIT 1',
      bucket,
      prefix,
      upper,
    );
    return String(row!.key);
  }

  /** Keys in byte order after `after`, grouped by `delimiter` below `prefix` as ListObjectsV2 does. */
  list(
    bucket: string,
    options: { prefix?: string; after?: string; maxKeys: number; delimiter?: string },
  ): ListResult {
    const prefix = options.prefix ?? '';
    const objects: ObjectInfo[] = [];
    const commonPrefixes: string[] = [];
    let cursor = options.after ?? '';
    const next = () =>
      this.db.get(
        'SELECT * FROM objects WHERE bucket = ? AND key > ? AND substr(key, 1, length(?)) = ? ORDER BY key LIMIT 1',
        bucket,
        cursor,
        prefix,
        prefix,
      );
    for (let row = next(); row; row = next()) {
      if (objects.length + commonPrefixes.length === options.maxKeys) {
        return { objects, commonPrefixes, truncated: true, nextKey: cursor };
      }
      const key = String(row.key);
      const cut = options.delimiter ? key.indexOf(options.delimiter, prefix.length) : -1;
      if (cut >= 0) {
        const common = key.slice(0, cut + options.delimiter!.length);
        commonPrefixes.push(common);
        // The last key below the common prefix: the next row is past all of them, and a page ending here resumes
        // past them too.
        const last = this.lastKeyUnder(bucket, common);
        if (last === undefined) break;
        cursor = last;
      } else {
        objects.push(toInfo(row));
        cursor = key;
      }
    }
    return { objects, commonPrefixes, truncated: false };
  }
}
