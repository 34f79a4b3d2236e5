import type { ColumnType, Dialect } from './dialect.ts';
import type { Params, ParamValue } from './warehouse.ts';

export interface SeedColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/**
 * A SELECT producing a small table from values, every value a bound parameter, for configuration seeds
 * (a region's counties, say). Not for data files: those load as files.
 *
 * @example seedSelect(duckdbDialect, [{ name: 'county_fips', type: 'string' }], [['18039'], ['18085']])
 * // { sql: 'SELECT CAST($r0c0 AS VARCHAR) AS "county_fips" UNION ALL SELECT CAST($r1c0 AS VARCHAR) ...', params: {...} }
 */
export function seedSelect(
  dialect: Dialect,
  columns: readonly SeedColumn[],
  rows: readonly (readonly ParamValue[])[],
): { sql: string; params: Params } {
  const params: Record<string, ParamValue> = {};
  if (rows.length === 0) {
    const cols = columns.map((c) => `CAST(NULL AS ${dialect.type(c.type)}) AS ${dialect.quoteIdent(c.name)}`);
    return { sql: `SELECT ${cols.join(', ')} FROM (SELECT 1) AS one WHERE FALSE`, params };
  }
  const selects = rows.map((row, r) => {
    const cols = columns.map((c, i) => {
      const name = `r${r}c${i}`;
      params[name] = row[i] ?? null;
      return `CAST(${dialect.param(name)} AS ${dialect.type(c.type)}) AS ${dialect.quoteIdent(c.name)}`;
    });
    return `SELECT ${cols.join(', ')}`;
  });
  return { sql: selects.join('\nUNION ALL\n'), params };
}
