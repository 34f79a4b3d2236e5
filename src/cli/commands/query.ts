import { SiError } from '../../errors.ts';
import { loadPipelineConfig } from '../../pipeline/config.ts';
import type { Command } from '../command.ts';
import { formatResult } from '../format.ts';

export const queryCommand: Command = {
  name: 'query',
  summary:
    "Run read-only SQL on a pipeline's warehouse (tables raw_*, stg_*, int_*, mart_*, and the run history _si_runs). Writes and file access are refused.",
  args: [
    { name: '<pipeline.yaml>', description: 'the pipeline configuration' },
    { name: '"<SQL>"', description: 'one SQL query' },
  ],
  options: {
    format: {
      type: 'string',
      short: 'f',
      value: '<format>',
      description: 'output format',
      choices: ['table', 'csv', 'json'],
      default: 'table',
    },
  },
  examples: [
    "sector-insights query pipelines/demo.yaml \"SELECT industry_code, industry_title, lq_month3_emplvl FROM mart_industry_profile WHERE geo_type = 'region' AND period = '2024 Q4' ORDER BY 3 DESC\"",
    'sector-insights query pipelines/demo.yaml "SELECT * FROM _si_runs" --format json',
  ],
  async run(args, context) {
    const config = await loadPipelineConfig(args.positionals[0]!);
    const sql = args.positionals[1]!;
    const { openReadOnly } = await import('../../pipeline/read-only.ts');
    const warehouse = await openReadOnly(config);
    try {
      const result = await warehouse.queryResult(sql).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const reason = /read-only|external access|Permission Error/i.test(message)
          ? 'queries are read-only and cannot read or write files'
          : duckdbReason(message);
        throw new SiError('E_QUERY', reason ?? 'query failed', { cause: error });
      });
      context.stdout(
        formatResult(result.columns, result.rows, args.values['format'] as 'table' | 'csv' | 'json'),
      );
      return 0;
    } finally {
      await warehouse.close();
    }
  },
};

/** DuckDB's first line, with its "Did you mean …?" suggestion when it has one. */
function duckdbReason(message: string): string {
  const lines = message.split('\n').map((l) => l.trim());
  const hint = lines.find((l) => l.startsWith('Did you mean'));
  return [lines[0], hint].filter(Boolean).join(' ');
}
