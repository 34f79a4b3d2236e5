import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { auditPublishedOutputs } from '../disclosure/audit-outputs.ts';
import type { Clock, Logger } from '../effects.ts';
import { type Issue, SiError } from '../errors.ts';
import { hashPlan, type LoadedFile, loadQcew, planQcew, QCEW_RAW_TABLES } from '../ingest/qcew.ts';
import { TABULAR_SOURCES } from '../ingest/sources/index.ts';
import { SURVEY_TABLES } from '../ingest/survey/ingest.ts';
import {
  createEmptyTables,
  disposePlan,
  hashTabularPlan,
  type LoadedTabularFile,
  loadTabular,
  planTabular,
  type TabularPlan,
  type TabularSource,
} from '../ingest/tabular.ts';
import { buildLayer, type CompiledProject, compileProject } from '../models/build.ts';
import { type CompiledCheck, compileChecks, runChecks, unknownCheckIds } from '../models/checks.ts';
import type { Layer } from '../models/project.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import {
  claimOutputs,
  commitOutputs,
  stageOutputs,
  stagePartners,
  writeFailedManifest,
} from '../publish/publish.ts';
import { buildSurveyMarts, SURVEY_DISCLOSURE_TABLE } from '../stats/survey-marts.ts';
import { sha256, stableStringify } from '../util/hash.ts';
import { hashTrees } from '../util/tree-hash.ts';
import { openWarehouse } from '../warehouse/open.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { displayPath, type PipelineConfig, weakerDisclosure } from './config.ts';
import { coverageIssues } from './coverage.ts';
import {
  ensureMetaTables,
  type LoadRecord,
  lastLoad,
  otherPipelines,
  recordLoad,
  recordRun,
  recordTableBuilds,
  tableBuilds,
} from './history.ts';
import { acquireRunLock } from './lock.ts';
import { type InputRecord, type RunManifest, STAGES, type StageName, type StageRecord } from './manifest.ts';
import {
  checkPartners,
  declaredExtracts,
  manifestExcerpt,
  partnerConfigIssues,
  publishedExtracts,
} from './partner-extracts.ts';
import { writeSeeds } from './seeds.ts';
import { loadSurveys } from './surveys.ts';

export interface RunOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Run from this stage on, reusing the tables earlier stages wrote in a previous run. */
  readonly from?: StageName;
  /** Run just this stage. */
  readonly only?: StageName;
  /** Reload inputs even when none changed since the last load. */
  readonly reload?: boolean;
  readonly runId?: string;
  /** Version of the code, e.g. `0.1.0+abc1234`; the models hash is added here. */
  readonly version: { readonly version: string; readonly git?: string };
  readonly chromiumPath: string;
  /** Folder with `sql/` and `reports/` (default: the package). */
  readonly projectRoot?: string;
}

const LAYER_OF: Partial<Record<StageName, Layer>> = {
  stage: 'staging',
  model: 'intermediate',
  metrics: 'marts',
};

