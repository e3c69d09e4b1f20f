// The evaluation files a trained model leaves in its OutputConfig location (GUIDE §5): a JSON Lines manifest of
// ground truth vs. prediction per test image, and the aggregated result document.
import type { TrainingResult } from '../ml';

export interface EvaluationFiles {
  manifestKey: string;
  resultKey: string;
  manifest: string;
  result: string;
}

export function evaluationFiles(
  result: TrainingResult,
  model: { project: string; version: number; arn: string; prefix: string | undefined; endTime: Date },
): EvaluationFiles {
  const base = !model.prefix ? '' : model.prefix.endsWith('/') ? model.prefix : `${model.prefix}/`;
  const date = model.endTime.toISOString().replace('Z', '');
  const classOf = (anomalous: boolean) => (anomalous ? 'anomaly' : 'normal');
  const manifest = result.records
    .map((r) =>
      JSON.stringify({
        'source-ref': r.ref,
        'anomaly-label': r.anomalous ? 1 : 0,
        'anomaly-label-metadata': {
          'class-name': classOf(r.anomalous),
          type: 'groundtruth/image-classification',
          'human-annotated': 'yes',
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
      }),
    )
    .join('\n');
  const document = {
    Version: 1,
    EvaluationDetails: {
      ModelArn: model.arn,
      EvaluationEndTimestamp: model.endTime.toISOString(),
      NumberOfTrainingImages: result.trainingImages,
      NumberOfTestingImages: result.testingImages,
      ModelType: result.modelType,
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
  const name = `${model.project}-${model.version}.json`;
  return {
    manifestKey: `${base}EvaluationManifest-${name}`,
    resultKey: `${base}EvaluationResult-${name}`,
    manifest: manifest + '\n',
    result: JSON.stringify(document, null, 2),
  };
}
