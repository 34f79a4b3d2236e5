import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Clock, Logger } from '../effects.ts';
import { type Issue, SiError } from '../errors.ts';
import { type CompiledProject, compileProject } from '../models/build.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { INDUSTRY_PROFILE_EXTRACT, modelExtractSpec } from '../publish/extract.ts';
import {
  buildPartnerFiles,
  type ExtractRowsCache,
  type ManifestExcerpt,
  type Partner,
  type PartnerIssue,
  type PublishedExtract,
  partnerIssues,
  replacePartnerFolder,
  type SelectableExtract,
} from '../publish/partner.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { hashTrees } from '../util/tree-hash.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { configPosition, displayPath, type PipelineConfig } from './config.ts';
import { listRuns, readManifest, tableBuilds } from './history.ts';
import { acquireRunLock } from './lock.ts';
import type { InputRecord, RunManifest } from './manifest.ts';

/**
 * The extracts a run publishes, with the vintages of the inputs each comes from: the industry profile, and
 * each mart declaring `extract:` whose inputs the run loaded (a QCEW-only pipeline has no supply or openings
 * extract: they would be empty). Runs publish these; `sector-insights extract` selects from the same.
 */
export async function publishedExtracts(
  warehouse: Warehouse,
  project: CompiledProject,
  inputs: readonly InputRecord[],
  /** The survey waves the run estimated: extracts that need `survey` are published when there are some. */
  surveyWaves: readonly string[] = [],
): Promise<PublishedExtract[]> {
  const vintagesOf = (sources: ReadonlySet<string>) =>
    [
      ...new Set(inputs.filter((i) => sources.has(i.source)).map((i) => `${i.source} ${i.vintage}`)),
      ...(sources.has('survey') && surveyWaves.length ? [`survey waves ${surveyWaves.join(', ')}`] : []),
    ].join('; ');
  const profileModel = project.models.find((m) => m.name === INDUSTRY_PROFILE_EXTRACT.model)!;
  const out: PublishedExtract[] = [
    {
      spec: INDUSTRY_PROFILE_EXTRACT,
      model: profileModel,
      vintage: [...new Set(inputs.filter((i) => i.source === 'qcew').map((i) => i.vintage))].join('; '),
    },
  ];
  const loaded = new Set([...inputs.map((i) => i.source), ...(surveyWaves.length ? ['survey'] : [])]);
  for (const model of project.models.filter((m) => m.meta.extract)) {
    const sources = new Set(model.meta.extract!.inputs);
    if (![...sources].every((source) => loaded.has(source))) continue;
    out.push({ spec: await modelExtractSpec(warehouse, model), model, vintage: vintagesOf(sources) });
  }
  return out;
}

/** Every extract the models declare, with the inputs it needs, to say why a run does not publish one. */
export function declaredExtracts(project: CompiledProject): Map<string, readonly string[]> {
  return new Map([
    [INDUSTRY_PROFILE_EXTRACT.name, ['qcew']],
    ...project.models.flatMap((m) =>
      m.meta.extract ? [[m.meta.extract.name, m.meta.extract.inputs] as const] : [],
    ),
  ]);
}

/**
 * What partners are told of a run: fields of its manifest fixed before it publishes, so a folder the run
 * writes and one rebuilt later from its stored manifest are the same.
 */
