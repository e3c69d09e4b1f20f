// Builds Lookout for Vision manifest JSON lines (SageMaker Ground Truth format) for labelled images.
export type ImageClass = 'normal' | 'anomaly';

export interface MaskLabel {
  className: string;
  /** `#rrggbb`, the colour of this anomaly type in the mask image. */
  hexColor: string;
}

export interface LabelledImage {
  sourceRef: string;
  className: ImageClass;
  mask?: { ref: string; labels: MaskLabel[] };
}

export function manifestLine(image: LabelledImage, jobName: string, created = new Date()): string {
  const date = created.toISOString().replace(/Z$/, '');
  const line: Record<string, unknown> = {
    'source-ref': image.sourceRef,
    'anomaly-label': image.className === 'anomaly' ? 1 : 0,
    'anomaly-label-metadata': {
      confidence: 1,
      'job-name': jobName,
      'class-name': image.className,
      'human-annotated': 'yes',
      'creation-date': date,
      type: 'groundtruth/image-classification',
    },
  };
  if (image.mask) {
    const colorMap: Record<string, { 'class-name': string; 'hex-color': string; confidence: number }> = {
      '0': { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 },
    };
    image.mask.labels.forEach((label, i) => {
      colorMap[String(i + 1)] = { 'class-name': label.className, 'hex-color': label.hexColor, confidence: 0 };
    });
    line['anomaly-mask-ref'] = image.mask.ref;
    line['anomaly-mask-ref-metadata'] = {
      'internal-color-map': colorMap,
      type: 'groundtruth/semantic-segmentation',
      'human-annotated': 'yes',
      'creation-date': date,
      'job-name': jobName,
    };
  }
  return JSON.stringify(line);
}