/** `20261125T110503Z-3f9a`: sortable by start time, unique across concurrent machines. */
export function newRunId(at: Date): string {
  return `${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;
}

/** Which stages a run executes, from `--from` / `--only`. */
export function stagesToRun(from?: StageName, only?: StageName): Set<StageName> {
  if (from && only) throw new SiError('E_USAGE', 'use --from or --only, not both');
  if (only) return new Set([only]);
  const start = from ? STAGES.indexOf(from) : 0;
  return new Set(STAGES.slice(start));
}

/**
 * Run a pipeline: ingest, stage, model, metrics, check, publish. Returns the run manifest, whose status says
 * whether the run succeeded; a failed stage stops the run and leaves the previously published outputs in
 * place. Throws only when no run could start (configuration, lock, warehouse).
 *
 * @example
 * const manifest = await runPipeline(await loadPipelineConfig('pipelines/demo.yaml'), { clock: systemClock, logger, ... });
 * if (manifest.status !== 'succeeded') process.exitCode = 1;
 */
export async function runPipeline(config: PipelineConfig, options: RunOptions): Promise<RunManifest> {
  const { clock, logger } = options;
  const root = options.projectRoot ?? PROJECT_ROOT;
  const selected = stagesToRun(options.from, options.only);
  const started = clock.now();
  const runId = options.runId ?? newRunId(started);
  const lock = await acquireRunLock(
    `${config.warehouse.path}.lock`,
    { runId, startedAt: started.toISOString() },
    logger.warn,
  );
  let warehouse: Warehouse | undefined;
  try {
    await claimOutputs(config.outputs.dir, config.name);
    warehouse = await openWarehouse(config.warehouse);
    const project = await compileProject(`${root}sql`, warehouse.dialect);
    const checks = compileChecks(project.models, project.renderer, config.checks.severities);
    const unknown = unknownCheckIds(checks, Object.keys(config.checks.severities));
    if (unknown.length) {
      throw new SiError('E_CONFIG_INVALID', `${displayPath(config.file)}: unknown check id(s)`, {
        issues: unknown.map((i) => ({ ...i, file: displayPath(config.file) })),
      });
    }
    // Partners select from the run's extracts: a misnamed extract or column fails now, not after the run.
    const partnerProblems = await partnerConfigIssues(config, project);
    if (partnerProblems.length) {
      throw new SiError(
        'E_CONFIG_INVALID',
        `${displayPath(config.file)}: ${partnerProblems.length} problem(s) with the partner extracts`,
        { issues: partnerProblems },
      );
    }
    await ensureMetaTables(warehouse);
    const others = await otherPipelines(warehouse, config.name);
    if (others.length) {
      throw new SiError(
        'E_CONFIG_INVALID',
        `the warehouse ${displayPath(config.warehouse.path)} holds the runs of pipeline ${others.join(', ')}, not ${config.name}`,
        { hint: 'give each pipeline its own warehouse.path (their tables would overwrite each other)' },
      );
    }
    const modelsHash = await hashTrees(root, ['sql', 'reports']);
    const manifest: RunManifest = {
      manifestVersion: 1,
      runId,
      pipeline: { name: config.name, file: displayPath(config.file), configHash: config.hash },
      code: { ...options.version, modelsHash },
      requested: {
        ...(options.from ? { from: options.from } : {}),
        ...(options.only ? { only: options.only } : {}),
      },
      startedAt: started.toISOString(),
      status: 'running',
      stages: STAGES.map((name) => ({ name, status: 'skipped', rows: {} })),
      inputs: [],
      rejects: [],
      rejectsTotal: 0,
      models: [],
      checks: [],
      outputs: [],
    };
    await recordRun(warehouse, manifest);
    // What model tables are built from: reusing them (--from, --only) is safe only while this is unchanged.
    const buildHash = sha256(stableStringify({ partnership: config.partnership, models: modelsHash }));
    const run = new Run(config, options, warehouse, project, checks, manifest, root, buildHash);
    return await run.execute(selected);
  } finally {
    try {
      await warehouse?.close();
    } finally {
      await lock.release();
    }
  }
}

class Run {
  private staged: Awaited<ReturnType<typeof stageOutputs>> | undefined;

  constructor(
    private readonly config: PipelineConfig,
    private readonly options: RunOptions,
    private readonly warehouse: Warehouse,
    private readonly project: CompiledProject,
    private readonly checks: readonly CompiledCheck[],
    private readonly manifest: RunManifest,
    private readonly root: string,
    private readonly buildHash: string,
  ) {}

  async execute(selected: ReadonlySet<StageName>): Promise<RunManifest> {
    const { logger } = this.options;
    const m = this.manifest;
    logger.info(`run ${m.runId} of ${this.config.name}: ${[...selected].join(' → ')}`);
    if (this.config.surveys) {
      for (const weaker of weakerDisclosure(this.config.disclosure))
        logger.warn(`${weaker} (weaker than the default; employers' answers are confidential)`);
    }
    if (this.options.reload && !selected.has('ingest'))
      logger.warn('--reload has no effect: this run does not ingest');
    try {
      await this.requireEarlierTables(selected);
      await writeSeeds(this.warehouse, this.config);
      for (const name of STAGES) {
        const record = m.stages.find((s) => s.name === name)!;
        if (!selected.has(name)) {
          if (STAGES.indexOf(name) < Math.min(...[...selected].map((s) => STAGES.indexOf(s)))) {
            record.status = 'reused';
            if (name === 'ingest') await this.noteReusedInputs(record);
          }
          continue;
        }
        const at = performance.now();
        record.startedAt = this.options.clock.now().toISOString();
        try {
          await this.stage(name, record, selected);
          record.status = 'succeeded';
        } catch (error) {
          record.status = 'failed';
          throw error;
        } finally {
          record.ms = Math.round(performance.now() - at);
          logger.info(
            `${record.status === 'succeeded' ? '✓' : '✗'} ${name.padEnd(8)} ${formatMs(record.ms)}${record.detail ? `  ${record.detail}` : ''}`,
          );
        }
      }
      m.status = 'succeeded';
      this.finish();
      if (this.staged) {
        m.outputs = [...this.staged.files];
        m.publishedTo = displayPath(`${this.config.outputs.dir}/runs/${m.runId}`);
        await commitOutputs(
          this.staged,
          this.config.outputs.dir,
          m.runId,
          manifestJson(m),
          this.config.outputs.keepRuns,
          this.options.logger.warn,
        );
      }
    } catch (error) {
      m.status = 'failed';
      this.finish();
      m.error = errorRecord(error);
      logger.debug((error as Error).stack ?? String(error));
      await writeFailedManifest(this.config.outputs.dir, m.runId, manifestJson(m)).catch(() => undefined);
    } finally {
      await recordRun(this.warehouse, m);
    }
    return m;
  }

  private finish(): void {
    const finished = this.options.clock.now();
    this.manifest.finishedAt = finished.toISOString();
    this.manifest.durationMs = finished.getTime() - Date.parse(this.manifest.startedAt);
  }

  private async stage(name: StageName, record: StageRecord, selected: ReadonlySet<StageName>): Promise<void> {
    const layer = LAYER_OF[name];
    if (name === 'ingest') return this.ingest(record);
    if (layer) {
      // Survey estimates (computed in TypeScript from staging and intermediate tables) come first, so SQL
      // marts can set them beside the public data.
      const builds: { name: string; layer: string; rows: number; ms: number }[] =
        layer === 'marts' ? await this.buildSurveyEstimates() : [];
      builds.push(...(await buildLayer(this.warehouse, this.project, layer, this.options.logger)));
      await recordTableBuilds(
        this.warehouse,
        builds.map((b) => b.name),
        {
          runId: this.manifest.runId,
          buildHash: this.buildHash,
          builtAt: this.options.clock.now().toISOString(),
        },
      );
      for (const b of builds) record.rows[b.name] = b.rows;
      this.manifest.models.push(...builds);
      record.detail = `${builds.length} model(s), ${builds.reduce((n, b) => n + b.rows, 0).toLocaleString('en-US')} rows`;
      return;
    }
    if (name === 'check') return this.check(record);
    if (name === 'publish') {
      // Publishing is gated on the checks: run them now if this run did not.
      if (!selected.has('check')) await this.check(record);
      return this.publish(record);
    }
  }

  private async ingest(record: StageRecord): Promise<void> {
    await this.ingestQcew(record);
    for (const source of TABULAR_SOURCES) await this.ingestTabular(record, source);
    const result = await loadSurveys(this.warehouse, this.config, this.options.logger, this.manifest.runId);
    if (result) {
      for (const t of result.tables) record.rows[t.name] = t.rows;
      const kinds = (kind: string) => result.notes.filter((n) => n.kind === kind).length;
      this.manifest.surveys = {
        read: {
          waves: result.waves,
          rejectedCells: kinds('rejected'),
          flaggedCells: kinds('flagged'),
          responsesLeftOut: kinds('response'),
          socMethods: result.socMethods,
          titlesToReview: result.socReview.length,
        },
        weighting: [],
      };
      const complete = result.waves.reduce((n, w) => n + w.responses.complete, 0);
      record.detail += `; ${complete} complete survey response(s) in ${result.waves.length} wave(s)`;
    }
  }

  /** Survey estimates: weights and variances in TypeScript, written as the survey marts. */
  private async buildSurveyEstimates(): Promise<
    { name: string; layer: 'marts'; rows: number; ms: number }[]
  > {
    const started = performance.now();
    const progress = this.options.logger.progress('  survey estimates');
    const estimation = this.config.surveys?.estimation ?? {
      minRespondents: 3,
      maxRse: 0.5,
      minCellRespondents: 3,
    };
    const { disclosure } = this.config;
    const { tables, waves } = await buildSurveyMarts(
      this.warehouse,
      {
        ...estimation,
        disclosure: {
          rules: {
            minContributors: disclosure.minContributors,
            // The schema allows only 1 or 2.
            dominance: disclosure.dominance && {
              n: disclosure.dominance.n as 1 | 2,
              k: disclosure.dominance.k,
            },
            pPercent: disclosure.pPercent,
          },
          protection: disclosure.protection,
          complementary: disclosure.complementary,
          rounding: disclosure.rounding,
        },
      },
      this.manifest.runId,
    );
    if (this.config.surveys) this.manifest.surveys = { ...this.manifest.surveys, weighting: waves };
    const ms = Math.round(performance.now() - started);
    progress.done(`${tables.map((t) => `${t.name} ${t.rows}`).join(', ')} in ${ms} ms`);
    return tables.map((t) => ({ name: t.name, layer: 'marts' as const, rows: t.rows, ms }));
  }

  private async ingestQcew(record: StageRecord): Promise<void> {
    const { logger } = this.options;
    const plan = await planQcew(this.config.inputs.qcew, displayPath);
    if (plan.missing.length) {
      throw new SiError('E_INPUT_NOT_FOUND', 'input files not found', { issues: plan.missing });
    }
    const tablesExist = (
      await Promise.all(Object.values(QCEW_RAW_TABLES).map((t) => this.warehouse.tableExists(t)))
    ).every(Boolean);
    const reuse = await this.reusable(record, 'qcew', plan, tablesExist, hashPlan);
    if ('reusedFrom' in reuse) {
      record.detail = `inputs unchanged since run ${reuse.reusedFrom}; reused its tables (--reload to load again)`;
      return;
    }
    const result = await loadQcew(reuse, { warehouse: this.warehouse, logger, tag: this.manifest.runId });
    record.detail = await this.finishLoad(record, 'qcew', 'QCEW', result, () => this.checkCoverage());
  }

  /**
   * What every load ends with: its inputs and rejects into the manifest; when a file failed, an error naming
   * every problem (nothing was replaced); else `verify`, the rows per table, and the load recorded for reuse.
   * Returns the stage detail for the source.
   */
  private async finishLoad(
    record: StageRecord,
    source: string,
    label: string,
    result: {
      readonly ok: boolean;
      readonly files: readonly (LoadedFile | LoadedTabularFile)[];
      readonly tables: readonly { readonly name: string; readonly rows: number }[];
      readonly issues: readonly Issue[];
      readonly problems: number;
    },
    verify?: () => Promise<void>,
  ): Promise<string> {
    const inputs = result.files.map((f) => inputRecord(source, f, this.manifest.runId));
    this.noteInputs(inputs, result.issues, result.problems);
    if (!result.ok) {
      const rejected = result.files.filter((f) => f.status === 'rejected').length;
      throw new SiError(
        'E_INPUT_INVALID',
        `${rejected} ${label} file(s) rejected (${result.problems} problem(s)); nothing was replaced in the warehouse`,
        {
          issues: result.issues,
          hint: 'fix or remove the files, or set onBadFile: skip on their input group to load the rest',
        },
      );
    }
    await verify?.();
    const tables = Object.fromEntries(result.tables.map((t) => [t.name, t.rows]));
    Object.assign(record.rows, tables);
    await this.recordSourceLoad(source, result, tables, inputs, result.issues, result.problems);
    const total = result.tables.reduce((n, t) => n + t.rows, 0);
    const loaded = result.files.filter((f) => f.status === 'loaded').length;
    return `${total.toLocaleString('en-US')} rows from ${loaded} ${label} file(s)`;
  }

  /**
   * Load one public source through the generic loader. A source the pipeline does not name gets its raw tables
   * created empty, so models read it as "no data" rather than failing.
   */
  private async ingestTabular(record: StageRecord, source: TabularSource): Promise<void> {
    const { logger } = this.options;
    const groups = (this.config.inputs as Record<string, typeof this.config.inputs.qcew | undefined>)[
      source.id
    ];
    if (!groups?.length) {
      await createEmptyTables(this.warehouse, source);
      return;
    }
    let plan: TabularPlan | undefined;
    try {
      plan = await planTabular(source, groups, displayPath);
      if (plan.missing.length) {
        throw new SiError('E_INPUT_NOT_FOUND', 'input files not found', { issues: plan.missing });
      }
      const tablesExist = (
        await Promise.all(source.tables.map((t) => this.warehouse.tableExists(t.name)))
      ).every(Boolean);
      const reuse = await this.reusable(record, source.id, plan, tablesExist, hashTabularPlan);
      if ('reusedFrom' in reuse) {
        record.detail += `; ${source.label} inputs unchanged, reused`;
        return;
      }
      const result = await loadTabular(reuse, {
        warehouse: this.warehouse,
        logger,
        tag: this.manifest.runId,
      });
      record.detail += `; ${await this.finishLoad(record, source.id, source.label, result)}`;
    } finally {
      if (plan) await disposePlan(plan);
    }
  }

  /**
   * Whether a source's last load can be reused: files whose size and time match the last load are hashed, and
   * the load is reused only when every sha256 matches too. Returns the run reused (inputs and rejects of that load
   * are noted in this run's manifest), or the plan to load (hashed when hashing was needed anyway).
   */
  private async reusable<
    P extends { files: readonly ReuseFile[] },
    H extends P & { files: readonly HashedReuseFile[] },
  >(
    record: StageRecord,
    source: string,
    plan: P,
    tablesExist: boolean,
    hash: (plan: P) => Promise<H>,
  ): Promise<{ reusedFrom: string } | P> {
    const previous = await lastLoad(this.warehouse, this.config.name, source);
    if (
      this.options.reload ||
      !previous ||
      !tablesExist ||
      previous.statFingerprint !== statFingerprint(plan)
    ) {
      return plan;
    }
    const hashed = await hash(plan);
    if (previous.fingerprint !== contentFingerprint(hashed)) return hashed;
    this.reuseLoad(previous);
    Object.assign(record.rows, previous.tables);
    this.options.logger.info(
      `ingest ${source}: ${plan.files.length} file(s) unchanged since run ${previous.runId}, not reloaded`,
    );
    return { reusedFrom: previous.runId };
  }

  private async recordSourceLoad(
    source: string,
    files: { files: readonly HashedReuseFile[] },
    tables: Record<string, number>,
    inputs: readonly InputRecord[],
    issues: readonly Issue[],
    problems: number,
  ): Promise<void> {
    await recordLoad(this.warehouse, this.config.name, source, {
      runId: this.manifest.runId,
      loadedAt: this.options.clock.now().toISOString(),
      fingerprint: contentFingerprint(files),
      statFingerprint: statFingerprint(files),
      tables,
      inputs,
      rejects: issues.slice(0, 1000),
      rejectsTotal: problems,
    });
  }

  /** Without an ingest stage, the run's inputs are those of the last loads, which its tables hold. */
  private async noteReusedInputs(record: StageRecord): Promise<void> {
    const runs = new Set<string>();
    for (const source of ['qcew', ...TABULAR_SOURCES.map((s) => s.id)]) {
      const previous = await lastLoad(this.warehouse, this.config.name, source);
      if (!previous) continue;
      this.reuseLoad(previous);
      Object.assign(record.rows, previous.tables);
      runs.add(previous.runId);
    }
    if (runs.size) record.detail = `tables from the load(s) of run ${[...runs].join(', ')}`;
  }

  /** The run's inputs and rejects include those of each load whose tables it uses. */
  private reuseLoad(previous: LoadRecord): void {
    this.noteInputs(previous.inputs, previous.rejects, previous.rejectsTotal);
  }

  /** The configured counties and reference area must be in what was loaded, or the numbers would be wrong. */
  private async checkCoverage(): Promise<void> {
    const issues = await coverageIssues(this.warehouse, this.config);
    if (issues.length) {
      throw new SiError(
        'E_INPUT_INVALID',
        'the inputs do not cover the configured region and reference area',
        {
          issues,
          hint: 'add the missing QCEW files to the inputs, or correct the codes in the pipeline',
        },
      );
    }
  }

  private noteInputs(inputs: readonly InputRecord[], issues: readonly Issue[], total: number): void {
    this.manifest.inputs.push(...inputs);
    this.manifest.rejects.push(...issues.slice(0, Math.max(0, 1000 - this.manifest.rejects.length)));
    this.manifest.rejectsTotal += total;
  }

  private async check(record: StageRecord): Promise<void> {
    const results = await runChecks(this.warehouse, this.checks, this.config.checks.sampleSize);
    this.manifest.checks = results;
    const failed = results.filter((r) => r.status !== 'pass');
    for (const r of failed) {
      const what = r.status === 'error' ? `could not run: ${r.message}` : `${r.failing} failing row(s)`;
      this.options.logger.warn(`check ${r.id} (${r.severity}): ${what}`);
    }
    const blocking = failed.filter((r) => r.severity === 'error');
    const warnings = failed.length - blocking.length;
    record.detail = `${results.length - failed.length}/${results.length} passed${blocking.length ? `, ${blocking.length} failed` : ''}${warnings ? `, ${warnings} warning(s)` : ''}`;
    if (blocking.length) {
      throw new SiError(
        'E_CHECK_FAILED',
        `${blocking.length} error check(s) failed: ${blocking.map((b) => b.id).join(', ')}; nothing was published`,
      );
    }
  }

  /** The extracts this run publishes (see `publishedExtracts`), and the partners selecting from them, checked. */
  private async modelExtracts() {
    const extracts = await publishedExtracts(
      this.warehouse,
      this.project,
      this.manifest.inputs,
      this.config.surveys?.waves.map((w) => w.wave) ?? [],
    );
    const partners = this.config.extracts?.partners ?? [];
    if (partners.length) await checkPartners(this.config, partners, extracts, declaredExtracts(this.project));
    return { extracts, partners };
  }

  private async publish(record: StageRecord): Promise<void> {
    const { config, manifest } = this;
    const vintages = [...new Set(config.inputs.qcew.map((g) => g.vintage))];
    const { extracts, partners } = await this.modelExtracts();
    this.staged = await stageOutputs({
      warehouse: this.warehouse,
      outputsDir: config.outputs.dir,
      runId: manifest.runId,
      templatesDir: `${this.root}reports`,
      report: {
        title: config.report.title ?? config.partnership.name,
        partnershipName: config.partnership.name,
        industryName: config.partnership.industry.name,
        regionName: config.partnership.region.name,
        naics: config.partnership.industry.naics,
        counties: config.partnership.region.counties,
        period: config.report.period,
        vintages,
      },
      reportContext: {
        runId: manifest.runId,
        generatedAt: this.options.clock.now(),
        checks: manifest.checks,
        inputFiles: manifest.inputs.length,
        inputRows: manifest.inputs.reduce((n, i) => n + i.rows, 0),
        sources: sourceNotes(manifest.inputs),
      },
      extracts,
      vintage: vintages.join('; '),
      rejects: manifest.rejects,
      pdf: config.outputs.pdf,
      chromiumPath: this.options.chromiumPath,
      warn: this.options.logger.warn,
    });
    for (const f of this.staged.files) record.rows[f.path] = f.bytes;
    record.detail = `${this.staged.files.length} file(s)`;
    await this.auditDisclosure(record);
    // After the audit, so the partners' manifest excerpt has its summary; partner tables only narrow the
    // audited extracts, so they give nothing more away.
    if (partners.length) {
      this.staged = await stagePartners(this.staged!, {
        warehouse: this.warehouse,
        extracts,
        partners,
        excerpt: manifestExcerpt(manifest),
        warn: this.options.logger.warn,
      });
      for (const f of this.staged.files) record.rows[f.path] = f.bytes;
      record.detail += `; ${partners.length} partner folder(s)`;
    }
  }

  /**
   * Audit the staged files as a reader would see them; a withheld survey cell they give away fails the run,
   * and the staged files are removed, so the last good outputs stay published.
   */
  private async auditDisclosure(record: StageRecord): Promise<void> {
    const { disclosure } = this.config;
    const audit = await auditPublishedOutputs(
      this.staged!.dir,
      this.warehouse,
      SURVEY_DISCLOSURE_TABLE,
      disclosure.protection,
    );
    this.manifest.disclosure = {
      rules: {
        minContributors: disclosure.minContributors,
        dominance: disclosure.dominance,
        pPercent: disclosure.pPercent === null ? 'off' : 'on',
        complementary: disclosure.complementary,
        rounding: disclosure.rounding,
      },
      audit,
    };
    if (audit.status === 'not_applicable') return;
    const withheld = Object.values(audit.suppressed).reduce((n, k) => n + k, 0);
    record.detail += `; disclosure audit ${audit.status}: ${audit.cells} survey cells, ${withheld} withheld`;
    if (audit.status === 'failed') {
      const staged = this.staged!;
      this.staged = undefined;
      await rm(staged.dir, { recursive: true, force: true });
      throw new SiError(
        'E_DISCLOSURE',
        `the disclosure audit recovered ${audit.findings.length} withheld survey cell(s) from the published files; nothing was published${audit.findings.length > 25 ? " (the first 25 are listed; the failed run's manifest has them all)" : ''}`,
        {
          issues: audit.findings.slice(0, 25).map((f) => ({
            code: 'E_DISCLOSURE',
            file: f.file,
            message: `${f.cell}: ${f.problem}`,
          })),
          hint: 'keep disclosure.complementary on, and the rules at their defaults or stricter',
        },
      );
    }
  }

  /**
   * With --from or --only, the stages skipped must have left their tables from an earlier run, built from
   * the same partnership settings and SQL models as this run's.
   */
  private async requireEarlierTables(selected: ReadonlySet<StageName>): Promise<void> {
    const first = Math.min(...[...selected].map((s) => STAGES.indexOf(s)));
    if (first === 0) return;
    const builds = await tableBuilds(this.warehouse);
    const missing: string[] = [];
    const stale: string[] = [];
    for (const name of STAGES.slice(0, first)) {
      if (name === 'ingest') {
        for (const table of [...Object.values(QCEW_RAW_TABLES), ...Object.values(SURVEY_TABLES)]) {
          if (!(await this.warehouse.tableExists(table))) missing.push(table);
        }
      }
      const layer = LAYER_OF[name];
      for (const model of this.project.models.filter((mo) => layer && mo.layer === layer)) {
        const build = builds.get(model.name);
        if (!build || !(await this.warehouse.tableExists(model.name))) missing.push(model.name);
        else if (build.buildHash !== this.buildHash) stale.push(`${model.name} (run ${build.runId})`);
      }
    }
    const start = `cannot start at "${STAGES[first]}"`;
    if (missing.length) {
      throw new SiError(
        'E_STAGE_ORDER',
        `${start}: tables from earlier stages are missing (${missing.join(', ')})`,
        {
          hint: 'run the whole pipeline once first',
        },
      );
    }
    if (stale.length) {
      throw new SiError(
        'E_STAGE_ORDER',
        `${start}: ${stale.join(', ')} were built from other partnership settings or SQL models than this run's`,
        { hint: 'run from an earlier stage (or the whole pipeline) so they are rebuilt' },
      );
    }
  }
}

