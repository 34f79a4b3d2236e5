import type { Logger, Progress } from '../effects.ts';

export interface TerminalOptions {
  readonly verbose: boolean;
  /** Live progress lines only on an interactive terminal. */
  readonly tty: boolean;
  readonly write: (text: string) => void;
  readonly now?: () => number;
}

/**
 * Logs to stderr (stdout carries results): plain lines, and on a TTY one live progress line per long task
 * showing the fraction done, detail and elapsed time. Off a TTY (cron, CI, pipes) progress stays silent and
 * only the summaries print.
 */
export function terminalLogger(options: TerminalOptions): Logger {
  const { write, tty, verbose } = options;
  const now = options.now ?? (() => performance.now());
  let live = false;
  const clearLive = () => {
    if (live) write('\r\x1b[2K');
    live = false;
  };
  const line = (text: string) => {
    clearLive();
    write(`${text}\n`);
  };
  return {
    info: (m) => line(m),
    warn: (m) => line(`warning: ${m}`),
    debug: (m) => {
      if (verbose) line(`  ${m}`);
    },
    progress(label: string): Progress {
      const started = now();
      let last = 0;
      return {
        update(fraction, detail) {
          if (!tty) return;
          const t = now();
          if (t - last < 100) return;
          last = t;
          const pct =
            fraction === undefined
              ? ''
              : ` ${bar(fraction)} ${String(Math.round(fraction * 100)).padStart(3)}%`;
          const elapsed = ((t - started) / 1000).toFixed(1);
          write(`\r\x1b[2K${label}${pct}${detail ? ` · ${detail}` : ''} · ${elapsed}s`);
          live = true;
        },
        done(summary) {
          line(`${label}: ${summary}`);
        },
      };
    },
  };
}

function bar(fraction: number): string {
  const width = 20;
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
