import { stratifiedFolds } from './folds';
import { bestF1Threshold, quantile } from './metrics';
import { Rng } from './rng';

export interface Decision {
  threshold: number;
  scale: number;
}

/** Synthetic anomalies' scores, and the weight they count with together when the threshold is chosen. */
export interface SyntheticScores {
  scores: number[];
  weight: number;
}

/**
 * The middle of the gap between the scores on either side of `threshold`: where the best-F1 threshold of these
 * scores alone would be drawn if the line had to fall at that rank.
 */
function midGap(scores: number[], threshold: number): number {
  let below = -Infinity;
  let above = Infinity;
  for (const s of scores) {
    if (s < threshold) below = Math.max(below, s);
    else above = Math.min(above, s);
  }
  return Number.isFinite(below) && Number.isFinite(above) ? (below + above) / 2 : threshold;
}

/**
 * The best-F1 cut of the scores (each counting `weights[i]` times, 1 without weights). Synthetic anomalies, when
 * given, count as positives in the F1 and so say between which of the real scores the line falls; it is then drawn
 * midway between those real scores, not right above the highest normal that the faintest synthetic anomaly happened
 * to clear.
 */
function cut(scores: number[], labels: boolean[], weights?: number[], synthetic?: SyntheticScores): number {
  if (!synthetic || synthetic.scores.length === 0) return bestF1Threshold(scores, labels, weights).threshold;
  const { scores: made, weight } = synthetic;
  const all = bestF1Threshold(
    [...scores, ...made],
    [...labels, ...made.map(() => true)],
    [...(weights ?? scores.map(() => 1)), ...made.map(() => weight / made.length)],
  );
  return midGap(scores, all.threshold);
}

/** Threshold (see cut) and a confidence scale: a typical anomaly ends ~4 scales above the threshold. */
export function decision(
  scores: number[],
  labels: boolean[],
  weights?: number[],
  synthetic?: SyntheticScores,
): { threshold: number; scale: number } {
  const threshold = cut(scores, labels, weights, synthetic);
  const pos = scores.filter((_, i) => labels[i]);
  const neg = scores.filter((_, i) => !labels[i]);
  const gap = quantile(pos, 0.5) - quantile(neg, 0.5);
  const spread = quantile(scores, 0.9) - quantile(scores, 0.1);
  return { threshold, scale: Math.max(gap / 8, spread / 20, 1e-6) };
}

/**
 * The decision each image is judged by when the same labelled images must both choose the threshold and be
 * scored with it: a threshold chosen on the other folds, so that no image's own label moves the line it is judged
 * by. With only one class present there is nothing to cross-fit and every image gets the decision of all of them.
 */
export function crossFittedDecisions(
  scores: number[],
  labels: boolean[],
  k: number,
  rng: Rng,
): { decisions: Decision[]; folds: number } {
  const fold = stratifiedFolds(labels, k, rng);
  const folds = Math.max(...fold) + 1;
  if (folds < 2) return { decisions: scores.map(() => decision(scores, labels)), folds };
  const perFold = Array.from({ length: folds }, (_, f) => {
    const rest = scores.map((_, i) => i).filter((i) => fold[i] !== f);
    return decision(
      rest.map((i) => scores[i]),
      rest.map((i) => labels[i]),
    );
  });
  return { decisions: fold.map((f) => perFold[f]), folds };
}
