import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { memoryLogger } from '../../src/effects.ts';
import { SiError } from '../../src/errors.ts';
import { loadPipelineConfig, type PipelineConfig } from '../../src/pipeline/config.ts';
import type { RunManifest } from '../../src/pipeline/manifest.ts';
import { rebuildPartnerExtracts } from '../../src/pipeline/partner-extracts.ts';
import { validatePipeline } from '../../src/pipeline/validate.ts';
import { sha256File } from '../../src/util/hash.ts';
import { runForTest, steppingClock, tempDir, writeDemoProject, writePipeline } from '../helpers.ts';

type CsvRow = Record<string, string>;

/** A second partner beside the demo's college: whole extracts, and a county slice of the industry profile. */
const BOARD = {
  id: 'workforce-board',
  name: 'Lakeshore Workforce Board',
  formats: ['csv', 'json'],
  tables: [
    { extract: 'demand_comparison' },
    {
      extract: 'industry_profile',
      name: 'county-profile',
      columns: ['geo_id', 'geo_name', 'industry_code', 'period', 'is_suppressed', 'month3_emplvl'],
      filter: { geo_type: 'county', industry_code: ['31-33', '336'], qtr: '4' },
      formats: ['csv', 'json', 'parquet', 'xlsx'],
    },
  ],
};

