import type { Logger } from '../effects.ts';
import { SiError } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { type CliContext, type Command, commandHelp, GLOBAL_OPTIONS, parseCommandArgs } from './command.ts';
import { checksCommand } from './commands/checks.ts';
import { demoCommand } from './commands/demo.ts';
import { extractCommand } from './commands/extract.ts';
import { fetchCommand } from './commands/fetch.ts';
import { historyCommand } from './commands/history.ts';
import { queryCommand } from './commands/query.ts';
import { runCommand } from './commands/run.ts';
import { schemaCommand } from './commands/schema.ts';
import { validateCommand } from './commands/validate.ts';
import { describeError } from './errors.ts';
import { terminalLogger } from './terminal.ts';
import { codeVersion } from './version.ts';

export const COMMANDS: readonly Command[] = [
  runCommand,
  validateCommand,
  fetchCommand,
  extractCommand,
  historyCommand,
  queryCommand,
  checksCommand,
  demoCommand,
  schemaCommand,
];

function mainHelp(): string {
  const lines = [
    'sector-insights: employer surveys and public labor-market data in; regional demand metrics, reports and partner extracts out.',
    '',
    'Usage: sector-insights <command> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary.split('. ')[0]!.replace(/\.$/, '')}`),
    '',
    'Options:',
    ...Object.entries(GLOBAL_OPTIONS).map(([n, s]) => `  -${s.short}, --${n.padEnd(10)} ${s.description}`),
    '      --version    print the version',
    '',
    'Run "sector-insights <command> --help" for a command\'s arguments and options.',
  ];
  return `${lines.join('\n')}\n`;
}

export interface MainIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTty: boolean;
}

/** The whole command line: parse, dispatch, and map every error to a message and an exit code. */
export async function main(io: MainIo): Promise<number> {
  const [name, ...rest] = io.argv;
  const verbose = rest.includes('--verbose') || rest.includes('-v');
  const logger: Logger = terminalLogger({ verbose, tty: io.stderrIsTty, write: io.stderr });
  const context: CliContext = {
    stdout: io.stdout,
    stderr: io.stderr,
    logger,
    verbose,
    env: io.env,
    cwd: io.cwd,
  };
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(mainHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version') {
      const v = codeVersion();
      io.stdout(`sector-insights ${v.version}${v.git ? ` (${v.git})` : ''}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      const hint = didYouMean(
        name,
        COMMANDS.map((c) => c.name),
      );
      throw new SiError('E_USAGE', `unknown command "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`, {
        hint: 'sector-insights --help lists the commands',
      });
    }
    const args = parseCommandArgs(command, rest);
    if (args.values['help']) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await command.run(args, context);
  } catch (error) {
    const { lines, exitCode } = describeError(error, verbose);
    io.stderr(`${lines.join('\n')}\n`);
    return exitCode;
  }
}
