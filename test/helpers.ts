import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { memoryLogger } from '../src/effects.ts';
import { loadPipelineConfig, type PipelineConfigInput } from '../src/pipeline/config.ts';
import { type RunOptions, runPipeline } from '../src/pipeline/runner.ts';

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
