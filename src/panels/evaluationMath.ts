// The curves and threshold figures of an evaluation, from the per-image anomaly scores of the
// EvaluationManifest. "Anomaly" is the positive class; an image is predicted anomalous when its score is at
// or above the threshold. Pure: the metrics webview bundles it and the unit tests import it.

/** One test image: its ground truth and the model's anomaly score (0..1, the model's threshold at 0.5). */
export interface Scored {
  anomalous: boolean;
  score: number;
}

/** The anomaly score behind a verdict and its confidence (the confidence is in the verdict given). */
export function anomalyScore(predictedAnomalous: boolean, confidence: number): number {
  return predictedAnomalous ? confidence : 1 - confidence;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function confusionAt(images: readonly Scored[], threshold: number): Confusion {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const { anomalous, score } of images) {
    const predicted = score >= threshold;
    if (anomalous) c[predicted ? 'tp' : 'fn']++;
    else c[predicted ? 'fp' : 'tn']++;
  }
  return c;
}

/** Precision, recall and F1; a ratio with nothing to divide by is NaN (shown as "—"), F1 is 0 without a hit. */
export interface Rates {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

export function rates({ tp, fp, tn, fn }: Confusion): Rates {
  const precision = tp + fp === 0 ? NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? NaN : tp / (tp + fn);
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  const total = tp + fp + tn + fn;
  return { precision, recall, f1, accuracy: total === 0 ? NaN : (tp + tn) / total };
}

/** A point of a curve and the threshold that reaches it. */
export interface CurvePoint {
  x: number;
  y: number;
  threshold: number;
}

/** Confusions at every distinct score, highest first, starting with nothing predicted anomalous. */
function sweep(images: readonly Scored[]): { threshold: number; c: Confusion }[] {
  const sorted = [...images].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((i) => i.anomalous).length;
  const c: Confusion = { tp: 0, fp: 0, tn: sorted.length - positives, fn: positives };
  const steps = [{ threshold: Infinity, c: { ...c } }];
  for (let i = 0; i < sorted.length;) {
    const threshold = sorted[i].score;
    // Tied scores cross the threshold together.
    for (; i < sorted.length && sorted[i].score === threshold; i++) {
      if (sorted[i].anomalous) {
        c.tp++;
        c.fn--;
      } else {
        c.fp++;
        c.tn--;
      }
    }
    steps.push({ threshold, c: { ...c } });
  }
  return steps;
}

/** ROC curve: x the false positive rate, y the true positive rate, from (0,0) to (1,1). Empty without both classes. */
export function rocCurve(images: readonly Scored[]): CurvePoint[] {
  const steps = sweep(images);
  const { tp, fn, fp, tn } = steps[steps.length - 1].c;
  if (tp + fn === 0 || fp + tn === 0) return [];
  return steps.map(({ threshold, c }) => ({ x: c.fp / (fp + tn), y: c.tp / (tp + fn), threshold }));
}

/** Precision–recall curve: x recall, y precision, one point per distinct score. Empty without anomalies. */
export function prCurve(images: readonly Scored[]): CurvePoint[] {
  const steps = sweep(images).slice(1);
  if (!images.some((i) => i.anomalous)) return [];
  return steps.map(({ threshold, c }) => ({
    x: c.tp / (c.tp + c.fn),
    y: c.tp / (c.tp + c.fp),
    threshold,
  }));
}

/** Area under a curve by the trapezoid rule (the ROC AUC). */
export function auc(curve: readonly CurvePoint[]): number {
  let area = 0;
  for (let i = 1; i < curve.length; i++)
    area += ((curve[i].x - curve[i - 1].x) * (curve[i].y + curve[i - 1].y)) / 2;
  return area;
}

/** Average precision: the precision at each threshold weighted by the recall it adds. */
export function averagePrecision(pr: readonly CurvePoint[]): number {
  let ap = 0;
  let recall = 0;
  for (const p of pr) {
    ap += (p.x - recall) * p.y;
    recall = p.x;
  }
  return ap;
}

/** The highest threshold that still finds every anomaly (recall 1.0); undefined without anomalies. */
export function thresholdForFullRecall(images: readonly Scored[]): number | undefined {
  let lowest: number | undefined;
  for (const { anomalous, score } of images)
    if (anomalous && (lowest === undefined || score < lowest)) lowest = score;
  return lowest;
}
