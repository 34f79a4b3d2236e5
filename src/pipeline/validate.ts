import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../effects.ts';
import { type Issue, SiError } from '../errors.ts';
import { loadQcew, planQcew } from '../ingest/qcew.ts';
import { TABULAR_SOURCES } from '../ingest/sources/index.ts';
import { disposePlan, loadTabular, planTabular } from '../ingest/tabular.ts';
import { compileProject } from '../models/build.ts';
import { compileChecks, unknownCheckIds } from '../models/checks.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { openWarehouse } from '../warehouse/open.ts';
import { displayPath, loadPipelineConfig, weakerDisclosure } from './config.ts';
import { coverageIssues } from './coverage.ts';
import { loadSurveys } from './surveys.ts';

export interface ValidationReport {
  /** Problems with the configuration or the models. */
  readonly configProblems: readonly Issue[];
  /** Problems with the input files (each file's first ones, then a line counting the rest). */
  readonly inputProblems: readonly Issue[];
  /** How many problems the inputs have in all. */
  readonly inputProblemCount: number;
  /** Facts found on the way, for the user: files, layouts, rows. */
  readonly notes: readonly string[];
}

/**
 * Check a pipeline without touching its warehouse: the configuration, the models and checks it names,
 * every input file (read in full into a scratch DuckDB file, opened with the pipeline's settings, and
 * removed after), and that the inputs cover the configured counties and reference area. Collects every
 * problem instead of stopping at the first.
 */
export async function validatePipeline(file: string): Promise<ValidationReport> {
  const configProblems: Issue[] = [];
  const inputProblems: Issue[] = [];
  const notes: string[] = [];
  let counted = 0;
  const issuesOf = (error: SiError) =>
    error.issues.length ? error.issues : [{ code: error.code, message: error.message }];
  let config: Awaited<ReturnType<typeof loadPipelineConfig>>;
  try {
    config = await loadPipelineConfig(file);
  } catch (error) {
    if (error instanceof SiError)
      return { configProblems: issuesOf(error), inputProblems, inputProblemCount: 0, notes };
    throw error;
  }
  const where = displayPath(config.file);
  if (config.surveys) {
    for (const weaker of weakerDisclosure(config.disclosure))
      notes.push(`warning: ${weaker} (weaker than the default)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'sector-insights-validate-'));
  try {
    const scratch = await openWarehouse({ ...config.warehouse, path: join(dir, 'validate.duckdb') });
    try {
      try {
        const project = await compileProject(`${PROJECT_ROOT}sql`, scratch.dialect);
        const checks = compileChecks(project.models, project.renderer, config.checks.severities);
        const unknown = unknownCheckIds(checks, Object.keys(config.checks.severities));
        configProblems.push(...unknown.map((i) => ({ ...i, file: where })));
        const { partnerConfigIssues } = await import('./partner-extracts.ts');
        configProblems.push(...(await partnerConfigIssues(config, project)));
      } catch (error) {
        if (!(error instanceof SiError)) throw error;
        configProblems.push(...issuesOf(error));
      }

      const plan = await planQcew(config.inputs.qcew, displayPath);
      inputProblems.push(...plan.missing);
      if (plan.files.length === 0)
        return { configProblems, inputProblems, inputProblemCount: inputProblems.length, notes };
      const bytes = plan.files.reduce((n, f) => n + f.bytes, 0);
      notes.push(`qcew: ${plan.files.length} file(s), ${(bytes / 1e6).toFixed(1)} MB`);
      // Load what is good and list what is not, whatever the pipeline does with bad files, so that one bad
      // file does not hide the other problems.
      const lenient = { ...plan, files: plan.files.map((f) => ({ ...f, onBadFile: 'skip' as const })) };
      const result = await loadQcew(lenient, { warehouse: scratch, logger: silentLogger, tag: 'validate' });
      inputProblems.push(...result.issues);
      counted = result.problems - result.issues.length;
      for (const t of result.tables) {
        if (t.rows) notes.push(`qcew: ${t.rows.toLocaleString('en-US')} rows would load into ${t.name}`);
      }
      const rejected = result.files.filter((f) => f.status === 'rejected').length;
      // The public sources, read the same way: every problem listed, the good files loaded.
      for (const source of TABULAR_SOURCES) {
        const groups = config.inputs[source.id as keyof typeof config.inputs];
        if (!groups?.length) continue;
        const tabular = await planTabular(source, groups, displayPath);
        try {
          inputProblems.push(...tabular.missing);
          const loose = {
            ...tabular,
            files: tabular.files.map((f) => ({ ...f, onBadFile: 'skip' as const })),
          };
          const loaded = await loadTabular(loose, {
            warehouse: scratch,
            logger: silentLogger,
            tag: 'validate',
          });
          inputProblems.push(...loaded.issues);
          counted += loaded.problems - loaded.issues.length;
          const rows = loaded.tables.filter((t) => t.rows > 0);
          notes.push(
            `${source.id}: ${loaded.files.filter((f) => f.status === 'loaded').length} file(s)` +
              (rows.length
                ? `; ${rows.map((t) => `${t.rows.toLocaleString('en-US')} rows into ${t.name}`).join(', ')}`
                : ''),
          );
        } finally {
          await disposePlan(tabular);
        }
      }
      if (config.surveys) {
        try {
          const surveys = await loadSurveys(scratch, config, silentLogger, 'validate');
          for (const w of surveys?.waves ?? []) {
            notes.push(
              `survey ${w.wave}: ${w.shape} export (${w.encoding}), ${w.responses.complete} complete, ${w.responses.partial} partial, ${w.responses.test} test, ${w.responses.duplicate} duplicate response(s)`,
            );
          }
          if (surveys) {
            const count = (kind: string) => surveys.notes.filter((n) => n.kind === kind).length;
            notes.push(
              `surveys: ${count('rejected')} answer(s) could not be read and ${count('flagged')} were interpreted (a run lists them in private/survey-rejects.csv); ${surveys.socReview.length} job title(s) need a SOC code`,
            );
          }
        } catch (error) {
          if (!(error instanceof SiError)) throw error;
          inputProblems.push(...issuesOf(error));
        }
      }
      const coverage = await coverageIssues(scratch, config);
      inputProblems.push(
        ...coverage.map((i) =>
          rejected ? { ...i, message: `${i.message} (${rejected} rejected file(s) left out)` } : i,
        ),
      );
    } finally {
      await scratch.close();
    }
  } catch (error) {
    if (!(error instanceof SiError)) throw error;
    configProblems.push(...issuesOf(error));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { configProblems, inputProblems, inputProblemCount: inputProblems.length + counted, notes };
}
