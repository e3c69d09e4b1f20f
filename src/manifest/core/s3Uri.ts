// Parses `s3://bucket/key` references as Ground Truth writes them (raw, not URL-encoded, keys).

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

const BUCKET_CHARS = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];
// Control characters: XML cannot carry most of them in S3 listings, and a NUL would end the key in a store.
const CONTROL = /\p{Cc}/u;
// A lone surrogate has no UTF-8 form: stored, it would become U+FFFD and name another key.
const LONE_SURROGATE = /\p{Cs}/u;
export const MAX_KEY_BYTES = 1024;

/** Why `name` cannot be an S3 bucket name (AWS's bucket naming rules), or undefined when it can. */
export function bucketNameProblem(name: string): string | undefined {
  if (!BUCKET_CHARS.test(name))
    return 'bucket names have 3 to 63 lower-case letters, digits, dots and hyphens, and begin and end with a letter or digit';
  if (name.includes('..')) return 'bucket names must not contain two adjacent periods';
  if (IP_ADDRESS.test(name)) return 'bucket names must not be formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `bucket names must not begin with the reserved prefix ${prefix}`;
  const suffix = RESERVED_SUFFIXES.find((x) => name.endsWith(x));
  if (suffix) return `bucket names must not end with the reserved suffix ${suffix}`;
  return undefined;
}

/** Why `key` cannot be an S3 object key here, or undefined when it can. */
export function objectKeyProblem(key: string): string | undefined {
  // Three UTF-8 bytes at most per UTF-16 unit: short keys need no byte count.
  if (key.length * 3 > MAX_KEY_BYTES && Buffer.byteLength(key) > MAX_KEY_BYTES)
    return `object keys are at most ${MAX_KEY_BYTES} bytes of UTF-8`;
  if (CONTROL.test(key)) return 'object keys must not contain NUL or other control characters';
  if (LONE_SURROGATE.test(key))
    return 'object keys must be valid Unicode (a lone surrogate has no UTF-8 form)';
  return undefined;
}

/** The last valid bucket: manifests name one bucket on every line, so lines share its string. */
let lastBucket: string | undefined;

/** Returns the location, or a sentence saying what is wrong. */
export function parseS3Uri(ref: string): S3Location | string {
  if (!ref.startsWith('s3://')) return `"${ref}" is not an s3:// reference (expected s3://bucket/key)`;
  const slash = ref.indexOf('/', 5);
  if (slash < 0 || slash === ref.length - 1) return `"${ref}" has no object key (expected s3://bucket/key)`;
  const key = ref.slice(slash + 1);
  const keyProblem = objectKeyProblem(key);
  if (keyProblem) return `the object key of "${ref}" is not valid: ${keyProblem}`;
  const bucket = ref.slice(5, slash);
  if (bucket === lastBucket) return { bucket: lastBucket, key };
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return `"${bucket}" is not a valid S3 bucket name: ${bucketProblem}`;
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
