import { FeatureOptions, levelOneLuminance } from './features';
import { RgbImage } from './image';
import { estimatePeriods } from './period';
import { chooseAlignment } from './register';

/** Normal images that decide the feature options: properties of the surface, a few suffice. */
export const OPTION_IMAGES = 8;
/**
 * Exposure is normalised only when normal images agree on their mean luminance within this coefficient of
 * variation: then a change of it is the camera's. Where the content itself moves the mean (tissue of varying density,
 * parts of varying colour), rescaling by it would turn content into apparent contrast changes.
 */
const MAX_EXPOSURE_CV = 0.05;

/** How a model's features are extracted, decided from normal training images at the working size. */
export function chooseFeatureOptions(normals: RgbImage[]): FeatureOptions {
  if (normals.length === 0) return { periods: [], exposure: false, lines: true };
  const means = normals.map(({ data }) => {
    let sum = 0;
    for (const v of data) sum += v;
    return sum / data.length;
  });
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  const sd = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / means.length);
  const { width, height } = normals[0];
  const planes = normals.map(levelOneLuminance);
  const alignment = chooseAlignment(planes, width >> 1, height >> 1);
  return {
    periods: estimatePeriods(planes, width >> 1, height >> 1),
    exposure: mean > 0 && sd / mean <= MAX_EXPOSURE_CV,
    lines: true,
    ...(alignment ? { alignment } : {}),
  };
}
