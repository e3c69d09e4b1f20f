// Small previews of dataset images for the gallery: fetched through the connection's S3, scaled down with sharp in
// the extension host (the page never receives a full image it only shows small), kept in a bounded cache, and
// fetched a few at a time so a fast scroll through thousands of entries never floods the endpoint.
import type { S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { parseS3Uri } from '../manifest/core';
import { Limiter } from './limiter';
import { dataUri } from './imageBytes';
import { getObject } from './objectStore';

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 160;
const CACHE_LIMIT = 4000;
const CONCURRENCY = 6;

export class ThumbnailCache {
  /** source-ref → data: URI; Map order is the recency order. */
  private readonly cache = new Map<string, Promise<string>>();
  private readonly limiter = new Limiter(CONCURRENCY);

  constructor(private readonly s3: () => Promise<S3Client>) {}

  /** The thumbnail of the image at `ref` as a data: URI. */
  get(ref: string): Promise<string> {
    const known = this.cache.get(ref);
    if (known) {
      this.cache.delete(ref);
      this.cache.set(ref, known);
      return known;
    }
    const made = this.limiter.run(() => this.make(ref));
    this.cache.set(ref, made);
    made.catch(() => this.cache.get(ref) === made && this.cache.delete(ref));
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return made;
  }

  private async make(ref: string): Promise<string> {
    const location = parseS3Uri(ref);
    if (typeof location === 'string') throw new Error(location);
    const bytes = await getObject(await this.s3(), location.bucket, location.key);
    if (!bytes) throw new Error(`${ref} does not exist`);
    const small = await sharp(bytes)
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    return dataUri(small, 'image/webp');
  }
}
