// Parses `s3://bucket/key` references as Ground Truth writes them (raw, not URL-encoded, keys).

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The last valid bucket: manifests name one bucket on every line, so lines share its string. */
let lastBucket: string | undefined;

/** Returns the location, or a sentence saying what is wrong. */
export function parseS3Uri(ref: string): S3Location | string {
  if (!ref.startsWith('s3://')) return `"${ref}" is not an s3:// reference (expected s3://bucket/key)`;
  const slash = ref.indexOf('/', 5);
  if (slash < 0 || slash === ref.length - 1) return `"${ref}" has no object key (expected s3://bucket/key)`;
  const key = ref.slice(slash + 1);
  const bucket = ref.slice(5, slash);
  if (bucket === lastBucket) return { bucket: lastBucket, key };
  if (!BUCKET.test(bucket) || bucket.includes('..') || IP_ADDRESS.test(bucket)) {
    return `"${bucket}" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)`;
  }
  lastBucket = bucket;
  return { bucket, key };
}

// Tested without lower-casing the key, which would allocate a copy per line.
const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;
const PNG_EXTENSION = /\.png$/i;

export function hasImageExtension(key: string): boolean {
  return IMAGE_EXTENSION.test(key);
}

export function hasPngExtension(key: string): boolean {
  return PNG_EXTENSION.test(key);
}
