import { DEFECT_KINDS } from '../../src/engine/ml/synth/defects';
import { generateDataset, type SynthDataset, type SynthOptions } from '../../src/engine/ml/synth/generate';
import type { Source } from './sources';

/** Side of the benchmark's images. */
export const SIZE = 256;

/**
 * The benchmark dataset of one texture, the same for the in-process and the service benchmark: crops of a 200²
 * source window resized to 256², 40 normal + 20 anomalous training images (40 anomalous for segmentation: 10 per
 * defect kind), 30 normal + 40 anomalous test images; defects scratch, stain, colour spot, cut-paste.
 * 'easy': train/test crops from the whole source; 'shifted': train from the left half, test from the right half.
 */
export function benchDataset(
  source: Source,
  split: SynthOptions['split'],
  segmentation: boolean,
): Promise<SynthDataset> {
  return generateDataset({
    source: source.image,
    size: SIZE,
    cropSide: 200,
    split,
    counts: {
      trainNormal: 40,
      trainAnomalous: segmentation ? 40 : 20,
      testNormal: 30,
      testAnomalous: 40,
    },
    defects: DEFECT_KINDS,
    masks: segmentation,
    seed: 1,
  });
}
