import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { parse } from 'sql-parser-cst';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import {
  PROJECTIONS_SOURCE,
  periodFromFileName,
  stateFipsFromFileName,
} from '../../src/ingest/sources/projections.ts';
import { disposePlan, loadTabular, planTabular } from '../../src/ingest/tabular.ts';
import { compileChecks, runChecks } from '../../src/models/checks.ts';
import { bigqueryDialect, duckdbDialect } from '../../src/warehouse/dialect.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { modelSubsetProject, useTempWarehouse } from '../helpers.ts';

const STAGING = ['staging/stg_ep_occupations', 'staging/stg_state_projections'];

/** A project holding only the projections staging models, so these tests do not depend on other models. */
function stagingProject(dir: string, dialect = duckdbDialect) {
  return modelSubsetProject(dir, STAGING, { dialect });
}

/** Table 1.10 as BLS writes it (CSV export of the workbook sheet), a handful of rows. */
const TABLE_1_10 = [
  '"Table 1.10 Occupational separations and openings, projected 2024–34 (Employment in thousands)"',
  '2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,"Employment, 2024","Employment, 2034","Employment change, numeric, 2024–34","Employment change, percent, 2024–34","Labor force exit rate, 2024–34 annual average","Occupational transfer rate, 2024–34 annual average","Total occupational separations rate, 2024–34 annual average","Labor force exits, 2024–34 annual average","Occupational transfers, 2024–34 annual average","Total occupational separations, 2024–34 annual average","Occupational openings, 2024–34 annual average"',
  '"Total, all occupations",00-0000,Summary,169956.1,175167.9,5211.8,3.1,4.7,5.9,10.6,8155,10187.1,18342.1,18863.3',
  '  Management occupations,11-0000,Summary,13607.6,14441,833.4,6.1,2.8,4.7,7.6,398.9,665.6,1064.5,1147.9',
  '    Top executives,11-1000,Summary,4049.9,4228.1,178.2,4.4,2.4,5.2,7.6,98.2,217.1,315.3,333.1',
  '      Chief executives,11-1011,Line item,309.4,322.7,13.3,4.3,3,3.6,6.6,9.5,11.4,20.9,22.2',
  '"      Farmers, ranchers, and other agricultural managers",11-9013,Line item,836.1,825,-11.1,-1.3,7.1,3.3,10.4,59,27.6,86.6,85.5',
  '  Production occupations,51-0000,Summary,8661.4,8570.1,-91.3,-1.1,3.8,6.7,10.5,328.6,585.1,913.7,904.6',
  '    Metal workers and plastic workers,51-4000,Summary,1838.9,1814.6,-24.3,-1.3,3.6,6.8,10.4,66.1,124.2,190.3,187.9',
  '"      Welding, soldering, and brazing workers",51-4120,Summary,488.2,498.2,10,2,3,6.6,9.6,14.8,32.6,47.4,48.4',
  '"        Welders, cutters, solderers, and brazers",51-4121,Line item,457.3,467.2,9.9,2.2,3,6.6,9.6,13.9,30.7,44.6,45.6',
  '        Made-up occupation with a gap,51-4199,Line item,1.0,1.1,0.1,10,—,—,—,—,—,—,0.1',
  'Footnotes:',
  '"[1] A note under the table, with a comma."',
  '"Source: Employment Projections program, U.S. Bureau of Labor Statistics"',
  '',
].join('\n');

/** Table 1.2, the columns that matter here, with its "—" and top-coded wage. */
const TABLE_1_2 = [
  '"Table 1.2 Occupational projections, 2024–2034, and worker characteristics, 2024 (Employment in thousands)"',
  '2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,"Employment, 2024","Employment, 2034","Occupational openings, 2024–34 annual average","Median annual wage, dollars, 2024[1]",Typical education needed for entry,Work experience in a related occupation,Typical on-the-job training needed to attain competency in the occupation',
  '"Total, all occupations",00-0000,Summary,169956.1,175167.9,18863.3,49500,—,—,—',
  `      Chief executives,11-1011,Line item,309.4,322.7,22.2,">=$239,200",Bachelor's degree,5 years or more,None`,
  '"        Welders, cutters, solderers, and brazers",51-4121,Line item,457.3,467.2,45.6,51000,High school diploma or equivalent,None,Moderate-term on-the-job training',
  'Footnotes:',
  '"Note: Data is unavailable for values denoted with a ""—""."',
  '"Source: Employment Projections program, U.S. Bureau of Labor Statistics"',
].join('\n');

