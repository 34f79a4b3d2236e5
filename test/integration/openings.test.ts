import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { PROJECTIONS_SOURCE } from '../../src/ingest/sources/projections.ts';
import { createEmptyTables, disposePlan, loadTabular, planTabular } from '../../src/ingest/tabular.ts';
import type { CompiledProject } from '../../src/models/build.ts';
import { compileChecks, runChecks } from '../../src/models/checks.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import {
  MICHIANA_COUNTIES,
  modelSubsetProject,
  QCEW_2016,
  SHARED_DATA,
  sharedDataAvailable,
  tempDir,
  usePipelineRun,
  useTempWarehouse,
} from '../helpers.ts';

const MODELS = [
  'staging/stg_ep_occupations',
  'staging/stg_state_projections',
  'marts/mart_occupation_openings',
];

/**
 * The projections models with int_occupation_employment standing as a table the test writes, so the method is
 * checked on a region whose occupation employment is known exactly.
 */
function openingsProject(dir: string): Promise<CompiledProject> {
  return modelSubsetProject(dir, MODELS, {
    builtByTest: ['intermediate/int_occupation_employment'],
    description: 'Occupation employment of the region, written by the test.',
  });
}

async function buildModels(warehouse: DuckdbWarehouse, project: CompiledProject) {
  for (const r of project.ordered.filter((x) => x.sql !== ''))
    await warehouse.createTableAs(r.model.name, r.sql);
}

async function loadProjections(warehouse: DuckdbWarehouse, paths: string[]) {
  const plan = await planTabular(PROJECTIONS_SOURCE, [{ paths, vintage: 'test', onBadFile: 'fail' }]);
  try {
    const result = await loadTabular(plan, { warehouse, logger: silentLogger, tag: 't' });
    expect(result.ok, JSON.stringify(result.issues.slice(0, 3))).toBe(true);
  } finally {
    await disposePlan(plan);
  }
}

/** The one-row settings table the pipeline writes from `metrics` (only projections_state matters here). */
async function writeSettings(warehouse: DuckdbWarehouse, projectionsState: string | null) {
  await warehouse.createTableAs(
    'cfg_metric_settings',
    `SELECT CAST(NULL AS VARCHAR) AS staffing_year, CAST(NULL AS VARCHAR) AS fit_area,
            CAST($state AS VARCHAR) AS projections_state, 25::BIGINT AS entry_percentile,
            CAST(NULL AS VARCHAR) AS wage_area, 'equal' AS supply_allocation, false AS institutions_listed,
            0.05::DOUBLE AS pathway_min_gain, 5::BIGINT AS pathway_limit`,
    { state: projectionsState },
  );
}

type Occupation = [soc_code: string, soc_title: string, employment: number | null];

async function writeOccupations(warehouse: DuckdbWarehouse, rows: readonly Occupation[]) {
  const values = rows.length
    ? rows.map((_, i) => `($c${i}, $t${i}, CAST($e${i} AS DOUBLE))`).join(', ')
    : '(NULL, NULL, NULL)';
  const params = Object.fromEntries(
    rows.flatMap(([c, t, e], i) => [
      [`c${i}`, c],
      [`t${i}`, t],
      [`e${i}`, e],
    ]),
  );
  await warehouse.createTableAs(
    'int_occupation_employment',
    `SELECT CAST(code AS VARCHAR) AS soc_code, CAST(title AS VARCHAR) AS soc_title, employment,
            employment AS employment_unfitted,
            'test' AS method, '2016' AS qcew_year, '2024' AS staffing_year
     FROM (VALUES ${values}) AS v(code, title, employment) WHERE ${rows.length ? 'true' : 'false'}`,
    params,
  );
}

const HEADER_1_10 =
  '2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,"Employment, 2024","Employment, 2034","Employment change, numeric, 2024–34","Employment change, percent, 2024–34","Labor force exit rate, 2024–34 annual average","Occupational transfer rate, 2024–34 annual average","Total occupational separations rate, 2024–34 annual average","Labor force exits, 2024–34 annual average","Occupational transfers, 2024–34 annual average","Total occupational separations, 2024–34 annual average","Occupational openings, 2024–34 annual average"';

