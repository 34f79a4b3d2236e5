/**
 * What differs between warehouses' SQL, in one small interface (the spirit of dbt's adapter dispatch).
 * SQL models call these through template helpers and never hand-write quoting, casts or division.
 */

export type ColumnType = 'string' | 'int64' | 'float64' | 'bool' | 'date' | 'timestamp';

export interface Dialect {
  readonly name: 'duckdb' | 'bigquery';
  /** An identifier, quoted: `"col"` in DuckDB, `` `col` `` in BigQuery. */
  quoteIdent(name: string): string;
  /** A table of the pipeline, fully qualified for the warehouse. */
  tableRef(name: string): string;
  /** The warehouse's spelling of a portable column type. */
  type(type: ColumnType): string;
  /** `a / b`, NULL when b is 0 or NULL (BigQuery raises on /0, DuckDB returns Infinity). */
  safeDivide(numerator: string, denominator: string): string;
  /** A cast that yields NULL instead of failing. */
  safeCast(expr: string, type: ColumnType): string;
  /** A string literal (for constants written by the project, never for input values). */
  stringLiteral(value: string): string;
  /** A named query parameter placeholder. */
  param(name: string): string;
}

const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  int64: 'BIGINT',
  float64: 'DOUBLE',
  bool: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
};

const BIGQUERY_TYPES: Record<ColumnType, string> = {
  string: 'STRING',
  int64: 'INT64',
  float64: 'FLOAT64',
  bool: 'BOOL',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** `"name"` with embedded quotes doubled. */
export function quoteDuckdbIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sqlStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quoteIdent: quoteDuckdbIdent,
  tableRef: (name) => quoteDuckdbIdent(name),
  type: (type) => DUCKDB_TYPES[type],
  safeDivide: (a, b) => `(CASE WHEN (${b}) = 0 THEN NULL ELSE (${a}) / (${b}) END)`,
  safeCast: (expr, type) => `TRY_CAST(${expr} AS ${DUCKDB_TYPES[type]})`,
  stringLiteral: sqlStringLiteral,
  param: (name) => `$${name}`,
};

export interface BigQueryTarget {
  readonly projectId: string;
  readonly dataset: string;
}

export function bigqueryDialect(target: BigQueryTarget): Dialect {
  const quote = (name: string) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
  return {
    name: 'bigquery',
    quoteIdent: quote,
    tableRef: (name) => quote(`${target.projectId}.${target.dataset}.${name}`),
    type: (type) => BIGQUERY_TYPES[type],
    safeDivide: (a, b) => `SAFE_DIVIDE(${a}, ${b})`,
    safeCast: (expr, type) => `SAFE_CAST(${expr} AS ${BIGQUERY_TYPES[type]})`,
    stringLiteral: (value) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
    param: (name) => `@${name}`,
  };
}
