import { z } from 'zod';
import { SiError } from '../errors.ts';
import type { Model } from '../models/project.ts';
import type { Row, Warehouse } from '../warehouse/warehouse.ts';
import { toCsv } from './csv.ts';

export interface ExtractColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  /** Decimal places published for numbers (rounded half away from zero). */
  readonly decimals?: number;
  /** Whether the column can be empty; suppressed values always can. */
  readonly nullable?: boolean;
}

export interface ExtractSpec {
  readonly name: string;
  readonly title: string;
  /** The mart the extract publishes; its YAML gives each column's description and unit. */
  readonly model: string;
  readonly source: string;
  readonly columns: readonly ExtractColumn[];
  /** Columns the rows are sorted by, so the same data always gives the same bytes. */
  readonly orderBy: readonly string[];
}

/** The partner extract of the industry profile. */
export const INDUSTRY_PROFILE_EXTRACT: ExtractSpec = {
  name: 'industry_profile',
  title: 'Industry profile',
  model: 'mart_industry_profile',
  source: 'BLS Quarterly Census of Employment and Wages (QCEW)',
  columns: [
    { name: 'geo_type', type: 'string' },
    { name: 'geo_id', type: 'string' },
    { name: 'geo_name', type: 'string' },
    { name: 'own_code', type: 'string' },
    { name: 'own_title', type: 'string' },
    { name: 'industry_code', type: 'string' },
    { name: 'industry_title', type: 'string' },
    { name: 'naics_level', type: 'integer' },
    { name: 'parent_code', type: 'string', nullable: true },
    { name: 'year', type: 'string' },
    { name: 'qtr', type: 'string' },
    { name: 'period', type: 'string' },
    { name: 'is_suppressed', type: 'boolean' },
    { name: 'suppression', type: 'string', nullable: true },
    { name: 'n_counties', type: 'integer' },
    { name: 'n_counties_suppressed', type: 'integer' },
    { name: 'estabs', type: 'integer', nullable: true },
    { name: 'month1_emplvl', type: 'integer', nullable: true },
    { name: 'month2_emplvl', type: 'integer', nullable: true },
    { name: 'month3_emplvl', type: 'integer', nullable: true },
    { name: 'avg_emplvl', type: 'number', decimals: 1, nullable: true },
    { name: 'total_wages', type: 'integer', nullable: true },
    { name: 'avg_wkly_wage', type: 'number', decimals: 0, nullable: true },
    { name: 'share_of_area_emplvl', type: 'number', decimals: 4, nullable: true },
    { name: 'lq_estabs', type: 'number', decimals: 2, nullable: true },
    { name: 'lq_month1_emplvl', type: 'number', decimals: 2, nullable: true },
    { name: 'lq_month2_emplvl', type: 'number', decimals: 2, nullable: true },
    { name: 'lq_month3_emplvl', type: 'number', decimals: 2, nullable: true },
    { name: 'lq_avg_emplvl', type: 'number', decimals: 2, nullable: true },
    { name: 'lq_total_wages', type: 'number', decimals: 2, nullable: true },
    { name: 'lq_avg_wkly_wage', type: 'number', decimals: 2, nullable: true },
    { name: 'lq_note', type: 'string', nullable: true },
    { name: 'reference_area', type: 'string', nullable: true },
    { name: 'reference_area_title', type: 'string', nullable: true },
    { name: 'oty_is_suppressed', type: 'boolean' },
    { name: 'oty_month3_emplvl_chg', type: 'integer', nullable: true },
    { name: 'oty_month3_emplvl_pct_chg', type: 'number', decimals: 1, nullable: true },
    { name: 'oty_avg_emplvl_chg', type: 'number', decimals: 1, nullable: true },
    { name: 'oty_avg_emplvl_pct_chg', type: 'number', decimals: 1, nullable: true },
    { name: 'oty_total_wages_chg', type: 'integer', nullable: true },
    { name: 'oty_total_wages_pct_chg', type: 'number', decimals: 1, nullable: true },
  ],
  orderBy: ['geo_type DESC', 'geo_id', 'own_code', 'industry_code', 'year', 'qtr'],
};