/**
 * A small Table 1.10 with round numbers (thousands). Welders grow 10% (G = 1.1), farmers decline 10%
 * (G = 0.9), home health and personal care aides (a broad code, as EP publishes it) grow 20%, and laborers
 * have no rates ("—").
 */
const SMALL_1_10 = [
  '"Table 1.10 Occupational separations and openings, projected 2024–34 (Employment in thousands)"',
  HEADER_1_10,
  '"Total, all occupations",00-0000,Summary,2000.0,2100.0,100.0,5.0,5.0,5.0,10.0,102.5,102.5,205.0,215.0',
  '  Management occupations,11-0000,Summary,500.0,450.0,-50.0,-10.0,7.0,3.0,10.0,33.3,14.3,47.6,42.6',
  '"      Farmers, ranchers, and other agricultural managers",11-9013,Line item,500.0,450.0,-50.0,-10.0,7.0,3.0,10.0,33.3,14.3,47.6,42.6',
  '  Registered nurses,29-1141,Line item,100.0,110.0,10.0,10.0,3.0,2.0,5.0,3.2,2.1,5.3,6.3',
  '  Home health and personal care aides,31-1120,Line item,100.0,120.0,20.0,20.0,8.0,6.0,14.0,8.8,6.6,15.4,17.4',
  '  Production occupations,51-0000,Summary,400.0,440.0,40.0,10.0,3.0,7.0,10.0,12.6,29.4,42.0,46.0',
  '"    Welding, soldering, and brazing workers",51-4120,Summary,400.0,440.0,40.0,10.0,3.0,7.0,10.0,12.6,29.4,42.0,46.0',
  '"      Welders, cutters, solderers, and brazers",51-4121,Line item,400.0,440.0,40.0,10.0,3.0,7.0,10.0,12.6,29.4,42.0,46.0',
  '"  Laborers and freight, stock, and material movers, hand",53-7062,Line item,10.0,11.0,1.0,10.0,—,—,—,—,—,—,—',
  '"Source: Employment Projections program, U.S. Bureau of Labor Statistics"',
].join('\n');

/** California EDD (10-year totals): welders grow 6.07% (28,000 to 29,700), aides 30%; no farmers row. */
const SMALL_EDD = [
  '2023-2033 Occupational Employment Projections',
  'California',
  'Statewide',
  'SOC Level,SOC Code,Occupational Title,Base Year Employment Estimate 2023,Projected Year Employment Estimate 2033,Numeric Change 2023-2033,Percent-age Change 2023-2033,Exits,Transfers,Total Job Openings',
  '4,31-1120,Home Health and Personal Care Aides,10000,13000,3000,0.3,8000,7000,18000',
  '4,51-4121,"Welders, Cutters, Solderers, and Brazers",28000,29700,1700,0.060714285714285714,7730,20480,29910',
  'End of worksheet.',
].join('\n');

/** Another state, whose welders double: never used for a California partnership. */
const SMALL_TEXAS = SMALL_EDD.replace('California', 'Texas').replace(
  '28000,29700,1700,0.060714285714285714,7730,20480,29910',
  '28000,56000,28000,1,7730,20480,56210',
);

const REGION: readonly Occupation[] = [
  ['51-4121', 'Welders, cutters, solderers, and brazers', 1000],
  ['11-9013', 'Farmers, ranchers, and other agricultural managers', 200],
  ['31-1122', 'Personal care aides', 50],
  ['51-4120', 'Welding, soldering, and brazing workers', 10],
  ['45-3031', 'Fishing and hunting workers', 30],
  ['53-7062', 'Laborers and freight, stock, and material movers, hand', 40],
  ['29-1141', 'Registered nurses', null],
];

const MART_COLUMNS = `soc_code, projection_status, ep_soc_code, ep_match, projection_period, growth_source, growth_period,
  growth_rate_period, growth_rate_annual, region_employment_projected, region_employment_average,
  annual_growth_openings, annual_exits, annual_transfers, annual_separations, annual_openings`;

