import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SiError } from '../../src/errors.ts';
import { type Model, ModelMetaSchema } from '../../src/models/project.ts';
import { parsePipelineConfig } from '../../src/pipeline/config.ts';
import { checkPartners } from '../../src/pipeline/partner-extracts.ts';
import { type ExtractSpec, modelExtractSpec } from '../../src/publish/extract.ts';
import { formatTable, type TableData } from '../../src/publish/formats.ts';
import {
  buildPartnerFiles,
  type ManifestExcerpt,
  type Partner,
  type PublishedExtract,
  partnerIssues,
} from '../../src/publish/partner.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { tempDir, useTempWarehouse } from '../helpers.ts';

const BASE = `name: lakeshore
partnership:
  name: Lakeshore Partnership
  industry: { name: Manufacturing, naics: ["31-33"] }
  region: { name: Lakeshore Valley, counties: ["57001", "57003"] }
inputs:
  qcew: { paths: data/*.csv, vintage: QCEW 2024 }
warehouse: { path: wh.duckdb }
outputs: { dir: out }
`;

function configIssues(text: string) {
  try {
    parsePipelineConfig(text, '/work/p/pipeline.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SiError);
    return (error as SiError).issues.map((i) => `${i.line}:${i.column} ${i.message}`);
  }
  throw new Error('expected the configuration to be rejected');
}

/** A published extract without a warehouse, for checks that only read its columns. */
function published(name: string, columns: ExtractSpec['columns']): PublishedExtract {
  return {
    spec: { name, title: name, model: `mart_${name}`, source: 'test', columns, orderBy: [columns[0]!.name] },
    model: { name: `mart_${name}` } as Model,
    vintage: 'test',
  };
}

const OPENINGS = published('occupation_openings', [
  { name: 'soc_code', type: 'string' },
  { name: 'soc_title', type: 'string' },
  { name: 'annual_openings', type: 'number', decimals: 1 },
  { name: 'horizon_order', type: 'integer' },
  { name: 'is_projected', type: 'boolean' },
]);
const DECLARED = new Map<string, readonly string[]>([
  ['industry_profile', ['qcew']],
  ['occupation_openings', ['qcew', 'oews', 'projections']],
  ['supply_demand', ['ipeds', 'codes', 'oews', 'projections']],
]);

describe('the extracts: section of a pipeline', () => {
  it('defaults formats to CSV and keeps tables as written', () => {
    const config = parsePipelineConfig(
      `${BASE}extracts:
  partners:
    - id: college
      name: Lakeshore College
      tables:
        - extract: occupation_openings
          columns: [soc_code, annual_openings]
          filter: { soc_code: ["51-4121", "17-2112"], is_projected: true }
`,
      '/work/p/pipeline.yaml',
    );
    expect(config.extracts?.partners).toEqual([
      {
        id: 'college',
        name: 'Lakeshore College',
        formats: ['csv'],
        tables: [
          {
            extract: 'occupation_openings',
            columns: ['soc_code', 'annual_openings'],
            filter: { soc_code: ['51-4121', '17-2112'], is_projected: true },
          },
        ],
      },
    ]);
  });

  it('names a bad format, two tables writing one file and a bad file name, with their lines', () => {
    const issues = configIssues(`${BASE}extracts:
  partners:
    - id: college
      name: Lakeshore College
      formats: [csv, xls]
      tables: [{ extract: demand_comparison }, { extract: demand_comparison }]
    - id: board
      name: Workforce Board
      tables: [{ extract: industry_profile, name: "Profile Table" }]
`);
    expect(issues).toEqual([
      '14:22 extracts.partners.0.formats.1: unknown format "xls" (did you mean "xlsx"?); expected csv, parquet, json, xlsx',
      '15:48 extracts.partners.0.tables.1: two tables would be written as "demand_comparison": give one a different name',
      '18:51 extracts.partners.1.tables.0.name: expected a file name: lower-case letters, digits, "-" or "_"',
    ]);
    expect(
      configIssues(`${BASE}extracts:
  partners:
    - { id: college, name: A, tables: [{ extract: demand_comparison }] }
    - { id: college, name: B, tables: [{ extract: demand_comparison }] }
`),
    ).toEqual(['13:13 extracts.partners.1.id: partner id "college" is used twice']);
    expect(
      configIssues(`${BASE}extracts:
  partners:
    - { id: college, name: A, tables: [{ extract: demand_comparison, name: manifest }] }
`),
    ).toEqual([
      '12:40 extracts.partners.0.tables.0: a table cannot be called "manifest" (the folder\'s manifest.json): give it a name',
    ]);
  });

  it('says which extract, column or filter value a partner gets wrong, with the nearest name', () => {
    const partners: Partner[] = [
      {
        id: 'college',
        name: 'College',
        formats: ['csv'],
        tables: [
          { extract: 'occupation_opening' },
          { extract: 'supply_demand' },
          {
            extract: 'occupation_openings',
            name: 'openings',
            columns: ['soc_code', 'soc_titel', 'annual_openings', 'zzz'],
            filter: { soc: '51-4121', soc_code: 51, horizon_order: '1', is_projected: 'yes' },
          },
        ],
      },
    ];
    const issues = partnerIssues(partners, new Map([['occupation_openings', OPENINGS]]), DECLARED);
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'extracts.partners.0.tables.0.extract',
        'partner "college", table "occupation_opening": no extract "occupation_opening" (did you mean "occupation_openings"?); published: occupation_openings',
      ],
      [
        'extracts.partners.0.tables.1.extract',
        'partner "college", table "supply_demand": extract "supply_demand" is not published by this run: it needs the inputs ipeds, codes, oews, projections, and the pipeline does not load them all; published: occupation_openings',
      ],
      [
        'extracts.partners.0.tables.2.columns.1',
        'partner "college", table "openings": column "soc_titel" is not a column of extract occupation_openings (did you mean "soc_title"?)',
      ],
      [
        'extracts.partners.0.tables.2.columns.3',
        'partner "college", table "openings": column "zzz" is not a column of extract occupation_openings; its columns: soc_code, soc_title, annual_openings, horizon_order, is_projected',
      ],
      [
        'extracts.partners.0.tables.2.filter.soc',
        'partner "college", table "openings": filter column "soc" is not a column of extract occupation_openings (did you mean "soc_code"?)',
      ],
      [
        'extracts.partners.0.tables.2.filter.soc_code',
        'partner "college", table "openings": filter value 51 for soc_code is not text; soc_code is text: quote the value ("51")',
      ],
      [
        'extracts.partners.0.tables.2.filter.horizon_order',
        'partner "college", table "openings": filter value "1" for horizon_order is not a number; horizon_order holds numbers',
      ],
      [
        'extracts.partners.0.tables.2.filter.is_projected',
        'partner "college", table "openings": filter value "yes" for is_projected is not a boolean; is_projected holds true or false',
      ],
    ]);
  });

  it('reports those problems at their place in the pipeline file', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = join(dir, 'pipeline.yaml');
      const text = `${BASE}extracts:
  partners:
    - id: college
      name: College
      tables:
        - extract: occupation_openings
          columns: [soc_code, soc_titel]
`;
      await writeFile(file, text);
      const config = parsePipelineConfig(text, file);
      const error = await checkPartners(config, config.extracts!.partners, [OPENINGS], DECLARED).catch(
        (e: unknown) => e as SiError,
      );
      expect(error).toBeInstanceOf(SiError);
      expect((error as SiError).code).toBe('E_CONFIG_INVALID');
      expect((error as SiError).issues).toEqual([
        expect.objectContaining({
          line: 16,
          column: 31,
          message: expect.stringContaining('column "soc_titel" is not a column'),
        }),
      ]);
    } finally {
      await cleanup();
    }
  });
});

