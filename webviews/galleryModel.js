// The gallery's entries on the page side: filtering, sorting and per-class counts over every entry of a dataset,
// kept fast enough to run on each keystroke for 20,000 entries, and the verdicts of a detection run awaiting
// verification. Plain functions, no DOM: the benchmark runs them too.

/** @typedef {{ name: string, color: string }} Label */
/** @typedef {{ ref: string, name: string, cls: 'normal' | 'anomaly' | 'unlabeled', labels: Label[], maskRef?: string }} Entry */
/** @typedef {{ ref: string, cls: 'normal' | 'anomaly', confidence: number, labels: Label[], overlay?: string }} Prediction */
/**
 * @typedef {{
 *   search: string,
 *   state: 'all' | 'labeled' | 'unlabeled' | 'normal' | 'anomaly' | 'predicted',
 *   label: string,
 *   mask: 'all' | 'with' | 'without',
 *   sort: 'name' | 'name-desc' | 'confidence' | 'confidence-desc',
 * }} Filter
 */

/** @type {Filter} */
export const NO_FILTER = { search: '', state: 'all', label: '', mask: 'all', sort: 'name' };

/** The entries, keyed by source-ref, with the lower-case name each search compares. */
export class EntryStore {
  constructor() {
    /** @type {Map<string, Entry & { key: string }>} */
    this.byRef = new Map();
    /** Every entry by name, sorted once per change of the entries rather than once per filter. */
    this.sorted = undefined;
    /** @type {Map<string, Prediction>} the verdicts awaiting verification, by source-ref */
    this.predictions = new Map();
  }

  /** Verdicts arrived (`items`) or were settled (`removed`). @param {Prediction[]} items @param {string[]} removed */
  predict(items, removed) {
    for (const ref of removed) this.predictions.delete(ref);
    for (const p of items) this.predictions.set(p.ref, p);
  }

  /** Adds or replaces entries. @param {Entry[]} entries */
  put(entries) {
    for (const entry of entries) {
      const known = this.byRef.get(entry.ref);
      // A known entry changes in place: its name (from its ref) and so its place in the order stay.
      if (known) {
        delete known.maskRef;
        Object.assign(known, entry);
      } else {
        this.byRef.set(entry.ref, { ...entry, key: entry.name.toLowerCase() });
        this.sorted = undefined;
      }
    }
  }

  clear() {
    this.byRef.clear();
    this.predictions.clear();
    this.sorted = undefined;
  }

  get size() {
    return this.byRef.size;
  }

  get(ref) {
    return this.byRef.get(ref);
  }

  /** The entries `filter` keeps, in its order. @param {Filter} filter */
  select(filter) {
    const search = filter.search.trim().toLowerCase();
    // Plain code-unit order on the lower-cased names: a collator costs ten times more on 20,000 names.
    this.sorted ??= [...this.byRef.values()].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : a.ref < b.ref ? -1 : 1,
    );
    const out = [];
    for (const entry of this.sorted) {
      if (filter.state === 'predicted') {
        if (!this.predictions.has(entry.ref)) continue;
      } else if (
        filter.state === 'labeled'
          ? entry.cls === 'unlabeled'
          : filter.state !== 'all' && entry.cls !== filter.state
      )
        continue;
      if (filter.mask !== 'all' && (filter.mask === 'with') !== (entry.maskRef !== undefined)) continue;
      if (filter.label && !entry.labels.some((l) => l.name === filter.label)) continue;
      if (search && !entry.key.includes(search)) continue;
      out.push(entry);
    }
    if (filter.sort === 'name-desc') return out.reverse();
    if (filter.sort.startsWith('confidence')) {
      // By the verdict's confidence (least sure first, or most), entries without a verdict after, by name.
      const sign = filter.sort === 'confidence' ? 1 : -1;
      const score = (e) => this.predictions.get(e.ref)?.confidence;
      return out
        .map((e, i) => ({ e, i, c: score(e) }))
        .sort((a, b) =>
          a.c === undefined || b.c === undefined
            ? Number(a.c === undefined) - Number(b.c === undefined) || a.i - b.i
            : sign * (a.c - b.c) || a.i - b.i,
        )
        .map((x) => x.e);
    }
    return out;
  }

  /** Every mask label with its colour, by name. @returns {Label[]} */
  labels() {
    const found = new Map();
    for (const entry of this.byRef.values())
      for (const l of entry.labels) if (!found.has(l.name)) found.set(l.name, l.color);
    return [...found].map(([name, color]) => ({ name, color })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
