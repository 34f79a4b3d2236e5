import { cpSync, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { stringify } from 'yaml';
import { generateDemoLaborMarket } from '../src/demo/labor-market.ts';
import { generateDemoQcew } from '../src/demo/qcew.ts';
import type { QcewRow } from '../src/demo/qcew-writer.ts';
import { writeDemoSocDefinitions } from '../src/demo/soc-titles.ts';
import { generateDemoSurveys } from '../src/demo/survey.ts';
import { memoryLogger } from '../src/effects.ts';
import { type CompiledProject, compileProject } from '../src/models/build.ts';
import { socAggregateRows } from '../src/models/soc-aggregates.ts';
import { SOURCES } from '../src/models/sources.ts';
import { loadPipelineConfig, type PipelineConfig, type PipelineConfigInput } from '../src/pipeline/config.ts';
import { type RunOptions, runPipeline } from '../src/pipeline/runner.ts';
import { PROJECT_ROOT } from '../src/project-root.ts';
import { type Dialect, duckdbDialect } from '../src/warehouse/dialect.ts';
import { DuckdbWarehouse } from '../src/warehouse/duckdb.ts';
import { seedSelect } from '../src/warehouse/seed.ts';

/** The real public data files shared beside the repository (never copied into it). */
export const SHARED_DATA = resolve(import.meta.dirname, '../../shared/data');
export const QCEW_2016 = join(SHARED_DATA, 'qcew/2016_q1-q4_by_area');

/**
 * Whether tests on ../shared/data can run. In CI the folder must be there: its absence fails the suite
 * instead of silently skipping the checks against published figures.
 */
export function sharedDataAvailable(): boolean {
  const present = existsSync(join(SHARED_DATA, 'MANIFEST.tsv'));
  if (!present && process.env['CI'] === 'true') {
    throw new Error(`CI=true but the shared data folder is missing: ${SHARED_DATA}`);
  }
  if (!present) console.warn(`skipping tests on real data: ${SHARED_DATA} is not here`);
  return present;
}

export async function tempDir(prefix = 'si-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The eight counties of the real Michiana region in ../shared/data (Indiana and Michigan). */
export const MICHIANA_COUNTIES = ['18039', '18085', '18087', '18099', '18113', '18141', '26027', '26149'];

/** Manufacturing (31-33) in the real Michiana region, as the tests on the real OEWS files configure it. */
export const MICHIANA_MANUFACTURING: PipelineConfigInput['partnership'] = {
  name: 'Michiana Manufacturing',
  industry: { name: 'Manufacturing', naics: ['31-33'] },
  region: { name: 'Michiana', counties: MICHIANA_COUNTIES },
};

/** What a test sets of a pipeline: its inputs, and any field that replaces `writePipeline`'s default. */
export type PipelineOverrides = Partial<PipelineConfigInput> & Pick<PipelineConfigInput, 'inputs'>;

/** Write a pipeline YAML into a folder and load it. */
export async function writePipeline(dir: string, overrides: PipelineOverrides) {
  const config: PipelineConfigInput = {
    name: 'test',
    partnership: {
      name: 'Test Partnership',
      industry: { name: 'Manufacturing', naics: ['31-33'] },
      region: { name: 'Test Region', counties: MICHIANA_COUNTIES },
      referenceArea: 'US000',
    },
    warehouse: { path: 'warehouse.duckdb' },
    outputs: { dir: 'out', pdf: 'never' },
    ...overrides,
  };
  const file = join(dir, 'pipeline.yaml');
  await writeFile(file, stringify(config));
  return loadPipelineConfig(file);
}

/** A clock that starts at a fixed instant and moves one second each time it is read. */
export function steppingClock(start = '2026-01-15T12:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => {
      const d = new Date(t);
      t += 1000;
      return d;
    },
  };
}

/** Run a pipeline with a fixed clock and captured log. */
export async function runForTest(
  config: Awaited<ReturnType<typeof loadPipelineConfig>>,
  options: Partial<RunOptions> = {},
) {
  const logger = memoryLogger();
  const manifest = await runPipeline(config, {
    clock: steppingClock(),
    logger,
    version: { version: 'test' },
    chromiumPath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    ...options,
  });
  return { manifest, logger };
}

/**
 * For a describe block: run a pipeline once in a fresh folder (after writing `files` into it, by name) and open
 * its warehouse read-only; the run must succeed. Fields are set by the time the tests run.
 */
export function usePipelineRun(
  overrides: (dir: string) => PipelineOverrides,
  options: { files?: () => Record<string, string>; timeout?: number } = {},
) {
  const run = {} as { config: PipelineConfig; warehouse: DuckdbWarehouse; dir: string };
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    run.dir = temp.dir;
    for (const [name, text] of Object.entries(options.files?.() ?? {})) {
      await writeFile(join(temp.dir, name), text);
    }
    run.config = await writePipeline(temp.dir, overrides(temp.dir));
    const { manifest } = await runForTest(run.config);
    expect(manifest.status, JSON.stringify(manifest.error)).toBe('succeeded');
    run.warehouse = await DuckdbWarehouse.open({ path: run.config.warehouse.path, readOnly: true });
  }, options.timeout);
  afterAll(async () => {
    await run.warehouse?.close();
    await cleanup?.();
  });
  return run;
}

/**
 * For a describe block: run a pipeline once on the real 2016 QCEW files of ../shared/data with the given
 * partnership, and open its warehouse read-only. Fields are set by the time the tests run.
 */
export function useRealQcewRun(partnership: PipelineConfigInput['partnership']) {
  return usePipelineRun(() => ({
    inputs: { qcew: { paths: join(QCEW_2016, '*.csv'), vintage: 'QCEW 2016' } },
    partnership,
  }));
}

