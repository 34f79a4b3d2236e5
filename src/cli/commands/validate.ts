import { formatIssue } from '../../errors.ts';
import type { Command } from '../command.ts';
import { EXIT_CODES } from '../errors.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary:
    "Check a pipeline's configuration and read every input file in full, without loading anything into its warehouse. Prints every problem found (file:line:column: reason) and exits non-zero if there is any.",
  args: [{ name: '<pipeline.yaml>', description: 'the pipeline configuration' }],
  options: {},
  examples: ['sector-insights validate pipelines/demo.yaml'],
  async run(args, context) {
    const { validatePipeline } = await import('../../pipeline/validate.ts');
    const { configProblems, inputProblems, inputProblemCount, notes } = await validatePipeline(
      args.positionals[0]!,
    );
    for (const note of notes) context.stdout(`${note}\n`);
    const problems = [...configProblems, ...inputProblems];
    if (problems.length === 0) {
      context.stdout(`${args.positionals[0]}: no problems found\n`);
      return 0;
    }
    for (const p of problems) context.stdout(`${formatIssue(p)}\n`);
    context.stdout(`${configProblems.length + inputProblemCount} problem(s) found\n`);
    // The same exit codes as `run`: configuration problems first, else input problems.
    return configProblems.length ? EXIT_CODES.E_CONFIG_INVALID : EXIT_CODES.E_INPUT_INVALID;
  },
};