export function manifestExcerpt(manifest: RunManifest): ManifestExcerpt {
  const publish = manifest.stages.find((s) => s.name === 'publish');
  const disclosure = manifest.disclosure;
  const waves = manifest.surveys?.read?.waves;
  return {
    runId: manifest.runId,
    generatedAt: publish?.startedAt ?? manifest.startedAt,
    // File names without the folders they sat in on the machine that ran the pipeline.
    pipeline: { ...manifest.pipeline, file: basename(manifest.pipeline.file) },
    code: manifest.code,
    inputs: manifest.inputs.map((i) => ({
      source: i.source,
      file: basename(i.path),
      vintage: i.vintage,
      rows: i.rows,
      sha256: i.sha256,
    })),
    ...(waves?.length
      ? { surveys: waves.map((w) => ({ wave: w.wave, file: basename(w.file), sha256: w.sha256 })) }
      : {}),
    // Its public rules and the audit's outcome; not the audit's timing, which differs run to run.
    ...(disclosure
      ? {
          disclosure: {
            rules: disclosure.rules,
            ...(disclosure.audit
              ? {
                  audit: {
                    status: disclosure.audit.status,
                    cells: disclosure.audit.cells,
                    suppressed: disclosure.audit.suppressed,
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * What can be checked of the partners before a run loads anything: each table names an extract the models
 * declare whose inputs the pipeline configures, and its columns and filter columns are the extract's (from
 * the model's description). Located in the pipeline file. Filter values are checked against the built
 * tables' types when the run publishes (`checkPartners`).
 */
export async function partnerConfigIssues(
  config: PipelineConfig,
  project: CompiledProject,
): Promise<Issue[]> {
  const partners = config.extracts?.partners ?? [];
  if (partners.length === 0) return [];
  const declared = declaredExtracts(project);
  const configured = new Set([
    ...Object.entries(config.inputs)
      .filter(([, groups]) => groups && groups.length > 0)
      .map(([source]) => source),
    ...(config.surveys?.waves.length ? ['survey'] : []),
  ]);
  const columnsOf = (names: readonly string[]) => names.map((name) => ({ name }));
  const available = new Map<string, SelectableExtract>(
    [
      { spec: { name: INDUSTRY_PROFILE_EXTRACT.name, columns: INDUSTRY_PROFILE_EXTRACT.columns } },
      ...project.models.flatMap((m) =>
        m.meta.extract
          ? [{ spec: { name: m.meta.extract.name, columns: columnsOf(Object.keys(m.meta.columns)) } }]
          : [],
      ),
    ]
      .filter((e) => declared.get(e.spec.name)!.every((source) => configured.has(source)))
      .map((e) => [e.spec.name, e]),
  );
  return locatePartnerIssues(config, partnerIssues(partners, available, declared));
}

/**
 * Check a pipeline's partners against the extracts a run publishes; every problem is reported, located in
 * the pipeline file.
 */
export async function checkPartners(
  config: PipelineConfig,
  partners: readonly Partner[],
  published: readonly PublishedExtract[],
  declared: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  const found = partnerIssues(partners, new Map(published.map((e) => [e.spec.name, e])), declared);
  if (found.length === 0) return;
  throw new SiError(
    'E_CONFIG_INVALID',
    `${displayPath(config.file)}: ${found.length} problem(s) with the partner extracts`,
    {
      issues: await locatePartnerIssues(config, found),
      hint: "partners select from the run's published extracts (see extracts/ of a run and their dictionaries)",
    },
  );
}

/** Partner problems as issues at their line and column in the pipeline file. */
async function locatePartnerIssues(config: PipelineConfig, found: readonly PartnerIssue[]): Promise<Issue[]> {
  if (found.length === 0) return [];
  const text = await readFile(config.file, 'utf8').catch(() => '');
  const file = displayPath(config.file);
  return found.map((issue) => ({
    code: 'partner_extract',
    file,
    ...(text ? configPosition(text, issue.path) : {}),
    message: issue.message,
  }));
}

export interface RebuildOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Rebuild this partner only (default: all). */
  readonly partner?: string;
  /** Folder with `sql/` and `reports/` (default: the package). */
  readonly projectRoot?: string;
}

export interface RebuiltPartner {
  readonly id: string;
  readonly dir: string;
  readonly files: readonly string[];
}

/**
 * `sector-insights extract`: rebuild partner folders from the last good run, in its folder
 * (`runs/<run id>/partners/<id>/`, each replaced atomically). Refused when there is no good run, or when a
 * table the partners read was rebuilt by a later run (the warehouse no longer holds what that run published).
 */
export async function rebuildPartnerExtracts(
  config: PipelineConfig,
  options: RebuildOptions,
): Promise<{ runId: string; partners: RebuiltPartner[] }> {
  const file = displayPath(config.file);
  const all = config.extracts?.partners ?? [];
  if (all.length === 0) {
    throw new SiError('E_CONFIG_INVALID', `${file} names no partner extracts`, {
      hint: 'add an `extracts: { partners: [...] }` section (see the README)',
    });
  }
  const partners = options.partner ? all.filter((p) => p.id === options.partner) : all;
  if (partners.length === 0) {
    const hint = didYouMean(
      options.partner!,
      all.map((p) => p.id),
    );
    throw new SiError(
      'E_USAGE',
      `no partner "${options.partner}" in ${file}${hint ? ` (did you mean "${hint}"?)` : ''}; partners: ${all.map((p) => p.id).join(', ')}`,
    );
  }
  const root = options.projectRoot ?? PROJECT_ROOT;
  // Runs move and prune the published folders: never write into them while one is going on.
  const lock = await acquireRunLock(
    `${config.warehouse.path}.lock`,
    { runId: `extract-${process.pid}`, startedAt: options.clock.now().toISOString() },
    options.logger.warn,
  );
  try {
    const { openReadOnly } = await import('./read-only.ts');
    const warehouse = await openReadOnly(config);
    try {
      const { manifest, runs } = await lastGoodRun(warehouse, config);
      const runDir = join(config.outputs.dir, 'runs', manifest.runId);
      if (!existsSync(runDir)) {
        throw new SiError(
          'E_STAGE_ORDER',
          `the outputs of run ${manifest.runId}, the last good run, are gone (${displayPath(runDir)})`,
          { hint: `run the pipeline to publish again: sector-insights run ${file}` },
        );
      }
      const project = await compileProject(`${root}sql`, warehouse.dialect);
      const outputs = new Set(manifest.outputs.map((o) => o.path));
      const published = (
        await publishedExtracts(
          warehouse,
          project,
          manifest.inputs,
          manifest.surveys?.weighting.map((w) => w.wave) ?? [],
        )
      ).filter((e) => outputs.has(`extracts/${e.spec.name}.csv`));
      await checkPartners(config, partners, published, declaredExtracts(project));
      const byName = new Map(published.map((e) => [e.spec.name, e]));
      const models = [
        ...new Set(partners.flatMap((p) => p.tables.map((t) => byName.get(t.extract)!.spec.model))),
      ];
      await requireTablesOf(warehouse, manifest.runId, runs, models, file);
      if ((await hashTrees(root, ['sql', 'reports'])) !== manifest.code.modelsHash) {
        options.logger.warn(
          `the SQL models changed since run ${manifest.runId}: the data dictionaries describe the models as they are now`,
        );
      }
      const excerpt = manifestExcerpt(manifest);
      const cache: ExtractRowsCache = new Map();
      const rebuilt: RebuiltPartner[] = [];
      for (const partner of partners) {
        const files = await buildPartnerFiles(warehouse, partner, byName, excerpt, {
          cache,
          warn: options.logger.warn,
        });
        const dir = await replacePartnerFolder(join(runDir, 'partners'), partner.id, files);
        rebuilt.push({ id: partner.id, dir, files: [...files.keys()].sort() });
      }
      return { runId: manifest.runId, partners: rebuilt };
    } finally {
      await warehouse.close();
    }
  } finally {
    await lock.release();
  }
}

/** The latest run that succeeded and published, with the history (newest first) it was found in. */
async function lastGoodRun(
  warehouse: Warehouse,
  config: PipelineConfig,
): Promise<{ manifest: RunManifest; runs: readonly { run_id: string; status: string }[] }> {
  const runs = await listRuns(warehouse, Number.MAX_SAFE_INTEGER);
  for (const run of runs.filter((r) => r.status === 'succeeded')) {
    const manifest = await readManifest(warehouse, run.run_id);
    if (manifest?.publishedTo) return { manifest, runs };
  }
  throw new SiError('E_STAGE_ORDER', `no run of ${config.name} has published yet: nothing to extract from`, {
    hint: `run the pipeline first: sector-insights run ${displayPath(config.file)}`,
  });
}

/**
 * The tables must still be those the good run published from: a table rebuilt by a later run (a failed run
 * that got past the metrics stage, or one that did not publish) holds other data than the run's extracts.
 */
async function requireTablesOf(
  warehouse: Warehouse,
  goodRun: string,
  runs: readonly { run_id: string; status: string }[],
  tables: readonly string[],
  file: string,
): Promise<void> {
  const builds = await tableBuilds(warehouse);
  // Newest first: a build is acceptable when its run is the good run or an older one.
  const order = new Map(runs.map((r, i) => [r.run_id, i]));
  const goodIndex = order.get(goodRun)!;
  const newer: string[] = [];
  for (const table of [...tables].sort()) {
    const build = builds.get(table);
    const index = build ? order.get(build.runId) : undefined;
    if (!build || !(await warehouse.tableExists(table))) newer.push(`${table} (missing)`);
    else if (index === undefined || index < goodIndex) {
      const status = runs[index ?? -1]?.status;
      newer.push(`${table} (rebuilt by run ${build.runId}${status ? `, ${status}` : ''})`);
    }
  }
  if (newer.length) {
    throw new SiError(
      'E_STAGE_ORDER',
      `the warehouse no longer holds what run ${goodRun}, the last good run, published: ${newer.join(', ')}`,
      { hint: `run the pipeline so a good run publishes them again: sector-insights run ${file}` },
    );
  }
}