describe('regional openings by the BLS separations method, on a region worked by hand', () => {
  let dir: string;
  let warehouse: DuckdbWarehouse;
  let project: CompiledProject;
  useTempWarehouse((temp) => {
    ({ dir, warehouse } = temp);
  });
  beforeEach(async () => {
    project = await openingsProject(dir);
  });

  async function projectionFiles(): Promise<string[]> {
    const files: [string, string][] = [
      ['bls_ep_occupation_2024-34__Table_1.10.csv', SMALL_1_10],
      ['ca_edd_long_term_occ_projections_2023-2033__Occupational.csv', SMALL_EDD],
      ['tx_long_term_occ_projections_2023-2033.csv', SMALL_TEXAS],
    ];
    for (const [name, content] of files) await writeFile(join(dir, name), content);
    return files.map(([name]) => join(dir, name));
  }

  async function mart() {
    const rows = await warehouse.query(`SELECT ${MART_COLUMNS} FROM mart_occupation_openings`);
    return Object.fromEntries(rows.map((r) => [r['soc_code'] as string, r]));
  }

  it('applies national rates to average employment and national growth, with the identity per occupation', async () => {
    await loadProjections(warehouse, await projectionFiles());
    await writeSettings(warehouse, null);
    await writeOccupations(warehouse, REGION);
    await buildModels(warehouse, project);
    const m = await mart();
    // Welders: e = 1,000, G = 1.1: e_p = 1,100, ē = 1,050, exits 3% × 1,050 = 31.5, transfers 7% × 1,050 = 73.5,
    // growth (1,100 − 1,000) / 10 = 10, openings 115.
    expect(m['51-4121']).toEqual({
      soc_code: '51-4121',
      projection_status: 'projected',
      ep_soc_code: '51-4121',
      ep_match: 'exact',
      projection_period: '2024-34',
      growth_source: 'national',
      growth_period: '2024-34',
      growth_rate_period: expect.closeTo(10, 9),
      growth_rate_annual: expect.closeTo(1, 9),
      region_employment_projected: expect.closeTo(1100, 9),
      region_employment_average: expect.closeTo(1050, 9),
      annual_growth_openings: expect.closeTo(10, 9),
      annual_exits: expect.closeTo(31.5, 9),
      annual_transfers: expect.closeTo(73.5, 9),
      annual_separations: expect.closeTo(105, 9),
      annual_openings: expect.closeTo(115, 9),
    });
    // Farmers decline: e = 200, G = 0.9: ē = 190, exits 7% = 13.3, transfers 3% = 5.7, growth −2: openings
    // 17, below separations (19): not every leaver of a shrinking occupation is replaced.
    expect(m['11-9013']).toMatchObject({
      growth_rate_annual: expect.closeTo(-1, 9),
      annual_growth_openings: expect.closeTo(-2, 9),
      annual_exits: expect.closeTo(13.3, 9),
      annual_transfers: expect.closeTo(5.7, 9),
      annual_separations: expect.closeTo(19, 9),
      annual_openings: expect.closeTo(17, 9),
    });
    // Personal care aides (31-1122) take the rates of EP's broad line item 31-1120: G = 1.2, ē = 55.
    expect(m['31-1122']).toMatchObject({
      ep_soc_code: '31-1120',
      ep_match: 'broad',
      annual_growth_openings: expect.closeTo(1, 9),
      annual_exits: expect.closeTo(4.4, 9),
      annual_transfers: expect.closeTo(3.3, 9),
      annual_openings: expect.closeTo(8.7, 9),
    });
    // An aggregate the region carries as one code that EP publishes as a summary row.
    expect(m['51-4120']).toMatchObject({ ep_match: 'summary', annual_openings: expect.closeTo(1.15, 9) });
    // No projections: NULL with the reason, never 0.
    const unprojected: [string, string][] = [
      ['45-3031', 'not_in_projections'],
      ['53-7062', 'no_separation_rates'],
      ['29-1141', 'no_region_employment'],
    ];
    for (const [code, status] of unprojected) {
      expect(m[code], code).toMatchObject({
        projection_status: status,
        annual_openings: null,
        annual_exits: null,
        annual_growth_openings: null,
      });
    }
    expect(m['45-3031']).toMatchObject({
      ep_soc_code: null,
      projection_period: '2024-34',
      growth_source: null,
    });
    const [total] = await warehouse.query<{ openings: number }>(
      'SELECT sum(annual_openings) AS openings FROM mart_occupation_openings',
    );
    expect(total!.openings).toBeCloseTo(115 + 17 + 8.7 + 1.15, 9);
    const results = await runChecks(warehouse, compileChecks(project.models, project.renderer), 5);
    // Warnings only: the laborers' "—" rates, and the two occupations without openings.
    expect(results.filter((r) => r.status !== 'pass').map((r) => [r.id, r.severity, r.failing])).toEqual([
      ['stg_ep_occupations.line_items_have_values', 'warn', 1],
      ['mart_occupation_openings.occupations_without_projections', 'warn', 2],
    ]);
  });

  it("uses the configured state's growth where its projections have the occupation, national rates still", async () => {
    await loadProjections(warehouse, await projectionFiles());
    await writeSettings(warehouse, '06');
    await writeOccupations(warehouse, REGION);
    await buildModels(warehouse, project);
    const m = await mart();
    // Welders with California's growth G = 29,700 / 28,000: e_p = 1,060.714..., ē = 1,030.357...,
    // growth 6.0714.../year, exits 3% × ē, transfers 7% × ē.
    const g = 29_700 / 28_000;
    const avg = (1000 + 1000 * g) / 2;
    expect(m['51-4121']).toMatchObject({
      growth_source: 'state 06',
      growth_period: '2023-33',
      projection_period: '2024-34',
      growth_rate_period: expect.closeTo((g - 1) * 100, 9),
      region_employment_projected: expect.closeTo(1000 * g, 9),
      annual_growth_openings: expect.closeTo(((g - 1) * 1000) / 10, 9),
      annual_exits: expect.closeTo(0.03 * avg, 9),
      annual_transfers: expect.closeTo(0.07 * avg, 9),
      annual_openings: expect.closeTo(0.1 * avg + ((g - 1) * 1000) / 10, 9),
    });
    // Aides: the state projects the broad code EP uses; G = 1.3, ē = 57.5: 4.6 + 3.45 + 1.5.
    expect(m['31-1122']).toMatchObject({
      growth_source: 'state 06',
      annual_openings: expect.closeTo(9.55, 9),
    });
    // Farmers are not in the state file: national growth.
    expect(m['11-9013']).toMatchObject({ growth_source: 'national', annual_openings: expect.closeTo(17, 9) });
    // Texas's doubling welders are never used for California.
    expect(
      await warehouse.query(
        `SELECT state_fips, soc_code, employment_projected FROM stg_state_projections
         WHERE soc_code = '51-4121' ORDER BY state_fips`,
      ),
    ).toEqual([
      { state_fips: '06', soc_code: '51-4121', employment_projected: 29_700 },
      { state_fips: '48', soc_code: '51-4121', employment_projected: 56_000 },
    ]);
  });

  it('gives every occupation a "no_projections_loaded" status, not zeros, when no projections are loaded', async () => {
    await createEmptyTables(warehouse, PROJECTIONS_SOURCE);
    await writeSettings(warehouse, null);
    await writeOccupations(warehouse, REGION);
    await buildModels(warehouse, project);
    const rows = await warehouse.query(
      'SELECT projection_status, count(*)::INT AS n, count(annual_openings)::INT AS openings FROM mart_occupation_openings GROUP BY 1',
    );
    expect(rows).toEqual([{ projection_status: 'no_projections_loaded', n: 7, openings: 0 }]);
  });

  it('is empty, not failing, for a region without occupation employment', async () => {
    await loadProjections(warehouse, await projectionFiles());
    await writeSettings(warehouse, '06');
    await writeOccupations(warehouse, []);
    await buildModels(warehouse, project);
    expect(await warehouse.query('SELECT count(*)::INT AS n FROM mart_occupation_openings')).toEqual([
      { n: 0 },
    ]);
  });
});

