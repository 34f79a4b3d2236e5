import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import type { Clock, Logger } from '../effects.ts';
import { sha256File } from '../util/hash.ts';
import type { FetchConfig } from './config.ts';
import { commitDownload, discardPartial, download, FetchError, partialBytes } from './download.ts';
import { type FetchManifestEntry, MANIFEST_FILE, ManifestWriter, readFetchManifest } from './manifest.ts';
import { extractDestination, type FetchItem } from './plan.ts';
import { extractZipEntry, listZipEntries, matchEntries, ZipError } from './zip.ts';

export interface FetchOptions {
  /** Absolute path of the inputs folder. */
  readonly dir: string;
  readonly items: readonly FetchItem[];
  readonly settings: Pick<FetchConfig, 'concurrency' | 'retry' | 'timeoutSeconds'>;
  readonly userAgent: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Download again even when the copy held is current. */
  readonly force?: boolean;
}

/**
 * What happened to one file: `downloaded` (new), `updated` (the server had different bytes), `unchanged`
 * (304, the same bytes, or a present file matching its pinned sha256), `unpacked` (from an archive), `failed`.
 */
export type FileStatus = 'downloaded' | 'updated' | 'unchanged' | 'unpacked' | 'failed';

export interface FileResult {
  /** Path under the inputs folder (for a failed unpack: the entry pattern). */
  readonly path: string;
  readonly url: string;
  readonly status: FileStatus;
  readonly vintage: string;
  readonly bytes?: number;
  readonly sha256?: string;
  /** Bytes a previous attempt had fetched, when the download resumed. */
  readonly resumedFrom?: number;
  /** For unpacked files: the archive's path. */
  readonly archive?: string;
  readonly error?: FetchError;
}

export interface FetchRunResult {
  readonly dir: string;
  readonly manifest: string;
  readonly files: readonly FileResult[];
}

/**
 * Download every planned file into the inputs folder, a few at a time, and unpack the named archive entries.
 * Never throws for a file that fails: its result says why, the other files still come, and the manifest
 * records every file finished, so running again resumes where this run stopped.
 */
export async function fetchInputs(options: FetchOptions): Promise<FetchRunResult> {
  const { dir, items, logger } = options;
  await mkdir(dir, { recursive: true });
  const manifest = new ManifestWriter(dir, await readFetchManifest(dir));
  // Paths written in this run, by whom: two archives must not unpack entries onto one file.
  const written = new Map<string, string>(items.map((i) => [i.path.toLowerCase(), i.url]));
  const results: FileResult[][] = [];
  const progress = logger.progress(`fetch ${items.length} file${items.length === 1 ? '' : 's'}`);
  let done = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i]!;
      results[i] = await fetchOne(item, options, manifest, written, (detail) =>
        progress.update(done / items.length, detail),
      );
      done++;
      progress.update(done / items.length, item.path);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.settings.concurrency, items.length) }, worker));
  const files = results.flat();
  progress.done(summarise(files));
  return { dir, manifest: join(dir, MANIFEST_FILE), files };
}

/** Counts by status, e.g. "3 downloaded (4.2 MB), 9 unchanged, 1 failed". */
export function summarise(files: readonly FileResult[]): string {
  const order: FileStatus[] = ['downloaded', 'updated', 'unpacked', 'unchanged', 'failed'];
  const parts = order.flatMap((status) => {
    const these = files.filter((f) => f.status === status);
    if (!these.length) return [];
    const bytes = these.reduce((sum, f) => sum + (f.bytes ?? 0), 0);
    const size = status === 'downloaded' || status === 'updated' ? ` (${formatBytes(bytes)})` : '';
    return [`${these.length} ${status}${size}`];
  });
  return parts.length ? parts.join(', ') : 'nothing to fetch';
}

