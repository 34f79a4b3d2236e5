import { loadPipelineConfig } from '../../pipeline/config.ts';
import { PROJECT_ROOT } from '../../project-root.ts';
import { duckdbDialect } from '../../warehouse/dialect.ts';
import type { Command } from '../command.ts';
import { formatTable } from '../format.ts';

export const checksCommand: Command = {
  name: 'checks',
  summary:
    "List the data checks declared beside the models, with their ids and severities (as a pipeline sets them, if given). Use the ids in a pipeline's checks.severities.",
  args: [{ name: '<pipeline.yaml>', description: "apply this pipeline's severities", optional: true }],
  options: {},
  async run(args, context) {
    const file = args.positionals[0];
    const severities = file ? (await loadPipelineConfig(file)).checks.severities : {};
    const { compileProject } = await import('../../models/build.ts');
    const { compileChecks } = await import('../../models/checks.ts');
    const project = await compileProject(`${PROJECT_ROOT}sql`, duckdbDialect);
    const checks = compileChecks(project.models, project.renderer, severities);
    context.stdout(
      formatTable(
        ['id', 'severity', 'checks that'],
        checks.map((c) => [c.id, c.severity, c.description]),
      ),
    );
    return 0;
  },
};
