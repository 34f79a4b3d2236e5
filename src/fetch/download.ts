import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { sha256File } from '../util/hash.ts';

/**
 * One HTTP download into `<dest>.part`: resumed with a Range request when an earlier attempt left a partial
 * file (guarded by If-Range, so a file that changed upstream is never stitched together from two versions),
 * retried with backoff on server errors and broken connections, and checked against its expected size and
 * sha256 before the caller moves it into place.
 */
export interface DownloadRequest {
  /** The address requested (a mirror's or the official one). */
  readonly url: string;
  /** Absolute path the file will have; the download goes to `<dest>.part` beside it. */
  readonly dest: string;
  readonly sha256?: string;
  /** Validators of the copy already held: the server may answer 304 Not Modified. */
  readonly conditional?: { readonly etag?: string; readonly lastModified?: string };
  readonly userAgent: string;
  readonly attempts: number;
  readonly delayMs: number;
  readonly timeoutMs: number;
  readonly onProgress?: (received: number, total: number | undefined) => void;
  readonly onRetry?: (message: string) => void;
}

export type DownloadOutcome =
  | { readonly kind: 'not-modified'; readonly etag?: string; readonly lastModified?: string }
  | {
      readonly kind: 'downloaded';
      /** The verified download, still at `<dest>.part`: `commitDownload` moves it into place. */
      readonly part: string;
      readonly bytes: number;
      readonly sha256: string;
      /** Bytes an earlier attempt had already fetched (0: downloaded from the start). */
      readonly resumedFrom: number;
      readonly etag?: string;
      readonly lastModified?: string;
      readonly contentType?: string;
    };

/**
 * `http`: the server answered with an error status; `network`: no answer, or a broken one; `checksum`: the
 * bytes are not the pinned ones; `content`: not the file expected (an HTML page, a damaged archive, a missing
 * entry); `local`: the file could not be written here.
 */
export type FetchErrorKind = 'http' | 'network' | 'checksum' | 'content' | 'local';

/** A download that failed, with the address, the HTTP status when there was one, and why. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly status: number | undefined;
  readonly hint: string | undefined;
  /** The server's Retry-After, when it gave one. */
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly kind: FetchErrorKind,
    readonly retryable: boolean,
    more: { status?: number | undefined; hint?: string | undefined; retryAfterMs?: number | undefined } = {},
  ) {
    super(`${url}: ${reason}`);
    this.status = more.status;
    this.hint = more.hint;
    this.retryAfterMs = more.retryAfterMs;
  }
}

