/** Ranking and threshold metrics; anomaly (label true) is the positive class. */

/** Area under the ROC curve (ties count one half). NaN when one class is absent. */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]]) {
        pos++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision (area under the precision-recall curve, step-wise). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let total = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) total++;
  if (total === 0) return NaN;
  let tp = 0;
  let ap = 0;
  for (let r = 0; r < idx.length; r++) {
    if (labels[idx[r]]) {
      tp++;
      ap += tp / (r + 1);
    }
  }
  return ap / total;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? (c.fn === 0 ? 1 : 0) : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * The threshold (score >= t is positive) with the best F1, placed midway between neighbouring scores. Each sample
 * counts `weights[i]` times (1 without weights).
 */
export function bestF1Threshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<boolean | number>,
  weights?: ArrayLike<number>,
): { threshold: number; f1: number } {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const weight = (i: number) => (weights ? weights[i] : 1);
  let total = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) total += weight(i);
  let tp = 0;
  let fp = 0;
  let best = { threshold: Infinity, f1: -1 };
  for (let r = 0; r < idx.length; r++) {
    if (labels[idx[r]]) tp += weight(idx[r]);
    else fp += weight(idx[r]);
    if (r + 1 < idx.length && scores[idx[r + 1]] === scores[idx[r]]) continue;
    const { f1 } = prf({ tp, fp, fn: total - tp });
    if (f1 > best.f1) {
      const next = r + 1 < idx.length ? scores[idx[r + 1]] : scores[idx[r]] - 1;
      best = { threshold: (scores[idx[r]] + next) / 2, f1 };
    }
  }
  return best;
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantiles(values, [q])[0];
}

/** Several quantiles of the same values, sorted once (linear interpolation between order statistics). */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => {
    if (sorted.length === 0) return NaN;
    const pos = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}
