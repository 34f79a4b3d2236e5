/**
 * Typed errors with stable codes. The CLI maps them to exit codes and one-line messages in one place
 * (`src/cli/errors.ts`); everything below the CLI throws these, never bare strings.
 */

export type ErrorCode =
  | 'E_USAGE'
  | 'E_CONFIG_NOT_FOUND'
  | 'E_CONFIG_INVALID'
  | 'E_INPUT_NOT_FOUND'
  | 'E_INPUT_INVALID'
  | 'E_LOCKED'
  | 'E_WAREHOUSE'
  | 'E_MODEL'
  | 'E_CHECK_FAILED'
  | 'E_STAGE_ORDER'
  | 'E_PUBLISH'
  | 'E_DISCLOSURE'
  | 'E_QUERY'
  | 'E_INTERNAL';

/** Where in a file a problem is. Lines and columns are 1-based. */
export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number | string;
}

/** One problem with an input or a configuration: what, where, the offending value and why. */
export interface Issue extends Partial<Location> {
  readonly code: string;
  readonly message: string;
  /** The offending value, when showing it is safe (never a survey answer). */
  readonly value?: string;
}

export interface SiErrorOptions {
  readonly cause?: unknown;
  /** Whether running again without changing anything could succeed (a lock held by another run, say). */
  readonly retryable?: boolean;
  /** Every problem found, when there were several. */
  readonly issues?: readonly Issue[];
  readonly hint?: string;
}

export class SiError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly issues: readonly Issue[];
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: SiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SiError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.issues = options.issues ?? [];
    this.hint = options.hint;
  }
}

/** `file:line:column` as editors and terminals link it. */
export function formatLocation(at: Partial<Location>): string {
  if (!at.file) return '';
  let out = at.file;
  if (at.line !== undefined) out += `:${at.line}`;
  if (at.column !== undefined)
    out += typeof at.column === 'number' ? `:${at.column}` : ` column ${at.column}`;
  return out;
}

/** One line per issue: `file:line:col: message (value "x")`. */
export function formatIssue(issue: Issue): string {
  const where = formatLocation(issue);
  const value = issue.value === undefined ? '' : ` (value ${JSON.stringify(truncate(issue.value, 80))})`;
  return `${where ? `${where}: ` : ''}${issue.message}${value}`;
}

export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
