import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../effects.ts';

import { displayPath, loadPipelineConfig } from '../../pipeline/config.ts';
import { type RunManifest, STAGES, type StageName } from '../../pipeline/manifest.ts';
import type { CliContext, Command, ParsedArgs } from '../command.ts';
import { EXIT_CODES, issueLines } from '../errors.ts';
import { codeVersion } from '../version.ts';

export const runCommand: Command = {
  name: 'run',
  summary:
    'Run a pipeline: ingest its inputs, build the staging, intermediate and mart models, check them, and publish the report and extracts. A failed run leaves the last published outputs in place.',
  args: [{ name: '<pipeline.yaml>', description: 'the pipeline configuration' }],
  options: {
    from: {
      type: 'string',
      value: '<stage>',
      description: "start at this stage, reusing earlier stages' tables",
      choices: STAGES,
    },
    only: { type: 'string', value: '<stage>', description: 'run only this stage', choices: STAGES },
    reload: { type: 'boolean', description: 'load inputs again even if no file changed' },
  },
  examples: [
    'sector-insights run pipelines/demo.yaml',
    'sector-insights run pipelines/demo.yaml --from metrics',
    'sector-insights run pipelines/demo.yaml --only publish',
  ],
  async run(args, context) {
    const manifest = await executeRun(args.positionals[0]!, args, context);
    return manifest.status === 'succeeded'
      ? 0
      : (EXIT_CODES[(manifest.error?.code ?? 'E_INTERNAL') as keyof typeof EXIT_CODES] ?? 1);
  },
};

/** Run a pipeline file and print where its outputs are; shared by `run` and `demo`. */
export async function executeRun(file: string, args: ParsedArgs, context: CliContext): Promise<RunManifest> {
  const config = await loadPipelineConfig(file);
  const { runPipeline } = await import('../../pipeline/runner.ts');
  const manifest = await runPipeline(config, {
    clock: systemClock,
    logger: context.logger,
    from: args.values['from'] as StageName | undefined,
    only: args.values['only'] as StageName | undefined,
    reload: args.values['reload'] === true,
    version: codeVersion(),
    chromiumPath: context.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  });
  const seconds = ((manifest.durationMs ?? 0) / 1000).toFixed(1);
  if (manifest.status === 'succeeded') {
    context.stdout(`run ${manifest.runId} succeeded in ${seconds}s\n`);
    if (manifest.publishedTo) {
      const dir = join(config.outputs.dir, 'runs', manifest.runId);
      const show = (label: string, rel: string) => {
        if (manifest.outputs.some((o) => o.path === rel) || rel === 'manifest.json') {
          context.stdout(`  ${label.padEnd(12)}${displayPath(join(dir, rel))}\n`);
        }
      };
      show('report', 'report.html');
      show('pdf', 'report.pdf');
      show('extract', 'extracts/industry_profile.csv');
      show('dictionary', 'extracts/industry_profile.dictionary.md');
      show('manifest', 'manifest.json');
      const partners = [
        ...new Set(
          manifest.outputs.filter((o) => o.path.startsWith('partners/')).map((o) => o.path.split('/')[1]),
        ),
      ];
      if (partners.length) {
        context.stdout(
          `  ${'partners'.padEnd(12)}${displayPath(join(dir, 'partners'))} (${partners.join(', ')})\n`,
        );
      }
      context.stdout(
        `  ${'latest'.padEnd(12)}${displayPath(join(config.outputs.dir, 'latest'))} -> runs/${manifest.runId}\n`,
      );
      const privateDir = join(config.outputs.dir, 'private', manifest.runId);
      if (existsSync(privateDir)) {
        context.stdout(
          `  ${'private'.padEnd(12)}${displayPath(privateDir)} (raw survey answers: data staff only)\n`,
        );
      }
    }
    const warnings = manifest.checks.filter((c) => c.status !== 'pass');
    if (warnings.length)
      context.stdout(`  ${warnings.length} check warning(s): ${warnings.map((w) => w.id).join(', ')}\n`);
    if (manifest.rejectsTotal)
      context.stdout(`  ${manifest.rejectsTotal} input problem(s) skipped: see rejects.csv\n`);
  } else {
    const error = manifest.error;
    context.stderr(
      `error[${error?.code ?? 'E_INTERNAL'}]: run ${manifest.runId} failed: ${error?.message ?? 'unknown error'}\n`,
    );
    for (const line of issueLines(error?.issues ?? [])) context.stderr(`${line}\n`);
    context.stderr(
      `  manifest: ${displayPath(join(config.outputs.dir, 'failed', manifest.runId, 'manifest.json'))}; the last published outputs are unchanged\n`,
    );
  }
  return manifest;
}
