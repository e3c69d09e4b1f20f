// What the engine needs to know of one dataset JSON line (Ground Truth manifest format, GUIDE §1): the image, its
// class and, for segmentation, the mask and its colour map. Returns a message naming the problem when the line would
// make the service reject the dataset.

export type AnomalyClass = 'normal' | 'anomaly';

export interface S3Ref {
  bucket: string;
  key: string;
}

export interface EntryFacts {
  sourceRef: string;
  image: S3Ref;
  /** undefined = unlabeled (imported, ignored by training). */
  anomalyClass?: AnomalyClass;
  mask?: { ref: string; object: S3Ref; labels: { name: string; color: string }[] };
}

const S3_URI = /^s3:\/\/([0-9A-Za-z.\-_]{3,63})\/(.+)$/;

export function parseS3Uri(uri: string): S3Ref | undefined {
  const m = S3_URI.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseEntryLine(line: string): EntryFacts | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (!isObject(parsed)) return 'a dataset line must be one JSON object';
  const sourceRef = parsed['source-ref'];
  if (typeof sourceRef !== 'string') return 'missing "source-ref"';
  const image = parseS3Uri(sourceRef);
  if (!image) return `"source-ref" ${JSON.stringify(sourceRef)} is not an s3://bucket/key URI`;
  if (!/\.(png|jpe?g)$/i.test(image.key))
    return `"source-ref" ${sourceRef} is not a .png, .jpg or .jpeg image`;

  const facts: EntryFacts = { sourceRef, image };
  const labelKeys = Object.keys(parsed).filter(
    (k) => k.endsWith('-metadata') && !k.endsWith('-ref-metadata') && k !== 'source-ref-metadata',
  );
  for (const metadataKey of labelKeys) {
    const attribute = metadataKey.slice(0, -'-metadata'.length);
    const metadata = parsed[metadataKey];
    if (!(attribute in parsed)) return `"${metadataKey}" has no label attribute "${attribute}"`;
    if (!isObject(metadata)) return `"${metadataKey}" must be an object`;
    if (metadata['type'] !== 'groundtruth/image-classification') continue;
    const className = metadata['class-name'];
    if (className === 'normal' || className === 'anomaly') facts.anomalyClass = className;
  }

  const maskKeys = Object.keys(parsed).filter((k) => k.endsWith('-ref') && k !== 'source-ref');
  for (const refKey of maskKeys) {
    const ref = parsed[refKey];
    const metadata = parsed[`${refKey}-metadata`];
    if (typeof ref !== 'string') return `"${refKey}" must be an s3:// URI string`;
    const object = parseS3Uri(ref);
    if (!object) return `"${refKey}" ${JSON.stringify(ref)} is not an s3://bucket/key URI`;
    if (!/\.png$/i.test(object.key)) return `mask "${refKey}" ${ref} must be a PNG image`;
    if (!isObject(metadata)) return `"${refKey}" has no "${refKey}-metadata" object`;
    const colorMap = metadata['internal-color-map'];
    if (!isObject(colorMap)) return `"${refKey}-metadata" has no "internal-color-map"`;
    const labels: { name: string; color: string }[] = [];
    for (const [index, entry] of Object.entries(colorMap)) {
      if (
        !isObject(entry) ||
        typeof entry['class-name'] !== 'string' ||
        typeof entry['hex-color'] !== 'string' ||
        !/^#[0-9a-fA-F]{6}$/.test(entry['hex-color'])
      ) {
        return `"internal-color-map" entry "${index}" needs a "class-name" and a "hex-color" like #2ca02c`;
      }
      if (index === '0' || entry['class-name'].toUpperCase() === 'BACKGROUND') continue;
      labels.push({ name: entry['class-name'], color: entry['hex-color'].toLowerCase() });
    }
    facts.mask = { ref, object, labels };
  }
  return facts;
}
