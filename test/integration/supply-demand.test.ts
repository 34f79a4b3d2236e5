import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { CODES_SOURCE } from '../../src/ingest/sources/codes.ts';
import { IPEDS_SOURCE } from '../../src/ingest/sources/ipeds.ts';
import { disposePlan, loadTabular, planTabular } from '../../src/ingest/tabular.ts';
import { compileProject } from '../../src/models/build.ts';
import { compileChecks, runChecks } from '../../src/models/checks.ts';
import type { PipelineConfigInput } from '../../src/pipeline/config.ts';
import { writeSeeds } from '../../src/pipeline/seeds.ts';
import { duckdbDialect } from '../../src/warehouse/dialect.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import type { Row } from '../../src/warehouse/warehouse.ts';
import {
  copyModels,
  MICHIANA_COUNTIES,
  QCEW_2016,
  runForTest,
  SHARED_DATA,
  sharedDataAvailable,
  tempDir,
  writePipeline,
} from '../helpers.ts';

/** The models of supply, and the staging models they read. */
const MODELS = [
  'staging/stg_ipeds_completions',
  'staging/stg_ipeds_institutions',
  'staging/stg_cip_soc',
  'staging/stg_cip_codes',
  'staging/stg_soc_codes',
  'intermediate/int_supply_institutions',
  'intermediate/int_supply_completions',
  'intermediate/int_supply_allocation',
  'marts/mart_supply_demand',
  'marts/mart_supply_warnings',
];

/**
 * Upstream tables other models build (occupation employment, projected openings), declared as tables that exist
 * in the warehouse: the test writes them with the hand-made values below.
 */
const UPSTREAM = ['intermediate/int_occupation_employment', 'marts/mart_occupation_openings'];

/*
 * A region worked by hand (Michiana counties; award levels 1-4, so 20 and 21 count as level 1):
 *
 *   100001 Alpha Community College, Elkhart (in the region)
 *     48.0501 machining: 30 associate + 12 certificates of 12 weeks-1 year + 0 certificates of 1-2 years = 42
 *     15.0613 manufacturing engineering technology: 10;  51.3801 nursing: 40 (plus 5 second majors and 20
 *     bachelor's, not counted);  24.0101 liberal arts: 7 (NCES links it to no occupation). CIP 48 and 99 rows
 *     are subtotals. 2022 had 999 machining awards: only the latest year counts.
 *   100002 Beta Technical Institute, South Bend: 48.0501: 18; 52.0203 logistics: 8. It reports for a campus
 *     outside the region (100004, Indianapolis).
 *   100005 Gamma State University-Dowagiac, in the region: its completions are reported by 100003 (Indianapolis).
 *   100006 Epsilon University-South Bend: only bachelor's (not counted); in the Gamma System with 100003.
 *   100003 Gamma State University, Indianapolis (outside): 48.0501: 100; 51.3801: 200.
 *
 *   Programs of the region: 48.0501 60 (2 institutions), 15.0613 10, 51.3801 40, 52.0203 8 = 118 linked.
 *   Crosswalk: 48.0501 → 51-4041, 51-4031, 51-4081;  15.0613 → 51-4041, 17-3026;  51.3801 → 29-1141, 25-1072;
 *   52.0203 → 13-1081, 53-1042, 53-1043 (the last two published together as 53-1047, one occupation).
 *   Employment: 51-4041 600, 51-4031 200, 51-4081 200, 17-3026 0, 13-1081 50, 53-1047 150; nursing none.
 *   Openings per year: 51-4041 50, 51-4031 10, 29-1141 30, 53-1047 5, 51-2090 15.
 *
 *   equal:      51-4041 60/3 + 10/2 = 25; 51-4031 20; 51-4081 20; 17-3026 5; 29-1141 20; 25-1072 20;
 *               13-1081 4; 53-1047 4 (sum 118).
 *   employment: 51-4041 60·600/1000 + 10·600/600 = 46; 51-4031 12; 51-4081 12; 17-3026 0; nursing has no
 *               employment, so 20 and 20 (equal, flagged); 13-1081 8·50/200 = 2; 53-1047 6 (sum 118).
 *   all:        51-4041 70; 51-4031 60; 51-4081 60; 17-3026 10; 29-1141 40; 25-1072 40; 13-1081 8; 53-1047 8
 *               (sum 296: every completer counted against each linked occupation).
 */
