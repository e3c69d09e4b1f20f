// The evaluation files a trained model leaves in its OutputConfig location (GUIDE §5): a JSON Lines manifest of
// ground truth vs. prediction per test image, and the aggregated result document. For a segmentation model each
// test image's predicted mask is written beside them (EvaluationMasks-<project>-<version>/<index>.png) and its
// line references it with `anomaly-mask-ref-detected` and names the image's true labels in
// `anomaly-label-metadata.anomaly-labels`: neither key is in the service's format, which keeps masks to itself.
import type { TrainingResult } from '../ml';
import { MAX_ANOMALY_SHARE } from '../ml/threshold';
import { MAX_IMAGES } from '../backend/dataset-entries';

export interface EvaluationFiles {
  manifestKey: string;
  resultKey: string;
  manifest: string;
  result: string;
  /** Segmentation: each test image's predicted mask PNG, by its key in the output bucket. */
  masks: { key: string; bytes: Uint8Array }[];
}

/** Where a model's evaluation files go in its output location. */
export function evaluationKeys(prefix: string | undefined, project: string, version: number) {
  const base = !prefix ? '' : prefix.endsWith('/') ? prefix : `${prefix}/`;
  const name = `${project}-${version}`;
  return {
    manifest: `${base}EvaluationManifest-${name}.json`,
    result: `${base}EvaluationResult-${name}.json`,
    /** The predicted mask of the test image at `index`. */
    mask: (index: number) => `${base}EvaluationMasks-${name}/${index}.png`,
  };
}

/**
 * The longest keys a model's evaluation can write, known before training reads the datasets: masks are numbered
 * up to the largest test set a project can have (a single dataset's held-out share stays below its maximum).
 */
export function longestEvaluationKeys(
  prefix: string | undefined,
  project: string,
  version: number,
): string[] {
  const keys = evaluationKeys(prefix, project, version);
  return [keys.manifest, keys.result, keys.mask(Math.max(...Object.values(MAX_IMAGES)) - 1)];
}

export function evaluationFiles(
  result: TrainingResult,
  model: {
    project: string;
    version: number;
    arn: string;
    bucket: string;
    prefix: string | undefined;
    endTime: Date;
  },
): EvaluationFiles {
  const keys = evaluationKeys(model.prefix, model.project, model.version);
  const date = model.endTime.toISOString().replace('Z', '');
  const classOf = (anomalous: boolean) => (anomalous ? 'anomaly' : 'normal');
  const masks: EvaluationFiles['masks'] = [];
  const manifest = result.records
    .map((r, index) => {
      const mask = r.predictedMask && {
        key: keys.mask(index),
        bytes: r.predictedMask,
      };
      if (mask) masks.push(mask);
      return JSON.stringify({
        'source-ref': r.ref,
        'anomaly-label': r.anomalous ? 1 : 0,
        'anomaly-label-metadata': {
          'class-name': classOf(r.anomalous),
          type: 'groundtruth/image-classification',
          'human-annotated': 'yes',
          ...(r.labelsTrue ? { 'anomaly-labels': r.labelsTrue } : {}),
        },
        'anomaly-label-detected': r.predictedAnomalous ? 1 : 0,
        'anomaly-label-detected-metadata': {
          'class-name': classOf(r.predictedAnomalous),
          confidence: r.confidence,
          type: 'groundtruth/image-classification',
          'human-annotated': 'no',
          'creation-date': date,
          'job-name': 'training-job/anomaly-detection',
          'model-arn': model.arn,
          'project-name': model.project,
          'model-version': String(model.version),
          ...(r.labelsFound ? { 'anomaly-labels-detected': r.labelsFound } : {}),
        },
        ...(mask ? { 'anomaly-mask-ref-detected': `s3://${model.bucket}/${mask.key}` } : {}),
      });
    })
    .join('\n');
  const document = {
    Version: 1,
    EvaluationDetails: {
      ModelArn: model.arn,
      EvaluationEndTimestamp: model.endTime.toISOString(),
      NumberOfTrainingImages: result.trainingImages,
      NumberOfTestingImages: result.testingImages,
      ModelType: result.modelType,
      // Not in the service's document: how the decision threshold was chosen, so the figures can be judged.
      Threshold: {
        Source: result.threshold.source,
        Folds: result.threshold.folds,
        Members: result.threshold.members,
        Description: thresholdDescription(result.threshold),
      },
    },
    AggregatedEvaluationResults: {
      Metrics: {
        ROCAUC: result.rocAuc,
        AveragePrecision: result.averagePrecision,
        Precision: result.performance.precision,
        Recall: result.performance.recall,
        F1Score: result.performance.f1,
        PixelAnomalyClassMetrics: result.labels.map((l) => ({
          Precision: l.precision,
          Recall: l.recall,
          F1Score: l.f1,
          AIOU: l.meanIou,
          ClassName: l.name,
          Color: l.color,
          ImagesFound: l.imagesFound,
        })),
      },
    },
  };
  return {
    manifestKey: keys.manifest,
    resultKey: keys.result,
    manifest: manifest + '\n',
    result: JSON.stringify(document, null, 2),
    masks,
  };
}

function thresholdDescription({ source, folds, members }: TrainingResult['threshold']): string {
  const weighed = `anomalies counted as at most one image in ${Math.round(1 + 1 / MAX_ANOMALY_SHARE)}`;
  const ensemble =
    members > 1
      ? ` The model is an ensemble of ${members} members trained with different seeds, each with its threshold chosen so; an image's score is the mean of the members' scores, each counted from its own threshold.`
      : '';
  return source === 'training-cross-validation'
    ? `Chosen for the best F1 on the training images' out-of-fold scores (${folds} folds; ${weighed}); the test figures are measured on images that played no part in it.${ensemble}`
    : `The training dataset has no anomalies, so the threshold is chosen for the best F1 on the test images (${weighed}). The figures are cross-fitted: each test image is judged with a threshold chosen on the other ${folds - 1} of ${folds} folds.`;
}