async function fetchOne(
  item: FetchItem,
  options: FetchOptions,
  manifest: ManifestWriter,
  written: Map<string, string>,
  report: (detail: string) => void,
): Promise<FileResult[]> {
  const { logger, clock } = options;
  const base = { path: item.path, url: item.url, vintage: item.vintage };
  try {
    const dest = inside(options.dir, item.path);
    await mkdir(dirname(dest), { recursive: true });
    const recorded = manifest.get(item.path);
    const heldSha = await fileSha(dest);
    const now = () => clock.now().toISOString();
    const record = (entry: Omit<FetchManifestEntry, 'path' | 'url' | 'source' | 'vintage'>) =>
      manifest.set({
        path: item.path,
        url: item.url,
        ...(item.from !== item.url ? { from: item.from } : {}),
        source: item.source,
        vintage: item.vintage,
        ...entry,
      });

    let result: FileResult;
    if (heldSha !== undefined && item.sha256 === heldSha && !options.force) {
      // A pinned checksum names the exact bytes: a file that has them needs no request at all.
      logger.debug(`${item.path}: present, sha256 as pinned`);
      await record({
        ...keep(recorded),
        bytes: (await stat(dest)).size,
        sha256: heldSha,
        fetchedAt: recorded?.sha256 === heldSha ? recorded.fetchedAt : now(),
        checkedAt: now(),
      });
      result = { ...base, status: 'unchanged', sha256: heldSha };
    } else {
      // Revalidate the copy held when the manifest vouches for it; --force asks for the whole file again.
      const conditional =
        heldSha !== undefined &&
        !options.force &&
        !item.sha256 &&
        recorded?.sha256 === heldSha &&
        recorded.url === item.url
          ? { etag: recorded.etag, lastModified: recorded.lastModified }
          : undefined;
      const resumeFrom = await partialBytes(dest);
      if (resumeFrom) logger.debug(`${item.path}: resuming after ${formatBytes(resumeFrom)}`);
      const outcome = await download({
        url: item.from,
        dest,
        ...(item.sha256 ? { sha256: item.sha256 } : {}),
        ...(conditional && (conditional.etag || conditional.lastModified) ? { conditional } : {}),
        userAgent: options.userAgent,
        attempts: options.settings.retry.attempts,
        delayMs: options.settings.retry.delayMs,
        timeoutMs: options.settings.timeoutSeconds * 1000,
        onProgress: (received, total) =>
          report(`${item.path} ${formatBytes(received)}${total ? ` of ${formatBytes(total)}` : ''}`),
        onRetry: (message) => logger.warn(message),
      });
      if (outcome.kind === 'not-modified') {
        logger.debug(`${item.path}: not modified`);
        await record({
          ...keep(recorded),
          ...validators(outcome),
          bytes: recorded!.bytes,
          sha256: heldSha!,
          fetchedAt: recorded!.fetchedAt,
          checkedAt: now(),
        });
        result = { ...base, status: 'unchanged', sha256: heldSha! };
      } else if (heldSha !== undefined && outcome.sha256 === heldSha) {
        // The server ignored the validators (or had none) but sent the same bytes: leave the file alone.
        await discardPartial(dest);
        await record({
          ...validators(outcome),
          ...(outcome.contentType ? { contentType: outcome.contentType } : {}),
          bytes: outcome.bytes,
          sha256: outcome.sha256,
          fetchedAt: recorded?.sha256 === heldSha ? recorded.fetchedAt : now(),
          checkedAt: now(),
        });
        result = { ...base, status: 'unchanged', sha256: heldSha };
      } else {
        await commitDownload(dest);
        await record({
          ...validators(outcome),
          ...(outcome.contentType ? { contentType: outcome.contentType } : {}),
          bytes: outcome.bytes,
          sha256: outcome.sha256,
          fetchedAt: now(),
          checkedAt: now(),
        });
        const updated = heldSha !== undefined;
        const resumed = outcome.resumedFrom ? `, resumed after ${formatBytes(outcome.resumedFrom)}` : '';
        logger.info(
          `${updated ? 'updated' : 'downloaded'} ${item.path} (${formatBytes(outcome.bytes)}${resumed})`,
        );
        if (heldSha !== undefined && recorded && recorded.sha256 !== outcome.sha256 && !item.sha256) {
          logger.warn(
            `${item.path} changed upstream since ${recorded.fetchedAt}: check that the vintage "${item.vintage}" still describes it`,
          );
        }
        result = {
          ...base,
          status: updated ? 'updated' : 'downloaded',
          bytes: outcome.bytes,
          sha256: outcome.sha256,
          ...(outcome.resumedFrom ? { resumedFrom: outcome.resumedFrom } : {}),
        };
      }
    }
    if (!item.extract.length) return [result];
    return [result, ...(await unpack(item, dest, result.sha256!, options, manifest, written))];
  } catch (error) {
    const failure =
      error instanceof FetchError
        ? error
        : new FetchError(item.url, (error as Error).message, 'local', false);
    logger.warn(`${item.path}: ${failure.message}`);
    return [{ ...base, status: 'failed', error: failure }];
  }
}

