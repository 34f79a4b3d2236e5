import { type Issue, SiError } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { Row, Warehouse } from '../warehouse/warehouse.ts';
import type { CheckSpec, Model } from './project.ts';
import type { ModelRenderer } from './render.ts';
import { SOURCES } from './sources.ts';

export type Severity = 'warn' | 'error';

export interface CompiledCheck {
  /** Stable id, `<model>.<kind>.<columns>` or `<model>.<name>`; config severities refer to it. */
  readonly id: string;
  readonly model: string;
  readonly kind: 'not_null' | 'unique' | 'accepted_values' | 'relationships' | 'expression' | 'min_rows';
  readonly severity: Severity;
  readonly description: string;
  /** A query returning the failing rows. */
  readonly failingSql: string;
  /** Failing rows of confidential models are counted, never sampled. */
  readonly confidential: boolean;
}

export interface CheckResult {
  readonly id: string;
  readonly model: string;
  readonly kind: CompiledCheck['kind'];
  readonly severity: Severity;
  readonly description: string;
  /** `pass`, `fail`, or `error` when the check itself could not run. */
  readonly status: 'pass' | 'fail' | 'error';
  readonly failing: number;
  /** Rows in the model when checked. */
  readonly rows: number;
  readonly sample: readonly Row[];
  readonly message?: string;
}

/**
 * Turn the checks declared beside the models into queries of failing rows, with severities from the
 * model files overridden by the pipeline's `checks.severities`.
 */
export function compileChecks(
  models: readonly Model[],
  renderer: ModelRenderer,
  severities: Readonly<Record<string, Severity>> = {},
): CompiledCheck[] {
  const checks = models.flatMap((model) =>
    model.meta.checks.flatMap((spec) => compileOne(model, spec, renderer)),
  );
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.id))
      throw new SiError('E_MODEL', `two checks are named ${check.id}; give one a distinct name`);
    ids.add(check.id);
  }
  return checks.map((c) => ({ ...c, severity: severities[c.id] ?? c.severity }));
}

/** Configured severities naming no check, with a suggestion. */
export function unknownCheckIds(checks: readonly CompiledCheck[], configured: Iterable<string>): Issue[] {
  const ids = checks.map((c) => c.id);
  return [...configured]
    .filter((id) => !ids.includes(id))
    .map((id) => {
      const hint = didYouMean(id, ids);
      return {
        code: 'unknown_check',
        message: `checks.severities names an unknown check "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      };
    });
}

function compileOne(model: Model, spec: CheckSpec, renderer: ModelRenderer): CompiledCheck[] {
  const d = renderer.dialect;
  const table = d.tableRef(model.name);
  const base = {
    model: model.name,
    severity: spec.severity ?? 'error',
    confidential: model.meta.confidential,
  };
  const id = (kind: string, suffix?: string) =>
    `${model.name}.${spec.name ?? (suffix ? `${kind}.${suffix}` : kind)}`;
  if ('not_null' in spec) {
    return spec.not_null.map((column) => ({
      ...base,
      id: `${model.name}.${spec.name ? `${spec.name}.${column}` : `not_null.${column}`}`,
      kind: 'not_null' as const,
      description: `${column} is never empty`,
      failingSql: `SELECT * FROM ${table} WHERE ${d.quoteIdent(column)} IS NULL`,
    }));
  }
  if ('unique' in spec) {
    const cols = spec.unique.map(d.quoteIdent).join(', ');
    return [
      {
        ...base,
        id: id('unique', spec.unique.join('+')),
        kind: 'unique',
        description: `one row per ${spec.unique.join(' × ')}`,
        failingSql: `SELECT ${cols}, count(*) AS n_rows FROM ${table} GROUP BY ${cols} HAVING count(*) > 1 ORDER BY n_rows DESC`,
      },
    ];
  }
  if ('accepted_values' in spec) {
    const { column, values } = spec.accepted_values;
    return [
      {
        ...base,
        id: id('accepted_values', column),
        kind: 'accepted_values',
        description: `${column} is one of ${values.join(', ')}`,
        failingSql: `SELECT * FROM ${table} WHERE ${d.quoteIdent(column)} IS NOT NULL AND ${d.quoteIdent(column)} NOT IN (${values.map(d.stringLiteral).join(', ')})`,
      },
    ];
  }
  if ('relationships' in spec) {
    const { column, to, field } = spec.relationships;
    const target =
      to in SOURCES ? renderer.renderText(`{{source "${to}"}}`) : renderer.renderText(`{{ref "${to}"}}`);
    return [
      {
        ...base,
        id: id('relationships', column),
        kind: 'relationships',
        description: `every ${column} exists in ${to}.${field}`,
        failingSql: `SELECT * FROM ${table} WHERE ${d.quoteIdent(column)} IS NOT NULL AND ${d.quoteIdent(column)} NOT IN (SELECT ${d.quoteIdent(field)} FROM ${target} WHERE ${d.quoteIdent(field)} IS NOT NULL)`,
      },
    ];
  }
  if ('fails_when' in spec) {
    const condition = renderer.renderText(spec.fails_when, model);
    return [
      {
        ...base,
        id: `${model.name}.${spec.name}`,
        kind: 'expression',
        description: spec.description ?? `no row where ${spec.fails_when.trim()}`,
        failingSql: `SELECT * FROM ${table} WHERE ${condition}`,
      },
    ];
  }
  return [
    {
      ...base,
      id: id('min_rows'),
      kind: 'min_rows',
      description: `at least ${spec.min_rows} row(s)`,
      failingSql: `SELECT count(*) AS n_rows FROM ${table} HAVING count(*) < ${Number(spec.min_rows)}`,
    },
  ];
}

/** Run checks; counts and a sample of failing rows are recorded whether a check passes or not. */
export async function runChecks(
  warehouse: Warehouse,
  checks: readonly CompiledCheck[],
  sampleSize: number,
): Promise<CheckResult[]> {
  const rowCounts = new Map<string, number>();
  const results: CheckResult[] = [];
  for (const check of checks) {
    const common = {
      id: check.id,
      model: check.model,
      kind: check.kind,
      severity: check.severity,
      description: check.description,
    };
    try {
      if (!rowCounts.has(check.model)) rowCounts.set(check.model, await warehouse.rowCount(check.model));
      const [{ n } = { n: 0 }] = await warehouse.query<{ n: number }>(
        `SELECT count(*) AS n FROM (${check.failingSql}) AS failing`,
      );
      const sample =
        n > 0 && sampleSize > 0 && !check.confidential
          ? await warehouse.query(
              `SELECT * FROM (${check.failingSql}) AS failing LIMIT ${Math.floor(sampleSize)}`,
            )
          : [];
      results.push({
        ...common,
        status: n > 0 ? 'fail' : 'pass',
        failing: n,
        rows: rowCounts.get(check.model)!,
        sample,
        ...(check.confidential && n > 0 ? { message: 'sample withheld: the model is confidential' } : {}),
      });
    } catch (error) {
      results.push({
        ...common,
        status: 'error',
        failing: 0,
        rows: 0,
        sample: [],
        message: (error as Error).message,
      });
    }
  }
  return results;
}
