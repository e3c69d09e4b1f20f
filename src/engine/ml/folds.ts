import { Rng, shuffled } from './rng';

/** Fold of each of n items, k folds of near-equal size in a random order. */
export function foldsOf(n: number, k: number, rng: Rng): number[] {
  const order = shuffled(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
  const fold = new Array<number>(n);
  order.forEach((i, r) => (fold[i] = r % k));
  return fold;
}

/** Up to `k` folds with each class spread evenly; never more folds than the rarer class has members. */
export function stratifiedFolds(labels: boolean[], k: number, rng: Rng): number[] {
  const rarer = Math.min(labels.filter(Boolean).length, labels.filter((l) => !l).length);
  const folds = Math.max(1, Math.min(k, rarer));
  const fold = new Array<number>(labels.length);
  for (const cls of [true, false]) {
    const members = labels.map((l, i) => (l === cls ? i : -1)).filter((i) => i >= 0);
    shuffled(members, rng).forEach((i, r) => (fold[i] = r % folds));
  }
  return fold;
}

/**
 * The folds with every copy moved to the fold of the image it was made from (`copyOf[i]`, an index into the same
 * list): a drifted copy judged by a model that saw its original would look more normal than any unseen image.
 */
export function withOriginals(fold: number[], copyOf: (number | undefined)[]): number[] {
  return fold.map((f, i) => (copyOf[i] === undefined ? f : fold[copyOf[i]!]));
}