async function unpack(
  item: FetchItem,
  archive: string,
  archiveSha: string,
  options: FetchOptions,
  manifest: ManifestWriter,
  written: Map<string, string>,
): Promise<FileResult[]> {
  let entries: Awaited<ReturnType<typeof listZipEntries>>;
  try {
    entries = await listZipEntries(archive);
  } catch (error) {
    const reason = error instanceof ZipError ? error.message : (error as Error).message;
    return item.extract.map((target) => ({
      path: target.pattern,
      url: item.url,
      vintage: item.vintage,
      status: 'failed' as const,
      archive: item.path,
      error: new FetchError(item.url, `cannot unpack ${item.path}: ${reason}`, 'content', false),
    }));
  }
  const names = entries.map((e) => e.name);
  const results: FileResult[] = [];
  for (const target of item.extract) {
    const matches = matchEntries(names, target.pattern);
    const problem =
      matches.length === 0
        ? `no entry of ${item.path} matches "${target.pattern}"; it holds ${preview(names)}`
        : target.path && matches.length > 1
          ? `"${target.pattern}" matches ${matches.length} entries of ${item.path} (${preview(matches)}); name one`
          : undefined;
    if (problem) {
      options.logger.warn(problem);
      results.push({
        path: target.pattern,
        url: item.url,
        vintage: item.vintage,
        status: 'failed',
        archive: item.path,
        error: new FetchError(item.url, problem, 'content', false),
      });
      continue;
    }
    for (const name of matches) {
      const entry = entries.find((e) => e.name === name)!;
      const path = extractDestination(item, target, name);
      const base = { path, url: item.url, vintage: item.vintage, archive: item.path };
      const owner = written.get(path.toLowerCase());
      if (owner !== undefined && owner !== `${item.url}#${name}`) {
        const reason = `${name} from ${item.path} would overwrite ${path}, which ${owner.replace('#', ' entry ')} also writes`;
        options.logger.warn(reason);
        results.push({
          ...base,
          status: 'failed',
          error: new FetchError(item.url, reason, 'content', false),
        });
        continue;
      }
      written.set(path.toLowerCase(), `${item.url}#${name}`);
      try {
        const dest = inside(options.dir, path);
        const recorded = manifest.get(path);
        const held = options.force ? undefined : await fileSha(dest);
        if (
          held !== undefined &&
          recorded?.sha256 === held &&
          recorded.archive?.sha256 === archiveSha &&
          recorded.archive.entry === name
        ) {
          results.push({ ...base, status: 'unchanged', sha256: held });
          continue;
        }
        await mkdir(dirname(dest), { recursive: true });
        const bytes = await extractZipEntry(archive, entry, `${dest}.part`);
        const sha256 = await sha256File(`${dest}.part`);
        await rename(`${dest}.part`, dest);
        const now = options.clock.now().toISOString();
        await manifest.set({
          path,
          url: item.url,
          ...(item.from !== item.url ? { from: item.from } : {}),
          source: item.source,
          vintage: item.vintage,
          bytes,
          sha256,
          fetchedAt: now,
          checkedAt: now,
          archive: { path: item.path, sha256: archiveSha, entry: name },
        });
        options.logger.info(`unpacked ${path} from ${item.path} (${formatBytes(bytes)})`);
        results.push({ ...base, status: 'unpacked', bytes, sha256 });
      } catch (error) {
        await rm(`${inside(options.dir, path)}.part`, { force: true }).catch(() => undefined);
        const reason = `cannot unpack ${name} from ${item.path}: ${(error as Error).message}`;
        options.logger.warn(reason);
        results.push({
          ...base,
          status: 'failed',
          error: new FetchError(item.url, reason, 'content', false),
        });
      }
    }
  }
  return results;
}