/** California EDD long-term projections: title lines, a header whose cells span lines, a closing line. */
const EDD = [
  '2023-2033 Occupational Employment Projections',
  'California',
  'Statewide',
  'SOC Level[1],SOC Code[2],Occupational Title[3],Base Year Employment Estimate 2023[4][5],Projected Year Employment Estimate 2033,Numeric Change 2023-2033[6],Percent-age Change 2023-2033,"Exits',
  '[7]","Transfers',
  '[8]","Total Job Openings',
  '[9]","Median Hourly Wages',
  '[10]","Median Annual Wages',
  '[10]","Entry Level Education',
  '[11][12]"',
  '1,00-0000,"Total, All Occupations",19511500,21230900,1719400,0.08812238936012096,9292660,13039390,24051450,28.03,58296.52,N/A',
  "4,11-1031,Legislators,2300,2500,200,0.08695652173913043,670,1110,1980,0,55296.61,Bachelor's degree",
  '4,51-4121,"Welders, Cutters, Solderers, and Brazers",28000,29700,1700,0.060714285714285714,7730,20480,29910,28.58,59444.94,High school diploma or equivalent',
  '4,11-9013,"Farmers, Ranchers, and Other Agricultural Managers",96100,96500,400,0.004162330905306972,65830,36000,102230,52.78,109778.39,High school diploma or equivalent',
  'End of worksheet.',
  '',
].join('\n');

/** Another state's file whose header says its figures are annual averages (years in other columns). */
const ANNUAL_STATE = [
  'State FIPS,Area Name,Occupation Code,Occupation Title,Base Year,Projected Year,Base Employment,Projected Employment,Numeric Change,Percent Change,Annual Exits,Annual Transfers,Average Annual Openings',
  '48,Texas,51-4121,"Welders, Cutters, Solderers, and Brazers",2022,2032,"50,000","55,000","5,000",10.0,"1,500","3,500","5,500"',
  '48,Texas,51-9199,"Production Workers, All Other",2022,2032,"12,000","11,000","-1,000",-8.3,400,800,(NA)',
].join('\n');

/** A state file with plain headers but annual averages inside: the openings identity tells. */
const PLAIN_ANNUAL = [
  'SOC Code,Occupation Title,Base Employment,Projected Employment,Numeric Change,Exits,Transfers,Total Openings',
  '51-4121,Welders,"10,000","11,000","1,000",300,700,1100',
  '11-9013,Farmers,"2,000","1,800",-200,150,60,190',
].join('\n');

