import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, listValue } from '@duckdb/node-api';
import { SiError } from '../errors.ts';
import { duckdbDialect, quoteDuckdbIdent as q, sqlStringLiteral } from './dialect.ts';
import type {
  ColumnInfo,
  CsvLoadResult,
  CsvLoadSpec,
  CsvReject,
  Params,
  ProgressSink,
  QueryResult,
  Row,
  Value,
  Warehouse,
} from './warehouse.ts';

/** Rejected lines returned per file; the rest are counted. */
const REJECTS_PER_FILE = 100;

export interface DuckdbOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
  readonly readOnly?: boolean;
  readonly threads?: number;
  readonly memoryLimit?: string;
  /** Forbid reading or writing files from SQL (for ad-hoc queries typed by users). */
  readonly noExternalAccess?: boolean;
}

/**
 * The embedded warehouse: one DuckDB file per pipeline.
 *
 * @example
 * const wh = await DuckdbWarehouse.open({ path: 'warehouse/demo.duckdb' });
 * const rows = await wh.query<{ n: number }>('SELECT count(*) AS n FROM mart_industry_profile');
 * await wh.close();
 */
export class DuckdbWarehouse implements Warehouse {
  readonly kind = 'duckdb' as const;
  readonly dialect = duckdbDialect;
  readonly readOnly: boolean;
  readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();
  private loads = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    options: DuckdbOptions,
  ) {
    this.readOnly = options.readOnly ?? false;
    this.path = options.path;
  }

  static async open(options: DuckdbOptions): Promise<DuckdbWarehouse> {
    const config: Record<string, string> = {};
    if (options.readOnly) config['access_mode'] = 'READ_ONLY';
    if (options.threads) config['threads'] = String(options.threads);
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    if (options.path !== ':memory:' && !options.readOnly)
      await mkdir(dirname(options.path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.path, config);
    } catch (cause) {
      throw openError(options.path, cause);
    }
    const connection = await instance.connect();
    // Progress is tracked only with the progress bar on; it is read by polling, never printed by DuckDB.
    await connection.run(
      'SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0',
    );
    if (options.noExternalAccess)
      await connection.run('SET enable_external_access = false; SET lock_configuration = true');
    return new DuckdbWarehouse(instance, connection, options);
  }

  async query<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    return (await this.queryResult<T>(sql, params)).rows;
  }

  async queryResult<T extends Row = Row>(sql: string, params?: Params): Promise<QueryResult<T>> {
    return this.serial(async () => {
      const reader = await this.connection.runAndReadAll(sql, bind(params));
      const columns = reader
        .columnNames()
        .map((name, i) => ({ name, type: reader.columnType(i).toString() }));
      const rows = reader.getRowObjectsJS().map((row) => convertRow(row) as T);
      return { columns, rows };
    }, sql);
  }

  async execute(sql: string, params?: Params): Promise<void> {
    await this.serial(() => this.connection.run(sql, bind(params)), sql);
  }

  async createTableAs(
    table: string,
    selectSql: string,
    params?: Params,
    progress?: ProgressSink,
  ): Promise<number> {
    const sql = `CREATE OR REPLACE TABLE ${q(table)} AS\n${selectSql}`;
    await this.serial(() => this.withProgress(() => this.connection.run(sql, bind(params)), progress), sql);
    return this.rowCount(table);
  }

  async loadCsv(
    table: string,
    files: readonly string[],
    spec: CsvLoadSpec,
    progress?: ProgressSink,
  ): Promise<CsvLoadResult> {
    if (files.length === 0) throw new SiError('E_INTERNAL', `loadCsv(${table}) was given no files`);
    const id = `${process.pid}_${++this.loads}`;
    const rejectsTable = `_si_reject_errors_${id}`;
    const scansTable = `_si_reject_scans_${id}`;
    const filenameColumn = spec.filenameColumn ?? '_source_file';
    const columns = spec.columns.map(
      (c) => `${sqlStringLiteral(c.name)}: ${sqlStringLiteral(duckdbDialect.type(c.type))}`,
    );
    const selectList = Object.entries(
      spec.select ?? Object.fromEntries(spec.columns.map((c) => [c.name, q(c.name)])),
    )
      .map(([name, expr]) => `${expr} AS ${q(name)}`)
      .concat(`filename AS ${q(filenameColumn)}`)
      .join(',\n  ');
    const options = [
      `columns = {${columns.join(', ')}}`,
      `header = ${spec.header ?? true}`,
      `delim = ${sqlStringLiteral(spec.delimiter ?? ',')}`,
      ...(spec.quote === null
        ? [`quote = ''`, `escape = ''`]
        : [
            `quote = ${sqlStringLiteral(spec.quote ?? '"')}`,
            `escape = ${sqlStringLiteral(spec.quote ?? '"')}`,
          ]),
      ...(spec.skip ? [`skip = ${Math.trunc(spec.skip)}`] : []),
      ...(spec.nullPadding ? ['null_padding = true'] : []),
      ...(spec.encoding && spec.encoding !== 'utf-8'
        ? [`encoding = ${sqlStringLiteral(spec.encoding)}`]
        : []),
      'auto_detect = false',
      'strict_mode = true',
      'filename = true',
      'store_rejects = true',
      `rejects_table = ${sqlStringLiteral(rejectsTable)}`,
      `rejects_scan = ${sqlStringLiteral(scansTable)}`,
    ];
    const fileList = `[${files.map(sqlStringLiteral).join(', ')}]`;
    const sql = `CREATE OR REPLACE TABLE ${q(table)} AS\nSELECT\n  ${selectList}\nFROM read_csv(${fileList}, ${options.join(', ')})`;
    await this.serial(() => this.withProgress(() => this.connection.run(sql), progress), sql);
    const rejectRows = await this.query<{
      file: string;
      line: number | null;
      column_idx: number | null;
      column_name: string | null;
      error_type: string;
      error_message: string;
      csv_line: string | null;
    }>(
      // The first rejected lines of each file (a line short of fields is reported once per missing field).
      `WITH e AS (
         SELECT s.file_path AS file, e.line::BIGINT AS line, e.column_idx::BIGINT AS column_idx, e.column_name,
                e.error_type::VARCHAR AS error_type, e.error_message, left(e.csv_line, 200) AS csv_line,
                dense_rank() OVER (PARTITION BY s.file_path ORDER BY e.line) AS k
         FROM ${q(rejectsTable)} e JOIN ${q(scansTable)} s USING (scan_id, file_id)
       )
       SELECT file, line, column_idx, column_name, error_type, error_message, csv_line FROM e
       WHERE k <= ${REJECTS_PER_FILE} ORDER BY file, line, column_idx`,
    );
    const rejectCounts = await this.query<{ file: string; lines: number }>(
      `SELECT s.file_path AS file, count(DISTINCT e.line) AS lines
       FROM ${q(rejectsTable)} e JOIN ${q(scansTable)} s USING (scan_id, file_id) GROUP BY 1`,
    );
    await this.execute(`DROP TABLE IF EXISTS ${q(rejectsTable)}; DROP TABLE IF EXISTS ${q(scansTable)}`);
    const counts = await this.query<{ file: string; n: number }>(
      `SELECT ${q(filenameColumn)} AS file, count(*)::BIGINT AS n FROM ${q(table)} GROUP BY 1`,
    );
    const rowsByFile = new Map<string, number>(files.map((f) => [f, 0]));
    for (const { file, n } of counts) rowsByFile.set(file, n);
    const rejects: CsvReject[] = rejectRows.map((r) => ({
      file: r.file,
      line: r.line ?? undefined,
      column: r.column_idx ?? undefined,
      columnName: r.column_name ?? undefined,
      kind: r.error_type,
      message: cleanDuckdbMessage(r.error_message),
      ...(r.csv_line === null ? {} : { text: r.csv_line }),
    }));
    const rejectedLines = new Map(rejectCounts.map((r) => [r.file, r.lines]));
    return { rowsByFile, rejects, rejectedLines };
  }

  async swapTables(swaps: readonly { readonly staging: string; readonly target: string }[]): Promise<void> {
    if (swaps.length === 0) return;
    const steps = swaps.map(
      ({ staging, target }) =>
        `DROP TABLE IF EXISTS ${q(target)}; ALTER TABLE ${q(staging)} RENAME TO ${q(target)};`,
    );
    await this.serial(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        await this.connection.run(steps.join('\n'));
        await this.connection.run('COMMIT');
      } catch (cause) {
        await this.connection.run('ROLLBACK');
        throw cause;
      }
    }, steps.join('\n'));
  }

  async tableExists(table: string): Promise<boolean> {
    const rows = await this.query(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $name',
      { name: table },
    );
    return rows.length > 0;
  }

  async listTables(): Promise<string[]> {
    const rows = await this.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
    );
    return rows.map((r) => r.name);
  }

  async tableColumns(table: string): Promise<ColumnInfo[]> {
    return this.query<{ name: string; type: string }>(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $name ORDER BY ordinal_position`,
      { name: table },
    );
  }

  async rowCount(table: string): Promise<number> {
    const [row] = await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${q(table)}`);
    return row?.n ?? 0;
  }

  async dropTable(table: string): Promise<void> {
    await this.execute(`DROP TABLE IF EXISTS ${q(table)}`);
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** DuckDB runs one statement at a time per connection; callers may be concurrent. */
  private serial<R>(work: () => Promise<R>, sql: string): Promise<R> {
    const next = this.queue.then(work, work).catch((cause: unknown) => {
      throw cause instanceof SiError ? cause : sqlError(cause, sql);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async withProgress<R>(work: () => Promise<R>, progress?: ProgressSink): Promise<R> {
    if (!progress) return work();
    const timer = setInterval(() => {
      const p = this.connection.progress;
      // rows_processed counts the CSV reader's internal units, not rows: report the fraction only.
      if (p.percentage >= 0) progress.update(p.percentage / 100);
    }, 250);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }
}

function bind(params: Params | undefined): Record<string, DuckDBValue> | undefined {
  if (!params) return undefined;
  const out: Record<string, DuckDBValue> = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = Array.isArray(value) ? listValue(value as DuckDBValue[]) : (value as DuckDBValue);
  }
  return out;
}

function convertRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = convertValue(value);
  return out;
}

function convertValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convertValue);
  if (typeof value === 'object') {
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(value)) out[k] = convertValue(v);
    return out;
  }
  return value as Value;
}

function openError(path: string, cause: unknown): SiError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const pid = /PID (\d+)/.exec(message)?.[1];
  if (/lock/i.test(message)) {
    return new SiError(
      'E_LOCKED',
      `warehouse ${path} is in use by another process${pid ? ` (pid ${pid})` : ''}; wait for it to finish`,
      { cause, retryable: true },
    );
  }
  return new SiError('E_WAREHOUSE', `cannot open warehouse ${path}: ${firstLine(message)}`, { cause });
}

function sqlError(cause: unknown, sql: string): SiError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new SiError('E_WAREHOUSE', `${firstLine(message)}\n  in SQL: ${firstLine(sql).slice(0, 200)}`, {
    cause,
  });
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '') ?? s;
}

/** DuckDB's reject messages repeat the whole line and reader options; keep the reason. */
function cleanDuckdbMessage(message: string): string {
  return firstLine(message).trim();
}
