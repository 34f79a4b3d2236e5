import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnType } from '../warehouse/dialect.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

export interface RowColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export type RowValue = string | number | boolean | null | undefined;

function field(value: RowValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * Load rows prepared in JavaScript (parsed survey answers, say) into new warehouse tables, through a
 * temporary CSV file so the warehouse loads a file as it loads any other. Tables are created under
 * staging names and swapped in together, so they change all at once or not at all.
 *
 * @example await loadRowTables(warehouse, [{ table: 'raw_x', columns: [{ name: 'id', type: 'string' }], rows: [['a']] }], 'run1')
 */
export async function loadRowTables(
  warehouse: Warehouse,
  tables: readonly {
    readonly table: string;
    readonly columns: readonly RowColumn[];
    readonly rows: Iterable<readonly RowValue[]>;
  }[],
  tag: string,
): Promise<{ name: string; rows: number }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sector-insights-rows-'));
  const staged: string[] = [];
  try {
    const counts: { name: string; rows: number }[] = [];
    for (const { table, columns, rows } of tables) {
      const path = join(dir, `${table}.csv`);
      await writeCsv(path, columns, rows);
      const staging = `${table}__stage_${tag.replace(/\W/g, '_')}`;
      staged.push(staging);
      const result = await warehouse.loadCsv(staging, [path], { columns, filenameColumn: '_source_file' });
      if (result.rejects.length) {
        const r = result.rejects[0]!;
        // The reader's message quotes the value, and these rows hold survey answers: name the column only.
        throw new Error(
          `internal: ${table} row at line ${r.line} did not load (${r.kind} in column ${r.columnName ?? '?'})`,
        );
      }
      await warehouse.execute(
        `ALTER TABLE ${warehouse.dialect.quoteIdent(staging)} DROP COLUMN _source_file`,
      );
      counts.push({ name: table, rows: [...result.rowsByFile.values()].reduce((n, x) => n + x, 0) });
    }
    await warehouse.swapTables(tables.map((t, i) => ({ staging: staged[i]!, target: t.table })));
    staged.length = 0;
    return counts;
  } finally {
    for (const table of staged) await warehouse.dropTable(table).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeCsv(
  path: string,
  columns: readonly RowColumn[],
  rows: Iterable<readonly RowValue[]>,
): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(text)) resolve();
      else out.once('drain', resolve).once('error', reject);
    });
  await write(`${columns.map((c) => c.name).join(',')}\n`);
  let buffer = '';
  for (const row of rows) {
    buffer += `${row.map(field).join(',')}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}
