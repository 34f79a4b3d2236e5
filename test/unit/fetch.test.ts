import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SiError } from '../../src/errors.ts';
import { FetchSchema } from '../../src/fetch/config.ts';
import { parseFetchPlan } from '../../src/fetch/load.ts';
import { MANIFEST_FILE, ManifestWriter, readFetchManifest } from '../../src/fetch/manifest.ts';
import {
  extractDestination,
  fileNameOf,
  mirrored,
  planFetch,
  qcewAreaSliceUrl,
  qcewByAreaArchiveUrl,
} from '../../src/fetch/plan.ts';
import { formatBytes, summarise } from '../../src/fetch/run.ts';
import { extractZipEntry, listZipEntries, matchEntries, ZipError } from '../../src/fetch/zip.ts';
import { tempDir } from '../helpers.ts';

const context = { counties: ['18039', '18141', '26027'], referenceArea: 'US000' };

describe('the fetch section', () => {
  it('fills in defaults, and takes unquoted years and quarters as text', () => {
    const parsed = FetchSchema.parse({ qcew: { years: [2023, '2024'], quarters: [1, 'A'] } });
    expect(parsed).toEqual({
      dir: 'inputs',
      mirrors: {},
      concurrency: 2,
      retry: { attempts: 4, delayMs: 1000 },
      timeoutSeconds: 60,
      qcew: {
        years: ['2023', '2024'],
        quarters: ['1', 'a'],
        areas: [],
        from: 'api',
        vintage: 'QCEW {year}',
        dir: 'qcew',
      },
      files: [],
    });
  });

  it('refuses paths outside the inputs folder, bad checksums and bad addresses, saying why', () => {
    const result = FetchSchema.safeParse({
      files: [
        { url: 'https://www.bls.gov/a.zip', vintage: 'v', to: '../elsewhere/a.zip' },
        { url: 'https://www.bls.gov/b.zip', vintage: 'v', to: '/etc/b.zip', sha256: 'abc' },
        { url: 'ftp://example.org/c.zip', vintage: 'v' },
        { url: 'https://www.bls.gov/d.zip', vintage: 'v', to: 'oews\\d.zip' },
      ],
      qcew: { years: ['16'], quarters: ['5'], areas: ['18'] },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['qcew.years.0', 'expected a four-digit year such as "2024"'],
      ['qcew.quarters.0', 'expected a quarter 1-4, or "a" for annual averages'],
      ['qcew.areas.0', expect.stringContaining('expected a QCEW area code')],
      ['files.0.to', expect.stringContaining('expected a relative path inside the inputs folder')],
      ['files.1.to', expect.stringContaining('expected a relative path inside the inputs folder')],
      ['files.1.sha256', 'expected a sha256 checksum: 64 hexadecimal digits'],
      ['files.2.url', 'expected an http:// or https:// address without spaces'],
      ['files.3.to', expect.stringContaining('with "/" between folders')],
    ]);
  });

  it('lowercases a pinned sha256', () => {
    const sha = 'A'.repeat(64);
    const parsed = FetchSchema.parse({ files: [{ url: 'https://x.org/f.csv', vintage: 'v', sha256: sha }] });
    expect(parsed.files[0]!.sha256).toBe('a'.repeat(64));
  });
});