async function readParquet(path: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM '${path}'`);
    return {
      types: Object.fromEntries(reader.columnNames().map((n, i) => [n, reader.columnType(i).toString()])),
      rows: reader.getRowObjectsJson(),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function folderBytes(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const partner of await readdir(dir)) {
    for (const file of await readdir(join(dir, partner))) {
      out.set(`${partner}/${file}`, await readFile(join(dir, partner, file)));
    }
  }
  return out;
}

/** Partner extracts of the demo partnership: written by a run, rebuilt by `sector-insights extract`. */
describe('partner extracts', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let config: PipelineConfig;
  let manifest: RunManifest;
  const runDir = () => join(config.outputs.dir, 'runs', manifest.runId);
  const partnerDir = (id: string) => join(runDir(), 'partners', id);
  const csvOf = async (path: string): Promise<CsvRow[]> => parse(await readFile(path), { columns: true });
  const rebuild = (c: PipelineConfig, partner?: string) =>
    rebuildPartnerExtracts(c, {
      clock: steppingClock(),
      logger: memoryLogger(),
      ...(partner ? { partner } : {}),
    });

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const demoFile = await writeDemoProject(dir);
    const file = demoFile;
    const yaml = parseYaml(await readFile(file, 'utf8'));
    yaml.outputs.pdf = 'never';
    yaml.extracts.partners.push(BOARD);
    await writeFile(file, stringify(yaml));
    config = await loadPipelineConfig(file);
    manifest = (await runForTest(config, { runId: 'p1' })).manifest;
  });

  afterAll(() => cleanup?.());

  it("writes each partner's folder in the run, listed in its manifest, with SHA256SUMS that verify", async () => {
    expect(manifest.error).toBeUndefined();
    expect(manifest.status).toBe('succeeded');
    expect((await readdir(join(runDir(), 'partners'))).sort()).toEqual([
      'lakeshore-college',
      'workforce-board',
    ]);
    expect((await readdir(partnerDir('lakeshore-college'))).sort()).toEqual([
      'README.md',
      'SHA256SUMS',
      'demand_comparison.csv',
      'demand_comparison.dictionary.md',
      'demand_comparison.schema.json',
      'demand_comparison.xlsx',
      'manifest.json',
      'openings.csv',
      'openings.dictionary.md',
      'openings.json',
      'openings.parquet',
      'openings.schema.json',
    ]);
    expect((await readdir(partnerDir('workforce-board'))).sort()).toEqual([
      'README.md',
      'SHA256SUMS',
      'county-profile.csv',
      'county-profile.dictionary.md',
      'county-profile.json',
      'county-profile.parquet',
      'county-profile.schema.json',
      'county-profile.xlsx',
      'demand_comparison.csv',
      'demand_comparison.dictionary.md',
      'demand_comparison.json',
      'demand_comparison.schema.json',
      'manifest.json',
    ]);
    const partnerOutputs = manifest.outputs.filter((o) => o.path.startsWith('partners/'));
    expect(partnerOutputs).toHaveLength(25);
    for (const o of partnerOutputs) expect(await sha256File(join(runDir(), o.path)), o.path).toBe(o.sha256);
    for (const id of ['lakeshore-college', 'workforce-board']) {
      const check = spawnSync('sha256sum', ['--strict', '-c', 'SHA256SUMS'], {
        cwd: partnerDir(id),
        encoding: 'utf8',
      });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      expect(check.stdout.trim().split('\n')).toHaveLength(id === 'lakeshore-college' ? 11 : 12);
    }
    const readme = await readFile(join(partnerDir('lakeshore-college'), 'README.md'), 'utf8');
    expect(readme).toContain('# Lakeshore Valley Community College: data from demo\n');
    expect(readme).toContain(`Published by sector-insights from run p1 on ${manifest.stages[5]!.startedAt}.`);
    expect(readme).toContain("## Release notes\n\nEmployers' reported hiring beside projected openings");
    expect(readme).toContain(`- Pipeline: demo (demo.yaml), configuration sha256 ${config.hash}`);
    expect(readme).toMatch(
      /- Disclosure audit of the published files: passed; \d+ survey cells, \d+ withheld/,
    );
    const qcewInput = manifest.inputs.find((i) => i.source === 'qcew')!;
    expect(readme).toContain(`| ${qcewInput.vintage} | ${qcewInput.rows} | ${qcewInput.sha256} |`);
    const excerpt = JSON.parse(
      await readFile(join(partnerDir('lakeshore-college'), 'manifest.json'), 'utf8'),
    );
    expect(excerpt).toMatchObject({
      partner: { id: 'lakeshore-college' },
      runId: 'p1',
      code: manifest.code,
      disclosure: { audit: { status: 'passed' } },
    });
    expect(excerpt.inputs).toHaveLength(manifest.inputs.length);
  });

  it("selects the configured columns and rows of the run's published extracts", async () => {
    const published = await csvOf(join(runDir(), 'extracts', 'occupation_openings.csv'));
    const columns = [
      'soc_code',
      'soc_title',
      'region_employment',
      'annual_openings',
      'openings_rate',
      'typical_education',
    ];
    const expected = published
      .filter((r) => r['projection_status'] === 'projected')
      .map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
    const openings = await readFile(join(partnerDir('lakeshore-college'), 'openings.csv'), 'utf8');
    expect(openings.split('\n')[0]).toBe(columns.join(','));
    expect(await csvOf(join(partnerDir('lakeshore-college'), 'openings.csv'))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);

    const profile = await csvOf(join(runDir(), 'extracts', 'industry_profile.csv'));
    const county = profile
      .filter(
        (r) =>
          r['geo_type'] === 'county' && ['31-33', '336'].includes(r['industry_code']!) && r['qtr'] === '4',
      )
      .map((r) => Object.fromEntries(BOARD.tables[1]!.columns!.map((c) => [c, r[c]])));
    expect(county.length).toBeGreaterThanOrEqual(4 * 3);
    expect(await csvOf(join(partnerDir('workforce-board'), 'county-profile.csv'))).toEqual(county);
    // A table without columns or filter is the published extract, byte for byte.
    for (const id of ['lakeshore-college', 'workforce-board']) {
      expect(await readFile(join(partnerDir(id), 'demand_comparison.csv'))).toEqual(
        await readFile(join(runDir(), 'extracts', 'demand_comparison.csv')),
      );
    }
    const dictionary = await readFile(
      join(partnerDir('workforce-board'), 'county-profile.dictionary.md'),
      'utf8',
    );
    expect(dictionary).toContain(
      '- Selected from the extract `industry_profile`: 6 column(s), rows where geo_type = "county" and industry_code is one of "31-33", "336" and qtr = "4"',
    );
    expect(dictionary).toContain(
      `- Rows: ${county.length}, sorted by geo_type DESC, geo_id, own_code, industry_code, year, qtr`,
    );
    const schema = JSON.parse(
      await readFile(join(partnerDir('workforce-board'), 'county-profile.schema.json'), 'utf8'),
    );
    expect(Object.keys(schema.properties)).toEqual(BOARD.tables[1]!.columns);
    expect(schema.properties.month3_emplvl.vintage).toBe('QCEW 2022-2024 quarterly (demo data)');
  });

  it('keeps codes as text and values equal in CSV, JSON, Parquet and Excel', async () => {
    const folder = partnerDir('workforce-board');
    const csv = await csvOf(join(folder, 'county-profile.csv'));
    const json: Record<string, string | number | boolean | null>[] = JSON.parse(
      await readFile(join(folder, 'county-profile.json'), 'utf8'),
    );
    expect(json.map((r) => [r['geo_id'], r['industry_code']])).toEqual(
      csv.map((r) => [r['geo_id'], r['industry_code']]),
    );
    expect(json.every((r) => typeof r['geo_id'] === 'string' && typeof r['industry_code'] === 'string')).toBe(
      true,
    );
    // Empty in CSV is null in JSON, never 0 (suppressed cells).
    const suppressed = json.filter((r) => r['is_suppressed'] === true);
    expect(suppressed.every((r) => r['month3_emplvl'] === null)).toBe(true);
    expect(json.map((r) => r['month3_emplvl'])).toEqual(
      csv.map((r) => (r['month3_emplvl'] === '' ? null : Number(r['month3_emplvl']))),
    );

    const parquet = await readParquet(join(folder, 'county-profile.parquet'));
    expect(parquet.types).toEqual({
      geo_id: 'VARCHAR',
      geo_name: 'VARCHAR',
      industry_code: 'VARCHAR',
      period: 'VARCHAR',
      is_suppressed: 'BOOLEAN',
      month3_emplvl: 'BIGINT',
    });
    expect(
      parquet.rows.map((r) => ({
        ...r,
        month3_emplvl: r['month3_emplvl'] === null ? null : Number(r['month3_emplvl']),
      })),
    ).toEqual(json);

    const openingsParquet = await readParquet(join(partnerDir('lakeshore-college'), 'openings.parquet'));
    expect(openingsParquet.types['soc_code']).toBe('VARCHAR');
    expect(openingsParquet.rows).toEqual(
      JSON.parse(await readFile(join(partnerDir('lakeshore-college'), 'openings.json'), 'utf8')),
    );

    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(partnerDir('lakeshore-college'), 'demand_comparison.xlsx'));
    const sheet = workbook.worksheets[0]!;
    const comparison = await csvOf(join(partnerDir('lakeshore-college'), 'demand_comparison.csv'));
    expect(sheet.rowCount).toBe(comparison.length + 1);
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A2').value).toBe(comparison[0]!['soc_code']);
    expect(sheet.getRow(1).getCell(8).value).toBe('survey_hires');
    expect(sheet.getCell('H2').value).toBe(
      comparison[0]!['survey_hires'] === '' ? null : Number(comparison[0]!['survey_hires']),
    );
  });

  it('`extract` rebuilds the same bytes from the last good run, for every partner or one', async () => {
    const partners = join(runDir(), 'partners');
    const before = await folderBytes(partners);
    await rm(join(partners, 'workforce-board', 'README.md'));
    const one = await rebuild(config, 'lakeshore-college');
    expect(one.runId).toBe('p1');
    expect(one.partners.map((p) => p.id)).toEqual(['lakeshore-college']);
    // Only the partner asked for was rewritten.
    expect(existsSync(join(partners, 'workforce-board', 'README.md'))).toBe(false);
    const all = await rebuild(config);
    expect(all.partners.map((p) => p.id)).toEqual(['lakeshore-college', 'workforce-board']);
    const after = await folderBytes(partners);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true);
    expect((await readdir(partners)).filter((n) => n.startsWith('.'))).toEqual([]);

    const unknown = await rebuild(config, 'lakeshore-colege').catch((e: unknown) => e as SiError);
    expect(unknown).toBeInstanceOf(SiError);
    expect((unknown as SiError).message).toMatch(
      /^no partner "lakeshore-colege" in \S*demo\.yaml \(did you mean "lakeshore-college"\?\); partners: lakeshore-college, workforce-board$/,
    );
  });

  it('`extract` names an unknown extract or column of a partner at its line in the pipeline file', async () => {
    const yaml = parseYaml(await readFile(config.file, 'utf8'));
    yaml.extracts.partners[0].tables[1].columns[1] = 'soc_titel';
    yaml.extracts.partners[1].tables[0].extract = 'demand_comparisons';
    const file = join(dir, 'pipelines', 'demo-bad.yaml');
    await writeFile(file, stringify(yaml));
    const bad = await loadPipelineConfig(file);
    const error = (await rebuild(bad).catch((e: unknown) => e)) as SiError;
    expect(error).toBeInstanceOf(SiError);
    expect(error.code).toBe('E_CONFIG_INVALID');
    const text = await readFile(file, 'utf8');
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [
        lineOf('- soc_titel'),
        'partner "lakeshore-college", table "openings": column "soc_titel" is not a column of extract occupation_openings (did you mean "soc_title"?)',
      ],
      [
        lineOf('extract: demand_comparisons'),
        expect.stringMatching(
          /^partner "workforce-board", table "demand_comparisons": no extract "demand_comparisons" \(did you mean "demand_comparison"\?\); published: .*demand_comparison, industry_profile/,
        ),
      ],
    ]);
  });

  it('a run with a misnamed partner column fails before it loads anything, and validate says so', async () => {
    const yaml = parseYaml(await readFile(config.file, 'utf8'));
    yaml.extracts.partners[0].tables[1].filter = { projection_statuss: 'projected' };
    const file = join(dir, 'pipelines', 'demo-bad-filter.yaml');
    await writeFile(file, stringify(yaml));
    const bad = await loadPipelineConfig(file);
    const expected =
      'partner "lakeshore-college", table "openings": filter column "projection_statuss" is not a column of extract occupation_openings (did you mean "projection_status"?)';
    const error = (await runForTest(bad, { runId: 'bad' }).catch((e: unknown) => e)) as SiError;
    expect(error).toBeInstanceOf(SiError);
    expect(error.code).toBe('E_CONFIG_INVALID');
    expect(error.issues.map((i) => i.message)).toEqual([expected]);
    const report = await validatePipeline(file);
    expect(report.configProblems.map((i) => i.message)).toEqual([expected]);
  });

  it('`extract` refuses when a later run rebuilt the tables, and when no run has published', async () => {
    const later = await runForTest(config, {
      only: 'metrics',
      runId: 'p2',
      clock: steppingClock('2026-01-16T12:00:00.000Z'),
    });
    expect(later.manifest.status).toBe('succeeded');
    expect(later.manifest.publishedTo).toBeUndefined();
    const error = (await rebuild(config).catch((e: unknown) => e)) as SiError;
    expect(error).toBeInstanceOf(SiError);
    expect(error.code).toBe('E_STAGE_ORDER');
    expect(error.message).toBe(
      'the warehouse no longer holds what run p1, the last good run, published: mart_demand_comparison (rebuilt by run p2, succeeded), mart_industry_profile (rebuilt by run p2, succeeded), mart_occupation_openings (rebuilt by run p2, succeeded)',
    );
    expect(error.hint).toMatch(
      /^run the pipeline so a good run publishes them again: sector-insights run .*demo\.yaml$/,
    );

    const fresh = await tempDir();
    try {
      const failing = await writePipeline(fresh.dir, {
        inputs: { qcew: { paths: 'missing/*.csv', vintage: 'QCEW 2024' } },
        extracts: { partners: [{ id: 'p', name: 'P', tables: [{ extract: 'industry_profile' }] }] },
      });
      expect((await runForTest(failing)).manifest.status).toBe('failed');
      const none = (await rebuild(failing).catch((e: unknown) => e)) as SiError;
      expect(none).toBeInstanceOf(SiError);
      expect([none.code, none.message]).toEqual([
        'E_STAGE_ORDER',
        'no run of test has published yet: nothing to extract from',
      ]);
    } finally {
      await fresh.cleanup();
    }
  });
});