function inputRecord(source: string, f: LoadedFile | LoadedTabularFile, runId: string): InputRecord {
  return {
    source,
    path: f.display,
    vintage: f.vintage,
    sha256: f.sha256,
    bytes: f.bytes,
    layout: f.layout?.id ?? null,
    rows: f.rows,
    status: f.status,
    problems: f.problems,
    loadedBy: runId,
  };
}

/** What the methodology says of each public source loaded (QCEW has its own paragraph). */
const SOURCE_NOTES: Readonly<Record<string, { label: string; description: string; credit?: string }>> = {
  oews: {
    label: 'Occupational Employment and Wage Statistics',
    description:
      "U.S. Bureau of Labor Statistics, OEWS: employment and wage percentiles by occupation, and national staffing patterns (occupations' shares of each industry's jobs).",
  },
  projections: {
    label: 'Employment Projections',
    description:
      'U.S. Bureau of Labor Statistics, Employment Projections: projected employment, labor-force exits, occupational transfers and openings by occupation (and state long-term projections where given).',
  },
  onet: {
    label: 'O*NET',
    description:
      'O*NET database: importance and level of skills and knowledge, Job Zones and related occupations.',
    credit:
      'This report includes information from the O*NET Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA.',
  },
  ipeds: {
    label: 'IPEDS',
    description:
      'National Center for Education Statistics, IPEDS: completions by program (CIP) and award level, and the institutional directory.',
  },
  codes: {
    label: 'Code lists and crosswalks',
    description:
      'NCES CIP 2020 to SOC 2018 crosswalk, CIP 2020, BLS SOC 2018, Census NAICS 2022 and county FIPS code lists.',
  },
};

