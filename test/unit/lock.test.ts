import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SiError } from '../../src/errors.ts';
import { acquireRunLock } from '../../src/pipeline/lock.ts';
import { tempDir } from '../helpers.ts';

describe('run lock', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(() => cleanup());

  it('keeps a second run out while the first holds the lock, and lets it in after', async () => {
    const path = join(dir, 'wh.duckdb.lock');
    const first = await acquireRunLock(path, { runId: 'run-1', startedAt: '2026-01-01T00:00:00Z' });
    const error = await acquireRunLock(path, { runId: 'run-2', startedAt: '2026-01-01T00:01:00Z' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SiError);
    expect(error).toMatchObject({ code: 'E_LOCKED', retryable: true });
    expect(error.message).toContain(`run run-1 (pid ${process.pid} on ${hostname()}`);
    await first.release();
    const second = await acquireRunLock(path, { runId: 'run-2', startedAt: '2026-01-01T00:01:00Z' });
    await second.release();
  });

  it('takes over a lock whose process is gone, and says so', async () => {
    const path = join(dir, 'wh.duckdb.lock');
    await writeFile(
      path,
      JSON.stringify({ runId: 'crashed', pid: 2 ** 22 + 12345, host: hostname(), startedAt: 'x' }),
    );
    const warnings: string[] = [];
    const lock = await acquireRunLock(path, { runId: 'run-3', startedAt: 'y' }, (m) => warnings.push(m));
    expect(warnings).toEqual([
      `taking over a stale run lock from run crashed (pid ${2 ** 22 + 12345} is no longer running)`,
    ]);
    await lock.release();
  });

  it('treats a fresh unreadable lock as held, in case it is still being written', async () => {
    const path = join(dir, 'wh.duckdb.lock');
    await writeFile(path, '');
    const error = await acquireRunLock(path, { runId: 'run-4', startedAt: 'z' }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'E_LOCKED',
      message: 'another run of this pipeline is in progress: another run',
    });
  });
});
