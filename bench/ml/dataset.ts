import type { RgbImage } from '../../src/engine/ml/image';
import { DEFECT_KINDS } from '../../test/support/synth/defects';
import { generateDataset, type SynthDataset } from '../../test/support/synth/generate';
import { benchSeed } from './selection';
import type { Surface } from './surfaces';

/** Side of the benchmark's images. */
export const SIZE = 256;
/** Side of the texture window resized to SIZE. */
const CROP_SIDE = 200;
/** Sensor noise of aligned objects in grey levels: identical renders would make any change infinitely unusual. */
const ALIGNED_NOISE = 2;

/**
 * The benchmark dataset of one surface, the same for the in-process and the service benchmark: SIZE² images,
 * 40 normal + 12 anomalous training images (the protocol of the unseen-surface benchmark; 50 for
 * segmentation: 10 per defect kind, the service's minimum per label), 30 normal + 50 anomalous test images, defects
 * scratch, stain, colour spot, cut-paste and crack (each drawn where it can be seen), and the 30 normal test images
 * again under each camera drift. Textures: a 200² window, training crops from the left half of the source and test
 * crops from the right half (a deliberate shift); aligned objects: the object's window, jittered.
 */
export function benchDataset(
  surface: Surface,
  source: RgbImage,
  segmentation: boolean,
): Promise<SynthDataset> {
  const w = surface.window;
  return generateDataset({
    source,
    size: SIZE,
    ...(w
      ? { split: 'aligned', cropSide: w.side, window: w, noise: ALIGNED_NOISE }
      : { split: 'shifted', cropSide: CROP_SIDE }),
    counts: {
      trainNormal: 40,
      trainAnomalous: segmentation ? 10 * DEFECT_KINDS.length : 12,
      testNormal: 30,
      testAnomalous: 10 * DEFECT_KINDS.length,
    },
    defects: DEFECT_KINDS,
    masks: segmentation,
    perturbations: true,
    seed: benchSeed(),
  });
}