function sourceNotes(inputs: readonly InputRecord[]) {
  return Object.entries(SOURCE_NOTES).flatMap(([source, note]) => {
    const vintages = [
      ...new Set(inputs.filter((i) => i.source === source && i.status === 'loaded').map((i) => i.vintage)),
    ];
    return vintages.length
      ? [{ source, ...note, credit: note.credit ?? null, vintages: vintages.join('; ') }]
      : [];
  });
}

interface ReuseFile {
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly onBadFile: string;
}

interface HashedReuseFile extends ReuseFile {
  readonly sha256: string;
}

function statFingerprint(plan: { files: readonly ReuseFile[] }): string {
  return sha256(stableStringify(plan.files.map((f) => [f.path, f.bytes, f.mtimeMs, f.onBadFile])));
}

function contentFingerprint(plan: { files: readonly HashedReuseFile[] }): string {
  return sha256(stableStringify(plan.files.map((f) => [f.path, f.sha256, f.onBadFile])));
}

function errorRecord(error: unknown): RunManifest['error'] {
  if (error instanceof SiError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.issues.length ? { issues: error.issues.slice(0, 1000) } : {}),
    };
  }
  return { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

function manifestJson(manifest: RunManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms`.padStart(8) : `${(ms / 1000).toFixed(1)} s`.padStart(8);
}
