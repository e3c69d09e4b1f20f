/** The anomaly-detection core of the local engine: training, evaluation and DetectAnomalies on CPU. */
export * from './types';
export { ClosedError, DatasetRuleError, ImageRuleError } from './errors';
export { trainModel } from './train';
export { trainModelInWorker } from './trainInWorker';
export { inspectImage } from './image';
export { openDetector } from './detector';