const TABLE: TableData = {
  columns: [
    { name: 'area_fips', type: 'string' },
    { name: 'title', type: 'string' },
    { name: 'jobs', type: 'integer' },
    { name: 'share', type: 'number' },
    { name: 'suppressed', type: 'boolean' },
  ],
  rows: [
    { area_fips: '01001', title: '=HYPERLINK("http://x")', jobs: 12, share: 0.125, suppressed: false },
    { area_fips: '09001', title: 'Welders, Cutters', jobs: null, share: null, suppressed: true },
  ],
};
const AT = new Date('2026-01-15T12:00:05.000Z');

async function readParquet(bytes: Uint8Array) {
  const { dir, cleanup } = await tempDir();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await writeFile(join(dir, 't.parquet'), bytes);
    const reader = await connection.runAndReadAll(`SELECT * FROM '${join(dir, 't.parquet')}'`);
    return {
      types: reader.columnNames().map((n, i) => `${n} ${reader.columnType(i).toString()}`),
      rows: reader.getRowObjectsJson(),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await cleanup();
  }
}

describe('partner file formats', () => {
  afterEach(() => vi.useRealTimers());

  it('CSV neutralises formulas and keeps codes as text', async () => {
    const csv = new TextDecoder().decode(await formatTable('csv', TABLE, { title: 't', at: AT }));
    expect(csv).toBe(
      [
        'area_fips,title,jobs,share,suppressed',
        `01001,"'=HYPERLINK(""http://x"")",12,0.125,false`,
        '09001,"Welders, Cutters",,,true',
        '',
      ].join('\n'),
    );
  });

  it('JSON is an array of row objects in column order, empty values null', async () => {
    const json = new TextDecoder().decode(await formatTable('json', TABLE, { title: 't', at: AT }));
    expect(json.endsWith('}\n]\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(TABLE.rows);
    expect(Object.keys(JSON.parse(json)[0])).toEqual(TABLE.columns.map((c) => c.name));
    expect(json).toContain('    "area_fips": "01001",\n');
  });

  it('Parquet declares each type, so codes come back as VARCHAR with their zeros', async () => {
    const bytes = await formatTable('parquet', TABLE, { title: 't', at: AT });
    const back = await readParquet(bytes);
    expect(back.types).toEqual([
      'area_fips VARCHAR',
      'title VARCHAR',
      'jobs BIGINT',
      'share DOUBLE',
      'suppressed BOOLEAN',
    ]);
    expect(back.rows).toEqual([
      { area_fips: '01001', title: '=HYPERLINK("http://x")', jobs: '12', share: 0.125, suppressed: false },
      { area_fips: '09001', title: 'Welders, Cutters', jobs: null, share: null, suppressed: true },
    ]);
    expect(await formatTable('parquet', TABLE, { title: 't', at: AT })).toEqual(bytes);
  });

  it('XLSX holds codes and formula-like text as text cells, and is byte-stable whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-01T08:00:00Z'));
    const first = await formatTable('xlsx', TABLE, { title: 'openings', at: AT });
    vi.setSystemTime(new Date('2031-07-09T23:59:58Z'));
    const second = await formatTable('xlsx', TABLE, { title: 'openings', at: AT });
    vi.useRealTimers();
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const core = new TextDecoder().decode(unzipSync(first)['docProps/core.xml']);
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-15T12:00:05Z</dcterms:created>',
    );
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(first) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('openings')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'area_fips', 'title', 'jobs', 'share', 'suppressed']);
    expect(sheet.getCell('A2').value).toBe('01001');
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B2').value).toBe('=HYPERLINK("http://x")');
    expect(sheet.getCell('C2').value).toBe(12);
    expect(sheet.getCell('C3').value).toBe(null);
    expect(sheet.getCell('E3').value).toBe(true);
  });
});

