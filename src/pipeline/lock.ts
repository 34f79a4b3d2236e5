import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
  // The lock appears complete or not at all: written aside, then linked into place (link fails if it exists).
  const draft = `${path}.${process.pid}.${run.runId.replace(/[^\w-]/g, '_')}.tmp`;
  await writeFile(draft, `${JSON.stringify(info)}\n`);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, path);
        return {
          path,
          release: async () => {
            const current = await readLock(path);
            if (current?.runId === info.runId) await rm(path, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readLock(path);
      if (holder ? isAlive(holder) : await isRecent(path)) {
        const who = holder
          ? `run ${holder.runId} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})`
          : 'another run';
        throw new SiError('E_LOCKED', `another run of this pipeline is in progress: ${who}`, {
          retryable: true,
          hint: `wait for it to finish; if it is gone, delete ${path}`,
        });
      }
      warn(
        holder
          ? `taking over a stale run lock from run ${holder.runId} (pid ${holder.pid} is no longer running)`
          : `removing an unreadable run lock ${path}`,
      );
      // Remove it only if it is still the stale one, not a lock another run has just taken over.
      if ((await readLock(path))?.runId === holder?.runId) await rm(path, { force: true });
    }
  } finally {
    await rm(draft, { force: true });
  }
  throw new SiError('E_LOCKED', `could not take the run lock ${path}`, { retryable: true });
}

/** An unreadable lock younger than this may be one another tool is still writing. */
const UNREADABLE_GRACE_MS = 10_000;

async function isRecent(path: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs < UNREADABLE_GRACE_MS;
  } catch {
    return false;
  }
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
