import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SiError } from '../../errors.ts';
import { PROJECT_ROOT } from '../../project-root.ts';
import type { Command } from '../command.ts';
import { EXIT_CODES } from '../errors.ts';
import { executeRun } from './run.ts';

export const DEMO_PIPELINE = join(PROJECT_ROOT, 'pipelines', 'demo.yaml');

export const demoCommand: Command = {
  name: 'demo',
  summary:
    "Generate the demo partnership's data (deterministic, seeded) into demo-data/ and run pipelines/demo.yaml end to end on the embedded DuckDB warehouse. This is what `npm start` runs.",
  args: [],
  options: {
    seed: {
      type: 'string',
      value: '<n>',
      description: 'seed of the demo data generator',
      default: '20240101',
    },
    workdir: {
      type: 'string',
      value: '<dir>',
      description: 'put the demo data, warehouse and outputs under this folder instead of the project',
    },
  },
  examples: ['npm start', 'sector-insights demo --seed 7', 'sector-insights demo --workdir /tmp/lakeshore'],
  async run(args, context) {
    const seed = Number(args.values['seed']);
    if (!Number.isInteger(seed))
      throw new SiError('E_USAGE', `--seed must be a whole number; got "${args.values['seed']}"`);
    const workdir =
      typeof args.values['workdir'] === 'string'
        ? resolve(context.cwd, args.values['workdir'])
        : PROJECT_ROOT;
    // The demo pipeline's paths are relative to its file, so a copy under the workdir points at the workdir.
    let pipeline = DEMO_PIPELINE;
    if (workdir !== PROJECT_ROOT) {
      pipeline = join(workdir, 'pipelines', 'demo.yaml');
      await mkdir(join(workdir, 'pipelines'), { recursive: true });
      await copyFile(DEMO_PIPELINE, pipeline);
      // The codebooks and SOC pins sit beside the pipeline.
      await mkdir(join(workdir, 'pipelines', 'codebooks'), { recursive: true });
      for (const file of await readdir(join(PROJECT_ROOT, 'pipelines', 'codebooks'))) {
        await copyFile(
          join(PROJECT_ROOT, 'pipelines', 'codebooks', file),
          join(workdir, 'pipelines', 'codebooks', file),
        );
      }
    }
    const out = join(workdir, 'demo-data', 'qcew');
    const started = performance.now();
    const { generateDemoQcew } = await import('../../demo/qcew.ts');
    const { generateDemoSurveys } = await import('../../demo/survey.ts');
    const { writeDemoSocDefinitions } = await import('../../demo/soc-titles.ts');
    const { generateDemoLaborMarket } = await import('../../demo/labor-market.ts');
    const { files, rows } = await generateDemoQcew({ outDir: out, seed });
    const surveys = await generateDemoSurveys({
      outDir: join(workdir, 'demo-data', 'surveys'),
      seed,
      qcewSeed: seed,
    });
    await writeDemoSocDefinitions(join(workdir, 'demo-data', 'soc', 'soc_2018_definitions.csv'));
    const laborMarket = await generateDemoLaborMarket({ outDir: join(workdir, 'demo-data'), seed });
    const answered = Object.entries(surveys.respondents)
      .map(([wave, n]) => `${n} in ${wave}`)
      .join(', ');
    context.logger.info(
      `demo data: ${files.length} QCEW files, ${rows.toLocaleString('en-US')} rows; survey responses ${answered}; ${laborMarket.files.length} OEWS, projections, O*NET, IPEDS and code-list files, ${laborMarket.rows.toLocaleString('en-US')} rows (seed ${seed}) in ${Math.round(performance.now() - started)} ms`,
    );
    const manifest = await executeRun(pipeline, { positionals: [], values: {} }, context);
    return manifest.status === 'succeeded'
      ? 0
      : (EXIT_CODES[(manifest.error?.code ?? 'E_INTERNAL') as keyof typeof EXIT_CODES] ?? 1);
  },
};
