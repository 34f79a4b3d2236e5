import type { Issue } from '../errors.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { InputRecord, RunManifest } from './manifest.ts';

/** Tables the pipeline keeps about itself, beside the data. */
export const META_TABLES = {
  runs: '_si_runs',
  loads: '_si_loads',
  checks: '_si_check_results',
  tables: '_si_tables',
} as const;

/**
 * An INSERT naming its columns, each bound to the parameter of the same name: a warehouse written by an older
 * version may hold columns this one no longer fills.
 */
function insertSql(warehouse: Warehouse, table: string, columns: readonly string[]): string {
  const { quoteIdent: q, param: p } = warehouse.dialect;
  return `INSERT INTO ${q(table)} (${columns.join(', ')}) VALUES (${columns.map(p).join(', ')})`;
}

export async function ensureMetaTables(warehouse: Warehouse): Promise<void> {
  const { quoteIdent: q, type: t } = warehouse.dialect;
  const s = t('string');
  const i = t('int64');
  const tables: Record<string, [string, string][]> = {
    [META_TABLES.runs]: [
      ['run_id', s],
      ['pipeline', s],
      ['started_at', s],
      ['finished_at', s],
      ['duration_ms', i],
      ['status', s],
      ['stages', s],
      ['input_rows', i],
      ['rejected', i],
      ['failing_checks', s],
      ['config_hash', s],
      ['code_version', s],
      ['manifest', s],
    ],
    [META_TABLES.loads]: [
      ['pipeline', s],
      ['source', s],
      ['run_id', s],
      ['loaded_at', s],
      ['record', s],
    ],
    [META_TABLES.tables]: [
      ['table_name', s],
      ['run_id', s],
      ['build_hash', s],
      ['built_at', s],
    ],
    [META_TABLES.checks]: [
      ['run_id', s],
      ['check_id', s],
      ['model', s],
      ['severity', s],
      ['status', s],
      ['failing', i],
      ['rows_checked', i],
      ['sample', s],
    ],
  };
  for (const [table, columns] of Object.entries(tables)) {
    await warehouse.execute(
      `CREATE TABLE IF NOT EXISTS ${q(table)} (${columns.map(([c, type]) => `${c} ${type}`).join(', ')})`,
    );
    // A warehouse written by an older version may lack newer columns: add them (empty for old rows).
    const present = new Set((await warehouse.tableColumns(table)).map((c) => c.name));
    for (const [c, type] of columns.filter(([c]) => !present.has(c))) {
      await warehouse.execute(`ALTER TABLE ${q(table)} ADD COLUMN ${c} ${type}`);
    }
  }
}

/** Store (or update) a run's manifest and its check results. */
export async function recordRun(warehouse: Warehouse, manifest: RunManifest): Promise<void> {
  const q = warehouse.dialect.quoteIdent;
  const p = warehouse.dialect.param;
  const failing = manifest.checks.filter((c) => c.status !== 'pass').map((c) => c.id);
  await warehouse.execute(`DELETE FROM ${q(META_TABLES.runs)} WHERE run_id = ${p('run_id')}`, {
    run_id: manifest.runId,
  });
  await warehouse.execute(
    insertSql(warehouse, META_TABLES.runs, [
      'run_id',
      'pipeline',
      'started_at',
      'finished_at',
      'duration_ms',
      'status',
      'stages',
      'input_rows',
      'rejected',
      'failing_checks',
      'config_hash',
      'code_version',
      'manifest',
    ]),
    {
      run_id: manifest.runId,
      pipeline: manifest.pipeline.name,
      started_at: manifest.startedAt,
      finished_at: manifest.finishedAt ?? null,
      duration_ms: manifest.durationMs ?? null,
      status: manifest.status,
      stages: manifest.stages
        .filter((s) => s.status === 'succeeded' || s.status === 'failed')
        .map((s) => (s.status === 'failed' ? `${s.name} (failed)` : s.name))
        .join(','),
      input_rows: manifest.inputs.reduce((n, i) => n + i.rows, 0),
      rejected: manifest.rejectsTotal,
      failing_checks: failing.join(','),
      config_hash: manifest.pipeline.configHash,
      code_version: manifest.code.git
        ? `${manifest.code.version}+${manifest.code.git}`
        : manifest.code.version,
      manifest: JSON.stringify(manifest),
    },
  );
  await warehouse.execute(`DELETE FROM ${q(META_TABLES.checks)} WHERE run_id = ${p('run_id')}`, {
    run_id: manifest.runId,
  });
  for (const c of manifest.checks) {
    await warehouse.execute(
      insertSql(warehouse, META_TABLES.checks, [
        'run_id',
        'check_id',
        'model',
        'severity',
        'status',
        'failing',
        'rows_checked',
        'sample',
      ]),
      {
        run_id: manifest.runId,
        check_id: c.id,
        model: c.model,
        severity: c.severity,
        status: c.status,
        failing: c.failing,
        rows_checked: c.rows,
        sample: JSON.stringify(c.sample),
      },
    );
  }
}

