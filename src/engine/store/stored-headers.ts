// What the object store keeps besides an object's bytes and size: the metadata S3 returns with it.

/** What S3 keeps with an object's bytes and returns with them (s3/object-metadata.ts). */
export interface ObjectMetadata {
  contentType: string;
  /** Standard headers set on upload and user metadata (x-amz-meta-*), by lower-case name. */
  headers: Record<string, string>;
}

/** Stored headers as the index holds them: JSON, or NULL for none (and for objects stored before them). */
export function encodeHeaders(headers: Record<string, string>): string | null {
  return Object.keys(headers).length > 0 ? JSON.stringify(headers) : null;
}

export function decodeHeaders(value: unknown): Record<string, string> {
  return typeof value === 'string' ? (JSON.parse(value) as Record<string, string>) : {};
}
