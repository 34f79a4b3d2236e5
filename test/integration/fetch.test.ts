import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { memoryLogger } from '../../src/effects.ts';
import { type FetchConfigInput, FetchSchema } from '../../src/fetch/config.ts';
import { MANIFEST_FILE, readFetchManifest } from '../../src/fetch/manifest.ts';
import { planFetch } from '../../src/fetch/plan.ts';
import { fetchInputs, formatBytes } from '../../src/fetch/run.ts';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import {
  MICHIANA_COUNTIES,
  QCEW_2016,
  runForTest,
  SHARED_DATA,
  sharedDataAvailable,
  steppingClock,
  tempDir,
  writePipeline,
} from '../helpers.ts';

/**
 * `sector-insights fetch` against a local HTTP server on 127.0.0.1 that serves copies of ../shared/data in
 * the official addresses' path layout (the QCEW open-data API, the QCEW by-area archives, OEWS, O*NET),
 * with ETags, Range requests, and modes that break a connection halfway, fail with 500/503, or ignore
 * Range. Nothing here reaches the internet: every request goes to the local server through `baseUrl`.
 */

type Mode = 'cut' | 'fail500' | 'fail503' | 'ignore-range';

interface Logged {
  readonly path: string;
  readonly status: number;
  readonly range?: string;
  readonly ifRange?: string;
  readonly ifNoneMatch?: string;
  readonly userAgent?: string;
  readonly acceptEncoding?: string;
}

/** A static file server over a folder, with the HTTP behaviours `fetch` must handle. */
class TestServer {
  readonly log: Logged[] = [];
  /** One-shot behaviours per path, used in order; `sticky` ones apply to every request. */
  readonly modes = new Map<string, Mode[]>();
  readonly sticky = new Map<string, Mode>();
  private server!: Server;
  url = '';

  constructor(readonly root: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.log.length = 0;
    this.modes.clear();
    this.sticky.clear();
  }