describe.runIf(sharedDataAvailable())(
  'regional openings reproduce the real Table 1.10 for a region the size of the nation',
  () => {
    let cleanup: () => Promise<void>;
    let warehouse: DuckdbWarehouse;
    let project: CompiledProject;
    beforeAll(async () => {
      const temp = await tempDir();
      cleanup = temp.cleanup;
      warehouse = await DuckdbWarehouse.open({ path: join(temp.dir, 'w.duckdb') });
      project = await openingsProject(temp.dir);
      await loadProjections(warehouse, [
        join(SHARED_DATA, 'projections/bls_ep_occupation_2024-34__Table_1.10.csv'),
      ]);
      await writeSettings(warehouse, null);
      // Stage first, so the region can take the national base employment of every line item.
      const staging = project.ordered.filter((r) => r.model.layer === 'staging');
      for (const r of staging) await warehouse.createTableAs(r.model.name, r.sql);
      await warehouse.createTableAs(
        'int_occupation_employment',
        `SELECT soc_code, soc_title, employment_base AS employment FROM stg_ep_occupations WHERE is_line_item`,
      );
      await buildModels(warehouse, project);
    });
    afterAll(async () => {
      await warehouse?.close();
      await cleanup?.();
    });

    it('matches the published exits, transfers and openings of all 832 line items within the rounding of the rates', async () => {
      const rows = await warehouse.query<{
        soc_code: string;
        avg_emp: number;
        exits: number;
        pub_exits: number;
        transfers: number;
        pub_transfers: number;
        growth: number;
        pub_change: number;
        openings: number;
        pub_openings: number;
        identity: number;
      }>(
        `SELECT m.soc_code, m.region_employment_average AS avg_emp,
              m.annual_exits AS exits, e.annual_exits AS pub_exits,
              m.annual_transfers AS transfers, e.annual_transfers AS pub_transfers,
              m.annual_growth_openings AS growth, e.annual_change AS pub_change,
              m.annual_openings AS openings, e.annual_openings AS pub_openings,
              abs(m.annual_openings - (m.annual_exits + m.annual_transfers + m.annual_growth_openings)) AS identity
       FROM mart_occupation_openings m JOIN stg_ep_occupations e ON e.soc_code = m.soc_code`,
      );
      expect(rows).toHaveLength(832);
      // Rates are published to 0.1 point (± 0.05% of average employment) and counts to 0.1 thousand (± 50).
      const rateSlack = (r: (typeof rows)[number]) => 0.0005 * r.avg_emp + 50 + 1e-6;
      for (const r of rows) {
        expect(r.identity, r.soc_code).toBeLessThan(1e-6);
        expect(Math.abs(r.exits - r.pub_exits), r.soc_code).toBeLessThanOrEqual(rateSlack(r));
        expect(Math.abs(r.transfers - r.pub_transfers), r.soc_code).toBeLessThanOrEqual(rateSlack(r));
        // Growth from levels vs the published change: ± 150 jobs over 10 years.
        expect(Math.abs(r.growth - r.pub_change), r.soc_code).toBeLessThanOrEqual(15 + 1e-6);
        expect(Math.abs(r.openings - r.pub_openings), r.soc_code).toBeLessThanOrEqual(2 * rateSlack(r) + 65);
      }
      // Registered nurses: ē = (3,391,000 + 3,557,100) / 2 = 3,474,050; 2.8% and 2.1%; growth 16,610.
      const rn = rows.find((r) => r.soc_code === '29-1141')!;
      expect(rn.exits).toBeCloseTo(0.028 * 3_474_050, 6);
      expect(rn.transfers).toBeCloseTo(0.021 * 3_474_050, 6);
      expect(rn.growth).toBeCloseTo(16_610, 6);
      expect(rn.openings).toBeCloseTo(0.049 * 3_474_050 + 16_610, 6); // 186,838 vs 189,100 published
      const results = await runChecks(warehouse, compileChecks(project.models, project.renderer), 3);
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    });
  },
);

