import { type ErrorCode, formatIssue, type Issue, SiError } from '../errors.ts';

/** Exit codes: 0 success; the rest say what kind of failure, so schedulers can tell retryable ones apart. */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  E_USAGE: 2,
  E_CONFIG_NOT_FOUND: 2,
  E_CONFIG_INVALID: 2,
  E_INPUT_NOT_FOUND: 3,
  E_INPUT_INVALID: 3,
  E_CHECK_FAILED: 4,
  E_STAGE_ORDER: 2,
  E_MODEL: 5,
  E_WAREHOUSE: 6,
  E_PUBLISH: 7,
  // The disclosure audit found a withheld value that the published files give away.
  E_DISCLOSURE: 9,
  E_QUERY: 8,
  // EX_TEMPFAIL: try again later.
  E_LOCKED: 75,
  E_INTERNAL: 70,
};

const MAX_ISSUES = 25;

/**
 * The lines shown for an error: one line saying what went wrong, then each problem (file:line:col: reason),
 * then a hint. With `verbose`, the stack and causes follow.
 */
export function describeError(error: unknown, verbose: boolean): { lines: string[]; exitCode: number } {
  if (!(error instanceof SiError)) {
    const e = error instanceof Error ? error : new Error(String(error));
    const lines = [`error[E_INTERNAL]: ${e.message.split('\n')[0]}`];
    if (verbose && e.stack) lines.push(e.stack);
    else lines.push('  (run with --verbose for details; this is a bug if it keeps happening)');
    return { lines, exitCode: EXIT_CODES.E_INTERNAL };
  }
  const lines = [`error[${error.code}]: ${error.message}`, ...issueLines(error.issues)];
  if (error.hint) lines.push(`hint: ${error.hint}`);
  if (verbose) {
    lines.push(error.stack ?? '');
    let cause = error.cause;
    while (cause) {
      lines.push(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return { lines, exitCode: EXIT_CODES[error.code] };
}

export function issueLines(issues: readonly Issue[], max = MAX_ISSUES): string[] {
  const lines = issues.slice(0, max).map((i) => `  ${formatIssue(i)}`);
  if (issues.length > max) lines.push(`  … and ${issues.length - max} more`);
  return lines;
}
