/**
 * The side effects stages may have, passed in rather than reached for, so every stage runs the same under
 * tests (fixed clock, captured log) as on a terminal. Nothing below the CLI reads process.env or argv.
 */

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Detail shown with --verbose only. */
  debug(message: string): void;
  /** A live progress line for a long task; on a non-TTY it stays silent until `done`. */
  progress(label: string): Progress;
}

export interface Progress {
  /** fraction in [0, 1] when known; detail such as "12 files". */
  update(fraction: number | undefined, detail?: string): void;
  /** Finish the line with a summary (printed on TTYs and non-TTYs alike). */
  done(summary: string): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A logger that records lines, for tests and for the run manifest's log excerpt. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
    progress: (label) => ({ update: () => undefined, done: (s) => lines.push(`info ${label}: ${s}`) }),
  };
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  progress: () => ({ update: () => undefined, done: () => undefined }),
};
