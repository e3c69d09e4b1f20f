// The result tables of the ML benchmarks: one row per surface, then the mean row; and the same figures beside a
// baseline run's (another model measured by the same benchmark).

/** A row of figures by column name (NaN: a figure that does not apply). */
export interface Row {
  name: string;
  values: Record<string, number>;
}

export interface Column {
  key: string;
  /** Header text; at most `width` characters. */
  title?: string;
  width: number;
  digits: number;
}

/**
 * A number right-aligned in `width` characters with `digits` decimals; '-' for NaN (a metric that does not apply),
 * which a baseline's figures read back from JSON hold as null.
 */
export function cell(value: number | null | undefined, width: number, digits: number): string {
  return (value == null || Number.isNaN(value) ? '-' : value.toFixed(digits)).padStart(width);
}

/** The row named 'mean' holding the mean of each column over `rows` (NaN where any row has none). */
export function meanRow(rows: Row[]): Row {
  const values: Record<string, number> = {};
  for (const key of Object.keys(rows[0]?.values ?? {}))
    values[key] = rows.reduce((s, r) => s + (r.values[key] ?? NaN), 0) / rows.length;
  return { name: 'mean', values };
}

const NAME_WIDTH = 12;

/** The rows under a header of the columns, by default rows of surfaces followed by their mean. */
export function printTable(
  title: string,
  columns: Column[],
  rows: Row[],
  { rowTitle = 'surface', mean = true } = {},
): void {
  console.log(`\n${title}`);
  console.log(
    `${rowTitle.padEnd(NAME_WIDTH)}${columns.map((c) => (c.title ?? c.key).padStart(c.width + 1)).join('')}`,
  );
  for (const r of mean && rows.length > 1 ? [...rows, meanRow(rows)] : rows) {
    console.log(
      `${r.name.padEnd(NAME_WIDTH)}${columns.map((c) => ' ' + cell(r.values[c.key], c.width, c.digits)).join('')}`,
    );
  }
}

/** Each figure beside the baseline's ('now (before)'); rows the baseline lacks show '-' there. */
export function printComparison(title: string, columns: Column[], now: Row[], before: Row[]): void {
  const width = (c: Column) => 2 * c.width + 3;
  console.log(`\n${title}`);
  console.log(
    `${'surface'.padEnd(NAME_WIDTH)}${columns.map((c) => ` ${(c.title ?? c.key).padStart(width(c))}`).join('')}`,
  );
  const byName = new Map(before.map((r) => [r.name, r]));
  const shared = now.filter((r) => byName.has(r.name));
  const rows = shared.length > 1 ? [...now, meanRow(shared)] : now;
  const baseline = (name: string) =>
    name === 'mean' ? meanRow(shared.map((r) => byName.get(r.name)!)) : byName.get(name);
  for (const r of rows) {
    const b = baseline(r.name);
    const cells = columns.map(
      (c) => ` ${cell(r.values[c.key], c.width, c.digits)} (${cell(b?.values[c.key], c.width, c.digits)})`,
    );
    console.log(`${r.name.padEnd(NAME_WIDTH)}${cells.join('')}`);
  }
}
