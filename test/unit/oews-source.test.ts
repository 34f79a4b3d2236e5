import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { OEWS_SOURCE, oewsYearFromName } from '../../src/ingest/sources/oews.ts';
import { disposePlan, loadTabular, planTabular } from '../../src/ingest/tabular.ts';
import { loadModels } from '../../src/models/project.ts';
import { ModelRenderer } from '../../src/models/render.ts';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { duckdbDialect } from '../../src/warehouse/dialect.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { useTempWarehouse } from '../helpers.ts';

const WAGES_2014 =
  'H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY';
const HEADER_32 =
  'AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY';

/** Small OEWS files in the real layouts, with the quirks of the real downloads (short records, special values). */
const NATIONAL_2016 = [
  `OCC_CODE,OCC_TITLE,OCC_GROUP,TOT_EMP,EMP_PRSE,${WAGES_2014}`,
  // Records end after the last non-empty cell, as in the downloads saved from Excel.
  '00-0000,All Occupations,total,140400040,0.1,23.86,49630,0.1,9.27,11.6,17.81,28.92,45.45,19290,24140,37040,60150,94540',
  '11-1011,Chief Executives,detailed,"223,260",0.8,93.44,194350,0.4,33.87,54.55,87.77,#,#,70450,113460,182550,#,#',
  '25-2021,"Elementary School Teachers, Except Special Education",detailed,1410880,0.5,*,58260,0.3,*,*,*,*,*,37340,44940,55800,70240,88590,TRUE',
  '27-2011,Actors,detailed,48620,6.8,25.68,*,4.6,9.27,11.71,18.70,32.38,56.47,*,*,*,*,*,,TRUE',
].join('\n');

const NATIONAL_2019_LOWER = [
  'occ_code,occ_title,o_group,tot_emp,emp_prse,jobs_1000,loc_quotient,pct_total,h_mean,a_mean,mean_prse,h_pct10,h_pct25,h_median,h_pct75,h_pct90,a_pct10,a_pct25,a_median,a_pct75,a_pct90,annual,hourly',
  '51-4121,"Welders, Cutters, Solderers, and Brazers",detailed,"417,860",0.9,,,,21.76,45270,0.3,14.09,16.49,20.43,25.53,31.23,29300,34300,42490,53100,64960',
].join('\n');

const NATIONAL_2022 = [
  `OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,${WAGES_2014}`,
  '29-1228,"Physicians, All Other",detailed,"438,670",1.4,,,,,129.86,270110,0.7,38.59,71.18,#,#,#,80270,148060,#,#,#',
].join('\n');

