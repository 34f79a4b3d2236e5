import { join } from 'node:path';
import { generateDemoQcew } from '../../demo/qcew.ts';
import { PROJECT_ROOT } from '../../pipeline/runner.ts';
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
  },
  examples: ['npm start', 'sector-insights demo --seed 7'],
  async run(args, context) {
    const seed = Number(args.values['seed']);
    const out = join(PROJECT_ROOT, 'demo-data', 'qcew');
    const started = performance.now();
    const { files, rows } = await generateDemoQcew({ outDir: out, seed });
    context.logger.info(
      `demo data: ${files.length} QCEW files, ${rows.toLocaleString('en-US')} rows (seed ${seed}) in ${Math.round(performance.now() - started)} ms`,
    );
    const manifest = await executeRun(DEMO_PIPELINE, { positionals: [], values: {} }, context);
    return manifest.status === 'succeeded'
      ? 0
      : (EXIT_CODES[(manifest.error?.code ?? 'E_INTERNAL') as keyof typeof EXIT_CODES] ?? 1);
  },
};
