import { describe, expect, it } from 'vitest';
import { terminalLogger } from '../../src/cli/terminal.ts';

function capture(tty: boolean) {
  let out = '';
  let t = 0;
  const logger = terminalLogger({ verbose: false, tty, write: (s) => (out += s), now: () => (t += 150) });
  return { logger, out: () => out };
}

describe('terminal output', () => {
  it('shows a live progress line on a TTY and replaces it with the summary', () => {
    const { logger, out } = capture(true);
    const p = logger.progress('ingest qcew');
    p.update(0.5, '3/6 files');
    p.done('1,000 rows from 6 file(s) in 0.3s');
    logger.info('✓ ingest');
    expect(out()).toBe(
      '\r\x1b[2Kingest qcew [##########..........]  50% · 3/6 files · 0.1s' +
        '\r\x1b[2Kingest qcew: 1,000 rows from 6 file(s) in 0.3s\n✓ ingest\n',
    );
  });

  it('prints only summaries when not a TTY (cron, CI, pipes), and debug lines only when verbose', () => {
    const { logger, out } = capture(false);
    const p = logger.progress('ingest qcew');
    p.update(0.5, '3/6 files');
    p.done('done');
    logger.debug('detail');
    logger.warn('careful');
    expect(out()).toBe('ingest qcew: done\nwarning: careful\n');
  });
});