/** The Michiana counties as a SQL list, for queries in tests. */
export const MICHIANA_SQL_LIST = MICHIANA_COUNTIES.map((c) => `'${c}'`).join(', ');

/** The seed table of SOC codes BLS publishes as aggregates, for tests that build staging models themselves. */
export async function seedSocAggregates(warehouse: DuckdbWarehouse): Promise<void> {
  const { sql, params } = seedSelect(duckdbDialect, SOURCES.soc_aggregates.columns, socAggregateRows());
  await warehouse.createTableAs(SOURCES.soc_aggregates.table, sql, params);
}

/**
 * For a describe block: a fresh folder and DuckDB warehouse for each test, closed and removed after it. `use`
 * receives them before each test (assign them to the block's variables).
 */
export function useTempWarehouse(use: (temp: { dir: string; warehouse: DuckdbWarehouse }) => void): void {
  let temp: { dir: string; warehouse: DuckdbWarehouse; cleanup: () => Promise<void> } | undefined;
  beforeEach(async () => {
    const { dir, cleanup } = await tempDir();
    temp = { dir, cleanup, warehouse: await DuckdbWarehouse.open({ path: join(dir, 'w.duckdb') }) };
    use(temp);
  });
  afterEach(async () => {
    await temp?.warehouse.close();
    await temp?.cleanup();
  });
}

/**
 * The demo partnership in `dir`, as `npm start` lays it out: generated QCEW, survey waves, SOC titles and
 * labor-market stand-ins under `demo-data/`, and the project's `pipelines/`. Returns the demo pipeline file.
 */
export async function writeDemoProject(dir: string): Promise<string> {
  await generateDemoQcew({ outDir: join(dir, 'demo-data', 'qcew') });
  await generateDemoSurveys({ outDir: join(dir, 'demo-data', 'surveys') });
  await writeDemoSocDefinitions(join(dir, 'demo-data', 'soc', 'soc_2018_definitions.csv'));
  await generateDemoLaborMarket({ outDir: join(dir, 'demo-data') });
  cpSync(join(PROJECT_ROOT, 'pipelines'), join(dir, 'pipelines'), { recursive: true });
  return join(dir, 'pipelines', 'demo.yaml');
}

/**
 * An annual-average QCEW cell of 2024 (aggregation level 74, five establishments), with total wages giving the
 * stated average weekly wage; `extra` replaces any field.
 *
 * @example annualQcewCell('01001', '5', '31-33', 30, 1000, { oty_annual_avg_emplvl_chg: 3 })
 */
export function annualQcewCell(
  area: string,
  own: string,
  industry: string,
  emp: number,
  weekly: number,
  extra: Partial<QcewRow> = {},
): QcewRow {
  return {
    area_fips: area,
    own_code: own,
    industry_code: industry,
    agglvl_code: '74',
    size_code: '0',
    year: '2024',
    qtr: 'A',
    disclosure_code: '',
    annual_avg_estabs: 5,
    annual_avg_emplvl: emp,
    total_annual_wages: emp * weekly * 52,
    annual_avg_wkly_wage: weekly,
    lq_disclosure_code: '',
    oty_disclosure_code: '',
    ...extra,
  };
}

/** The staging and intermediate models of the O*NET source (`layer/name`). */
export const ONET_SOURCE_MODELS = [
  'staging/stg_onet_scales',
  'staging/stg_onet_occupations',
  'staging/stg_onet_ratings',
  'staging/stg_onet_job_zones',
  'staging/stg_onet_related',
  'staging/stg_onet_education',
  'intermediate/int_onet_soc_crosswalk',
  'intermediate/int_onet_soc_ratings',
  'intermediate/int_onet_soc_job_zones',
  'intermediate/int_onet_soc_related',
];

/** The staging models of the IPEDS and code-list sources (`layer/name`); they read raw tables only. */
export const IPEDS_CODES_STAGING_MODELS = [
  'staging/stg_ipeds_completions',
  'staging/stg_ipeds_institutions',
  'staging/stg_cip_soc',
  'staging/stg_cip_codes',
  'staging/stg_soc_codes',
  'staging/stg_naics_codes',
  'staging/stg_counties',
  'staging/stg_qcew_areas',
];

/**
 * A sql folder `dir/sql` holding some of the project's models (`layer/name`, their .sql and .yml copied), so a
 * test builds them alone; `builtByTest` names the tables of other stages they read, declared as built elsewhere
 * (a .yml with `built_by: test` and the description given). Returns the folder.
 *
 * @example await copyModels(dir, ['staging/stg_oews'], { builtByTest: ['intermediate/int_occupation_employment'] })
 */
export async function copyModels(
  dir: string,
  models: readonly string[],
  options: { builtByTest?: readonly string[]; description?: string } = {},
): Promise<string> {
  const sqlDir = join(dir, 'sql');
  for (const model of models) {
    await mkdir(dirname(join(sqlDir, model)), { recursive: true });
    for (const ext of ['sql', 'yml'])
      await copyFile(join(PROJECT_ROOT, 'sql', `${model}.${ext}`), join(sqlDir, `${model}.${ext}`));
  }
  const description = options.description ?? 'Written by the test.';
  for (const model of options.builtByTest ?? []) {
    await mkdir(dirname(join(sqlDir, model)), { recursive: true });
    await writeFile(join(sqlDir, `${model}.yml`), `description: ${description}\nbuilt_by: test\n`);
  }
  return sqlDir;
}

/** `copyModels`, compiled for a dialect (DuckDB unless given). */
export async function modelSubsetProject(
  dir: string,
  models: readonly string[],
  options: { builtByTest?: readonly string[]; description?: string; dialect?: Dialect } = {},
): Promise<CompiledProject> {
  return compileProject(await copyModels(dir, models, options), options.dialect ?? duckdbDialect);
}
