import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { SiError } from '../errors.ts';

export interface LockInfo {
  readonly runId: string;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export interface RunLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Take the pipeline's run lock, a file created exclusively, so two runs of one pipeline never overlap.
 * A lock left by a process that no longer exists on this host is taken over (and said so).
 *
 * @example
 * const lock = await acquireRunLock('warehouse/demo.duckdb.lock', { runId, startedAt }, logger.warn);
 * try { ... } finally { await lock.release(); }
 */
export async function acquireRunLock(
  path: string,
  run: { readonly runId: string; readonly startedAt: string },
  warn: (message: string) => void = () => undefined,
): Promise<RunLock> {
  await mkdir(dirname(path), { recursive: true });
  const info: LockInfo = { ...run, pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${JSON.stringify(info)}\n`);
      await handle.close();
      return {
        path,
        release: async () => {
          const current = await readLock(path);
          if (current?.runId === info.runId) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readLock(path);
      if (holder && isAlive(holder)) {
        throw new SiError(
          'E_LOCKED',
          `another run of this pipeline is in progress: run ${holder.runId} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})`,
          { retryable: true, hint: `wait for it to finish; if it is gone, delete ${path}` },
        );
      }
      warn(
        holder
          ? `taking over a stale run lock from run ${holder.runId} (pid ${holder.pid} is no longer running)`
          : `removing an unreadable run lock ${path}`,
      );
      await rm(path, { force: true });
    }
  }
  throw new SiError('E_LOCKED', `could not take the run lock ${path}`, { retryable: true });
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(lock: LockInfo): boolean {
  // A lock from another host cannot be checked: treat it as held.
  if (lock.host !== hostname()) return true;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