export interface RunSummary {
  readonly run_id: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
  readonly status: string;
  readonly stages: string;
  readonly input_rows: number;
  readonly rejected: number;
  readonly failing_checks: string;
}

export async function listRuns(warehouse: Warehouse, limit = 20): Promise<RunSummary[]> {
  if (!(await warehouse.tableExists(META_TABLES.runs))) return [];
  return warehouse.query<RunSummary & Record<string, never>>(
    `SELECT run_id, started_at, finished_at, duration_ms, status, stages, input_rows, rejected, failing_checks
     FROM ${warehouse.dialect.quoteIdent(META_TABLES.runs)} ORDER BY started_at DESC, run_id DESC LIMIT ${Math.floor(limit)}`,
  );
}

export async function readManifest(warehouse: Warehouse, runId: string): Promise<RunManifest | undefined> {
  if (!(await warehouse.tableExists(META_TABLES.runs))) return undefined;
  const [row] = await warehouse.query<{ manifest: string }>(
    `SELECT manifest FROM ${warehouse.dialect.quoteIdent(META_TABLES.runs)} WHERE run_id = ${warehouse.dialect.param('id')}`,
    { id: runId },
  );
  return row ? (JSON.parse(row.manifest) as RunManifest) : undefined;
}

export interface LoadRecord {
  readonly runId: string;
  readonly loadedAt: string;
  /** sha256 over the input files' paths and contents. */
  readonly fingerprint: string;
  /** sha256 over the input files' paths, sizes and modification times. */
  readonly statFingerprint: string;
  /** Rows per table written. */
  readonly tables: Record<string, number>;
  /** The loaded inputs as the manifest records them. */
  readonly inputs: readonly InputRecord[];
  /** Problems found in them (first 1,000), and how many in all. */
  readonly rejects: readonly Issue[];
  readonly rejectsTotal: number;
}

/** The last successful load of a pipeline's source, to skip reloading files that have not changed. */
export async function lastLoad(
  warehouse: Warehouse,
  pipeline: string,
  source: string,
): Promise<LoadRecord | undefined> {
  const { quoteIdent: q, param: p } = warehouse.dialect;
  const [row] = await warehouse.query<{ record: string }>(
    `SELECT record FROM ${q(META_TABLES.loads)} WHERE pipeline = ${p('pipeline')} AND source = ${p('source')}`,
    { pipeline, source },
  );
  return row ? (JSON.parse(row.record) as LoadRecord) : undefined;
}

export async function recordLoad(
  warehouse: Warehouse,
  pipeline: string,
  source: string,
  record: LoadRecord,
): Promise<void> {
  const { quoteIdent: q, param: p } = warehouse.dialect;
  const key = `pipeline = ${p('pipeline')} AND source = ${p('source')}`;
  await warehouse.execute(`DELETE FROM ${q(META_TABLES.loads)} WHERE ${key}`, { pipeline, source });
  await warehouse.execute(
    insertSql(warehouse, META_TABLES.loads, ['pipeline', 'source', 'run_id', 'loaded_at', 'record']),
    { pipeline, source, run_id: record.runId, loaded_at: record.loadedAt, record: JSON.stringify(record) },
  );
}

/** Pipelines other than this one that have run in the warehouse (a warehouse serves one pipeline). */
export async function otherPipelines(warehouse: Warehouse, pipeline: string): Promise<string[]> {
  const { quoteIdent: q, param: p } = warehouse.dialect;
  const rows = await warehouse.query<{ pipeline: string }>(
    `SELECT DISTINCT pipeline FROM ${q(META_TABLES.runs)} WHERE pipeline <> ${p('pipeline')} ORDER BY 1`,
    { pipeline },
  );
  return rows.map((r) => r.pipeline);
}

export interface TableBuild {
  readonly runId: string;
  /** sha256 of what the table was built from: the partnership settings and the SQL models. */
  readonly buildHash: string;
}

/** Record which run built model tables, and from what, so later runs can tell whether reusing them is safe. */
export async function recordTableBuilds(
  warehouse: Warehouse,
  tables: readonly string[],
  build: TableBuild & { readonly builtAt: string },
): Promise<void> {
  const { quoteIdent: q, param: p } = warehouse.dialect;
  for (const table of tables) {
    await warehouse.execute(`DELETE FROM ${q(META_TABLES.tables)} WHERE table_name = ${p('table')}`, {
      table,
    });
    await warehouse.execute(
      `INSERT INTO ${q(META_TABLES.tables)} (table_name, run_id, build_hash, built_at) VALUES (${p('table')}, ${p('run')}, ${p('hash')}, ${p('at')})`,
      { table, run: build.runId, hash: build.buildHash, at: build.builtAt },
    );
  }
}

export async function tableBuilds(warehouse: Warehouse): Promise<Map<string, TableBuild>> {
  const rows = await warehouse.query<{ table_name: string; run_id: string; build_hash: string }>(
    `SELECT table_name, run_id, build_hash FROM ${warehouse.dialect.quoteIdent(META_TABLES.tables)}`,
  );
  return new Map(rows.map((r) => [r.table_name, { runId: r.run_id, buildHash: r.build_hash }]));
}