  requestsFor(path: string): Logged[] {
    return this.log.filter((l) => l.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    const entry = (status: number): Logged => ({
      path,
      status,
      ...(req.headers.range ? { range: req.headers.range } : {}),
      ...(req.headers['if-range'] ? { ifRange: String(req.headers['if-range']) } : {}),
      ...(req.headers['if-none-match'] ? { ifNoneMatch: String(req.headers['if-none-match']) } : {}),
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
      ...(req.headers['accept-encoding'] ? { acceptEncoding: String(req.headers['accept-encoding']) } : {}),
    });
    const mode = this.modes.get(path)?.shift() ?? this.sticky.get(path);
    if (mode === 'fail500' || mode === 'fail503') {
      const status = mode === 'fail500' ? 500 : 503;
      this.log.push(entry(status));
      res.writeHead(status, { 'content-type': 'text/plain' }).end('try later');
      return;
    }
    const file = join(this.root, path);
    if (!path.startsWith('/') || path.includes('..') || !existsSync(file)) {
      this.log.push(entry(404));
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = (await stat(file)).mtime.toUTCString();
    const headers = {
      etag,
      'last-modified': lastModified,
      'content-type': path.endsWith('.zip') ? 'application/zip' : 'text/csv',
      'accept-ranges': 'bytes',
    };
    if (req.headers['if-none-match'] === etag) {
      this.log.push(entry(304));
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (range && mode !== 'ignore-range' && (!ifRange || ifRange === etag || ifRange === lastModified)) {
      start = Number(range[1]);
      if (start >= body.length) {
        this.log.push(entry(416));
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
    }
    const status = start > 0 ? 206 : 200;
    const slice = body.subarray(start);
    this.log.push(entry(status));
    res.writeHead(status, {
      ...headers,
      'content-length': String(slice.length),
      ...(status === 206 ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (mode === 'cut') {
      // Send half the body, then drop the connection as a flaky network would.
      res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(slice);
  }
}

/** sha256 per file as published in ../shared/data/MANIFEST.tsv. */
async function publishedSha256(): Promise<Map<string, string>> {
  const text = await readFile(join(SHARED_DATA, 'MANIFEST.tsv'), 'utf8');
  return new Map(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [path, , , sha] = line.split('\t');
        return [path!, sha!] as const;
      }),
  );
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const QCEW_FILES = (await readdir(QCEW_2016).catch(() => [] as string[])).filter((f) => f.endsWith('.csv'));
const qcewFile = (area: string) => QCEW_FILES.find((f) => f.startsWith(`2016.q1-q4 ${area} `))!;
const REGION_AREAS = [...MICHIANA_COUNTIES, 'US000'];
const NATSECTOR = '/oes/special-requests/natsector_M2023_dl.csv';
const ONET_ZIP = '/dl_files/database/db_29_0_text.zip';
const ONET_NEXT_ZIP = '/dl_files/database/db_29_1_text.zip';
const QCEW_ARCHIVE = '/cew/data/files/2016/csv/2016_qtrly_by_area.zip';

/**
 * The server's folder: per-quarter QCEW area slices at /cew/data/api/{year}/{qtr}/area/{area}.csv (the
 * 2016 by-area files' rows for that quarter, byte for byte), a by-area archive, an OEWS staffing file, and
 * an O*NET text-database zip built here with fflate.
 */
async function buildSite(root: string): Promise<void> {
  for (const area of REGION_AREAS) {
    const lines = (await readFile(join(QCEW_2016, qcewFile(area)), 'utf8')).split(/(?<=\n)/);
    for (const qtr of ['1', '2', '3', '4']) {
      // Codes in the first seven fields hold no commas: the seventh is the quarter (quoted by BLS, not
      // in the derived U.S. file).
      const rows = lines.slice(1).filter((l) => l.split(',')[6]?.replace(/"/g, '') === qtr);
      const file = join(root, 'cew/data/api/2016', qtr, 'area', `${area}.csv`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, [lines[0]!, ...rows].join(''));
    }
  }
  const archive: Record<string, Uint8Array> = {};
  for (const area of ['18039', '26027', '18000', 'US000']) {
    archive[`2016.q1-q4.by_area/${qcewFile(area)}`] = await readFile(join(QCEW_2016, qcewFile(area)));
  }
  await mkdir(join(root, dirname(QCEW_ARCHIVE)), { recursive: true });
  await writeFile(join(root, QCEW_ARCHIVE), zipSync(archive, { level: 1 }));

  await mkdir(join(root, dirname(NATSECTOR)), { recursive: true });
  await writeFile(join(root, NATSECTOR), await readFile(join(SHARED_DATA, 'oews/natsector_M2023_dl.csv')));

  const onet = join(SHARED_DATA, 'onet_29');
  await mkdir(join(root, dirname(ONET_ZIP)), { recursive: true });
  await writeFile(
    join(root, ONET_ZIP),
    zipSync(
      {
        'db_29_0_text/Job Zones.txt': await readFile(join(onet, 'Job Zones.tsv')),
        'db_29_0_text/Occupation Data.txt': await readFile(join(onet, 'Occupation Data.tsv')),
        'db_29_0_text/Read Me.txt': [new TextEncoder().encode('O*NET 29.0 Database\n'), { level: 0 }],
      },
      { level: 6 },
    ),
  );
  await writeFile(join(root, ONET_NEXT_ZIP), await readFile(join(root, ONET_ZIP)));
}

describe.runIf(sharedDataAvailable())(
  'fetching public files from a local stand-in of their official hosts',
  () => {
    let site: { dir: string; cleanup: () => Promise<void> };
    let server: TestServer;
    let published: Map<string, string>;
    let work: { dir: string; cleanup: () => Promise<void> };

    beforeAll(async () => {
      site = await tempDir('si-fetch-site-');
      await buildSite(site.dir);
      server = new TestServer(site.dir);
      await server.start();
      published = await publishedSha256();
    });
    afterAll(async () => {
      await server?.stop();
      await site?.cleanup();
    });
    beforeEach(async () => {
      server.reset();
      work = await tempDir('si-fetch-');
      return () => work.cleanup();
    });

    /** Fetch with the library, as the CLI does, with a fixed clock and a captured log. */
    async function fetchWith(config: FetchConfigInput, partnership = { counties: MICHIANA_COUNTIES }) {
      const parsed = FetchSchema.parse({
        baseUrl: server.url,
        retry: { attempts: 3, delayMs: 1 },
        ...config,
      });
      const { items, issues } = planFetch(parsed, { counties: partnership.counties, referenceArea: 'US000' });
      expect(issues).toEqual([]);
      const logger = memoryLogger();
      const dir = join(work.dir, 'inputs');
      const result = await fetchInputs({
        dir,
        items,
        settings: parsed,
        userAgent: 'sector-insights/test (fetch tests)',
        logger,
        clock: steppingClock(),
      });
      return { result, logger, dir, byPath: new Map(result.files.map((f) => [f.path, f])) };
    }

    it("downloads the QCEW API slices of the region's counties and reference area, which load as pipeline inputs carrying BLS's published LQs", async () => {
      const { result, dir } = await fetchWith({ qcew: { years: ['2016'] } });
      expect(result.files).toHaveLength(36);
      expect(result.files.every((f) => f.status === 'downloaded')).toBe(true);
      const requested = server.log.map((l) => l.path).sort();
      expect(requested).toHaveLength(36);
      expect(requested).toContain('/cew/data/api/2016/2/area/18039.csv');
      expect(requested).toContain('/cew/data/api/2016/4/area/US000.csv');
      for (const l of server.log) {
        expect(l.userAgent).toBe('sector-insights/test (fetch tests)');
        expect(l.acceptEncoding).toBe('identity');
      }
      // Every slice arrives byte for byte, and the manifest names the official address and the vintage.
      const manifest = await readFetchManifest(dir);
      const entry = manifest.files['qcew/2016/2016.q2.18039.csv']!;
      const served = await readFile(join(site.dir, 'cew/data/api/2016/2/area/18039.csv'));
      expect(await readFile(join(dir, entry.path))).toEqual(served);
      expect(entry).toMatchObject({
        url: 'https://data.bls.gov/cew/data/api/2016/2/area/18039.csv',
        from: `${server.url}/cew/data/api/2016/2/area/18039.csv`,
        source: 'qcew',
        vintage: 'QCEW 2016',
        bytes: served.length,
        sha256: sha256(served),
        fetchedAt: expect.stringMatching(/^2026-01-15T12:00:\d\d\.000Z$/),
        etag: expect.stringMatching(/^"[0-9a-f]{16}"$/),
        lastModified: expect.stringMatching(/GMT$/),
      });
      // The four quarters of a county add up to the county's by-area file.
      const rows = async (p: string) => (await readFile(p, 'utf8')).trim().split('\n').length - 1;
      let served36Rows = 0;
      for (const f of result.files) served36Rows += await rows(join(dir, f.path));
      let sum = 0;
      for (const q of ['1', '2', '3', '4']) sum += await rows(join(dir, `qcew/2016/2016.q${q}.18039.csv`));
      expect(sum).toBe(await rows(join(QCEW_2016, qcewFile('18039'))));
      expect(sum).toBeGreaterThan(6000);

      // The fetched slices are pipeline inputs: every one loads, as the quarterly layout, with its vintage,
      // and carries BLS's published LQs (Elkhart County, private, Q2 2016: domain-reference §1.1).
      const config = await writePipeline(work.dir, {
        inputs: { qcew: { paths: join(dir, 'qcew/2016/*.csv'), vintage: 'QCEW 2016 (fetched)' } },
      });
      const { manifest: run } = await runForTest(config, { only: 'ingest' });
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      const qcewInputs = run.inputs.filter((i) => i.source === 'qcew');
      expect(qcewInputs).toHaveLength(36);
      for (const input of qcewInputs) {
        expect(input).toMatchObject({ status: 'loaded', vintage: 'QCEW 2016 (fetched)', problems: 0 });
      }
      expect(qcewInputs.reduce((n, i) => n + i.rows, 0)).toBe(served36Rows);
      const warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
      try {
        const lqs = await warehouse.query<{ industry_code: string; lq: number }>(`
          SELECT industry_code, CAST(lq_month3_emplvl AS DOUBLE) AS lq FROM raw_qcew_quarterly
          WHERE area_fips = '18039' AND own_code = '5' AND year = '2016' AND qtr = '2' AND size_code = '0'
            AND industry_code IN ('31-33', '326', '332', '336', '3362', '3363') ORDER BY industry_code`);
        expect(lqs.map((r) => [r.industry_code, r.lq])).toEqual([
          ['31-33', 5.66],
          ['326', 8.71],
          ['332', 6.09],
          ['336', 21.75],
          ['3362', 194.28],
          ['3363', 6.72],
        ]);
      } finally {
        await warehouse.close();
      }
    });

    it('unpacks the region and reference areas from the yearly by-area archive, as published', async () => {
      const { result, dir } = await fetchWith(
        { qcew: { years: ['2016'], from: 'archive' } },
        {
          counties: ['18039', '26027'],
        },
      );
      expect(server.log.map((l) => [l.path, l.status])).toEqual([[QCEW_ARCHIVE, 200]]);
      const unpacked = result.files.filter((f) => f.status === 'unpacked').map((f) => f.path);
      expect(unpacked.sort()).toEqual([
        `qcew/2016/${qcewFile('18039')}`,
        `qcew/2016/${qcewFile('26027')}`,
        `qcew/2016/${qcewFile('US000')}`,
      ]);
      // Indiana statewide is in the archive but not in the region: left packed.
      expect(existsSync(join(dir, `qcew/2016/${qcewFile('18000')}`))).toBe(false);
      for (const path of unpacked) {
        const name = path.slice('qcew/2016/'.length);
        expect(sha256(await readFile(join(dir, path))), name).toBe(
          published.get(`qcew/2016_q1-q4_by_area/${name}`),
        );
      }
      const manifest = await readFetchManifest(dir);
      expect(manifest.files[`qcew/2016/${qcewFile('18039')}`]).toMatchObject({
        url: 'https://data.bls.gov/cew/data/files/2016/csv/2016_qtrly_by_area.zip',
        vintage: 'QCEW 2016',
        archive: {
          path: 'qcew/archives/2016_qtrly_by_area.zip',
          entry: `2016.q1-q4.by_area/${qcewFile('18039')}`,
        },
      });
    });

    const natsector = {
      url: 'https://www.bls.gov/oes/special-requests/natsector_M2023_dl.csv',
      to: 'oews/natsector_M2023_dl.csv',
      vintage: 'OEWS May 2023 national industry-specific',
    };

    it('resumes a download whose connection broke halfway with a Range request, and checks its sha256', async () => {
      server.modes.set(NATSECTOR, ['cut']);
      const sha = published.get('oews/natsector_M2023_dl.csv')!;
      const { byPath, dir, logger } = await fetchWith({ files: [{ ...natsector, sha256: sha }] });
      const [first, second] = server.requestsFor(NATSECTOR);
      expect(server.requestsFor(NATSECTOR)).toHaveLength(2);
      expect(first).toMatchObject({ status: 200 });
      expect(first!.range).toBeUndefined();
      const resumedAt = Number(/^bytes=(\d+)-$/.exec(second!.range ?? '')?.[1]);
      expect(second).toMatchObject({ status: 206, ifRange: expect.stringMatching(/^"[0-9a-f]{16}"$/) });
      expect(resumedAt).toBeGreaterThan(0);
      expect(resumedAt).toBeLessThan(3_442_108);
      expect(byPath.get(natsector.to)).toMatchObject({
        status: 'downloaded',
        bytes: 3_442_108,
        sha256: sha,
        resumedFrom: resumedAt,
      });
      expect(sha256(await readFile(join(dir, natsector.to)))).toBe(sha);
      expect(existsSync(join(dir, `${natsector.to}.part`))).toBe(false);
      expect(logger.lines.some((l) => /^warn .*connection .*resuming/.test(l))).toBe(true);
    });

    it('keeps a partial file when a run gives up, and the next run resumes it', async () => {
      server.modes.set(NATSECTOR, ['cut']);
      server.sticky.set(NATSECTOR, 'fail503');
      const first = await fetchWith({ files: [natsector] });
      const failed = first.byPath.get(natsector.to)!;
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatchObject({ status: 503, retryable: true });
      expect(failed.error!.message).toBe(
        `${server.url}${NATSECTOR}: HTTP 503 Service Unavailable (gave up after 3 attempts; run again to resume)`,
      );
      const part = await stat(join(first.dir, `${natsector.to}.part`));
      expect(part.size).toBeGreaterThan(0);
      expect(existsSync(join(first.dir, natsector.to))).toBe(false);
      expect((await readFetchManifest(first.dir)).files[natsector.to]).toBeUndefined();

      server.reset();
      const second = await fetchWith({ files: [natsector] });
      expect(server.requestsFor(NATSECTOR).map((l) => [l.status, l.range])).toEqual([
        [206, `bytes=${part.size}-`],
      ]);
      expect(second.byPath.get(natsector.to)).toMatchObject({ status: 'downloaded', resumedFrom: part.size });
      expect(sha256(await readFile(join(second.dir, natsector.to)))).toBe(
        published.get('oews/natsector_M2023_dl.csv'),
      );
    });

    it('starts again from the first byte when the server ignores the Range request', async () => {
      server.modes.set(NATSECTOR, ['cut', 'ignore-range']);
      const { byPath, dir } = await fetchWith({ files: [natsector] });
      expect(server.requestsFor(NATSECTOR).map((l) => l.status)).toEqual([200, 200]);
      expect(server.requestsFor(NATSECTOR)[1]!.range).toMatch(/^bytes=\d+-$/);
      expect(byPath.get(natsector.to)).toMatchObject({ status: 'downloaded', bytes: 3_442_108 });
      expect(byPath.get(natsector.to)!.resumedFrom).toBeUndefined();
      expect(sha256(await readFile(join(dir, natsector.to)))).toBe(
        published.get('oews/natsector_M2023_dl.csv'),
      );
    });

    it('retries after server errors with backoff, and does not retry a 404', async () => {
      server.modes.set(NATSECTOR, ['fail500', 'fail500']);
      const { byPath, logger } = await fetchWith({
        files: [
          natsector,
          { url: 'https://www.bls.gov/oes/special-requests/oesm99nat.zip', vintage: 'none' },
        ],
      });
      expect(server.requestsFor(NATSECTOR).map((l) => l.status)).toEqual([500, 500, 200]);
      expect(byPath.get(natsector.to)!.status).toBe('downloaded');
      expect(logger.lines.filter((l) => l.startsWith('warn') && l.includes('HTTP 500'))).toEqual([
        `warn ${server.url}${NATSECTOR}: HTTP 500 Internal Server Error; retrying (attempt 2 of 3) in 0.0s`,
        `warn ${server.url}${NATSECTOR}: HTTP 500 Internal Server Error; retrying (attempt 3 of 3) in 0.0s`,
      ]);
      const missing = byPath.get('oesm99nat.zip')!;
      expect(server.requestsFor('/oes/special-requests/oesm99nat.zip')).toHaveLength(1);
      expect(missing.status).toBe('failed');
      expect(missing.error).toMatchObject({ status: 404, retryable: false, reason: 'HTTP 404 Not Found' });
      expect(missing.error!.url).toBe(`${server.url}/oes/special-requests/oesm99nat.zip`);
    });

    it('discards a download whose sha256 does not match, keeping nothing', async () => {
      const wrong = 'ab'.repeat(32);
      const { byPath, dir } = await fetchWith({ files: [{ ...natsector, sha256: wrong }] });
      const failed = byPath.get(natsector.to)!;
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatchObject({ kind: 'checksum', retryable: false });
      expect(failed.error!.message).toBe(
        `${server.url}${NATSECTOR}: checksum mismatch: expected sha256 ${wrong}, got ${published.get('oews/natsector_M2023_dl.csv')} (3442108 bytes); nothing was kept`,
      );
      expect(await readdir(join(dir, 'oews'))).toEqual([]);
      expect((await readFetchManifest(dir)).files[natsector.to]).toBeUndefined();
    });

    it('unpacks named entries of a zip archive and records where each came from', async () => {
      const onet = {
        url: 'https://www.onetcenter.org/dl_files/database/db_29_0_text.zip',
        to: 'onet/db_29_0_text.zip',
        vintage: 'O*NET 29.0',
        extract: ['Job Zones.txt', { entry: 'db_29_0_text/Occupation Data.txt', to: 'onet/occupations.txt' }],
      };
      const { byPath, dir } = await fetchWith({ files: [onet] });
      expect(byPath.get('onet/db_29_0_text.zip')!.status).toBe('downloaded');
      expect(byPath.get('onet/Job Zones.txt')).toMatchObject({ status: 'unpacked', bytes: 59_229 });
      expect(sha256(await readFile(join(dir, 'onet/Job Zones.txt')))).toBe(
        published.get('onet_29/Job Zones.tsv'),
      );
      expect(sha256(await readFile(join(dir, 'onet/occupations.txt')))).toBe(
        published.get('onet_29/Occupation Data.tsv'),
      );
      expect(existsSync(join(dir, 'onet/Read Me.txt'))).toBe(false);
      const manifest = await readFetchManifest(dir);
      expect(manifest.files['onet/occupations.txt']).toMatchObject({
        url: onet.url,
        vintage: 'O*NET 29.0',
        bytes: 264_777,
        archive: {
          path: 'onet/db_29_0_text.zip',
          sha256: manifest.files['onet/db_29_0_text.zip']!.sha256,
          entry: 'db_29_0_text/Occupation Data.txt',
        },
      });

      // A second release unpacked into the same folder would overwrite the first one's entry: refused.
      server.reset();
      const next = {
        ...onet,
        url: `https://www.onetcenter.org${ONET_NEXT_ZIP}`,
        to: 'onet/db_29_1_text.zip',
        extract: ['Job Zones.txt'],
      };
      const both = await fetchWith({ files: [onet, next] });
      const zones = both.result.files.filter((f) => f.path === 'onet/Job Zones.txt');
      expect(zones.map((f) => f.status).sort()).toEqual(['failed', 'unchanged']);
      expect(zones.find((f) => f.status === 'failed')!.error!.reason).toMatch(
        /^db_29_0_text\/Job Zones\.txt from onet\/db_29_[01]_text\.zip would overwrite onet\/Job Zones\.txt, which https:\/\/www\.onetcenter\.org\/dl_files\/database\/db_29_[01]_text\.zip entry db_29_0_text\/Job Zones\.txt also writes$/,
      );

      const again = await fetchWith({ files: [{ ...onet, extract: ['Skills.txt'] }] });
      expect(again.byPath.get('Skills.txt')!.error!.reason).toBe(
        'no entry of onet/db_29_0_text.zip matches "Skills.txt"; it holds "db_29_0_text/Job Zones.txt", "db_29_0_text/Occupation Data.txt", "db_29_0_text/Read Me.txt"',
      );
    });

    it('downloads nothing on a re-run: 304 for revalidated files, no request for pinned ones, and notices upstream changes', async () => {
      const onet = {
        url: 'https://www.onetcenter.org/dl_files/database/db_29_0_text.zip',
        to: 'onet/db_29_0_text.zip',
        vintage: 'O*NET 29.0',
        extract: ['Job Zones.txt'],
      };
      const pinned = { ...natsector, sha256: published.get('oews/natsector_M2023_dl.csv')! };
      const config = { qcew: { years: ['2016'], quarters: ['1'] }, files: [pinned, onet] };
      const first = await fetchWith(config, { counties: ['18039'] });
      expect(first.result.files.map((f) => f.status).sort()).toEqual([
        'downloaded',
        'downloaded',
        'downloaded',
        'downloaded',
        'unpacked',
      ]);
      const manifestBefore = await readFile(join(first.dir, MANIFEST_FILE), 'utf8');

      server.reset();
      const second = await fetchWith(config, { counties: ['18039'] });
      expect(second.result.files.every((f) => f.status === 'unchanged')).toBe(true);
      expect(server.requestsFor(NATSECTOR)).toEqual([]);
      expect(server.log.map((l) => l.status)).toEqual([304, 304, 304]);
      expect(server.log.every((l) => /^"[0-9a-f]{16}"$/.test(l.ifNoneMatch ?? ''))).toBe(true);
      const manifestAfter = JSON.parse(await readFile(join(second.dir, MANIFEST_FILE), 'utf8'));
      const before = JSON.parse(manifestBefore);
      for (const [path, entry] of Object.entries(before.files)) {
        expect(manifestAfter.files[path]).toMatchObject({
          ...(entry as object),
          checkedAt: expect.any(String),
        });
      }

      // The publisher revises a slice: the next run takes the new bytes and says so.
      const slice = join(site.dir, 'cew/data/api/2016/1/area/18039.csv');
      const original = await readFile(slice);
      try {
        const extra = Buffer.from('"18039","0","10","70","0","2016","1",""\n');
        await writeFile(slice, Buffer.concat([original, extra]));
        server.reset();
        const third = await fetchWith(config, { counties: ['18039'] });
        expect(third.byPath.get('qcew/2016/2016.q1.18039.csv')).toMatchObject({ status: 'updated' });
        expect(third.logger.lines).toContainEqual(
          expect.stringMatching(
            /^warn qcew\/2016\/2016\.q1\.18039\.csv changed upstream since 2026-01-15T12:00:\d\d\.000Z: check that the vintage "QCEW 2016" still describes it$/,
          ),
        );
        expect((await readFile(join(third.dir, 'qcew/2016/2016.q1.18039.csv'))).length).toBe(
          original.length + extra.length,
        );
      } finally {
        await writeFile(slice, original);
      }
    });

    it('adopts a file already in place when the server sends the same bytes, and --force asks for all of it again', async () => {
      const dir = join(work.dir, 'inputs');
      await mkdir(join(dir, 'oews'), { recursive: true });
      await writeFile(
        join(dir, natsector.to),
        await readFile(join(SHARED_DATA, 'oews/natsector_M2023_dl.csv')),
      );
      const first = await fetchWith({ files: [natsector] });
      expect(first.byPath.get(natsector.to)!.status).toBe('unchanged');
      expect(server.requestsFor(NATSECTOR)).toEqual([expect.objectContaining({ status: 200 })]);
      expect(server.requestsFor(NATSECTOR)[0]!.ifNoneMatch).toBeUndefined();
      const recorded = (await readFetchManifest(dir)).files[natsector.to]!;
      expect(recorded).toMatchObject({
        sha256: published.get('oews/natsector_M2023_dl.csv'),
        etag: expect.stringMatching(/^"/),
      });

      server.reset();
      const parsed = FetchSchema.parse({ baseUrl: server.url, files: [natsector] });
      const forced = await fetchInputs({
        dir,
        items: planFetch(parsed, { counties: [], referenceArea: 'US000' }).items,
        settings: parsed,
        userAgent: 'test',
        logger: memoryLogger(),
        clock: steppingClock('2026-02-01T00:00:00.000Z'),
        force: true,
      });
      expect(server.requestsFor(NATSECTOR)).toEqual([expect.objectContaining({ status: 200 })]);
      expect(server.requestsFor(NATSECTOR)[0]!.ifNoneMatch).toBeUndefined();
      expect(forced.files[0]!.status).toBe('unchanged');
      // Same bytes: the file keeps the date it was first fetched, and records when it was last confirmed.
      expect((await readFetchManifest(dir)).files[natsector.to]).toMatchObject({
        fetchedAt: recorded.fetchedAt,
        checkedAt: '2026-02-01T00:00:00.000Z',
      });
    });

    describe('the command line', () => {
      /** Run the CLI without blocking this process, which serves its requests. */
      function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
        return new Promise((resolve) => {
          const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'sector-insights.js'), ...args], {
            cwd: work.dir,
            env: { ...process.env, FORCE_COLOR: '0' },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      }

      async function pipeline(fetch: Record<string, unknown>): Promise<string> {
        const file = join(work.dir, 'pipeline.yaml');
        const config = {
          name: 'michiana',
          partnership: {
            name: 'Michiana Manufacturing',
            industry: { name: 'Manufacturing', naics: ['31-33'] },
            region: { name: 'Michiana', counties: ['18039', '26027'] },
            referenceArea: 'US000',
          },
          inputs: { qcew: { paths: 'inputs/qcew/**/*.csv', vintage: 'QCEW 2016' } },
          warehouse: { path: 'warehouse.duckdb' },
          outputs: { dir: 'out' },
          fetch: { baseUrl: server.url, retry: { delayMs: 1 }, ...fetch },
        };
        await writeFile(file, stringify(config));
        return file;
      }

      it('lists the plan with --dry-run, fetches, then finds nothing to download', async () => {
        const NOTE =
          'note: 1 fetched file(s) are not named under "inputs:" in pipeline.yaml, so runs will not load them: onet/Job Zones.txt';
        const file = await pipeline({
          userAgent: 'sector-insights (data@michiana.example.org)',
          qcew: { years: [2016], quarters: [2] },
          files: [
            {
              url: 'https://www.onetcenter.org/dl_files/database/db_29_0_text.zip',
              vintage: 'O*NET 29.0',
              to: 'onet/db_29_0_text.zip',
              extract: ['Job Zones.txt'],
            },
          ],
        });
        const dry = await cli(['fetch', file, '--dry-run']);
        expect(dry.code).toBe(0);
        expect(server.log).toEqual([]);
        expect(dry.stdout).toBe(
          [
            'would fetch 4 file(s) into inputs/ (no request made):',
            `  qcew/2016/2016.q2.18039.csv  https://data.bls.gov/cew/data/api/2016/2/area/18039.csv via ${server.url}/cew/data/api/2016/2/area/18039.csv  [QCEW 2016]  to download`,
            `  qcew/2016/2016.q2.26027.csv  https://data.bls.gov/cew/data/api/2016/2/area/26027.csv via ${server.url}/cew/data/api/2016/2/area/26027.csv  [QCEW 2016]  to download`,
            `  qcew/2016/2016.q2.US000.csv  https://data.bls.gov/cew/data/api/2016/2/area/US000.csv via ${server.url}/cew/data/api/2016/2/area/US000.csv  [QCEW 2016]  to download`,
            `  onet/db_29_0_text.zip  https://www.onetcenter.org/dl_files/database/db_29_0_text.zip via ${server.url}/dl_files/database/db_29_0_text.zip  [O*NET 29.0]  to download`,
            '    unpack "Job Zones.txt" to onet/',
            '',
          ].join('\n'),
        );

        const run = await cli(['fetch', file]);
        expect(run.stderr).toContain('downloaded qcew/2016/2016.q2.18039.csv (');
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^ {2}downloaded qcew\/2016\/2016\.q2\.18039\.csv {2}\d+\.\d KB$/m);
        expect(run.stdout).toMatch(/^ {2}unpacked {3}onet\/Job Zones\.txt {2}57\.8 KB$/m);
        let bytes = (await stat(join(site.dir, ONET_ZIP))).size;
        for (const area of ['18039', '26027', 'US000']) {
          bytes += (await stat(join(site.dir, `cew/data/api/2016/2/area/${area}.csv`))).size;
        }
        // The pipeline names only the QCEW folder under inputs: the O*NET file would not be loaded.
        expect(run.stdout.trim().split('\n').slice(-2)).toEqual([
          `inputs/: 4 downloaded (${formatBytes(bytes)}), 1 unpacked; manifest inputs/fetch-manifest.json`,
          NOTE,
        ]);
        expect(server.log.every((l) => l.userAgent === 'sector-insights (data@michiana.example.org)')).toBe(
          true,
        );

        server.reset();
        const again = await cli(['fetch', file]);
        expect(again.code).toBe(0);
        expect(again.stdout).toBe(`inputs/: 5 unchanged; manifest inputs/fetch-manifest.json\n${NOTE}\n`);
        expect(server.log.map((l) => l.status)).toEqual([304, 304, 304, 304]);
        const dryAgain = await cli(['fetch', file, '--dry-run']);
        expect(dryAgain.stdout).toContain('[O*NET 29.0]  held: revalidate with the server');
      });

      it('names the address, status and reason of every failure, and exits non-zero', async () => {
        const file = await pipeline({
          files: [
            { url: 'https://www.bls.gov/oes/special-requests/oesm99nat.zip', vintage: 'OEWS May 2099' },
            { ...natsector, sha256: '0'.repeat(64) },
          ],
        });
        const r = await cli(['fetch', file]);
        expect(r.code).toBe(3);
        expect(r.stderr.slice(r.stderr.indexOf('error[')).split('\n')).toEqual([
          'error[E_INPUT_INVALID]: 2 of 2 file(s) could not be fetched',
          `  ${server.url}/oes/special-requests/oesm99nat.zip: HTTP 404 Not Found (official address https://www.bls.gov/oes/special-requests/oesm99nat.zip)`,
          `  ${server.url}${NATSECTOR}: checksum mismatch: expected sha256 ${'0'.repeat(64)}, got ${published.get('oews/natsector_M2023_dl.csv')} (3442108 bytes); nothing was kept (official address ${natsector.url})`,
          "hint: check the address on the publisher's page: file names change with each release",
          '',
        ]);
        expect(r.stdout).toContain(
          `  failed     oesm99nat.zip  ${server.url}/oes/special-requests/oesm99nat.zip: HTTP 404 Not Found`,
        );
      });

      it('reports configuration problems with line and column', async () => {
        const file = await pipeline({ qcew: { years: ['2016'], quartrs: ['1'] } });
        const r = await cli(['fetch', file]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          /^error\[E_CONFIG_INVALID\]: pipeline\.yaml has 1 problem\(s\)\n {2}pipeline\.yaml:\d+:\d+: unknown key "quartrs" in fetch\.qcew \(did you mean "quarters"\?\); known keys: years, quarters, areas, from, vintage, dir\n$/,
        );
      });
    });
  },
);