const FILES: Record<string, readonly string[]> = {
  'hd2023.csv': [
    '\uFEFFUNITID,INSTNM,CITY,STABBR,FIPS,COUNTYCD,COUNTYNM,F1SYSTYP,F1SYSNAM,F1SYSCOD',
    '100001,Alpha Community College,Elkhart,IN,18,18039,Elkhart County,2,-2,-2',
    '100002,Beta Technical Institute,South Bend,IN,18,18141,St. Joseph County,2,-2,-2',
    '100003,Gamma State University,Indianapolis,IN,18,18097,Marion County,1,Gamma System,900001',
    '100004,Beta Technical Institute-Indianapolis,Indianapolis,IN,18,18097,Marion County,2,-2,-2',
    '100005,Gamma State University-Dowagiac,Dowagiac,MI,26,26027,Cass County,2,-2,-2',
    '100006,Epsilon University-South Bend,South Bend,IN,18,18141,St. Joseph County,1,Gamma System,900001',
  ],
  'flags2023.csv': [
    'UNITID,PRCH_C,IDX_C',
    '100001,-2,-2',
    '100002,1,-2',
    '100003,1,-2',
    '100004,2,100002',
    '100005,2,100003',
    '100006,-2,-2',
  ],
  'c2023_a.csv': [
    'UNITID,CIPCODE,MAJORNUM,AWLEVEL,XCTOTALT,CTOTALT',
    '100001,"48.0501",1,3,R,30',
    '100001,"48.0501",1,21,R,12',
    '100001,"48.0501",1,2,R,0',
    '100001,"15.0613",1,3,R,10',
    '100001,"51.3801",1,3,R,40',
    '100001,"51.3801",2,3,R,5',
    '100001,"51.3801",1,5,R,20',
    '100001,"24.0101",1,3,R,7',
    '100001,"48",1,3,R,30',
    '100001,"99",1,3,R,87',
    '100002,"48.0501",1,2,R,18',
    '100002,"52.0203",1,3,R,8',
    '100003,"48.0501",1,3,R,100',
    '100003,"51.3801",1,3,R,200',
    '100006,"15.0613",1,5,R,6',
  ],
  'c2022_a.csv': ['UNITID,CIPCODE,MAJORNUM,AWLEVEL,XCTOTALT,CTOTALT', '100001,"48.0501",1,3,R,999'],
  'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv': [
    'CIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title',
    '48.0501,Machine Tool Technology/Machinist.,51-4041,Machinists',
    '48.0501,Machine Tool Technology/Machinist.,51-4031,"Cutting, Punching, and Press Machine Setters, Operators, and Tenders, Metal and Plastic"',
    '48.0501,Machine Tool Technology/Machinist.,51-4081,"Multiple Machine Tool Setters, Operators, and Tenders, Metal and Plastic"',
    '15.0613,Manufacturing Engineering Technology/Technician.,51-4041,Machinists',
    '15.0613,Manufacturing Engineering Technology/Technician.,17-3026,Industrial Engineering Technologists and Technicians',
    '51.3801,Registered Nursing/Registered Nurse.,29-1141,Registered Nurses',
    '51.3801,Registered Nursing/Registered Nurse.,25-1072,"Nursing Instructors and Teachers, Postsecondary"',
    '52.0203,Logistics.,13-1081,Logisticians',
    '52.0203,Logistics.,53-1042,"First-Line Supervisors of Helpers, Laborers, and Material Movers, Hand"',
    '52.0203,Logistics.,53-1043,First-Line Supervisors of Material-Moving Machine and Vehicle Operators',
    '24.0101,"Liberal Arts and Sciences/Liberal Studies.",99-9999,NO MATCH',
    '99.9999,NO MATCH,13-1074,Farm Labor Contractors',
  ],
};

const EMPLOYMENT: readonly [string, string, number][] = [
  ['51-4041', 'Machinists', 600],
  ['51-4031', 'Cutting, Punching, and Press Machine Setters, Operators, and Tenders, Metal and Plastic', 200],
  ['51-4081', 'Multiple Machine Tool Setters, Operators, and Tenders, Metal and Plastic', 200],
  ['17-3026', 'Industrial Engineering Technologists and Technicians', 0],
  ['13-1081', 'Logisticians', 50],
  ['53-1047', 'First-Line Supervisors of Transportation and Material Moving Workers', 150],
];

