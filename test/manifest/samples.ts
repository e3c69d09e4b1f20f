// Sample manifest lines shared by the manifest tests: the Developer Guide's own examples, verbatim.

/** DG: manifest-file-classification, the single-line example. */
export const DG_CLASSIFICATION =
  '{"source-ref":"s3://lookoutvision-console-us-east-1-nnnnnnnnnn/gt-job/manifest/IMG_1133.png","anomaly-label":1,"anomaly-label-metadata":{"confidence":0.95,"job-name":"labeling-job/testclconsolebucket","class-name":"normal","human-annotated":"yes","creation-date":"2020-04-15T20:17:23.433061","type":"groundtruth/image-classification"}}';

/** DG: manifest-file-segmentation, the example (its refs are placeholders: `s3://path-to-image`). */
export const DG_SEGMENTATION =
  '{"source-ref":"s3://path-to-image","anomaly-label":1,"anomaly-label-metadata":{"class-name":"anomaly","creation-date":"2021-10-12T14:16:45.668","human-annotated":"yes","job-name":"labeling-job/classification-job","type":"groundtruth/image-classification","confidence":1},"anomaly-mask-ref":"s3://path-to-image","anomaly-mask-ref-metadata":{"internal-color-map":{"0":{"class-name":"BACKGROUND","hex-color":"#ffffff","confidence":0.0},"1":{"class-name":"scratch","hex-color":"#2ca02c","confidence":0.0},"2":{"class-name":"dent","hex-color":"#1f77b4","confidence":0.0}},"type":"groundtruth/semantic-segmentation","human-annotated":"yes","creation-date":"2021-11-23T20:31:57.758889","job-name":"labeling-job/segmentation-job"}}';

/** The segmentation example with real references in one bucket. */
export const SEGMENTATION = DG_SEGMENTATION.replace(
  '"source-ref":"s3://path-to-image"',
  '"source-ref":"s3://my-bucket/images/img1.png"',
).replace('"anomaly-mask-ref":"s3://path-to-image"', '"anomaly-mask-ref":"s3://my-bucket/masks/img1.png"');

type Json = Record<string, unknown>;

/** Rewrites a sample line through a function on its parsed object. */
export function edit(line: string, change: (o: Json) => void): string {
  const o = JSON.parse(line) as Json;
  change(o);
  return JSON.stringify(o);
}

export function classificationLine(bucket: string, name: string, className: 'normal' | 'anomaly'): string {
  return JSON.stringify({
    'source-ref': `s3://${bucket}/${name}`,
    'anomaly-label': className === 'anomaly' ? 1 : 0,
    'anomaly-label-metadata': {
      'class-name': className,
      'human-annotated': 'yes',
      'creation-date': '2020-11-10T03:37:09.600',
      type: 'groundtruth/image-classification',
    },
  });
}

export function segmentationLine(bucket: string, name: string, labels: string[]): string {
  const colors = ['#2ca02c', '#1f77b4', '#d62728', '#9467bd'];
  const map: Json = { '0': { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 } };
  labels.forEach(
    (label, i) => (map[String(i + 1)] = { 'class-name': label, 'hex-color': colors[i], confidence: 0 }),
  );
  return edit(SEGMENTATION, (o) => {
    o['source-ref'] = `s3://${bucket}/images/${name}`;
    o['anomaly-mask-ref'] = `s3://${bucket}/masks/${name.replace(/\.\w+$/, '.png')}`;
    const metadata = o['anomaly-label-metadata'] as Json;
    metadata['class-name'] = labels.length ? 'anomaly' : 'normal';
    (o['anomaly-mask-ref-metadata'] as Json)['internal-color-map'] = map;
  });
}