describe('a partner folder built from a mart', () => {
  let warehouse: DuckdbWarehouse;
  let dir: string;
  useTempWarehouse((temp) => {
    ({ warehouse, dir } = temp);
  });

  const model: Model = {
    name: 'mart_area_jobs',
    layer: 'marts',
    file: 'marts/mart_area_jobs.sql',
    sql: '',
    meta: ModelMetaSchema.parse({
      description: 'Jobs by area.',
      columns: {
        area_fips: { description: 'County FIPS code.' },
        title: { description: 'Occupation title.' },
        jobs: { description: 'Jobs.', unit: 'jobs' },
        share: { description: 'Share of jobs.', unit: 'fraction' },
      },
      checks: [{ not_null: ['area_fips'] }],
      extract: {
        name: 'area_jobs',
        title: 'Jobs by area',
        source: 'Test source',
        inputs: ['qcew'],
        order_by: ['area_fips'],
      },
    }),
  };
  const excerpt: ManifestExcerpt = {
    runId: 'r1',
    generatedAt: '2026-01-15T12:00:05.000Z',
    pipeline: { name: 'test', file: 'pipeline.yaml', configHash: 'c'.repeat(64) },
    code: { version: 'test', modelsHash: 'm'.repeat(64) },
    inputs: [{ source: 'qcew', file: 'a.csv', vintage: 'QCEW 2024', rows: 3, sha256: 'a'.repeat(64) }],
  };

  it('selects columns and rows, writes every format with its dictionary, README, manifest and SHA256SUMS', async () => {
    await warehouse.execute(`CREATE TABLE mart_area_jobs AS SELECT * FROM (VALUES
      ('09001', '-2+3', 40::BIGINT, 0.33333),
      ('01001', 'Welders', 12::BIGINT, 0.125),
      ('01003', '@SUM(A1)', NULL, NULL)
    ) t(area_fips, title, jobs, share)`);
    const spec = await modelExtractSpec(warehouse, model);
    const extracts = new Map([['area_jobs', { spec, model, vintage: 'qcew QCEW 2024' }]]);
    const partner: Partner = {
      id: 'college',
      name: 'Lakeshore College',
      formats: ['csv', 'json', 'parquet'],
      notes: 'First release.',
      tables: [
        {
          extract: 'area_jobs',
          name: 'jobs',
          columns: ['share', 'area_fips', 'title'],
          filter: { area_fips: ['01001', '09001', '01003'], title: ['-2+3', '@SUM(A1)'] },
        },
      ],
    };
    const files = await buildPartnerFiles(warehouse, partner, extracts, excerpt);
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'SHA256SUMS',
      'jobs.csv',
      'jobs.dictionary.md',
      'jobs.json',
      'jobs.parquet',
      'jobs.schema.json',
      'manifest.json',
    ]);
    const text = (name: string) => new TextDecoder().decode(files.get(name));
    // Sorted by the extract's order (area_fips), though that column now comes second.
    expect(text('jobs.csv')).toBe(
      ['share,area_fips,title', ",01003,'@SUM(A1)", "0.3333,09001,'-2+3", ''].join('\n'),
    );
    expect(JSON.parse(text('jobs.json'))).toEqual([
      { share: null, area_fips: '01003', title: '@SUM(A1)' },
      { share: 0.3333, area_fips: '09001', title: '-2+3' },
    ]);
    expect((await readParquet(files.get('jobs.parquet')!)).rows).toEqual([
      { share: null, area_fips: '01003', title: '@SUM(A1)' },
      { share: 0.3333, area_fips: '09001', title: '-2+3' },
    ]);
    const schema = JSON.parse(text('jobs.schema.json'));
    expect(Object.keys(schema.properties)).toEqual(['share', 'area_fips', 'title']);
    expect(schema.properties.share).toMatchObject({
      unit: 'fraction',
      vintage: 'qcew QCEW 2024',
      decimals: 4,
    });
    expect(text('jobs.dictionary.md')).toContain(
      '| share | number (4 dp) | fraction | Share of jobs. | empty when suppressed or not available; never 0 for a missing value |',
    );
    expect(text('jobs.dictionary.md')).toContain(
      '| area_fips | string |  | County FIPS code. | never empty |',
    );
    expect(text('jobs.dictionary.md')).toContain('- Vintage: qcew QCEW 2024');
    expect(text('jobs.dictionary.md')).toContain(
      '- Selected from the extract `area_jobs`: 3 column(s), rows where area_fips is one of "01001", "09001", "01003" and title is one of "-2+3", "@SUM(A1)"',
    );
    expect(text('README.md')).toContain('## Release notes\n\nFirst release.\n');
    expect(text('README.md')).toContain(
      'Published by sector-insights from run r1 on 2026-01-15T12:00:05.000Z.',
    );
    expect(text('README.md')).not.toContain('Disclosure');
    expect(JSON.parse(text('manifest.json'))).toMatchObject({
      partner: { id: 'college', name: 'Lakeshore College' },
      runId: 'r1',
      tables: [{ name: 'jobs', extract: 'area_jobs', rows: 2, columns: ['share', 'area_fips', 'title'] }],
    });
    // sha256sum itself checks the folder.
    const folder = join(dir, 'college');
    await mkdir(folder);
    for (const [name, bytes] of files) await writeFile(join(folder, name), bytes);
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout.trim().split('\n')).toHaveLength(7);
    expect(text('SHA256SUMS').split('\n')[0]).toMatch(/^[0-9a-f]{64} {2}README\.md$/);
    // The same data and run give the same bytes.
    const again = await buildPartnerFiles(warehouse, partner, extracts, excerpt);
    for (const [name, bytes] of files)
      expect(Buffer.from(again.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
    expect(parse(await readFile(join(folder, 'jobs.csv')), { columns: true })).toHaveLength(2);
  });

  it("writes the run's disclosure summary into the README when the manifest has one", async () => {
    await warehouse.execute(
      `CREATE TABLE mart_area_jobs AS SELECT '01001' AS area_fips, 'x' AS title, 1::BIGINT AS jobs, 0.5 AS share`,
    );
    const spec = await modelExtractSpec(warehouse, model);
    const files = await buildPartnerFiles(
      warehouse,
      { id: 'p', name: 'P', formats: ['csv'], tables: [{ extract: 'area_jobs' }] },
      new Map([['area_jobs', { spec, model, vintage: 'v' }]]),
      {
        ...excerpt,
        disclosure: {
          rules: { minContributors: 3, dominance: { n: 1, k: 80 }, pPercent: 'off', complementary: true },
          audit: { status: 'passed', cells: 468, suppressed: { threshold: 71, complementary: 65 } },
        },
      },
    );
    const readme = new TextDecoder().decode(files.get('README.md'));
    expect(readme).toContain(
      '- Disclosure control of survey cells: at least 3 employers per cell; dominance rule (1, 80%); p% rule off; complementary suppression on\n' +
        '- Disclosure audit of the published files: passed; 468 survey cells, 136 withheld (threshold 71, complementary 65)\n',
    );
  });
});
