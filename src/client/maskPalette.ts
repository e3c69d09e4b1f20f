// The colours offered to new anomaly labels, in the order they are offered: the service's own palette (its examples
// paint masks in matplotlib's tab10 colours, e.g. #2ca02c and #1f77b4), then tab20's light companions of the same
// ten hues. All are flat and far from the white background, so every label keeps its own exact colour.
export const MASK_PALETTE: readonly string[] = [
  // tab10
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  // tab20's light companions, in the same order
  '#aec7e8',
  '#ffbb78',
  '#98df8a',
  '#ff9896',
  '#c5b0d5',
  '#c49c94',
  '#f7b6d2',
  '#c7c7c7',
  '#dbdb8d',
  '#9edae5',
];