/** Decimal places published when a column does not say, by its unit. */
function defaultDecimals(unit: string | undefined): number {
  if (!unit) return 2;
  if (/^(fraction|score|ratio)$/.test(unit)) return 4;
  if (/^USD/.test(unit)) return 0;
  if (/^(jobs|people|openings|completions|establishments)/.test(unit)) return 1;
  return 2;
}

/**
 * The extract of a model that declares `extract` in its YAML: every column of the built table, typed from the
 * warehouse's types, empty allowed except where a `not_null` check forbids it, sorted as declared.
 */
export async function modelExtractSpec(warehouse: Warehouse, model: Model): Promise<ExtractSpec> {
  const declared = model.meta.extract;
  if (!declared) throw new SiError('E_MODEL', `${model.file}: ${model.name} declares no extract`);
  const notNull = new Set(
    model.meta.checks.flatMap((c) => ('not_null' in c ? (c.not_null as readonly string[]) : [])),
  );
  const columns = (await warehouse.tableColumns(model.name)).map((c): ExtractColumn => {
    const t = c.type.toUpperCase();
    const type: ExtractColumn['type'] = /BOOL/.test(t)
      ? 'boolean'
      : /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|INT64|INT)$/.test(t)
        ? 'integer'
        : /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|FLOAT64)/.test(t)
          ? 'number'
          : 'string';
    const doc = model.meta.columns[c.name];
    return {
      name: c.name,
      type,
      ...(type === 'number' ? { decimals: doc?.decimals ?? defaultDecimals(doc?.unit) } : {}),
      ...(notNull.has(c.name) ? {} : { nullable: true }),
    };
  });
  return {
    name: declared.name,
    title: declared.title,
    model: model.name,
    source: declared.source,
    columns,
    orderBy: declared.order_by,
  };
}

export interface ColumnDoc {
  readonly description: string;
  readonly unit?: string;
}

/**
 * The zod schema of an extract's rows, with each column's description, unit, source and vintage: rows are
 * validated against it, and the data dictionary (Markdown and JSON Schema) is generated from it.
 */
export function extractSchema(spec: ExtractSpec, model: Model, vintage: string) {
  const shape: Record<string, z.ZodType> = {};
  for (const column of spec.columns) {
    const doc = model.meta.columns[column.name];
    if (!doc)
      throw new SiError(
        'E_MODEL',
        `${model.file}: column ${column.name} of extract ${spec.name} has no description`,
      );
    let type: z.ZodType =
      column.type === 'string'
        ? z.string()
        : column.type === 'boolean'
          ? z.boolean()
          : column.type === 'integer'
            ? z.number().int()
            : z.number();
    if (column.nullable) type = type.nullable();
    shape[column.name] = type.describe(doc.description).meta({
      ...(doc.unit ? { unit: doc.unit } : {}),
      source: spec.source,
      vintage,
      ...(column.decimals !== undefined ? { decimals: column.decimals } : {}),
      ...(column.nullable
        ? { empty: 'empty when suppressed or not available; never 0 for a missing value' }
        : {}),
    });
  }
  return z.strictObject(shape).describe(`${spec.title}: ${model.meta.description.trim()}`);
}

export interface ExtractFiles {
  /** File name to contents. */
  readonly files: ReadonlyMap<string, string>;
  readonly rows: number;
}

/** Query, validate and format an extract: the CSV, its Markdown dictionary and its JSON Schema. */
export async function buildExtract(
  warehouse: Warehouse,
  spec: ExtractSpec,
  model: Model,
  vintage: string,
): Promise<ExtractFiles> {
  const { schema, rows } = await extractRows(warehouse, spec, model, vintage);
  const csv = toCsv(
    spec.columns.map((c) => c.name),
    rows.map((row) => spec.columns.map((c) => row[c.name])),
  );
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return {
    rows: rows.length,
    files: new Map([
      [`${spec.name}.csv`, csv],
      [`${spec.name}.dictionary.md`, dictionaryMarkdown(spec, model, vintage, rows.length)],
      [`${spec.name}.schema.json`, `${JSON.stringify(jsonSchema, null, 2)}\n`],
    ]),
  };
}