const OPENINGS: readonly [string, string, number][] = [
  ['51-4041', 'Machinists', 50],
  ['51-4031', 'Cutting, punching, and press machine setters', 10],
  ['29-1141', 'Registered nurses', 30],
  ['53-1047', 'First-line supervisors of transportation and material moving workers', 5],
  ['51-2090', 'Miscellaneous assemblers and fabricators', 15],
];

type SupplyRow = Row & {
  soc_code: string;
  completions_annual: number;
  completions_linked: number;
  programs: number;
  institutions: number;
  annual_openings: number | null;
  gap: number | null;
  supply_ratio: number | null;
  allocation_method: string;
  allocation_fallback: boolean;
  coverage: string;
};

describe('supply against demand, worked by hand', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let warehouse: DuckdbWarehouse;
  let sqlDir: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    warehouse = await DuckdbWarehouse.open({ path: join(dir, 'w.duckdb') });
    for (const [name, lines] of Object.entries(FILES))
      await writeFile(join(dir, name), `${lines.join('\n')}\n`);
    for (const [source, names] of [
      [IPEDS_SOURCE, ['hd2023.csv', 'flags2023.csv', 'c2023_a.csv', 'c2022_a.csv']],
      [CODES_SOURCE, ['CIP2020_SOC2018_Crosswalk__CIP-SOC.csv']],
    ] as const) {
      const paths = names.map((n) => join(dir, n));
      const plan = await planTabular(source, [{ paths, vintage: 'test', onBadFile: 'fail' }]);
      try {
        const result = await loadTabular(plan, { warehouse, logger: silentLogger, tag: 't' });
        expect(result.issues).toEqual([]);
      } finally {
        await disposePlan(plan);
      }
    }
    const values = (rows: readonly [string, string, number][]) =>
      rows.map(([code, title, n]) => `('${code}', '${title.replaceAll("'", "''")}', ${n})`).join(', ');
    await warehouse.execute(
      `CREATE TABLE int_occupation_employment AS SELECT soc_code, soc_title, CAST(employment AS DOUBLE) AS employment
       FROM (VALUES ${values(EMPLOYMENT)}) AS t(soc_code, soc_title, employment)`,
    );
    await warehouse.execute(
      `CREATE TABLE mart_occupation_openings AS
       SELECT soc_code, soc_title, CAST(annual_openings AS DOUBLE) AS annual_openings, '2024-34' AS projection_period
       FROM (VALUES ${values(OPENINGS)}) AS t(soc_code, soc_title, annual_openings)`,
    );
    // The project's models of supply, with the two upstream tables declared as built elsewhere.
    sqlDir = await copyModels(dir, MODELS, {
      builtByTest: UPSTREAM,
      description: 'Written by the test with hand-made values.',
    });
  });
  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  /** Seed the configuration, build the supply models, and check that every check of theirs passes. */
  async function build(metrics: PipelineConfigInput['metrics']): Promise<void> {
    const config = await writePipeline(dir, {
      inputs: { qcew: { paths: join(dir, 'qcew.csv'), vintage: 'none' } },
      partnership: {
        name: 'Test',
        industry: { name: 'Manufacturing', naics: ['31-33'] },
        region: { name: 'Michiana', counties: MICHIANA_COUNTIES },
      },
      ...(metrics ? { metrics } : {}),
    });
    await writeSeeds(warehouse, config);
    const project = await compileProject(sqlDir, duckdbDialect);
    for (const { model, sql } of project.ordered) {
      if (model.meta.built_by === undefined) await warehouse.createTableAs(model.name, sql);
    }
    const mine = project.models.filter((m) => m.meta.built_by === undefined);
    const results = await runChecks(warehouse, compileChecks(mine, project.renderer), 3);
    expect(results.length).toBeGreaterThan(20);
    expect(
      results.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${JSON.stringify(c.sample)}`),
    ).toEqual([]);
  }

  const supply = () =>
    warehouse.query<SupplyRow>(
      `SELECT soc_code, completions_annual, completions_linked, programs, institutions, annual_openings, gap,
              supply_ratio, allocation_method, allocation_fallback, coverage
       FROM mart_supply_demand ORDER BY soc_code`,
    );
  const byCode = (rows: SupplyRow[], field: keyof SupplyRow) =>
    Object.fromEntries(rows.map((r) => [r.soc_code, r[field]]));

  it('splits each program evenly over its occupations and keeps the total of completions exactly', async () => {
    await build({ supply: { allocation: 'equal', awardLevels: [1, 2, 3, 4] } });
    const rows = await supply();
    expect(byCode(rows, 'completions_annual')).toEqual({
      '13-1081': 4,
      '17-3026': 5,
      '25-1072': 20,
      '29-1141': 20,
      '51-2090': 0,
      '51-4031': 20,
      '51-4041': 25,
      '51-4081': 20,
      '53-1047': 4,
    });
    expect(rows.reduce((n, r) => n + r.completions_annual, 0)).toBe(118);
    expect(rows.find((r) => r.soc_code === '51-4041')).toEqual({
      soc_code: '51-4041',
      completions_annual: 25,
      completions_linked: 70,
      programs: 2,
      institutions: 2,
      annual_openings: 50,
      gap: 25,
      supply_ratio: 0.5,
      allocation_method: 'equal',
      allocation_fallback: false,
      coverage: 'supply and demand',
    });
    expect(byCode(rows, 'gap')).toEqual({
      '13-1081': null,
      '17-3026': null,
      '25-1072': null,
      '29-1141': 10,
      '51-2090': 15,
      '51-4031': -10,
      '51-4041': 25,
      '51-4081': null,
      '53-1047': 1,
    });
    expect(byCode(rows, 'supply_ratio')['29-1141']).toBeCloseTo(2 / 3, 12);
    expect(byCode(rows, 'coverage')).toMatchObject({
      '51-2090': 'demand only',
      '51-4081': 'supply only',
      '53-1047': 'supply and demand',
    });
    expect(
      await warehouse.query(
        `SELECT year, unitid, sum(completions)::INT AS n FROM int_supply_completions GROUP BY 1, 2 ORDER BY 2`,
      ),
    ).toEqual([
      { year: '2023', unitid: '100001', n: 99 },
      { year: '2023', unitid: '100002', n: 26 },
    ]);
  });

  it('splits by regional employment, equally when no occupation of a program has any, and says so', async () => {
    await build({ supply: { allocation: 'employment', awardLevels: [1, 2, 3, 4] } });
    const rows = await supply();
    const allocated = byCode(rows, 'completions_annual') as Record<string, number>;
    const expected: Record<string, number> = {
      '13-1081': 2,
      '17-3026': 0,
      '25-1072': 20,
      '29-1141': 20,
      '51-2090': 0,
      '51-4031': 12,
      '51-4041': 46,
      '51-4081': 12,
      '53-1047': 6,
    };
    expect(Object.keys(allocated)).toEqual(Object.keys(expected));
    for (const [code, n] of Object.entries(expected)) expect(allocated[code], code).toBeCloseTo(n, 9);
    expect(rows.reduce((n, r) => n + r.completions_annual, 0)).toBeCloseTo(118, 9);
    expect(rows.filter((r) => r.allocation_fallback).map((r) => r.soc_code)).toEqual(['25-1072', '29-1141']);
    expect(new Set(rows.map((r) => r.allocation_method))).toEqual(new Set(['employment']));
    expect(byCode(rows, 'gap')['51-4041']).toBeCloseTo(4, 9);
    expect(byCode(rows, 'supply_ratio')['53-1047']).toBeCloseTo(1.2, 9);
    expect(
      await warehouse.query(
        `SELECT warning_type, completions, message FROM mart_supply_warnings WHERE warning_type = 'employment_fallback'`,
      ),
    ).toEqual([
      {
        warning_type: 'employment_fallback',
        completions: 40,
        message:
          '1 program(s) with 40 completion(s) were split equally over their occupations: none of those occupations has regional employment in the partnership industry.',
      },
    ]);
  });

  it('counts every completer against every linked occupation with the "all" method, totals exceeding completions', async () => {
    await build({ supply: { allocation: 'all', awardLevels: [1, 2, 3, 4] } });
    const rows = await supply();
    expect(byCode(rows, 'completions_annual')).toEqual({
      '13-1081': 8,
      '17-3026': 10,
      '25-1072': 40,
      '29-1141': 40,
      '51-2090': 0,
      '51-4031': 60,
      '51-4041': 70,
      '51-4081': 60,
      '53-1047': 8,
    });
    expect(rows.reduce((n, r) => n + r.completions_annual, 0)).toBe(296);
    expect(byCode(rows, 'gap')['51-4041']).toBe(-20);
    expect(byCode(rows, 'supply_ratio')['51-4041']).toBeCloseTo(1.4, 12);
  });

  it('warns about campuses a parent reports for, parents reporting campuses elsewhere, and systems', async () => {
    await build({ supply: { allocation: 'equal', awardLevels: [1, 2, 3, 4] } });
    const warnings = await warehouse.query(
      `SELECT severity, warning_type, unitid, related_unitid, cip_code, completions, message
       FROM mart_supply_warnings ORDER BY warning_type, unitid, cip_code`,
    );
    expect(
      warnings.map((w) => [
        w['severity'],
        w['warning_type'],
        w['unitid'],
        w['related_unitid'],
        w['cip_code'],
        w['completions'],
      ]),
    ).toEqual([
      ['info', 'multi_campus_system', '100006', null, null, null],
      ['info', 'no_completions', '100005', null, null, 0],
      ['info', 'no_completions', '100006', null, null, 0],
      ['warning', 'parent_includes_campuses_elsewhere', '100002', '100004', null, 26],
      ['info', 'program_not_linked', null, null, '24.0101', 7],
      ['warning', 'reported_by_parent', '100005', '100003', null, null],
      ['info', 'selection_by_county', null, null, null, null],
    ]);
    const message = (type: string) => String(warnings.find((w) => w['warning_type'] === type)?.['message']);
    expect(message('reported_by_parent')).toBe(
      "Gamma State University-Dowagiac (100005) reports its completions with its parent Gamma State University (100003), Indianapolis, IN, outside the region: completions at this campus are not in the region's supply.",
    );
    expect(message('program_not_linked')).toBe(
      '7 completion(s) in 24.0101 (Liberal Arts and Sciences/Liberal Studies) are not counted: NCES links the program to no occupation.',
    );
    expect(message('parent_includes_campuses_elsewhere')).toContain('Beta Technical Institute-Indianapolis');
    expect(message('multi_campus_system')).toContain('Gamma System');
  });

  it('takes the listed institutions instead of the counties, and warns about a listed one outside the region', async () => {
    await build({
      supply: { allocation: 'equal', awardLevels: [1, 2, 3, 4], institutions: ['100001', '100003'] },
    });
    expect(
      await warehouse.query(`SELECT unitid, selected_by, in_region FROM int_supply_institutions ORDER BY 1`),
    ).toEqual([
      { unitid: '100001', selected_by: 'listed', in_region: true },
      { unitid: '100003', selected_by: 'listed', in_region: false },
    ]);
    const rows = await supply();
    // Nursing: 40 + 200 over two occupations; machining: (42 + 100) / 3 plus manufacturing technology 10 / 2.
    expect(byCode(rows, 'completions_annual')['29-1141']).toBe(120);
    expect(byCode(rows, 'completions_annual')['51-4041']).toBeCloseTo(142 / 3 + 5, 12);
    expect(byCode(rows, 'completions_annual')['13-1081']).toBeUndefined();
    const warnings = await warehouse.query(
      `SELECT severity, warning_type, unitid, completions FROM mart_supply_warnings
       WHERE warning_type IN ('listed_outside_region', 'reported_by_parent', 'selection_by_county') ORDER BY 2, 3`,
    );
    expect(warnings).toEqual([
      { severity: 'warning', warning_type: 'listed_outside_region', unitid: '100003', completions: 300 },
      // The Dowagiac campus's completions are in its parent's, which is listed: counted, so only noted.
      { severity: 'info', warning_type: 'reported_by_parent', unitid: '100005', completions: null },
    ]);
  });

  it('says why supply is empty: no institution, no crosswalk, no completions (and never fails)', async () => {
    const warnings = () =>
      warehouse.query('SELECT severity, warning_type FROM mart_supply_warnings ORDER BY warning_type');
    const count = async () =>
      (await warehouse.query<{ n: number }>('SELECT count(*)::INT AS n FROM mart_supply_demand'))[0]!.n;
    await build({ supply: { allocation: 'equal', institutions: [] } });
    // The Dowagiac campus is in the region, whatever the list: its parent reports its completions.
    expect(await warnings()).toEqual([
      { severity: 'warning', warning_type: 'no_institutions' },
      { severity: 'warning', warning_type: 'reported_by_parent' },
    ]);
    // No completions from the region: openings stand against zero supply.
    expect(
      await warehouse.query(
        'SELECT DISTINCT coverage, completions_annual FROM mart_supply_demand ORDER BY 1',
      ),
    ).toEqual([{ coverage: 'demand only', completions_annual: 0 }]);
    await warehouse.execute('CREATE OR REPLACE TABLE raw_cip_soc AS SELECT * FROM raw_cip_soc WHERE false');
    await build({ supply: { allocation: 'equal' } });
    expect(await warnings()).toEqual([
      { severity: 'warning', warning_type: 'crosswalk_not_loaded' },
      { severity: 'info', warning_type: 'multi_campus_system' },
      // Only Dowagiac: with the default award levels (1-5), Epsilon's bachelor's degrees count.
      { severity: 'info', warning_type: 'no_completions' },
      { severity: 'warning', warning_type: 'parent_includes_campuses_elsewhere' },
      { severity: 'warning', warning_type: 'reported_by_parent' },
      { severity: 'info', warning_type: 'selection_by_county' },
    ]);
    expect(await count()).toBe(0);
    await warehouse.execute(
      'CREATE OR REPLACE TABLE raw_ipeds_completions AS SELECT * FROM raw_ipeds_completions WHERE false',
    );
    await build({ supply: { allocation: 'equal' } });
    expect(await count()).toBe(0);
    expect(await warnings()).toEqual([]);
  });
});

/** The real IPEDS 2022-23 completions and the NCES crosswalk through a pipeline, for the Michiana counties. */
describe.runIf(sharedDataAvailable())('supply from the real IPEDS files, Michiana', () => {
  let cleanup: () => Promise<void>;
  let dir: string;
  let warehouse: DuckdbWarehouse | undefined;

  /** Run the pipeline with these supply settings (inputs unchanged after the first run are reused). */
  async function run(
    supply: NonNullable<PipelineConfigInput['metrics']>['supply'],
  ): Promise<DuckdbWarehouse> {
    await warehouse?.close();
    const config = await writePipeline(dir, {
      inputs: {
        qcew: { paths: join(QCEW_2016, '*.csv'), vintage: 'QCEW 2016' },
        ipeds: { paths: join(SHARED_DATA, 'ipeds', '*.csv'), vintage: 'IPEDS 2022-23' },
        codes: {
          paths: [
            join(SHARED_DATA, 'crosswalks', 'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv'),
            join(SHARED_DATA, 'crosswalks', 'CIPCode2020.csv'),
            join(SHARED_DATA, 'crosswalks', 'soc_2018_definitions.csv'),
          ],
          vintage: 'CIP 2020, SOC 2018',
        },
      },
      metrics: { supply },
    });
    const { manifest } = await runForTest(config);
    expect(manifest.status, JSON.stringify(manifest.error)).toBe('succeeded');
    const mine = manifest.checks.filter((c) => /^(int_supply|mart_supply)/.test(c.model));
    expect(mine.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
    return warehouse;
  }

  const read = async (file: string) =>
    parse(await readFile(join(SHARED_DATA, file)), { columns: true, bom: true }) as Record<string, string>[];

  /**
   * First-major completions of 2022-23 at the given award levels in 6-digit programs chosen by `program`, per
   * institution, recomputed from the CSV files without the loader or SQL.
   */
  async function completions(
    levels: readonly number[],
    program: (cip: string) => boolean,
  ): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (const r of await read('ipeds/c2023_a_processed.csv')) {
      const cip = r['CIPCODE']!;
      if (
        r['MAJORNUM'] !== '1' ||
        !levels.includes(Number(r['AWLEVEL'])) ||
        cip.length !== 7 ||
        !program(cip)
      )
        continue;
      totals.set(r['UNITID']!, (totals.get(r['UNITID']!) ?? 0) + Number(r['CTOTALT']));
    }
    return totals;
  }

  /** CIP codes the crosswalk links to an occupation (all of them, or those linked to one SOC code). */
  async function linkedPrograms(soc?: string): Promise<Set<string>> {
    const rows = await read('crosswalks/CIP2020_SOC2018_Crosswalk__CIP-SOC.csv');
    return new Set(
      rows
        .filter((r) => r['SOC2018Code'] !== '99-9999' && (soc === undefined || r['SOC2018Code'] === soc))
        .map((r) => r['CIP2020Code']!),
    );
  }

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  it('splits the completions of institutions in the region equally and keeps their total', async () => {
    const wh = await run({ allocation: 'equal', awardLevels: [1, 2, 3, 4, 5] });
    const hd = parse(await readFile(join(SHARED_DATA, 'ipeds/hd2023.csv')), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    const inRegion = hd.filter((r) => MICHIANA_COUNTIES.includes(r['COUNTYCD']!.padStart(5, '0')));
    // Award level 1 (under one year, before 2019-20) counts its successors 20 and 21.
    const linked = await linkedPrograms();
    const totals = await completions([1, 2, 3, 4, 5, 20, 21], (cip) => linked.has(cip));
    const expected = inRegion.reduce((n, r) => n + (totals.get(r['UNITID']!) ?? 0), 0);
    expect(expected).toBeGreaterThan(1000);
    const [row] = await wh.query<{ total: number; methods: number }>(
      `SELECT sum(completions_annual) AS total, count(DISTINCT allocation_method)::INT AS methods
       FROM mart_supply_demand WHERE allocation_method = 'equal'`,
    );
    expect(row!.methods).toBe(1);
    expect(row!.total).toBeCloseTo(expected, 6);
    expect(
      (await wh.query<{ unitid: string }>('SELECT unitid FROM int_supply_institutions ORDER BY 1')).map(
        (r) => r.unitid,
      ),
    ).toEqual(inRegion.map((r) => r['UNITID']).sort());
    expect(
      await wh.query(
        `SELECT warning_type, count(*)::INT AS n FROM mart_supply_warnings
         WHERE warning_type IN ('multi_campus_system', 'selection_by_county') GROUP BY 1 ORDER BY 1`,
      ),
    ).toEqual([
      // Indiana University-South Bend and Ross Medical Education Center-Granger.
      { warning_type: 'multi_campus_system', n: 2 },
      { warning_type: 'selection_by_county', n: 1 },
    ]);
  }, 300_000);

  it('counts a listed Ivy Tech statewide and warns that it lies outside the region', async () => {
    const wh = await run({ allocation: 'all', awardLevels: [2, 3], institutions: ['150987', '150668'] });
    const counted = await completions([2, 3], () => true);
    const linked = await linkedPrograms();
    const linkedTotals = await completions([2, 3], (cip) => linked.has(cip));
    const nursing = await linkedPrograms('29-1141');
    const nursingTotals = await completions([2, 3], (cip) => nursing.has(cip));
    const listed = ['150987', '150668'];
    const sum = (m: Map<string, number>) => listed.reduce((n, u) => n + (m.get(u) ?? 0), 0);
    expect(
      await wh.query(
        `SELECT severity, warning_type, unitid, institution_name, completions FROM mart_supply_warnings
         WHERE warning_type = 'listed_outside_region'`,
      ),
    ).toEqual([
      {
        severity: 'warning',
        warning_type: 'listed_outside_region',
        unitid: '150987',
        institution_name: 'Ivy Tech Community College',
        completions: counted.get('150987'),
      },
    ]);
    expect(
      await wh.query(
        `SELECT crosswalk_status = 'linked' AS linked, sum(completions)::INT AS n FROM int_supply_completions
         GROUP BY 1 ORDER BY 1`,
      ),
    ).toEqual([
      { linked: false, n: sum(counted) - sum(linkedTotals) },
      { linked: true, n: sum(linkedTotals) },
    ]);
    // With "all", registered nurses get every completer of every program linked to them.
    expect(sum(nursingTotals)).toBeGreaterThan(1000);
    expect(
      await wh.query(
        `SELECT allocation_method, completions_annual, completions_linked FROM mart_supply_demand WHERE soc_code = '29-1141'`,
      ),
    ).toEqual([
      {
        allocation_method: 'all',
        completions_annual: sum(nursingTotals),
        completions_linked: sum(nursingTotals),
      },
    ]);
  }, 300_000);
});
