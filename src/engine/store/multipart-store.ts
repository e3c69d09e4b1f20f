// Multipart uploads in progress: each part is a file of its own in the data directory's `uploads` folder, indexed in
// SQLite with the upload it belongs to, so uploads survive a restart and a part is never held in memory.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Database, Row } from './database';
import { decodeHeaders, encodeHeaders, type ObjectMetadata } from './stored-headers';

/** An upload in progress, with the metadata its object will have. */
export interface UploadInfo extends ObjectMetadata {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
}

export interface PartInfo {
  partNumber: number;
  size: number;
  /** Hex MD5 of the part's bytes. */
  md5: string;
  modified: number;
  path: string;
}

function toUpload(row: Row): UploadInfo {
  return {
    uploadId: String(row.upload_id),
    bucket: String(row.bucket),
    key: String(row.key),
    contentType: String(row.content_type),
    headers: decodeHeaders(row.headers_json),
    initiated: Number(row.initiated),
  };
}

export class MultipartStore {
  private readonly dir: string;
  private lastMillis = 0;
  /** Part files being read by `withParts`, with how many readers each has. */
  private readonly held = new Map<string, number>();
  /** Held files no part points at any more, removed when their last reader is done. */
  private readonly unneeded = new Set<string>();

  constructor(
    private readonly db: Database,
    dataDir: string,
  ) {
    this.dir = join(dataDir, 'uploads');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Removes part files no index row points at: parts a crash interrupted, or replaced parts it left behind. */
  sweep(): void {
    const referenced = new Set(this.db.all('SELECT file FROM multipart_parts').map((r) => String(r.file)));
    for (const name of readdirSync(this.dir)) {
      if (!referenced.has(name)) rmSync(join(this.dir, name), { force: true });
    }
  }

  create(bucket: string, key: string, metadata: ObjectMetadata): UploadInfo {
    // Time first, one millisecond apart at least, so that upload IDs sort in the order the uploads began
    // (ListMultipartUploads orders and pages by them).
    const millis = (this.lastMillis = Math.max(Date.now(), this.lastMillis + 1));
    const uploadId = millis.toString(16).padStart(12, '0') + randomBytes(20).toString('hex');
    const initiated = millis / 1000;
    this.db.run(
      `INSERT INTO multipart_uploads (upload_id, bucket, key, content_type, headers_json, initiated)
       VALUES (?, ?, ?, ?, ?, ?)`,
      uploadId,
      bucket,
      key,
      metadata.contentType,
      encodeHeaders(metadata.headers),
      initiated,
    );
    return { uploadId, bucket, key, ...metadata, initiated };
  }

  get(uploadId: string): UploadInfo | undefined {
    const row = this.db.get('SELECT * FROM multipart_uploads WHERE upload_id = ?', uploadId);
    return row && toUpload(row);
  }

  /** A fresh path for a part being received; it only counts once `putPart` indexes it. */
  partPath(): string {
    return join(this.dir, randomBytes(16).toString('hex'));
  }

  /**
   * Indexes a received part file, replacing the part of the same number. Returns false, removing the file, when the
   * upload was completed or aborted while the part arrived.
   */
  putPart(uploadId: string, partNumber: number, path: string, size: number, md5: string): boolean {
    const file = basename(path);
    const outcome = this.db.transaction(() => {
      if (!this.get(uploadId)) return { stored: false };
      const old = this.db.get(
        'SELECT file FROM multipart_parts WHERE upload_id = ? AND part_number = ?',
        uploadId,
        partNumber,
      );
      this.db.run(
        `INSERT INTO multipart_parts (upload_id, part_number, size, md5, modified, file) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, md5 = excluded.md5,
           modified = excluded.modified, file = excluded.file`,
        uploadId,
        partNumber,
        size,
        md5,
        Date.now() / 1000,
        file,
      );
      return { stored: true, replaced: old?.file };
    });
    const unused = outcome.stored ? outcome.replaced : file;
    if (unused !== undefined && unused !== null) this.remove(String(unused));
    return outcome.stored;
  }

  private remove(file: string): void {
    if (this.held.has(file)) this.unneeded.add(file);
    else rmSync(join(this.dir, file), { force: true });
  }

  /**
   * Runs `use` on the upload's parts as they are now. Their files outlive a replacement of the part, or the end of
   * the upload, until `use` is done, so it reads exactly the bytes these parts' MD5s name.
   */
  async withParts<T>(uploadId: string, use: (parts: PartInfo[]) => Promise<T>): Promise<T> {
    const parts = this.parts(uploadId);
    const files = parts.map((part) => basename(part.path));
    for (const file of files) this.held.set(file, (this.held.get(file) ?? 0) + 1);
    try {
      return await use(parts);
    } finally {
      for (const file of files) {
        const readers = (this.held.get(file) ?? 1) - 1;
        if (readers > 0) this.held.set(file, readers);
        else {
          this.held.delete(file);
          if (this.unneeded.delete(file)) this.remove(file);
        }
      }
    }
  }

  /** Parts in number order after `after`, at most `limit` of them. */
  parts(uploadId: string, after = 0, limit = 10000): PartInfo[] {
    return this.db
      .all(
        'SELECT * FROM multipart_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?',
        uploadId,
        after,
        limit,
      )
      .map((row) => ({
        partNumber: Number(row.part_number),
        size: Number(row.size),
        md5: String(row.md5),
        modified: Number(row.modified),
        path: join(this.dir, String(row.file)),
      }));
  }

  /**
   * Ends an upload atomically with `commit` (which stores the assembled object) and removes its parts. Returns
   * undefined, without calling `commit`, when the upload is already gone.
   */
  finish<T>(uploadId: string, commit: () => T): T | undefined {
    const ended = this.db.transaction(() => {
      if (!this.get(uploadId)) return undefined;
      const files = this.db.all('SELECT file FROM multipart_parts WHERE upload_id = ?', uploadId);
      const result = commit();
      this.db.run('DELETE FROM multipart_parts WHERE upload_id = ?', uploadId);
      this.db.run('DELETE FROM multipart_uploads WHERE upload_id = ?', uploadId);
      return { result, files };
    });
    if (!ended) return undefined;
    for (const { file } of ended.files) this.remove(String(file));
    return ended.result;
  }

  /** Returns false when there was no such upload. */
  abort(uploadId: string): boolean {
    return this.finish(uploadId, () => true) ?? false;
  }

  /**
   * Uploads of `bucket` below `prefix`, by key then upload ID: those of keys after `keyMarker`, and of `keyMarker`
   * itself those with an upload ID after `uploadIdMarker` when one is given.
   */
  list(
    bucket: string,
    options: { prefix: string; keyMarker: string; uploadIdMarker: string; maxUploads: number },
  ): { uploads: UploadInfo[]; truncated: boolean } {
    const rows = this.db.all(
      `SELECT * FROM multipart_uploads
       WHERE bucket = ? AND substr(key, 1, length(?)) = ? AND (key > ? OR (key = ? AND ? <> '' AND upload_id > ?))
       ORDER BY key, upload_id LIMIT ?`,
      bucket,
      options.prefix,
      options.prefix,
      options.keyMarker,
      options.keyMarker,
      options.uploadIdMarker,
      options.uploadIdMarker,
      options.maxUploads + 1,
    );
    return {
      uploads: rows.slice(0, options.maxUploads).map(toUpload),
      truncated: rows.length > options.maxUploads,
    };
  }
}