describe('the official addresses', () => {
  it('follow the QCEW open-data API and the by-area archive layouts', () => {
    expect(qcewAreaSliceUrl('2024', '1', '18039')).toBe(
      'https://data.bls.gov/cew/data/api/2024/1/area/18039.csv',
    );
    expect(qcewAreaSliceUrl('2023', 'A', 'US000')).toBe(
      'https://data.bls.gov/cew/data/api/2023/a/area/US000.csv',
    );
    expect(qcewByAreaArchiveUrl('2016', false)).toBe(
      'https://data.bls.gov/cew/data/files/2016/csv/2016_qtrly_by_area.zip',
    );
    expect(qcewByAreaArchiveUrl('2016', true)).toBe(
      'https://data.bls.gov/cew/data/files/2016/csv/2016_annual_by_area.zip',
    );
  });

  it('go to a mirror when one is configured: the longest matching prefix, else baseUrl', () => {
    const url = 'https://data.bls.gov/cew/data/api/2024/1/area/US000.csv?x=1';
    expect(mirrored(url, { mirrors: {} })).toBe(url);
    expect(mirrored(url, { baseUrl: 'http://127.0.0.1:8080/', mirrors: {} })).toBe(
      'http://127.0.0.1:8080/cew/data/api/2024/1/area/US000.csv?x=1',
    );
    expect(
      mirrored(url, {
        baseUrl: 'http://127.0.0.1:8080',
        mirrors: {
          'https://data.bls.gov': 'https://mirror.example.org/bls',
          'https://data.bls.gov/cew/data/api/': 'https://qcew.example.org/api/',
          'https://www.bls.gov': 'https://other.example.org',
        },
      }),
    ).toBe('https://qcew.example.org/api/2024/1/area/US000.csv?x=1');
  });

  it('name files after the decoded last segment of the address', () => {
    expect(fileNameOf('https://www.onetcenter.org/dl_files/database/db_29_1_text/Job%20Zones.txt')).toBe(
      'Job Zones.txt',
    );
    expect(fileNameOf('https://www.bls.gov/oes/')).toBeUndefined();
  });
});

