import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Logger } from '../effects.ts';
import { SiError } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  /** Placeholder shown in help, e.g. `<stage>`. */
  readonly value?: string;
  readonly choices?: readonly string[];
  readonly default?: string | boolean;
}

/** What the edge of the program knows: streams, environment, and the effects it hands down. */
export interface CliContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly logger: Logger;
  readonly verbose: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments, e.g. `<pipeline.yaml>`. */
  readonly args: readonly {
    readonly name: string;
    readonly description: string;
    readonly optional?: boolean;
  }[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples?: readonly string[];
  run(args: ParsedArgs, context: CliContext): Promise<number>;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
}

export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'show help' },
  verbose: { type: 'boolean', short: 'v', description: 'show detail, and the stack of an error' },
};

/** Parse a command's arguments strictly: unknown options and missing arguments are usage errors. */
export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  const all = { ...GLOBAL_OPTIONS, ...command.options };
  const options: ParseArgsConfig['options'] = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const hint = didYouMean(unknown.replace(/^-+/, ''), Object.keys(all));
      throw new SiError(
        'E_USAGE',
        `unknown option ${unknown} for "${command.name}"${hint ? ` (did you mean --${hint}?)` : ''}`,
      );
    }
    throw new SiError('E_USAGE', `${command.name}: ${message.split('\n')[0]}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values['help']) return { positionals: parsed.positionals, values };
  for (const [name, spec] of Object.entries(all)) {
    if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default;
    const value = values[name];
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      const hint = didYouMean(value, spec.choices);
      throw new SiError(
        'E_USAGE',
        `--${name} must be one of ${spec.choices.join(', ')}; got "${value}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      );
    }
  }
  const required = command.args.filter((a) => !a.optional);
  if (parsed.positionals.length < required.length) {
    throw new SiError('E_USAGE', `${command.name}: missing ${required[parsed.positionals.length]!.name}`, {
      hint: `sector-insights ${command.name} --help`,
    });
  }
  if (parsed.positionals.length > command.args.length) {
    throw new SiError(
      'E_USAGE',
      `${command.name}: unexpected argument "${parsed.positionals[command.args.length]}"`,
      {
        hint: `sector-insights ${command.name} --help`,
      },
    );
  }
  return { positionals: parsed.positionals, values };
}

export function commandHelp(command: Command): string {
  const args = command.args.map((a) => (a.optional ? `[${a.name}]` : a.name)).join(' ');
  const lines = [
    `sector-insights ${command.name} ${args} [options]`.replace(/ +/g, ' '),
    '',
    command.summary,
    '',
  ];
  if (command.args.length) {
    lines.push('Arguments:');
    for (const a of command.args) lines.push(`  ${a.name.padEnd(24)} ${a.description}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, spec] of Object.entries({ ...command.options, ...GLOBAL_OPTIONS })) {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    const extra = spec.choices
      ? ` (${spec.choices.join('|')}${spec.default !== undefined ? `, default ${spec.default}` : ''})`
      : '';
    lines.push(`  ${flag.padEnd(24)} ${spec.description}${extra}`);
  }
  if (command.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of command.examples) lines.push(`  ${e}`);
  }
  return `${lines.join('\n')}\n`;
}
