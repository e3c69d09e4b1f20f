import { stratifiedFolds } from './folds';
import { bestF1Threshold, quantile } from './metrics';
import { Rng } from './rng';

export interface Decision {
  threshold: number;
  scale: number;
}

/**
 * Threshold with the best F1 (each score counting `weights[i]` times, 1 without weights) and a confidence scale: a
 * typical anomaly ends ~4 scales above the threshold.
 */
export function decision(
  scores: number[],
  labels: boolean[],
  weights?: number[],
): { threshold: number; scale: number } {
  const { threshold } = bestF1Threshold(scores, labels, weights);
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