describe('the plan', () => {
  it("takes QCEW API slices for the region's counties, the extra areas and the reference area, each once", () => {
    const config = FetchSchema.parse({
      qcew: {
        years: ['2023', '2024'],
        quarters: ['4', 'a'],
        areas: ['18000', '18039'],
        vintage: 'QCEW {year} (May 2025)',
      },
    });
    const { items, issues } = planFetch(config, context);
    expect(issues).toEqual([]);
    expect(items).toHaveLength(2 * 2 * 5);
    expect(items.slice(0, 6).map((i) => [i.url, i.path])).toEqual([
      ['https://data.bls.gov/cew/data/api/2023/4/area/18039.csv', 'qcew/2023/2023.q4.18039.csv'],
      ['https://data.bls.gov/cew/data/api/2023/4/area/18141.csv', 'qcew/2023/2023.q4.18141.csv'],
      ['https://data.bls.gov/cew/data/api/2023/4/area/26027.csv', 'qcew/2023/2023.q4.26027.csv'],
      ['https://data.bls.gov/cew/data/api/2023/4/area/18000.csv', 'qcew/2023/2023.q4.18000.csv'],
      ['https://data.bls.gov/cew/data/api/2023/4/area/US000.csv', 'qcew/2023/2023.q4.US000.csv'],
      ['https://data.bls.gov/cew/data/api/2023/a/area/18039.csv', 'qcew/2023/2023.annual.18039.csv'],
    ]);
    expect(items.at(-1)).toEqual({
      source: 'qcew',
      url: 'https://data.bls.gov/cew/data/api/2024/a/area/US000.csv',
      from: 'https://data.bls.gov/cew/data/api/2024/a/area/US000.csv',
      path: 'qcew/2024/2024.annual.US000.csv',
      vintage: 'QCEW 2024 (May 2025)',
      extract: [],
    });
  });

  it('takes one by-area archive per year and kind from which the areas are unpacked under BLS names', () => {
    const config = FetchSchema.parse({ qcew: { years: ['2016'], from: 'archive' } });
    const { items } = planFetch(config, { counties: ['18039'], referenceArea: 'US000' });
    expect(items).toEqual([
      {
        source: 'qcew',
        url: 'https://data.bls.gov/cew/data/files/2016/csv/2016_qtrly_by_area.zip',
        from: 'https://data.bls.gov/cew/data/files/2016/csv/2016_qtrly_by_area.zip',
        path: 'qcew/archives/2016_qtrly_by_area.zip',
        vintage: 'QCEW 2016',
        extract: [
          { pattern: '2016.q1-q4 18039 *.csv', dir: 'qcew/2016' },
          { pattern: '2016.q1-q4 US000 *.csv', dir: 'qcew/2016' },
        ],
      },
    ]);
    const entry = '2016.q1-q4.by_area/2016.q1-q4 18039 Elkhart County, Indiana.csv';
    expect(extractDestination(items[0]!, items[0]!.extract[0]!, entry)).toBe(
      'qcew/2016/2016.q1-q4 18039 Elkhart County, Indiana.csv',
    );
  });

  it('lists explicit files, placing unnamed ones by their address and unpacked entries beside the archive', () => {
    const config = FetchSchema.parse({
      baseUrl: 'http://127.0.0.1:9999',
      files: [
        {
          url: 'https://www.onetcenter.org/dl_files/database/db_29_0_text.zip',
          vintage: 'O*NET 29.0',
          to: 'onet/db_29_0_text.zip',
          extract: ['Skills.txt', { entry: 'db_29_0_text/Job Zones.txt', to: 'onet/zones.txt' }],
        },
        { url: 'https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx', vintage: 'EP 2024-34' },
      ],
    });
    const { items } = planFetch(config, context);
    expect(items.map((i) => [i.source, i.path, i.from])).toEqual([
      ['onet', 'onet/db_29_0_text.zip', 'http://127.0.0.1:9999/dl_files/database/db_29_0_text.zip'],
      ['files', 'occupation.xlsx', 'http://127.0.0.1:9999/emp/ind-occ-matrix/occupation.xlsx'],
    ]);
    const onet = items[0]!;
    expect(extractDestination(onet, onet.extract[0]!, 'db_29_0_text/Skills.txt')).toBe('onet/Skills.txt');
    expect(extractDestination(onet, onet.extract[1]!, 'db_29_0_text/Job Zones.txt')).toBe('onet/zones.txt');
    expect(extractDestination(items[1]!, { pattern: 'x.csv' }, 'folder/x.csv')).toBe('x.csv');
  });

  it('reports two files written to one path and an address without a file name', () => {
    const config = FetchSchema.parse({
      qcew: { years: ['2024'], quarters: ['1'] },
      files: [
        { url: 'https://mirror.example.org/18039.csv', vintage: 'v', to: 'qcew/2024/2024.q1.18039.csv' },
        { url: 'https://www.bls.gov/oes/', vintage: 'v' },
        { url: 'https://x.org/a.zip', vintage: 'v', extract: [{ entry: 'a.csv', to: 'A.zip' }] },
      ],
    });
    const { issues } = planFetch(config, context);
    expect(issues.map((i) => i.message)).toEqual([
      'fetch.files.1.url: the address has no file name; give "to", the path under the inputs folder',
      'fetch: https://mirror.example.org/18039.csv and https://data.bls.gov/cew/data/api/2024/1/area/18039.csv would both write qcew/2024/2024.q1.18039.csv',
      'fetch: https://x.org/a.zip entry a.csv and https://x.org/a.zip would both write A.zip',
    ]);
  });
});

