// The result tables of the ML benchmarks: one row per texture, then the mean row.

/** A number right-aligned in `width` characters with `digits` decimals ('-' for NaN: a metric that does not apply). */
export function cell(value: number, width: number, digits: number): string {
  return (Number.isNaN(value) ? '-' : value.toFixed(digits)).padStart(width);
}

/** The row named 'mean' holding the mean of each numeric column of `rows` (one or more). */
export function meanRow<R extends { name: string }>(rows: R[]): R {
  const mean: Record<string, unknown> = { ...rows[0], name: 'mean' };
  for (const [key, value] of Object.entries(mean)) {
    if (typeof value === 'number')
      mean[key] = rows.reduce((s, r) => s + (r[key as keyof R] as number), 0) / rows.length;
  }
  return mean as R;
}
