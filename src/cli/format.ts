import { csvLine } from '../publish/csv.ts';
import type { ColumnInfo, Value } from '../warehouse/warehouse.ts';

/** A plain-text table with aligned columns. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { right?: readonly number[] } = {},
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cells: readonly string[]) =>
    cells
      .map((c, i) => (options.right?.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[pad(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(pad)].join('\n')}\n`;
}

function text(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Query results as a table, CSV or JSON. */
export function formatResult(
  columns: readonly ColumnInfo[],
  rows: readonly Record<string, Value>[],
  format: 'table' | 'csv' | 'json',
): string {
  const names = columns.map((c) => c.name);
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const lines = [
      csvLine(names),
      ...rows.map((r) =>
        csvLine(
          names.map((n) => {
            const v = r[n] ?? null;
            return typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
          }),
        ),
      ),
    ];
    return `${lines.join('\n')}\n`;
  }
  const numeric = columns
    .map((c, i) => (/INT|DOUBLE|DECIMAL|FLOAT|NUMERIC|REAL/i.test(c.type) ? i : -1))
    .filter((i) => i >= 0);
  return `${formatTable(
    names,
    rows.map((r) => names.map((n) => text(r[n] ?? null))),
    { right: numeric },
  )}(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
}
