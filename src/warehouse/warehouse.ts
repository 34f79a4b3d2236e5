import type { ColumnType, Dialect } from './dialect.ts';

/** A value bound to a query parameter. */
export type ParamValue = string | number | boolean | null | readonly string[] | readonly number[];
export type Params = Readonly<Record<string, ParamValue>>;

/** A result value as JavaScript sees it: integers that fit are numbers, dates are ISO strings. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Row = Record<string, Value>;

export interface ColumnInfo {
  readonly name: string;
  /** The warehouse's own type name, e.g. `VARCHAR` or `DOUBLE`. */
  readonly type: string;
}

export interface QueryResult<T extends Row = Row> {
  readonly columns: readonly ColumnInfo[];
  readonly rows: T[];
}

export interface CsvColumn {
  /** The column's name in the file's header. */
  readonly name: string;
  readonly type: ColumnType;
}

export interface CsvLoadSpec {
  /** Columns in file order, with the type each is read as. Every code column is `string`. */
  readonly columns: readonly CsvColumn[];
  /**
   * Columns of the new table as SQL expressions over the file's columns, keyed by output name,
   * e.g. `{ qtrly_estabs: '"qtrly_estabs_count"' }`. Defaults to every file column as is.
   */
  readonly select?: Readonly<Record<string, string>>;
  /** Name of a column that receives each row's source file path. */
  readonly filenameColumn?: string;
  readonly delimiter?: string;
  /** Whether the first line is a header (default true). */
  readonly header?: boolean;
  /** Records (not physical lines: a quoted field may span lines) to skip before the header or data. */
  readonly skip?: number;
  /** Quote character; `null` for files that never quote (tab-delimited releases). Default `"`. */
  readonly quote?: string | null;
  /** `utf-8` (default; a byte-order mark is skipped) or `latin-1` (also read for Windows-1252 files). */
  readonly encoding?: 'utf-8' | 'latin-1';
  /** Rows with fewer fields than the columns get NULLs for the missing ones instead of being rejected. */
  readonly nullPadding?: boolean;
}

/** A row the loader could not read, located in its file. */
export interface CsvReject {
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number | undefined;
  /** 1-based column, when the problem is in one field. */
  readonly column: number | undefined;
  readonly columnName: string | undefined;
  readonly kind: string;
  readonly message: string;
  /** The rejected line as read, cut to 200 characters (public files only: survey answers never load here). */
  readonly text?: string;
}

export interface CsvLoadResult {
  /** Rows written to the table, per file path. */
  readonly rowsByFile: ReadonlyMap<string, number>;
  /** The first rejected lines of each file. */
  readonly rejects: readonly CsvReject[];
  /** How many lines of each file were rejected in all. */
  readonly rejectedLines: ReadonlyMap<string, number>;
}

/** Progress of a long operation, for the terminal. */
export interface ProgressSink {
  update(fraction: number | undefined, detail?: string): void;
}

/**
 * The warehouse a pipeline reads and writes. DuckDB is the embedded default; BigQuery implements the same
 * interface for partnerships that outgrow one machine. Files are loaded as files (never row by row through
 * JavaScript), queries return typed rows, and tables are created or replaced atomically.
 */
export interface Warehouse {
  readonly kind: 'duckdb' | 'bigquery';
  readonly dialect: Dialect;
  readonly readOnly: boolean;
  /** Rows of a query; parameters are bound, never spliced into the SQL. */
  query<T extends Row = Row>(sql: string, params?: Params): Promise<T[]>;
  /** Rows with the column names and types, for tools that print results. */
  queryResult<T extends Row = Row>(sql: string, params?: Params): Promise<QueryResult<T>>;
  /** A statement without a result. */
  execute(sql: string, params?: Params): Promise<void>;
  /** Create or replace a table from a query in one atomic step; returns its row count. */
  createTableAs(table: string, selectSql: string, params?: Params, progress?: ProgressSink): Promise<number>;
  /**
   * Load CSV files into a new table `table` (replacing it atomically). Unreadable rows are skipped and
   * returned as rejects with file, line, column and reason; the caller decides what a reject means.
   */
  loadCsv(
    table: string,
    files: readonly string[],
    spec: CsvLoadSpec,
    progress?: ProgressSink,
  ): Promise<CsvLoadResult>;
  /** Replace each target with its staging table, all in one transaction; the staging names are gone after. */
  swapTables(swaps: readonly { readonly staging: string; readonly target: string }[]): Promise<void>;
  tableExists(table: string): Promise<boolean>;
  listTables(): Promise<string[]>;
  tableColumns(table: string): Promise<ColumnInfo[]>;
  rowCount(table: string): Promise<number>;
  dropTable(table: string): Promise<void>;
  close(): Promise<void>;
}