interface PartMeta {
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_RESUMES = 100;
const MAX_RETRY_AFTER_MS = 120_000;

export const partPath = (dest: string) => `${dest}.part`;
const metaPath = (dest: string) => `${dest}.part.json`;

export async function download(request: DownloadRequest): Promise<DownloadOutcome> {
  const { url, dest } = request;
  const part = partPath(dest);
  let failures = 0;
  let resumes = 0;
  let restartedAfterMismatch = false;
  for (;;) {
    let progressed = false;
    try {
      const outcome = await attempt(request, part, () => {
        progressed = true;
      });
      if (outcome.kind === 'downloaded' && request.sha256 && outcome.sha256 !== request.sha256) {
        await discardPartial(dest);
        if (outcome.resumedFrom > 0 && !restartedAfterMismatch) {
          // A resumed file may have been stitched from two versions: try once from the start.
          restartedAfterMismatch = true;
          continue;
        }
        throw new FetchError(
          url,
          `checksum mismatch: expected sha256 ${request.sha256}, got ${outcome.sha256} (${outcome.bytes} bytes); nothing was kept`,
          'checksum',
          false,
          {
            hint: 'the file changed upstream or the sha256 in the configuration is wrong; check the vintage before updating it',
          },
        );
      }
      return outcome;
    } catch (error) {
      // Network failures arrive as FetchErrors; anything else is local (a full disk, no permission).
      const failure =
        error instanceof FetchError
          ? error
          : new FetchError(url, `cannot write ${dest}.part: ${(error as Error).message}`, 'local', false);
      if (!failure.retryable) throw failure;
      // A broken connection after some bytes arrived costs no attempt: the next request resumes.
      if (progressed && resumes < MAX_RESUMES) resumes++;
      else failures++;
      if (failures >= request.attempts) {
        throw new FetchError(
          url,
          `${failure.reason} (gave up after ${failures} attempt${failures === 1 ? '' : 's'}; run again to resume)`,
          failure.kind,
          true,
          { status: failure.status, hint: failure.hint },
        );
      }
      const wait = Math.max(
        progressed ? 0 : request.delayMs * 2 ** (failures - 1),
        failure.retryAfterMs ?? 0,
      );
      request.onRetry?.(
        `${url}: ${failure.reason}; ${progressed ? 'resuming' : `retrying (attempt ${failures + 1} of ${request.attempts})`}${wait ? ` in ${(wait / 1000).toFixed(1)}s` : ''}`,
      );
      if (wait) await sleep(wait);
    }
  }
}

/** Move a verified download into place (atomically, replacing any older copy) and drop its bookkeeping. */
export async function commitDownload(dest: string): Promise<void> {
  await rename(partPath(dest), dest);
  await rm(metaPath(dest), { force: true });
}

/** Remove a partial download and its bookkeeping. */
export async function discardPartial(dest: string): Promise<void> {
  await rm(partPath(dest), { force: true });
  await rm(metaPath(dest), { force: true });
}

/** Bytes of a partial download left by an earlier run (0 when there is none). */
export async function partialBytes(dest: string): Promise<number> {
  try {
    return (await stat(partPath(dest))).size;
  } catch {
    return 0;
  }
}

async function attempt(
  request: DownloadRequest,
  part: string,
  onBytes: () => void,
): Promise<DownloadOutcome> {
  const { url, dest } = request;
  const have = await partialBytes(dest);
  const meta = have > 0 ? await readMeta(dest) : undefined;
  const validator = meta?.url === url ? resumeValidator(meta) : undefined;
  const resuming = have > 0 && validator !== undefined;
  if (have > 0 && !resuming) await discardPartial(dest);

  const headers: Record<string, string> = {
    'user-agent': request.userAgent,
    // Byte ranges count stored bytes: a compressed transfer would make them meaningless.
    'accept-encoding': 'identity',
    accept: '*/*',
  };
  if (resuming) {
    headers['range'] = `bytes=${have}-`;
    headers['if-range'] = validator!;
  } else if (request.conditional) {
    if (request.conditional.etag) headers['if-none-match'] = request.conditional.etag;
    if (request.conditional.lastModified) headers['if-modified-since'] = request.conditional.lastModified;
  }

  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), request.timeoutMs);
  };
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: 'follow', signal: controller.signal });
    } catch (error) {
      throw networkError(url, error, controller.signal.aborted, request.timeoutMs);
    }
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    const contentType = response.headers.get('content-type') ?? undefined;
    const status = response.status;

    if (status === 304 && request.conditional && !resuming) {
      await response.body?.cancel();
      return { kind: 'not-modified', ...opt({ etag, lastModified }) };
    }
    if (status === 416 && resuming) {
      await response.body?.cancel();
      const total = /\*\/(\d+)/.exec(response.headers.get('content-range') ?? '')?.[1];
      if (total !== undefined && Number(total) === have) {
        // The earlier attempt had received every byte: only the check and the move were left.
        return finished(part, have, have, meta ?? { url }, contentType);
      }
      await discardPartial(dest);
      throw new FetchError(url, 'the partial download no longer fits the file; starting again', 'http', true);
    }
    if (status !== 200 && status !== 206) {
      await response.body?.cancel();
      throw httpError(url, response);
    }
    let offset = 0;
    let total: number | undefined;
    if (status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      if (!resuming || !range || Number(range[1]) !== have) {
        await response.body?.cancel();
        await discardPartial(dest);
        throw new FetchError(
          url,
          `HTTP 206 with a range that does not continue the partial file (${response.headers.get('content-range') ?? 'no Content-Range'})`,
          'http',
          true,
          { status: 206 },
        );
      }
      offset = have;
      total = range[3] === '*' ? undefined : Number(range[3]);
    } else {
      const length = response.headers.get('content-length');
      total = length === null ? undefined : Number(length);
      if (contentType?.startsWith('text/html') && !/\.html?$/i.test(dest)) {
        await response.body?.cancel();
        throw new FetchError(
          url,
          'the server sent an HTML page instead of the file (blocked, moved or not published yet?)',
          'content',
          false,
          { status: 200 },
        );
      }
    }
    const newMeta: PartMeta = status === 206 && meta ? meta : { url, ...opt({ etag, lastModified }) };
    await writeFile(metaPath(dest), JSON.stringify(newMeta));

    const handle = await open(part, status === 206 ? 'a' : 'w');
    let received = offset;
    try {
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (error) {
            throw networkError(url, error, controller.signal.aborted, request.timeoutMs);
          }
          if (chunk.done) break;
          arm();
          await handle.write(chunk.value);
          received += chunk.value.length;
          onBytes();
          request.onProgress?.(received, total);
        }
      }
    } finally {
      await handle.close();
    }
    if (total !== undefined && received !== total) {
      throw new FetchError(url, `connection closed after ${received} of ${total} bytes`, 'network', true, {
        status,
      });
    }
    return finished(part, received, offset, newMeta, contentType);
  } finally {
    clearTimeout(timer);
  }
}

