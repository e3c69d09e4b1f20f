import { GRID_STRIDE } from './image';
import { NO_OFFSET, Offset, mirror } from './register';

/** Pixels of the working size in one grid cell. */
const CELL_PIXELS = GRID_STRIDE * GRID_STRIDE;

/**
 * Per grid cell of a training anomaly's mask (labels per pixel of the image, d.width × d.height; 0 = none): the share
 * of its pixels in the mask, and the label most of those have (0 = none), sampled at the working size (GRID_STRIDE²
 * pixels per cell); and the working-size mask. For a registered image (register.ts), of the registered mask.
 */
export function cellTargets(
  mask: Uint8Array,
  d: { width: number; height: number },
  f: { gw: number; gh: number },
  labels: number,
  offset: Offset = NO_OFFSET,
) {
  const cellFraction = new Float32Array(f.gw * f.gh);
  const votes = new Float32Array(f.gw * f.gh * (labels + 1));
  const ww = f.gw * GRID_STRIDE;
  const wh = f.gh * GRID_STRIDE;
  const workMask = new Uint8Array(ww * wh);
  for (let y = 0; y < wh; y++) {
    const sy = mirror(y + offset.y, wh);
    const oy = Math.min(d.height - 1, Math.floor(((sy + 0.5) * d.height) / wh));
    for (let x = 0; x < ww; x++) {
      const sx = mirror(x + offset.x, ww);
      const ox = Math.min(d.width - 1, Math.floor(((sx + 0.5) * d.width) / ww));
      const cell = Math.floor(y / GRID_STRIDE) * f.gw + Math.floor(x / GRID_STRIDE);
      const l = mask[oy * d.width + ox];
      votes[cell * (labels + 1) + l]++;
      if (l > 0) {
        cellFraction[cell] += 1 / CELL_PIXELS;
        workMask[y * ww + x] = 1;
      }
    }
  }
  // The label most of the cell's defect pixels have: a thin crack fills a quarter of its cells, and the background
  // in them says nothing about which defect it is.
  const cellLabel = new Uint8Array(f.gw * f.gh);
  for (let c = 0; c < cellLabel.length; c++) {
    if (cellFraction[c] === 0) continue;
    let best = 1;
    for (let l = 2; l <= labels; l++)
      if (votes[c * (labels + 1) + l] > votes[c * (labels + 1) + best]) best = l;
    cellLabel[c] = best;
  }
  return { cellFraction, cellLabel, workMask };
}