/** The absolute path of a file under the inputs folder; refuses anything that would land outside it. */
function inside(dir: string, path: string): string {
  const root = resolve(dir);
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) throw new Error(`refusing to write outside the inputs folder: ${path}`);
  return full;
}

async function fileSha(path: string): Promise<string | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return sha256File(path);
}

function keep(entry: FetchManifestEntry | undefined): Partial<FetchManifestEntry> {
  if (!entry) return {};
  return {
    ...(entry.etag ? { etag: entry.etag } : {}),
    ...(entry.lastModified ? { lastModified: entry.lastModified } : {}),
    ...(entry.contentType ? { contentType: entry.contentType } : {}),
  };
}

function validators(v: { etag?: string; lastModified?: string }): Partial<FetchManifestEntry> {
  return {
    ...(v.etag ? { etag: v.etag } : {}),
    ...(v.lastModified ? { lastModified: v.lastModified } : {}),
  };
}

function preview(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => `"${n}"`);
  return `${shown.join(', ')}${names.length > 8 ? ` and ${names.length - 8} more` : ''}`;
}

/** @example formatBytes(1_572_864) // '1.5 MB' */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export type PlannedState = 'missing' | 'partial' | 'present' | 'recorded';

export interface PlannedFile {
  readonly item: FetchItem;
  /**
   * `missing`: will be downloaded; `partial`: an earlier download will be resumed; `present`: a file is there
   * but the manifest does not vouch for it (it will be fetched and compared); `recorded`: held as recorded
   * (revalidated with the server, or kept as is when its pinned sha256 matches).
   */
  readonly state: PlannedState;
  readonly partialBytes: number;
  readonly recorded?: FetchManifestEntry;
}

/** What `fetch` would do, from the disk and the manifest alone: no request is made. */
export async function describePlan(dir: string, items: readonly FetchItem[]): Promise<PlannedFile[]> {
  const manifest = await readFetchManifest(dir);
  return Promise.all(
    items.map(async (item) => {
      const dest = inside(dir, item.path);
      const recorded = manifest.files[item.path];
      const partial = await partialBytes(dest);
      const present = await exists(dest);
      const state: PlannedState = present
        ? recorded && recorded.url === item.url
          ? 'recorded'
          : 'present'
        : partial
          ? 'partial'
          : 'missing';
      return { item, state, partialBytes: partial, ...(recorded ? { recorded } : {}) };
    }),
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Fetched files no `inputs:` path or glob of the pipeline names, so a run would not load them (archives
 * whose entries were unpacked are left out: the entries are the inputs).
 */
export async function unlistedFiles(
  dir: string,
  files: readonly FileResult[],
  items: readonly FetchItem[],
  patterns: readonly string[],
): Promise<string[]> {
  const archives = new Set(items.filter((i) => i.extract.length).map((i) => i.path));
  const fetched = files.filter((f) => f.status !== 'failed' && !archives.has(f.path)).map((f) => f.path);
  if (!fetched.length) return [];
  const listed = new Set(
    patterns.length
      ? (await glob([...patterns], { absolute: true, onlyFiles: true, expandDirectories: false })).map((p) =>
          resolve(p),
        )
      : [],
  );
  return fetched.filter((path) => !listed.has(resolve(dir, path)));
}