const NATSECTOR_2024 = [
  HEADER_32,
  '99,U.S.,1,US,31,Manufacturing,sector,5,00-0000,All Occupations,total,"12,862,110",0.1,,,100,100,30.13,62660,0.2,16.15,18.89,24.73,34.8,48.46,33590,39290,51440,72380,100800',
  '99,U.S.,1,US,31,Manufacturing,sector,5,51-2090,Miscellaneous Assemblers and Fabricators,detailed,"1,200,000",1,,,9.33,40,20.10,41800,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
  '99,U.S.,1,US,31,Manufacturing,sector,5,51-4121,"Welders, Cutters, Solderers, and Brazers",detailed,300000,1.2,,,2.33,11,24.00,49920,0.4,17,19,23,28,33,35360,39520,47840,58240,68640',
  '99,U.S.,1,US,31,Manufacturing,sector,5,45-2092,"Farmworkers and Laborers, Crop, Nursery, and Greenhouse",detailed,**,**,,,**,**,16.00,33280,2.0,14,15,15.5,17,19,29120,31200,32240,35360,39520',
  '99,U.S.,1,US,31,Manufacturing,sector,5,11-1011,Chief Executives,detailed,15000,3.0,,,0.12,~,120.00,249600,2.0,50,80,#,#,#,104000,166400,#,#,#',
  '99,U.S.,1,US,31,Manufacturing,sector,5,51-2000,Assemblers and Fabricators,minor,"1,500,000",1,,,11.66,45,20,41600,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
  '99,U.S.,1,US,336000,Transportation Equipment Manufacturing,3-digit,5,51-2090,Miscellaneous Assemblers and Fabricators,detailed,200000,1,,,11.5,40,20,41600,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
  '99,U.S.,1,US,336100,Motor Vehicle Manufacturing,4-digit,5,51-2090,Miscellaneous Assemblers and Fabricators,detailed,50000,1,,,17.5,40,20,41600,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
  '99,U.S.,1,US,327000,Nonmetallic Mineral Product Manufacturing,4-digit,5,51-2090,Miscellaneous Assemblers and Fabricators,detailed,9000,1,,,2.2,15,20,41600,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
  '99,U.S.,1,US,3250A1,Basic Chemical Manufacturing (OEWS Designation),4-digit,5,51-2090,Miscellaneous Assemblers and Fabricators,detailed,1000,1,,,0.5,5,20,41600,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
  '99,U.S.,1,US,236220,Commercial and Institutional Building Construction,6-digit,5,47-2061,Construction Laborers,detailed,90000,1,,,12,50,20,41600,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
  '99,U.S.,1,US,99,"Federal, State, and Local Government (OEWS Designation)",sector,123,43-9061,"Office Clerks, General",detailed,200000,1,,,3.1,60,20,41600,0.3,15,17,19.5,22,26,31200,35360,40560,45760,54080',
].join('\n');

