// Where manifest links and image previews read S3 objects from: the connected engine (or AWS).

export interface ManifestObjectSource {
  /** The object's bytes, or undefined when nothing is connected or the object does not exist. */
  getObject(bucket: string, key: string): Promise<Uint8Array | undefined>;
}
