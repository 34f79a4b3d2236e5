import { systemClock } from '../../effects.ts';
import { displayPath, loadPipelineConfig } from '../../pipeline/config.ts';
import type { Command } from '../command.ts';

export const extractCommand: Command = {
  name: 'extract',
  summary:
    "Build the partners' extracts (the pipeline's `extracts:` section) from its last good run, into runs/<run id>/partners/<id>/. Each folder is replaced atomically; refused when there is no good run, or when a later run rebuilt the tables they read.",
  args: [{ name: '<pipeline.yaml>', description: 'the pipeline configuration' }],
  options: {
    partner: {
      type: 'string',
      short: 'p',
      value: '<id>',
      description: 'build this partner only (default: every partner)',
    },
  },
  examples: [
    'sector-insights extract pipelines/demo.yaml',
    'sector-insights extract pipelines/demo.yaml --partner lakeshore-college',
  ],
  async run(args, context) {
    const config = await loadPipelineConfig(args.positionals[0]!);
    const { rebuildPartnerExtracts } = await import('../../pipeline/partner-extracts.ts');
    const partner = args.values['partner'];
    const result = await rebuildPartnerExtracts(config, {
      clock: systemClock,
      logger: context.logger,
      ...(typeof partner === 'string' ? { partner } : {}),
    });
    context.stdout(`partner extracts from run ${result.runId}\n`);
    for (const p of result.partners) {
      context.stdout(`  ${p.id.padEnd(20)} ${displayPath(p.dir)} (${p.files.length} files)\n`);
    }
    return 0;
  },
};
