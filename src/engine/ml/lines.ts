import { LineDirection, lineKernel } from './kernels';

/**
 * Thin lines: cracks and scratches one or two pixels wide. In a cell's mean gradient energy such a line is one
 * edge among the many of a rough surface; what sets it apart is that it stays darker (or brighter) than both of its
 * sides along a stretch of its length, while the roughness of stone or concrete does not line up. So each pixel is
 * compared with its two sides (the profile), and the profile is averaged along the line's direction: random
 * roughness averages out, a line adds up. The strongest response over eight directions is kept, dark and bright
 * apart (cracks are dark, scratches either).
 */

/** Horizontal, vertical and both diagonals; sides about two pixels away (1.4 on the diagonals). */
export const LINE_DIRECTIONS: readonly LineDirection[] = [
  { along: [1, 0], side: [0, 2] },
  { along: [0, 1], side: [2, 0] },
  { along: [1, 1], side: [1, -1] },
  { along: [1, -1], side: [1, 1] },
  { along: [2, 1], side: [-1, 2] },
  { along: [1, 2], side: [2, -1] },
  { along: [-1, 2], side: [2, 1] },
  { along: [-2, 1], side: [1, 2] },
];
/** Feature channels the responses give: the dark and the bright one. */
export const LINE_CHANNELS = 2;
/** The profile is averaged over 2 × this + 1 pixels along the line. */
export const LINE_HALF_LENGTH = 5;

/**
 * Per pixel of the w×h plane, the strongest dark-line and bright-line response over LINE_DIRECTIONS (each ≥ 0):
 * for direction d, r = mean over t in ±LINE_HALF_LENGTH of profile(p + t·along), where
 * profile(q) = plane(q) − ½(plane(q + side) + plane(q − side)); dark = max over d of −r, bright = max of r.
 * Both stages read clamped coordinates (the ONNX export pads each stage's input with its edge values). Computed by
 * the WebAssembly kernels (kernels.wat).
 */
export function lineResponses(
  plane: Float32Array,
  w: number,
  h: number,
): { dark: Float32Array; bright: Float32Array } {
  return lineKernel(plane, w, h, LINE_DIRECTIONS, LINE_HALF_LENGTH);
}