describe('reading the fetch section from a pipeline file', () => {
  const yaml = (fetch: string, counties = '["18039", "26027"]') => `name: michiana
partnership:
  name: Michiana
  industry: { name: Manufacturing, naics: ["31-33"] }
  region:
    name: Michiana
    counties: ${counties}
inputs:
  qcew: { paths: inputs/qcew/**/*.csv, vintage: QCEW }
warehouse: { path: w.duckdb }
outputs: { dir: out }
${fetch}`;

  it("derives the plan from the partnership's counties and reference area, into a folder beside the file", () => {
    const plan = parseFetchPlan(
      yaml('fetch:\n  qcew: { years: ["2024"], quarters: ["1"] }\n'),
      '/p/pipe.yaml',
    );
    expect(plan.dir).toBe('/p/inputs');
    expect(plan.items.map((i) => i.path)).toEqual([
      'qcew/2024/2024.q1.18039.csv',
      'qcew/2024/2024.q1.26027.csv',
      'qcew/2024/2024.q1.US000.csv',
    ]);
  });

  it('gives every problem with line and column', () => {
    const text = yaml(
      'fetch:\n  qcew: { years: ["2024"] }\n  files:\n    - url: https://www.bls.gov/x.zip\n      vintag: OEWS\n',
      '["18039", 26027]',
    );
    let error: unknown;
    try {
      parseFetchPlan(text, '/p/pipe.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SiError);
    const e = error as SiError;
    expect(e.code).toBe('E_CONFIG_INVALID');
    // The whole pipeline is checked: the county written as a number is reported with the fetch problems.
    expect(e.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [7, 25, 'partnership.region.counties.1: expected text; write codes in quotes, e.g. "18039"'],
      [15, 7, 'missing required key "fetch.files.0.vintage"'],
      [
        16,
        7,
        'unknown key "vintag" in fetch.files.0 (did you mean "vintage"?); known keys: url, vintage, to, sha256, extract',
      ],
    ]);
  });

  it('checks the counties when QCEW is fetched', () => {
    const text = yaml('fetch:\n  qcew: { years: ["2024"] }\n', '["18039", 26027]');
    expect(() => parseFetchPlan(text, '/p/pipe.yaml')).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({
            line: 7,
            column: 25,
            message: 'partnership.region.counties.1: expected text; write codes in quotes, e.g. "18039"',
            value: '26027',
          }),
        ],
      }),
    );
  });

  it('says so when there is no fetch section', () => {
    expect(() => parseFetchPlan(yaml(''), '/p/pipe.yaml')).toThrow(
      /has no "fetch" section: nothing to download/,
    );
  });
});

describe('unpacking zip archives', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const big = text('O*NET-SOC Code\tJob Zone\n'.concat('11-1011.00\t5\n'.repeat(50_000)));

  async function archive(dir: string) {
    const file = join(dir, 'a.zip');
    await writeFile(
      file,
      zipSync({
        'db/Job Zones.txt': big,
        'db/Stored.txt': [text('kept as is\n'), { level: 0 }],
        'db/Empty.txt': text(''),
        'other/Job Zones.txt': text('a second one\n'),
        'db/sub/': new Uint8Array(0),
      }),
    );
    return file;
  }

  it('lists entries and unpacks deflated, stored and empty ones byte for byte', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = await archive(dir);
      const entries = await listZipEntries(file);
      expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
        ['db/Job Zones.txt', 8, big.length],
        ['db/Stored.txt', 0, 11],
        ['db/Empty.txt', 8, 0],
        ['other/Job Zones.txt', 8, 13],
      ]);
      for (const entry of entries) {
        const out = join(dir, 'out.txt');
        expect(await extractZipEntry(file, entry, out)).toBe(entry.size);
        const bytes = await readFile(out);
        if (entry.name === 'db/Job Zones.txt') expect(bytes.equals(Buffer.from(big))).toBe(true);
        if (entry.name === 'db/Stored.txt') expect(bytes.toString()).toBe('kept as is\n');
        if (entry.name === 'db/Empty.txt') expect(bytes.length).toBe(0);
      }
    } finally {
      await cleanup();
    }
  });

  it('detects a damaged entry by its CRC-32, and a file that is no zip', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = await archive(dir);
      const bytes = await readFile(file);
      const stored = (await listZipEntries(file)).find((e) => e.name === 'db/Stored.txt')!;
      // Flip one byte of the stored entry's data (after its 30-byte local header and 13-byte name).
      const at = stored.localHeaderOffset + 30 + 'db/Stored.txt'.length;
      bytes[at] = bytes[at]! ^ 0xff;
      await writeFile(file, bytes);
      await expect(extractZipEntry(file, stored, join(dir, 'x'))).rejects.toThrow(
        new ZipError('db/Stored.txt: CRC-32 does not match'),
      );
      await writeFile(join(dir, 'page.html'), '<html>Access Denied</html>');
      await expect(listZipEntries(join(dir, 'page.html'))).rejects.toThrow(
        'not a zip archive (no end-of-central-directory record)',
      );
    } finally {
      await cleanup();
    }
  });

  it('picks entries by full name, by file name, or by a pattern, ignoring case', () => {
    const names = [
      'db/Job Zones.txt',
      'other/Job Zones.txt',
      'c2023_a/C2023_A_RV.csv',
      'c2023_a/c2023_a.csv',
    ];
    expect(matchEntries(names, 'db/Job Zones.txt')).toEqual(['db/Job Zones.txt']);
    expect(matchEntries(names, 'Job Zones.txt')).toEqual(['db/Job Zones.txt', 'other/Job Zones.txt']);
    expect(matchEntries(names, 'c2023_a_rv.csv')).toEqual(['c2023_a/C2023_A_RV.csv']);
    expect(matchEntries(names, 'c2023_a*.csv')).toEqual(['c2023_a/C2023_A_RV.csv', 'c2023_a/c2023_a.csv']);
    expect(matchEntries(names, 'Skills.txt')).toEqual([]);
    expect(
      matchEntries(
        ['2016.q1-q4.by_area/2016.q1-q4 18039 Elkhart County, Indiana.csv'],
        '2016.q1-q4 18039 *.csv',
      ),
    ).toHaveLength(1);
    expect(
      matchEntries(['2016.q1-q4.by_area/2016.q1-q4 180390 Elsewhere.csv'], '2016.q1-q4 18039 *.csv'),
    ).toEqual([]);
  });
});

