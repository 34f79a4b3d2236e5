import { silentLogger } from '../effects.ts';
import { type Issue, SiError } from '../errors.ts';
import { loadQcew, planQcew, QCEW_RAW_TABLES } from '../ingest/qcew.ts';
import { compileProject } from '../models/build.ts';
import { compileChecks, unknownCheckIds } from '../models/checks.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { DuckdbWarehouse } from '../warehouse/duckdb.ts';
import { displayPath, loadPipelineConfig } from './config.ts';

export interface ValidationReport {
  readonly problems: readonly Issue[];
  /** Facts found on the way, for the user: files, layouts, rows. */
  readonly notes: readonly string[];
}

/**
 * Check a pipeline without touching its warehouse: the configuration, the models and checks it names,
 * every input file (read in full by an in-memory DuckDB), and that the inputs cover the configured
 * counties and reference area. Collects every problem instead of stopping at the first.
 */
export async function validatePipeline(file: string): Promise<ValidationReport> {
  const problems: Issue[] = [];
  const notes: string[] = [];
  let config: Awaited<ReturnType<typeof loadPipelineConfig>>;
  try {
    config = await loadPipelineConfig(file);
  } catch (error) {
    if (error instanceof SiError)
      return {
        problems: error.issues.length ? error.issues : [{ code: error.code, message: error.message }],
        notes,
      };
    throw error;
  }
  const where = displayPath(config.file);
  const scratch = await DuckdbWarehouse.open({ path: ':memory:' });
  try {
    try {
      const project = await compileProject(`${PROJECT_ROOT}sql`, scratch.dialect);
      const checks = compileChecks(project.models, project.renderer, config.checks.severities);
      problems.push(
        ...unknownCheckIds(checks, Object.keys(config.checks.severities)).map((i) => ({ ...i, file: where })),
      );
    } catch (error) {
      if (!(error instanceof SiError)) throw error;
      problems.push(...(error.issues.length ? error.issues : [{ code: error.code, message: error.message }]));
    }

    const plan = await planQcew(config.inputs.qcew, displayPath);
    problems.push(...plan.missing);
    if (plan.files.length === 0) return { problems, notes };
    const bytes = plan.files.reduce((n, f) => n + f.bytes, 0);
    notes.push(`qcew: ${plan.files.length} file(s), ${(bytes / 1e6).toFixed(1)} MB`);
    // Load what is good and list what is not, whatever the pipeline does with bad files, so that one bad
    // file does not hide the other problems.
    const lenient = { ...plan, files: plan.files.map((f) => ({ ...f, onBadFile: 'skip' as const })) };
    const result = await loadQcew(lenient, { warehouse: scratch, logger: silentLogger, tag: 'validate' });
    problems.push(...result.issues);
    for (const t of result.tables) {
      if (t.rows) notes.push(`qcew: ${t.rows.toLocaleString('en-US')} rows would load into ${t.name}`);
    }

    const areas = new Set(
      (
        await scratch.query<{ area: string }>(
          Object.values(QCEW_RAW_TABLES)
            .map((t) => `SELECT DISTINCT area_fips AS area FROM ${scratch.dialect.tableRef(t)}`)
            .join(' UNION '),
        )
      ).map((r) => r.area),
    );
    for (const county of config.partnership.region.counties) {
      if (!areas.has(county)) {
        problems.push({
          code: 'county_not_in_inputs',
          file: where,
          message: `partnership.region.counties: county ${county} is in none of the QCEW input files`,
        });
      }
    }
    if (!areas.has(config.partnership.referenceArea)) {
      problems.push({
        code: 'reference_not_in_inputs',
        file: where,
        message: `partnership.referenceArea: ${config.partnership.referenceArea} is in none of the QCEW input files; LQs need the reference area's file`,
      });
    }
  } finally {
    await scratch.close();
  }
  return { problems, notes };
}