/**
 * The whole pipeline on real files: the Michiana manufacturing region (QCEW 2016, eight counties), the OEWS
 * May 2024 national staffing pattern of manufacturing, and the BLS 2024-34 projections. Each occupation's
 * openings are recomputed here from the staged EP rates and the region's occupation employment.
 */
describe.runIf(sharedDataAvailable())(
  'openings for the real Michiana manufacturing region, end to end',
  () => {
    const run = usePipelineRun(() => ({
      inputs: {
        qcew: { paths: join(QCEW_2016, '*.csv'), vintage: 'QCEW 2016' },
        oews: { paths: join(SHARED_DATA, 'oews/natsector_M2024_dl.csv'), vintage: 'OEWS May 2024' },
        projections: {
          paths: join(SHARED_DATA, 'projections/*.csv'),
          vintage: 'BLS EP 2024-34, CA EDD 2023-33',
        },
      },
      partnership: {
        name: 'Michiana manufacturing',
        industry: { name: 'Manufacturing', naics: ['31-33'] },
        region: { name: 'Michiana', counties: MICHIANA_COUNTIES },
        referenceArea: 'US000',
      },
      metrics: { occupations: { staffingYear: '2024' } },
    }));

    it('projects every occupation of the region with the BLS method, the identity holding per occupation', async () => {
      const occupations = await run.warehouse.query<{ soc_code: string; employment: number | null }>(
        'SELECT soc_code, employment FROM int_occupation_employment',
      );
      const ep = new Map(
        (
          await run.warehouse.query<{
            soc_code: string;
            employment_base: number;
            employment_projected: number;
            exit_rate: number;
            transfer_rate: number;
          }>(
            `SELECT soc_code, employment_base, employment_projected, exit_rate, transfer_rate
           FROM stg_ep_occupations WHERE period = '2024-34'`,
          )
        ).map((r) => [r.soc_code, r]),
      );
      const mart = new Map(
        (
          await run.warehouse.query<{
            soc_code: string;
            region_employment: number | null;
            projection_status: string;
            ep_match: string | null;
            growth_source: string | null;
            annual_growth_openings: number | null;
            annual_exits: number | null;
            annual_transfers: number | null;
            annual_openings: number | null;
          }>('SELECT * FROM mart_occupation_openings')
        ).map((r) => [r.soc_code, r]),
      );
      expect(occupations.length).toBeGreaterThan(300);
      expect(mart.size).toBe(occupations.length);
      let totalEmployment = 0;
      let totalOpenings = 0;
      for (const o of occupations) {
        const m = mart.get(o.soc_code)!;
        const e = ep.get(o.soc_code);
        expect(m.region_employment, o.soc_code).toBe(o.employment);
        if (o.employment === null) {
          // A share OEWS does not publish: no employment, so no openings (never 0).
          expect([m.projection_status, m.annual_openings], o.soc_code).toEqual([
            'no_region_employment',
            null,
          ]);
          continue;
        }
        // Every OEWS 2024 detailed occupation is a Table 1.10 line item.
        expect([m.projection_status, m.ep_match, m.growth_source], o.soc_code).toEqual([
          'projected',
          'exact',
          'national',
        ]);
        const g = e!.employment_projected / e!.employment_base;
        const avg = (o.employment! * (1 + g)) / 2;
        const growth = (o.employment! * (g - 1)) / 10;
        expect(m.annual_exits!, o.soc_code).toBeCloseTo((e!.exit_rate / 100) * avg, 6);
        expect(m.annual_transfers!, o.soc_code).toBeCloseTo((e!.transfer_rate / 100) * avg, 6);
        expect(m.annual_growth_openings!, o.soc_code).toBeCloseTo(growth, 6);
        expect(
          Math.abs(m.annual_openings! - (m.annual_exits! + m.annual_transfers! + m.annual_growth_openings!)),
        ).toBeLessThan(1e-6);
        totalEmployment += o.employment!;
        totalOpenings += m.annual_openings!;
      }
      // Welders in a region of trailer and RV makers: a large occupation here, with openings of about 10% a year
      // (3.0% exits + 6.6% transfers of average employment, plus 0.2% growth).
      const welders = mart.get('51-4121')!;
      expect(welders.region_employment!).toBeGreaterThan(1000);
      expect(welders.annual_openings! / welders.region_employment!).toBeCloseTo(
        (0.03 * (1 + 467.2 / 457.3)) / 2 + (0.066 * (1 + 467.2 / 457.3)) / 2 + (467.2 / 457.3 - 1) / 10,
        9,
      );
      const [sums] = await run.warehouse.query<{ employment: number; openings: number }>(
        'SELECT sum(region_employment) AS employment, sum(annual_openings) AS openings FROM mart_occupation_openings',
      );
      expect(sums!.employment).toBeCloseTo(totalEmployment, 3);
      expect(sums!.openings).toBeCloseTo(totalOpenings, 3);
    });
  },
);