describe('Employment Projections files', () => {
  let dir: string;
  let warehouse: DuckdbWarehouse;
  useTempWarehouse((temp) => {
    ({ dir, warehouse } = temp);
  });

  async function write(name: string, content: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  async function load(paths: string[]) {
    const plan = await planTabular(
      PROJECTIONS_SOURCE,
      [{ paths, vintage: 'EP test', onBadFile: 'fail' }],
      (p) => p.slice(dir.length + 1),
    );
    try {
      return await loadTabular(plan, { warehouse, logger: silentLogger, tag: 't' });
    } finally {
      await disposePlan(plan);
    }
  }

  async function buildStaging() {
    const project = await stagingProject(dir);
    for (const r of project.ordered) await warehouse.createTableAs(r.model.name, r.sql);
    return project;
  }

  it('reads the state and period from file names', () => {
    expect(stateFipsFromFileName('ca_edd_long_term_occ_projections_2023-2033__Occupational.csv')).toBe('06');
    expect(stateFipsFromFileName('TX-occupational-projections.xlsx')).toBe('48');
    expect(stateFipsFromFileName('west_virginia_long_term_2022-2032.csv')).toBe('54');
    expect(stateFipsFromFileName('occupational_projections.csv')).toBeNull();
    expect(periodFromFileName('ca_edd_long_term_occ_projections_2023-2033__Occupational.csv')).toEqual([
      '2023',
      '2033',
    ]);
    expect(periodFromFileName('bls_ep_occupation_2024-34__Table_1.10.csv')).toEqual(['2024', '2034']);
    expect(periodFromFileName('projections.csv')).toBeNull();
  });

  it('finds Table 1.10 under its title, keeps indentation, drops footnotes and the source line', async () => {
    const result = await load([
      await write('bls_ep_occupation_2024-34__Table_1.10.csv', TABLE_1_10),
      await write(
        'bls_ep_occupation_2024-34__Index.csv',
        'Occupation.xlsx contents\n"Table 1.10 Occupational separations"\n',
      ),
    ]);
    expect(result.ok, JSON.stringify(result.issues)).toBe(true);
    expect(result.issues).toEqual([]);
    const byName = Object.fromEntries(result.files.map((f) => [f.display, f]));
    expect(byName['bls_ep_occupation_2024-34__Table_1.10.csv']).toMatchObject({
      status: 'loaded',
      rows: 10,
      layout: { id: 'ep-table-1.10-2024' },
    });
    expect(byName['bls_ep_occupation_2024-34__Index.csv']?.status).toBe('ignored');
    expect(
      await warehouse.query(
        `SELECT title, soc_code, occupation_type, employment_base, exits, openings, base_year, projected_year
         FROM raw_ep_occupations WHERE soc_code IN ('11-1011', '51-4199') ORDER BY soc_code`,
      ),
    ).toEqual([
      {
        title: '      Chief executives',
        soc_code: '11-1011',
        occupation_type: 'Line item',
        employment_base: '309.4',
        exits: '9.5',
        openings: '22.2',
        base_year: '2024',
        projected_year: '2034',
      },
      {
        title: '        Made-up occupation with a gap',
        soc_code: '51-4199',
        occupation_type: 'Line item',
        employment_base: '1.0',
        exits: '—',
        openings: '0.1',
        base_year: '2024',
        projected_year: '2034',
      },
    ]);
  });

  it('types Table 1.10 in jobs, with depth, parent, Summary vs Line item, and "—" as NULL with a reason', async () => {
    await load([await write('t110.csv', TABLE_1_10), await write('t12.csv', TABLE_1_2)]);
    await buildStaging();
    const rows = await warehouse.query(
      `SELECT soc_code, soc_title, occupation_type, is_line_item, soc_level, depth, parent_code, period,
              employment_base, employment_projected, employment_change, exit_rate, transfer_rate,
              annual_exits, annual_transfers, annual_change, annual_openings, missing_values,
              typical_education, median_wage, median_wage_top_coded
       FROM stg_ep_occupations ORDER BY soc_code`,
    );
    expect(rows.map((r) => [r['soc_code'], r['depth'], r['parent_code'], r['soc_level']])).toEqual([
      ['00-0000', 0, null, 'total'],
      ['11-0000', 1, null, 'major'],
      ['11-1000', 2, '11-0000', 'minor'],
      ['11-1011', 3, '11-1000', 'detailed'],
      ['11-9013', 3, '11-0000', 'detailed'],
      ['51-0000', 1, null, 'major'],
      ['51-4000', 2, '51-0000', 'minor'],
      ['51-4120', 3, '51-4000', 'broad'],
      ['51-4121', 4, '51-4120', 'detailed'],
      ['51-4199', 4, '51-4000', 'detailed'],
    ]);
    const chief = rows.find((r) => r['soc_code'] === '11-1011')!;
    expect(chief).toMatchObject({
      soc_title: 'Chief executives',
      occupation_type: 'Line item',
      is_line_item: true,
      period: '2024-34',
      employment_base: 309_400,
      employment_projected: 322_700,
      employment_change: 13_300,
      exit_rate: 3,
      transfer_rate: 3.6,
      annual_exits: 9_500,
      annual_transfers: 11_400,
      annual_change: 1_330,
      annual_openings: 22_200,
      missing_values: null,
      typical_education: "Bachelor's degree",
      median_wage: 239_200,
      median_wage_top_coded: true,
    });
    // A declining occupation: the negative change reduces openings below separations (59.0 + 27.6 − 1.11).
    expect(rows.find((r) => r['soc_code'] === '11-9013')).toMatchObject({
      employment_change: -11_100,
      annual_change: -1_110,
      annual_openings: 85_500,
    });
    expect(rows.find((r) => r['soc_code'] === '51-4120')).toMatchObject({ is_line_item: false });
    expect(rows.find((r) => r['soc_code'] === '00-0000')).toMatchObject({
      typical_education: null,
      median_wage: 49_500,
      median_wage_top_coded: false,
    });
    expect(rows.find((r) => r['soc_code'] === '51-4199')).toMatchObject({
      exit_rate: null,
      annual_exits: null,
      annual_openings: 100,
      missing_values: 'exit_rate transfer_rate annual_exits annual_transfers',
    });
  });

  it('reads a cycle from its headers and accepts a hyphen for the en-dash', async () => {
    const older = TABLE_1_10.replaceAll('2024–34', '2022-32')
      .replaceAll('2024', '2022')
      .replaceAll('2034', '2032');
    const result = await load([await write('table_1.10_old.csv', older)]);
    expect(result.ok, JSON.stringify(result.issues)).toBe(true);
    expect(result.files[0]?.layout?.id).toBe('ep-table-1.10-2022');
    await buildStaging();
    expect(await warehouse.query('SELECT DISTINCT period, horizon_years FROM stg_ep_occupations')).toEqual([
      { period: '2022-32', horizon_years: 10 },
    ]);
  });

  it('rejects text where a number belongs, naming file, line, column and value', async () => {
    const bad = TABLE_1_10.replace('9.5,11.4,20.9,22.2', 'nine,11.4,20.9,22.2');
    const result = await load([await write('bls_ep_occupation_2024-34__Table_1.10.csv', bad)]);
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({
        file: 'bls_ep_occupation_2024-34__Table_1.10.csv',
        line: 6,
        column: 11,
        value: 'nine',
        message: expect.stringContaining('exits: not a number'),
      }),
    ]);
  });

  it('reads the Table 1.10 sheet of the BLS workbook and leaves the other sheets out', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Index').addRow(['Occupation.xlsx contents']);
    const sheet = book.addWorksheet('Table 1.10');
    const records = TABLE_1_10.split('\n').filter((l) => l !== '');
    for (const record of parseCsv(records.join('\n'), { relax_column_count: true }) as string[][]) {
      sheet.addRow(record.map((v, i) => (i >= 3 && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)));
    }
    book.addWorksheet('Table 1.11').addRow(['Occupation category', 'Employment, 2024']);
    const file = join(dir, 'occupation.xlsx');
    await book.xlsx.writeFile(file);
    const result = await load([file]);
    expect(result.ok, JSON.stringify(result.issues)).toBe(true);
    expect(result.files[0]).toMatchObject({ status: 'loaded', rows: 10 });
    await buildStaging();
    expect(
      await warehouse.query(
        `SELECT soc_code, depth, employment_base, annual_openings FROM stg_ep_occupations
         WHERE soc_code IN ('00-0000', '51-4121') ORDER BY soc_code`,
      ),
    ).toEqual([
      { soc_code: '00-0000', depth: 0, employment_base: 169_956_100, annual_openings: 18_863_300 },
      { soc_code: '51-4121', depth: 4, employment_base: 457_300, annual_openings: 45_600 },
    ]);
  });

  it('reads the EDD layout (title lines, header cells over several lines, closing line) and divides 10-year totals by 10', async () => {
    const result = await load([
      await write('ca_edd_long_term_occ_projections_2023-2033__Occupational.csv', EDD),
      await write(
        'ca_edd_long_term_occ_projections_2023-2033__Notes.csv',
        'Employment Development Department\nEnd of worksheet.\n',
      ),
    ]);
    expect(result.ok, JSON.stringify(result.issues)).toBe(true);
    expect(result.files.map((f) => [f.status, f.rows, f.layout?.id ?? null])).toEqual([
      ['ignored', 0, null],
      ['loaded', 4, 'state-projections-2023'],
    ]);
    await buildStaging();
    const rows = await warehouse.query(
      `SELECT soc_code, state_fips, area_name, area_type, period, horizon_years, soc_level, is_detailed,
              employment_base, employment_change, percent_change, published_basis, basis_from,
              exits_period, transfers_period, openings_period, annual_exits, annual_transfers, annual_openings,
              median_hourly_wage, median_annual_wage, wage_flag, typical_education
       FROM stg_state_projections ORDER BY soc_code`,
    );
    expect(rows.map((r) => r['soc_code'])).toEqual(['00-0000', '11-1031', '11-9013', '51-4121']);
    expect(rows.find((r) => r['soc_code'] === '51-4121')).toMatchObject({
      state_fips: '06',
      area_name: 'Statewide',
      area_type: 'state',
      period: '2023-33',
      horizon_years: 10,
      soc_level: 4,
      is_detailed: true,
      employment_base: 28_000,
      employment_change: 1_700,
      published_basis: 'period totals',
      basis_from: 'openings identity',
      exits_period: 7_730,
      transfers_period: 20_480,
      openings_period: 29_910,
      annual_exits: 773,
      annual_transfers: 2_048,
      annual_openings: 2_991,
      median_hourly_wage: 28.58,
      wage_flag: null,
    });
    expect(rows.find((r) => r['soc_code'] === '51-4121')?.['percent_change']).toBeCloseTo(6.0714285714, 8);
    expect(rows.find((r) => r['soc_code'] === '11-1031')).toMatchObject({
      median_hourly_wage: null,
      median_annual_wage: 55_296.61,
      wage_flag: 'hourly wage not estimated (published as $0)',
    });
    expect(rows.find((r) => r['soc_code'] === '00-0000')).toMatchObject({
      typical_education: null,
      is_detailed: false,
      annual_openings: 2_405_145,
    });
  });

  it('keeps annual averages annual: from the header, or from the openings identity when the header does not say', async () => {
    const result = await load([
      await write('texas_projections.csv', ANNUAL_STATE),
      await write('in_long_term_2022-2032.csv', PLAIN_ANNUAL),
    ]);
    expect(result.ok, JSON.stringify(result.issues)).toBe(true);
    expect(result.files.map((f) => f.layout?.id)).toEqual(['state-projections', 'state-projections-annual']);
    await buildStaging();
    const rows = await warehouse.query(
      `SELECT state_fips, area_name, area_type, period, soc_code, published_basis, basis_from, employment_base,
              annual_openings, openings_period, annual_exits, exits_period, missing_values
       FROM stg_state_projections ORDER BY state_fips, soc_code`,
    );
    expect(rows).toEqual([
      {
        state_fips: '18',
        area_name: 'Statewide',
        area_type: 'state',
        period: '2022-32',
        soc_code: '11-9013',
        published_basis: 'annual averages',
        basis_from: 'openings identity',
        employment_base: 2_000,
        annual_openings: 190,
        openings_period: 1_900,
        annual_exits: 150,
        exits_period: 1_500,
        missing_values: null,
      },
      {
        state_fips: '18',
        area_name: 'Statewide',
        area_type: 'state',
        period: '2022-32',
        soc_code: '51-4121',
        published_basis: 'annual averages',
        basis_from: 'openings identity',
        employment_base: 10_000,
        annual_openings: 1_100,
        openings_period: 11_000,
        annual_exits: 300,
        exits_period: 3_000,
        missing_values: null,
      },
      {
        state_fips: '48',
        area_name: 'Texas',
        area_type: 'state',
        period: '2022-32',
        soc_code: '51-4121',
        published_basis: 'annual averages',
        basis_from: 'header',
        employment_base: 50_000,
        annual_openings: 5_500,
        openings_period: 55_000,
        annual_exits: 1_500,
        exits_period: 15_000,
        missing_values: null,
      },
      {
        state_fips: '48',
        area_name: 'Texas',
        area_type: 'state',
        period: '2022-32',
        soc_code: '51-9199',
        published_basis: 'annual averages',
        basis_from: 'header',
        employment_base: 12_000,
        annual_openings: null,
        openings_period: null,
        annual_exits: 400,
        exits_period: 4_000,
        missing_values: 'openings',
      },
    ]);
  });

  it('passes its own checks on these files, and renders SQL that parses as BigQuery', async () => {
    await load([
      await write('t110.csv', TABLE_1_10),
      await write('t12.csv', TABLE_1_2),
      await write('ca_edd_2023-2033.csv', EDD),
    ]);
    const project = await buildStaging();
    const results = await runChecks(warehouse, compileChecks(project.models, project.renderer), 3);
    // The made-up occupation with "—" is reported (a warning), nothing else fails.
    expect(results.filter((r) => r.status !== 'pass').map((r) => [r.id, r.severity, r.failing])).toEqual([
      ['stg_ep_occupations.line_items_have_values', 'warn', 1],
    ]);
    const bq = await stagingProject(join(dir, 'bq'), bigqueryDialect({ projectId: 'p', dataset: 'd' }));
    for (const r of bq.ordered)
      expect(() => parse(r.sql, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
  });
});