async function finished(
  part: string,
  bytes: number,
  resumedFrom: number,
  meta: PartMeta,
  contentType: string | undefined,
): Promise<DownloadOutcome> {
  return {
    kind: 'downloaded',
    part,
    bytes,
    sha256: await sha256File(part),
    resumedFrom,
    ...opt({ etag: meta.etag, lastModified: meta.lastModified, contentType }),
  };
}

function httpError(url: string, response: Response): FetchError {
  const status = response.status;
  const reason = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const retryable = RETRY_STATUSES.has(status);
  let hint: string | undefined;
  if (status === 403) {
    hint =
      'the server refused this client: agencies such as BLS block programs that do not say who they are; set fetch.userAgent to name the program and a contact e-mail';
  } else if (status === 404) {
    hint = /\/cew\/data\/api\//.test(url)
      ? 'the QCEW open-data API keeps only the most recent five years; for older years set fetch.qcew.from: archive'
      : "check the address on the publisher's page: file names change with each release";
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return new FetchError(url, reason, 'http', retryable, { status, hint, retryAfterMs });
}

function networkError(url: string, error: unknown, timedOut: boolean, timeoutMs: number): FetchError {
  if (timedOut) {
    return new FetchError(url, `no data for ${Math.round(timeoutMs / 1000)}s`, 'network', true);
  }
  const e = error as Error & { cause?: { code?: string; message?: string } };
  const detail = e.cause?.code ?? e.cause?.message ?? e.message;
  return new FetchError(url, `connection failed (${detail})`, 'network', true);
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** If-Range needs a strong validator: a strong ETag, else Last-Modified. */
function resumeValidator(meta: PartMeta): string | undefined {
  return strongEtag(meta.etag) ?? meta.lastModified;
}

function strongEtag(etag: string | undefined): string | undefined {
  return etag && !etag.startsWith('W/') ? etag : undefined;
}

async function readMeta(dest: string): Promise<PartMeta | undefined> {
  try {
    return JSON.parse(await readFile(metaPath(dest), 'utf8')) as PartMeta;
  } catch {
    return undefined;
  }
}

function opt<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
