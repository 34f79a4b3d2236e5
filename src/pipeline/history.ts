import type { Warehouse } from '../warehouse/warehouse.ts';
import type { InputRecord, RunManifest } from './manifest.ts';

/** Tables the pipeline keeps about itself, beside the data. */
export const META_TABLES = {
  runs: '_si_runs',
  loads: '_si_loads',
  checks: '_si_check_results',
} as const;

export async function ensureMetaTables(warehouse: Warehouse): Promise<void> {
  const { quoteIdent: q, type: t } = warehouse.dialect;
  const s = t('string');
  const i = t('int64');
  await warehouse.execute(
    `CREATE TABLE IF NOT EXISTS ${q(META_TABLES.runs)} (
       run_id ${s}, pipeline ${s}, started_at ${s}, finished_at ${s}, duration_ms ${i}, status ${s},
       stages ${s}, input_rows ${i}, rejected ${i}, failing_checks ${s}, config_hash ${s}, code_version ${s}, manifest ${s})`,
  );
  await warehouse.execute(
    `CREATE TABLE IF NOT EXISTS ${q(META_TABLES.loads)} (
       source ${s}, run_id ${s}, loaded_at ${s}, fingerprint ${s}, tables ${s})`,
  );
  await warehouse.execute(
    `CREATE TABLE IF NOT EXISTS ${q(META_TABLES.checks)} (
       run_id ${s}, check_id ${s}, model ${s}, severity ${s}, status ${s}, failing ${i}, rows_checked ${i}, sample ${s})`,
  );
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
    `INSERT INTO ${q(META_TABLES.runs)} VALUES (${['run_id', 'pipeline', 'started_at', 'finished_at', 'duration_ms', 'status', 'stages', 'input_rows', 'rejected', 'failing_checks', 'config_hash', 'code_version', 'manifest'].map(p).join(', ')})`,
    {
      run_id: manifest.runId,
      pipeline: manifest.pipeline.name,
      started_at: manifest.startedAt,
      finished_at: manifest.finishedAt ?? null,
      duration_ms: manifest.durationMs ?? null,
      status: manifest.status,
      stages: manifest.stages
        .filter((s) => s.status === 'succeeded' || s.status === 'failed')
        .map((s) => s.name)
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
      `INSERT INTO ${q(META_TABLES.checks)} VALUES (${['run_id', 'check_id', 'model', 'severity', 'status', 'failing', 'rows_checked', 'sample'].map(p).join(', ')})`,
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
  /** sha256 over the input files' paths and contents. */
  readonly fingerprint: string;
  /** sha256 over the input files' paths, sizes and modification times. */
  readonly statFingerprint: string;
  /** Rows per table written. */
  readonly tables: Record<string, number>;
  /** Rows per input file path. */
  /** The loaded inputs as the manifest records them. */
  readonly inputs: readonly InputRecord[];
}

/** The last successful load of a source, to skip reloading files that have not changed. */
export async function lastLoad(warehouse: Warehouse, source: string): Promise<LoadRecord | undefined> {
  const [row] = await warehouse.query<{ run_id: string; fingerprint: string; tables: string }>(
    `SELECT run_id, fingerprint, tables FROM ${warehouse.dialect.quoteIdent(META_TABLES.loads)}
     WHERE source = ${warehouse.dialect.param('source')}`,
    { source },
  );
  if (!row) return undefined;
  const { tables, inputs, statFingerprint } = JSON.parse(row.tables) as Pick<
    LoadRecord,
    'tables' | 'inputs' | 'statFingerprint'
  >;
  return { runId: row.run_id, fingerprint: row.fingerprint, statFingerprint, tables, inputs: inputs ?? [] };
}

export async function recordLoad(
  warehouse: Warehouse,
  source: string,
  record: LoadRecord & { readonly loadedAt: string },
): Promise<void> {
  const q = warehouse.dialect.quoteIdent;
  const p = warehouse.dialect.param;
  await warehouse.execute(`DELETE FROM ${q(META_TABLES.loads)} WHERE source = ${p('source')}`, { source });
  await warehouse.execute(
    `INSERT INTO ${q(META_TABLES.loads)} VALUES (${p('source')}, ${p('run_id')}, ${p('loaded_at')}, ${p('fingerprint')}, ${p('tables')})`,
    {
      source,
      run_id: record.runId,
      loaded_at: record.loadedAt,
      fingerprint: record.fingerprint,
      tables: JSON.stringify({
        tables: record.tables,
        inputs: record.inputs,
        statFingerprint: record.statFingerprint,
      }),
    },
  );
}
