import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { toCsv } from './csv.ts';
import type { ExtractColumn } from './extract.ts';

/**
 * One extract table in the file formats partners ask for. Every writer takes rows already formatted as the
 * CSV publishes them (numbers rounded, empty as null, codes as text), so the formats agree value for value,
 * and the same rows always give the same bytes.
 */
export const EXTRACT_FORMATS = ['csv', 'parquet', 'json', 'xlsx'] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

export type Cell = string | number | boolean | null;
export type FormattedRow = Readonly<Record<string, Cell>>;

export interface TableData {
  readonly columns: readonly Pick<ExtractColumn, 'name' | 'type'>[];
  readonly rows: readonly FormattedRow[];
}

export interface FormatOptions {
  /** Sheet name (Excel allows 31 characters). */
  readonly title: string;
  /** Dates written into a workbook (created, modified, zip entries): the run's, never the clock's. */
  readonly at: Date;
}

/** The bytes of a table in one format. */
export async function formatTable(
  format: ExtractFormat,
  table: TableData,
  options: FormatOptions,
): Promise<Uint8Array> {
  switch (format) {
    case 'csv':
      return utf8(
        toCsv(
          table.columns.map((c) => c.name),
          table.rows.map((r) => table.columns.map((c) => r[c.name] ?? null)),
        ),
      );
    case 'json':
      return utf8(toJson(table));
    case 'parquet':
      return toParquet(table);
    case 'xlsx':
      return toXlsx(table, options);
  }
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * A JSON array of row objects, keys in column order, empty values as null, 2-space indent and a final newline.
 *
 * @example toJson({ columns: [{ name: 'soc_code', type: 'string' }], rows: [{ soc_code: '51-4121' }] })
 * // '[\n  {\n    "soc_code": "51-4121"\n  }\n]\n'
 */
export function toJson(table: TableData): string {
  const rows = table.rows.map((r) =>
    Object.fromEntries(table.columns.map((c) => [c.name, r[c.name] ?? null])),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
}

const PARQUET_TYPES: Readonly<Record<ExtractColumn['type'], string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
};

/**
 * Parquet written by an in-memory DuckDB on one thread (row order and bytes stay fixed), with each column's
 * type declared rather than inferred, so codes stay VARCHAR: `SELECT * FROM 'x.parquet'` gives "01001" back.
 */
export async function toParquet(table: TableData): Promise<Uint8Array> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const scratch = await mkdtemp(join(tmpdir(), 'si-parquet-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
    await connection.run(
      `CREATE TABLE t (${table.columns.map((c) => `${q(c.name)} ${PARQUET_TYPES[c.type]}`).join(', ')})`,
    );
    const appender = await connection.createAppender('t');
    for (const row of table.rows) {
      for (const column of table.columns) {
        const value = row[column.name] ?? null;
        if (value === null) appender.appendNull();
        else if (column.type === 'string') appender.appendVarchar(String(value));
        else if (column.type === 'integer') appender.appendBigInt(BigInt(value as number));
        else if (column.type === 'number') appender.appendDouble(value as number);
        else appender.appendBoolean(value as boolean);
      }
      appender.endRow();
    }
    appender.closeSync();
    const file = join(scratch, 't.parquet');
    const literal = `'${file.replaceAll("'", "''")}'`;
    await connection.run(`COPY (SELECT * FROM t) TO ${literal} (FORMAT parquet, COMPRESSION zstd)`);
    return new Uint8Array(await readFile(file));
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * One worksheet with a header row and the rows as typed cells: text stays text (a code "01001" keeps its zero,
 * and text starting with "=" is a string, never a formula), numbers are numbers, empty cells are empty.
 * exceljs stamps the zip entries with the clock, so the archive is re-packed with the run's time: the same
 * rows and run always give the same bytes.
 */
export async function toXlsx(table: TableData, options: FormatOptions): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'sector-insights';
  workbook.lastModifiedBy = 'sector-insights';
  workbook.created = options.at;
  workbook.modified = options.at;
  const sheet = workbook.addWorksheet(sheetName(options.title), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.min(40, Math.max(10, c.name.length + 2)),
    ...(c.type === 'string' ? { style: { numFmt: '@' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.name, row[c.name] ?? null])));
  }
  const written = new Uint8Array(await workbook.xlsx.writeBuffer());
  return restampZip(written, options.at);
}

/** Excel's sheet-name rules: at most 31 characters, none of `\ / ? * [ ] :`. */
function sheetName(title: string): string {
  return title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';
}

/**
 * The same entries in the same order, every one dated `at` and deflated by fflate (deterministic for the
 * same input). Zip dates are local wall-clock fields, so `at`'s UTC fields are written whatever the TZ.
 */
export function restampZip(zip: Uint8Array, at: Date): Uint8Array {
  const mtime = new Date(
    at.getUTCFullYear(),
    at.getUTCMonth(),
    at.getUTCDate(),
    at.getUTCHours(),
    at.getUTCMinutes(),
    at.getUTCSeconds(),
  );
  const entries = unzipSync(zip);
  return zipSync(
    Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, [data, { mtime, level: 6 }]])),
  );
}
