import { ImageRuleError } from './errors';
import { LEGACY_FEATURES, observe } from './features';
import { decodeRgb, inspectImage } from './image';
import { Inference, infer, toDetectResult } from './inference';
import { TrainedModel } from './model';
import { DetectResult } from './types';

/** Checks the image against the model (rules, same size as training) and analyses it. */
export async function analyzeImage(model: TrainedModel, bytes: Buffer): Promise<Inference> {
  const info = await inspectImage(bytes);
  if (info.width !== model.width || info.height !== model.height) {
    throw new ImageRuleError(
      `The image is ${info.width}x${info.height} pixels; this model needs images of ${model.width}x${model.height} pixels, ` +
        'the size of its training images.',
    );
  }
  const rgb = await decodeRgb(bytes, info, model.workWidth, model.workHeight);
  const { image, features } = observe(rgb, model.features ?? LEGACY_FEATURES);
  return infer(model, features, image);
}

/** DetectAnomalies in the calling thread. */
export async function detectWithModel(model: TrainedModel, bytes: Buffer): Promise<DetectResult> {
  return toDetectResult(model, await analyzeImage(model, bytes));
}