/**
 * An extract's rows as published: sorted by its order, numbers rounded, empty as null, each row validated
 * against the extract's schema (returned too). Partner extracts select from these.
 */
export async function extractRows(
  warehouse: Warehouse,
  spec: ExtractSpec,
  model: Model,
  vintage: string,
): Promise<{
  schema: ReturnType<typeof extractSchema>;
  rows: Record<string, string | number | boolean | null>[];
}> {
  const schema = extractSchema(spec, model, vintage);
  const q = warehouse.dialect.quoteIdent;
  const order = spec.orderBy.map((o) => {
    const [col, dir] = o.split(' ');
    return `${q(col!)}${dir ? ` ${dir}` : ''}`;
  });
  const rows = await warehouse.query(
    `SELECT ${spec.columns.map((c) => q(c.name)).join(', ')} FROM ${warehouse.dialect.tableRef(spec.model)} ORDER BY ${order.join(', ')}`,
  );
  const formatted = rows.map((row, i) => formatRow(spec, row, i));
  for (const [i, row] of formatted.entries()) {
    const check = schema.safeParse(row.values);
    if (!check.success) {
      const issue = check.error.issues[0]!;
      throw new SiError(
        'E_PUBLISH',
        `extract ${spec.name}, row ${i + 1}: ${issue.path.join('.')}: ${issue.message} — the mart and the extract schema disagree`,
      );
    }
  }
  return { schema, rows: formatted.map((r) => r.values) };
}

function formatRow(
  spec: ExtractSpec,
  row: Row,
  index: number,
): { values: Record<string, string | number | boolean | null> } {
  const values: Record<string, string | number | boolean | null> = {};
  for (const column of spec.columns) {
    const raw = row[column.name];
    let value: string | number | boolean | null;
    if (raw === null || raw === undefined) value = null;
    else if (column.type === 'number' || column.type === 'integer') {
      const n = Number(raw);
      if (!Number.isFinite(n))
        throw new SiError(
          'E_PUBLISH',
          `extract ${spec.name}, row ${index + 1}: ${column.name} is not a number`,
        );
      value =
        column.type === 'integer'
          ? roundTo(n, 0)
          : column.decimals === undefined
            ? n
            : roundTo(n, column.decimals);
    } else if (column.type === 'boolean') value = Boolean(raw);
    else value = String(raw);
    values[column.name] = value;
  }
  return { values };
}

/**
 * Round half away from zero at the value's shortest decimal form (so 1.005 gives 1.01, as a person expects,
 * not 1.00 from its binary form), as statistical tables do; -0 becomes 0 so files never show "-0".
 *
 * @example roundTo(2.675, 2) // 2.68
 */
export function roundTo(value: number, decimals: number): number {
  const [mantissa, exponent = '0'] = String(Math.abs(value)).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const [m2, e2 = '0'] = String(shifted).split('e');
  const rounded = Math.sign(value) * Number(`${m2}e${Number(e2) - decimals}`);
  return Object.is(rounded, -0) ? 0 : rounded;
}

function dictionaryMarkdown(spec: ExtractSpec, model: Model, vintage: string, rows: number): string {
  const lines = [
    `# ${spec.title} (${spec.name}.csv)`,
    '',
    model.meta.description.trim(),
    '',
    `- Source: ${spec.source}`,
    `- Vintage: ${vintage}`,
    `- Rows: ${rows}, sorted by ${spec.orderBy.join(', ')}`,
    '- Empty cells are suppressed or not available, never zero. Codes (FIPS, NAICS) are text.',
    '- UTF-8, comma-separated, header row; text that a spreadsheet would read as a formula starts with an apostrophe.',
    '',
    '| column | type | unit | description |',
    '|---|---|---|---|',
  ];
  for (const column of spec.columns) {
    const doc = model.meta.columns[column.name]!;
    const type = column.decimals !== undefined ? `${column.type} (${column.decimals} dp)` : column.type;
    lines.push(
      `| ${column.name} | ${type}${column.nullable ? ', may be empty' : ''} | ${doc.unit ?? ''} | ${doc.description.replaceAll('|', '\\|')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
