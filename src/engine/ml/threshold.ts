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
 * The most the anomalies (real and synthetic) weigh together when the line is drawn, as a share of what the normal
 * scores weigh (drifted copies included): at most one score in five counts as anomalous. F1 depends on how common
 * anomalies are, and a segmentation dataset needs ten anomalies per label, so they can outnumber its normal images;
 * counted as they were, the best F1 flagged normal images to catch the faintest defects (on the benchmark, one draw
 * flagged 70 % of a grass surface's normal test images). A camera line sees far fewer defects than that.
 */
export const MAX_ANOMALY_SHARE = 0.25;

/**
 * The best-F1 cut of the scores (each counting `weights[i]` times, 1 without weights), the anomalies weighed down to
 * MAX_ANOMALY_SHARE if they weigh more. Synthetic anomalies, when given, count as positives in the F1 and so say
 * between which of the real scores the line falls; it is then drawn midway between those real scores, not right
 * above the highest normal that the faintest synthetic anomaly happened to clear.
 */
function cut(scores: number[], labels: boolean[], weights?: number[], synthetic?: SyntheticScores): number {
  const made = synthetic?.scores ?? [];
  const madeWeight = made.length > 0 ? (synthetic?.weight ?? 0) : 0;
  const weightOf = (i: number) => weights?.[i] ?? 1;
  let normal = 0;
  let anomalous = madeWeight;
  labels.forEach((l, i) => {
    if (l) anomalous += weightOf(i);
    else normal += weightOf(i);
  });
  const k = anomalous > 0 ? Math.min(1, (MAX_ANOMALY_SHARE * normal) / anomalous) : 1;
  const all = bestF1Threshold(
    [...scores, ...made],
    [...labels, ...made.map(() => true)],
    [
      ...scores.map((_, i) => weightOf(i) * (labels[i] ? k : 1)),
      ...made.map(() => (k * madeWeight) / made.length),
    ],
  );
  return made.length > 0 ? midGap(scores, all.threshold) : all.threshold;
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
