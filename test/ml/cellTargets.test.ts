import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellTargets } from '../../src/engine/ml/cellTargets';

// A 16×16 image at its working size: 4×4 cells of 4×4 pixels.
describe('cell targets of a training mask', () => {
  const side = 16;
  const grid = { gw: 4, gh: 4 };
  const image = { width: side, height: side };

  it('gives the cells a one-pixel line crosses the line`s label, not the background around it', () => {
    const mask = new Uint8Array(side * side);
    for (let y = 0; y < side; y++) mask[y * side + 5] = 2;
    const { cellFraction, cellLabel, workMask } = cellTargets(mask, image, grid, 3);
    for (let cy = 0; cy < 4; cy++) {
      for (let cx = 0; cx < 4; cx++) {
        const c = cy * 4 + cx;
        assert.equal(cellFraction[c], cx === 1 ? 0.25 : 0, `fraction of cell ${cx},${cy}`);
        assert.equal(cellLabel[c], cx === 1 ? 2 : 0, `label of cell ${cx},${cy}`);
      }
    }
    assert.deepEqual(
      workMask,
      Uint8Array.from(mask, (l) => (l > 0 ? 1 : 0)),
    );
  });

  it('labels a cell with two defects by the one most of its defect pixels have', () => {
    const mask = new Uint8Array(side * side);
    // Cell 2,2: three pixels of label 1, five of label 3, eight of background.
    [0, 1, 2].forEach((k) => (mask[8 * side + 8 + k] = 1));
    [0, 1, 2, 3].forEach((k) => (mask[9 * side + 8 + k] = 3));
    mask[10 * side + 8] = 3;
    const { cellFraction, cellLabel } = cellTargets(mask, image, grid, 3);
    assert.equal(cellFraction[10], 0.5);
    assert.equal(cellLabel[10], 3);
    assert.equal(cellLabel.filter((l) => l > 0).length, 1);
  });

  it('samples a larger image`s mask at the working size', () => {
    // 32×32 image, 16×16 working size: each working pixel reads the image pixel at its centre (2x + 1).
    const big = new Uint8Array(32 * 32);
    for (let y = 0; y < 32; y++) big[y * 32 + 11] = 1;
    const { cellFraction, cellLabel } = cellTargets(big, { width: 32, height: 32 }, grid, 1);
    assert.deepEqual(Array.from(cellFraction.slice(0, 4)), [0, 0.25, 0, 0]);
    assert.deepEqual(Array.from(cellLabel.slice(0, 4)), [0, 1, 0, 0]);
  });
});