describe('OEWS files', () => {
  let dir: string;
  let warehouse: DuckdbWarehouse;
  useTempWarehouse((temp) => {
    ({ dir, warehouse } = temp);
  });

  async function load(paths: string[]) {
    const plan = await planTabular(OEWS_SOURCE, [{ paths, vintage: 'OEWS test', onBadFile: 'fail' }], (p) =>
      p.slice(dir.length + 1),
    );
    try {
      return await loadTabular(plan, { warehouse, logger: silentLogger, tag: 't' });
    } finally {
      await disposePlan(plan);
    }
  }

  async function write(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  /** Build the OEWS staging models over what was loaded. */
  async function stage(): Promise<void> {
    const models = await loadModels(join(PROJECT_ROOT, 'sql'));
    const renderer = new ModelRenderer(duckdbDialect, models);
    for (const name of ['stg_oews', 'stg_oews_staffing']) {
      await warehouse.createTableAs(name, renderer.render(models.find((m) => m.name === name)!).sql);
    }
  }

  it('finds the OEWS year in BLS file names', () => {
    expect(oewsYearFromName('national_M2023_dl.xlsx')).toBe('2023');
    expect(oewsYearFromName('all_data_M_2021.xlsx')).toBe('2021');
    expect(oewsYearFromName('nat4d_M2019_dl.csv')).toBe('2019');
    expect(oewsYearFromName('oews wages 2024.csv')).toBe('2024');
    expect(oewsYearFromName('national_dl.csv')).toBeNull();
  });

  it('reads the May 2014-2018 national layout: OCC_GROUP, short records, the U.S. and all industries from the name', async () => {
    const result = await load([await write('national_M2016_dl.csv', NATIONAL_2016)]);
    expect(result.issues).toEqual([]);
    expect(result.files[0]).toMatchObject({
      status: 'loaded',
      rows: 4,
      layout: { id: 'oews-national-2014' },
    });
    await stage();
    const rows = await warehouse.query(`
      SELECT year, area_code, area_type, naics, qcew_naics, own_code, soc_code, o_group, tot_emp,
             a_median, a_median_flag, h_median, h_median_flag, a_pct90, a_pct90_flag, h_pct90, h_pct90_flag,
             annual_only, hourly_only, top_coded
      FROM stg_oews ORDER BY soc_code`);
    expect(rows).toEqual([
      expect.objectContaining({
        soc_code: '00-0000',
        o_group: 'total',
        tot_emp: 140400040,
        top_coded: false,
      }),
      {
        year: '2016',
        area_code: '99',
        area_type: '1',
        naics: '000000',
        qcew_naics: '10',
        own_code: '1235',
        soc_code: '11-1011',
        o_group: 'detailed',
        tot_emp: 223260,
        a_median: 182550,
        a_median_flag: null,
        h_median: 87.77,
        h_median_flag: null,
        // May 2016 top-codes at $100.00 an hour, $208,000 a year: the values are lower bounds.
        a_pct90: 208000,
        a_pct90_flag: 'top_coded',
        h_pct90: 100,
        h_pct90_flag: 'top_coded',
        annual_only: false,
        hourly_only: false,
        top_coded: true,
      },
      expect.objectContaining({
        soc_code: '25-2021',
        a_median: 55800,
        h_median: null,
        h_median_flag: 'wage_not_available',
        annual_only: true,
        hourly_only: false,
      }),
      expect.objectContaining({
        soc_code: '27-2011',
        a_median: null,
        a_median_flag: 'wage_not_available',
        h_median: 18.7,
        annual_only: false,
        hourly_only: true,
      }),
    ]);
  });

  it('reads the lower-case 2019 layout and the 2021+ layout, with thousands separators and each year’s top-code', async () => {
    const result = await load([
      await write('national_M2019_dl.csv', NATIONAL_2019_LOWER),
      await write('national_M2022_dl.csv', NATIONAL_2022),
    ]);
    expect(result.issues).toEqual([]);
    expect(Object.fromEntries(result.files.map((f) => [f.display, f.layout?.id]))).toEqual({
      'national_M2019_dl.csv': 'oews-national-2019',
      'national_M2022_dl.csv': 'oews-national-2021',
    });
    await stage();
    expect(
      await warehouse.query(
        `SELECT year, soc_code, tot_emp, a_median, a_median_flag, h_median, top_code_annual, top_code_hourly
         FROM stg_oews ORDER BY year`,
      ),
    ).toEqual([
      {
        year: '2019',
        soc_code: '51-4121',
        tot_emp: 417860,
        a_median: 42490,
        a_median_flag: null,
        h_median: 20.43,
        top_code_annual: 208000,
        top_code_hourly: 100,
      },
      {
        year: '2022',
        soc_code: '29-1228',
        tot_emp: 438670,
        a_median: 239200,
        a_median_flag: 'top_coded',
        h_median: 115,
        top_code_annual: 239200,
        top_code_hourly: 115,
      },
    ]);
  });

  it('reads national industry files (32 columns) into staffing patterns with QCEW industry codes', async () => {
    const result = await load([await write('natsector_M2024_dl.csv', NATSECTOR_2024)]);
    expect(result.issues).toEqual([]);
    expect(result.files[0]?.layout?.id).toBe('oews-32col');
    await stage();
    const codes = await warehouse.query(
      `SELECT DISTINCT naics, i_group, own_code, qcew_naics FROM stg_oews ORDER BY naics`,
    );
    expect(codes).toEqual([
      { naics: '236220', i_group: '6-digit', own_code: '5', qcew_naics: '236220' },
      { naics: '31', i_group: 'sector', own_code: '5', qcew_naics: '31-33' },
      { naics: '3250A1', i_group: '4-digit', own_code: '5', qcew_naics: null },
      { naics: '327000', i_group: '4-digit', own_code: '5', qcew_naics: '327' },
      { naics: '336000', i_group: '3-digit', own_code: '5', qcew_naics: '336' },
      { naics: '336100', i_group: '4-digit', own_code: '5', qcew_naics: '3361' },
      { naics: '99', i_group: 'sector', own_code: '123', qcew_naics: null },
    ]);
    const staffing = await warehouse.query(`
      SELECT soc_code, pct_total, pct_total_flag, tot_emp, tot_emp_flag, pct_rpt, pct_rpt_flag,
             industry_tot_emp, detailed_pct_sum, n_detailed, n_detailed_published
      FROM stg_oews_staffing WHERE naics = '31' ORDER BY soc_code`);
    const industry = {
      industry_tot_emp: 12862110,
      detailed_pct_sum: 11.78,
      n_detailed: 4,
      n_detailed_published: 3,
    };
    expect(
      staffing.map((r) => ({ ...r, detailed_pct_sum: Math.round(Number(r.detailed_pct_sum) * 100) / 100 })),
    ).toEqual([
      // Only detailed occupations: the minor group 51-2000 is left out.
      {
        soc_code: '11-1011',
        pct_total: 0.12,
        pct_total_flag: null,
        tot_emp: 15000,
        tot_emp_flag: null,
        pct_rpt: null,
        pct_rpt_flag: 'under_0.5_percent',
        ...industry,
      },
      {
        soc_code: '45-2092',
        pct_total: null,
        pct_total_flag: 'employment_not_available',
        tot_emp: null,
        tot_emp_flag: 'employment_not_available',
        pct_rpt: null,
        pct_rpt_flag: 'employment_not_available',
        ...industry,
      },
      {
        soc_code: '51-2090',
        pct_total: 9.33,
        pct_total_flag: null,
        tot_emp: 1200000,
        tot_emp_flag: null,
        pct_rpt: 40,
        pct_rpt_flag: null,
        ...industry,
      },
      {
        soc_code: '51-4121',
        pct_total: 2.33,
        pct_total_flag: null,
        tot_emp: 300000,
        tot_emp_flag: null,
        pct_rpt: 11,
        pct_rpt_flag: null,
        ...industry,
      },
    ]);
    // 2024 top-codes at $115.00 / $239,200 (the values are lower bounds).
    expect(
      await warehouse.query(
        `SELECT h_median, h_median_flag, a_pct90, a_pct90_flag FROM stg_oews WHERE naics = '31' AND soc_code = '11-1011'`,
      ),
    ).toEqual([{ h_median: 115, h_median_flag: 'top_coded', a_pct90: 239200, a_pct90_flag: 'top_coded' }]);
  });

  it('reads Excel workbooks sheet by sheet: numbers as numbers, codes padded, short rows, notes sheets left out', async () => {
    const book = new ExcelJS.Workbook();
    const data = book.addWorksheet('state_M2023_dl');
    data.addRow(HEADER_32.split(','));
    // Excel stores Alabama's FIPS code 01 as the number 1, and leaves ANNUAL and HOURLY empty.
    data.addRow([
      1,
      'Alabama',
      2,
      'AL',
      '000000',
      'Cross-industry',
      'cross-industry',
      1235,
      '51-4121',
      'Welders, Cutters, Solderers, and Brazers',
      'detailed',
      8340,
      3.9,
      4.16,
      1.58,
      null,
      null,
      23.4,
      48670,
      1.1,
      16.43,
      19.21,
      23.01,
      27.14,
      30.6,
      34170,
      39950,
      47860,
      56450,
      63650,
    ]);
    data.addRow([
      1,
      'Alabama',
      2,
      'AL',
      '000000',
      'Cross-industry',
      'cross-industry',
      1235,
      '25-2021',
      'Elementary School Teachers, Except Special Education',
      'detailed',
      19420,
      2.3,
      9.69,
      1.04,
      null,
      null,
      '*',
      55400,
      0.9,
      '*',
      '*',
      '*',
      '*',
      '*',
      41450,
      47290,
      53720,
      61050,
      71980,
      true,
    ]);
    const notes = book.addWorksheet('Field Descriptions');
    notes.addRow(['May 2023 OEWS Estimates']);
    notes.addRow(['Field', 'Field Description']);
    await book.xlsx.writeFile(join(dir, 'state_M2023_dl.xlsx'));
    // A national workbook of the 2021+ layout, whose area and industry come from its name.
    const national = new ExcelJS.Workbook();
    const sheet = national.addWorksheet('national_M2021_dl');
    sheet.addRow(NATIONAL_2022.split('\n')[0]!.split(','));
    sheet.addRow([
      '51-4121',
      'Welders, Cutters, Solderers, and Brazers',
      'detailed',
      418200,
      0.8,
      null,
      null,
      null,
      null,
      23.54,
      48970,
      0.3,
      15.95,
      18.03,
      22.28,
      27.12,
      32.28,
      33170,
      37510,
      46690,
      56410,
      67140,
    ]);
    await national.xlsx.writeFile(join(dir, 'national_M2021_dl.xlsx'));
    const result = await load([join(dir, 'state_M2023_dl.xlsx'), join(dir, 'national_M2021_dl.xlsx')]);
    expect(result.issues).toEqual([]);
    expect(result.files.map((f) => [f.display, f.status, f.rows, f.layout?.id]).sort()).toEqual([
      ['national_M2021_dl.xlsx', 'loaded', 1, 'oews-national-2021'],
      ['state_M2023_dl.xlsx', 'loaded', 2, 'oews-32col'],
    ]);
    await stage();
    expect(
      await warehouse.query(
        `SELECT year, area_code, naics, own_code, tot_emp, a_median FROM stg_oews WHERE area_code = '99'`,
      ),
    ).toEqual([
      { year: '2021', area_code: '99', naics: '000000', own_code: '1235', tot_emp: 418200, a_median: 46690 },
    ]);
    expect(
      await warehouse.query(
        `SELECT year, area_code, area_type, naics, soc_code, tot_emp, loc_quotient, a_median, h_median, h_median_flag, annual_only, source_file
         FROM stg_oews WHERE area_code <> '99' ORDER BY soc_code`,
      ),
    ).toEqual([
      {
        year: '2023',
        area_code: '01',
        area_type: '2',
        naics: '000000',
        soc_code: '25-2021',
        tot_emp: 19420,
        loc_quotient: 1.04,
        a_median: 53720,
        h_median: null,
        h_median_flag: 'wage_not_available',
        annual_only: true,
        source_file: 'state_M2023_dl.xlsx',
      },
      {
        year: '2023',
        area_code: '01',
        area_type: '2',
        naics: '000000',
        soc_code: '51-4121',
        tot_emp: 8340,
        loc_quotient: 1.58,
        a_median: 47860,
        h_median: 23.01,
        h_median_flag: null,
        annual_only: false,
        source_file: 'state_M2023_dl.xlsx',
      },
    ]);
  });

  it('loads a folder of downloads, leaving out the field descriptions and update times', async () => {
    const folder = join(dir, 'oews');
    await mkdir(folder);
    await writeFile(join(folder, 'national_M2016_dl.csv'), NATIONAL_2016);
    await writeFile(
      join(folder, 'national_M2016_field_descriptions.csv'),
      'May 2016 OES Estimates\nField,Field Description\narea,"U.S. (99), state FIPS code"\nNotes:\n"#  = indicates a wage equal to or greater than $100.00 per hour or $208,000 per year "\n',
    );
    await writeFile(join(folder, 'national_M2016_update_time.csv'), 'alldataupdate\n09MAR2020:11:54:07\n');
    const result = await load([join(folder, '*')]);
    expect(result.ok).toBe(true);
    expect(Object.fromEntries(result.files.map((f) => [f.display, [f.status, f.rows]]))).toEqual({
      'oews/national_M2016_dl.csv': ['loaded', 4],
      'oews/national_M2016_field_descriptions.csv': ['ignored', 0],
      'oews/national_M2016_update_time.csv': ['ignored', 0],
    });
  });

  it('rejects values that are neither numbers nor OEWS special values, naming file, line, column and value', async () => {
    const bad = NATIONAL_2016.replace('37340,44940,55800', '37340,44940,n/a');
    const result = await load([await write('national_M2016_dl.csv', bad)]);
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({ file: 'national_M2016_dl.csv', line: 4, column: 16, value: 'n/a' }),
    ]);
    expect(result.issues[0]?.message).toContain('not a number or an OEWS special value');
  });

  it('rejects a 32-column file whose name carries no year', async () => {
    const result = await load([await write('oews_industry.csv', NATSECTOR_2024)]);
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.message).toContain('no OEWS year');
  });
});
