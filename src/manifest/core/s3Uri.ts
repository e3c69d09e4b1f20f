// Parses `s3://bucket/key` references as Ground Truth writes them (raw, not URL-encoded, keys).

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Returns the location, or a sentence saying what is wrong. */
export function parseS3Uri(ref: string): S3Location | string {
  if (!ref.startsWith('s3://')) return `"${ref}" is not an s3:// reference (expected s3://bucket/key)`;
  const rest = ref.slice(5);
  const slash = rest.indexOf('/');
  if (slash < 0 || slash === rest.length - 1) return `"${ref}" has no object key (expected s3://bucket/key)`;
  const bucket = rest.slice(0, slash);
  if (!BUCKET.test(bucket) || bucket.includes('..') || IP_ADDRESS.test(bucket)) {
    return `"${bucket}" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)`;
  }
  return { bucket, key: rest.slice(slash + 1) };
}

const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

export function hasImageExtension(key: string): boolean {
  const lower = key.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function hasPngExtension(key: string): boolean {
  return key.toLowerCase().endsWith('.png');
}
