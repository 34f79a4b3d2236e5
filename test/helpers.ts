import { cpSync, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { stringify } from 'yaml';
import { generateDemoLaborMarket } from '../src/demo/labor-market.ts';
import { generateDemoQcew } from '../src/demo/qcew.ts';
import { writeDemoSocDefinitions } from '../src/demo/soc-titles.ts';
import { generateDemoSurveys } from '../src/demo/survey.ts';
import { memoryLogger } from '../src/effects.ts';
import { socAggregateRows } from '../src/models/soc-aggregates.ts';
import { SOURCES } from '../src/models/sources.ts';
import { loadPipelineConfig, type PipelineConfig, type PipelineConfigInput } from '../src/pipeline/config.ts';
import { type RunOptions, runPipeline } from '../src/pipeline/runner.ts';
import { PROJECT_ROOT } from '../src/project-root.ts';
import { duckdbDialect } from '../src/warehouse/dialect.ts';
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

/** Write a pipeline YAML into a folder and load it. */
export async function writePipeline(
  dir: string,
  overrides: Partial<PipelineConfigInput> & Pick<PipelineConfigInput, 'inputs'>,
) {
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
 * For a describe block: run a pipeline once on the real 2016 QCEW files of ../shared/data with the given
 * partnership, and open its warehouse read-only. Fields are set by the time the tests run.
 */
export function useRealQcewRun(partnership: PipelineConfigInput['partnership']) {
  const run = {} as { config: PipelineConfig; warehouse: DuckdbWarehouse };
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    run.config = await writePipeline(temp.dir, {
      inputs: { qcew: { paths: join(QCEW_2016, '*.csv'), vintage: 'QCEW 2016' } },
      partnership,
    });
    const { manifest } = await runForTest(run.config);
    expect(manifest.status, JSON.stringify(manifest.error)).toBe('succeeded');
    run.warehouse = await DuckdbWarehouse.open({ path: run.config.warehouse.path, readOnly: true });
  });
  afterAll(async () => {
    await run.warehouse?.close();
    await cleanup?.();
  });
  return run;
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
