import { SiError } from '../../errors.ts';
import { loadPipelineConfig } from '../../pipeline/config.ts';
import { listRuns, readManifest } from '../../pipeline/history.ts';
import type { Command } from '../command.ts';
import { formatTable } from '../format.ts';

export const historyCommand: Command = {
  name: 'history',
  summary:
    'List past runs of a pipeline: id, start, duration, status, stages, rows, rejects and failing checks.',
  args: [{ name: '<pipeline.yaml>', description: 'the pipeline configuration' }],
  options: {
    limit: { type: 'string', value: '<n>', description: 'how many runs to list', default: '20' },
    run: { type: 'string', value: '<run id>', description: "print one run's full manifest (JSON)" },
  },
  examples: [
    'sector-insights history pipelines/demo.yaml',
    'sector-insights history pipelines/demo.yaml --run 20261125T110503Z-3f9a',
  ],
  async run(args, context) {
    const config = await loadPipelineConfig(args.positionals[0]!);
    const limit = Number(args.values['limit']);
    if (!Number.isInteger(limit) || limit < 1)
      throw new SiError('E_USAGE', `--limit must be a positive whole number`);
    const { openReadOnly } = await import('../../pipeline/read-only.ts');
    const warehouse = await openReadOnly(config);
    try {
      const runId = args.values['run'];
      if (typeof runId === 'string') {
        const manifest = await readManifest(warehouse, runId);
        if (!manifest) throw new SiError('E_USAGE', `no run ${runId} in the history of ${config.name}`);
        context.stdout(`${JSON.stringify(manifest, null, 2)}\n`);
        return 0;
      }
      const runs = await listRuns(warehouse, limit);
      if (runs.length === 0) {
        context.stdout(`no runs of ${config.name} yet\n`);
        return 0;
      }
      context.stdout(
        formatTable(
          [
            'run id',
            'started (UTC)',
            'duration',
            'status',
            'stages',
            'input rows',
            'rejects',
            'failing checks',
          ],
          runs.map((r) => [
            r.run_id,
            r.started_at.replace('T', ' ').replace(/\.\d+Z$/, ''),
            r.duration_ms === null ? '' : `${(r.duration_ms / 1000).toFixed(1)}s`,
            r.status,
            r.stages,
            r.input_rows.toLocaleString('en-US'),
            String(r.rejected),
            r.failing_checks || '-',
          ]),
          { right: [2, 5, 6] },
        ),
      );
      return 0;
    } finally {
      await warehouse.close();
    }
  },
};