describe('the fetch manifest', () => {
  it('is rewritten after every file, keys sorted, and survives concurrent updates', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const writer = new ManifestWriter(dir, await readFetchManifest(dir));
      const entry = (path: string) => ({
        path,
        url: `https://x.org/${path}`,
        source: 'x',
        vintage: 'v',
        bytes: 1,
        sha256: createHash('sha256').update(path).digest('hex'),
        fetchedAt: '2026-01-15T12:00:00.000Z',
        checkedAt: '2026-01-15T12:00:00.000Z',
      });
      await Promise.all(['b.csv', 'a.csv', 'c/d.csv'].map((p) => writer.set(entry(p))));
      const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
      expect(Object.keys(JSON.parse(text).files)).toEqual(['a.csv', 'b.csv', 'c/d.csv']);
      expect(text).toMatch(/^\{\n {2}"files": \{\n {4}"a\.csv": \{\n {6}"bytes": 1,/);
      expect((await readFetchManifest(dir)).files['c/d.csv']).toEqual(entry('c/d.csv'));
      await writeFile(join(dir, MANIFEST_FILE), '{"files": {');
      expect(await readFetchManifest(dir)).toEqual({ files: {} });
    } finally {
      await cleanup();
    }
  });
});

describe('summaries', () => {
  it('count files by status and size the downloads', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(59_229)).toBe('57.8 KB');
    expect(formatBytes(3_442_108)).toBe('3.3 MB');
    const f = (status: 'downloaded' | 'unchanged' | 'failed', bytes?: number) => ({
      path: 'p',
      url: 'u',
      vintage: 'v',
      status,
      ...(bytes === undefined ? {} : { bytes }),
    });
    expect(summarise([f('unchanged'), f('downloaded', 1024), f('failed'), f('downloaded', 2048)])).toBe(
      '2 downloaded (3.0 KB), 1 unchanged, 1 failed',
    );
    expect(summarise([])).toBe('nothing to fetch');
  });
});
