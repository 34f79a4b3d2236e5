import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  MICHIANA_MANUFACTURING,
  QCEW_2016,
  SHARED_DATA,
  sharedDataAvailable,
  usePipelineRun,
} from '../helpers.ts';

const OEWS_DIR = join(SHARED_DATA, 'oews');

const parsed = new Map<string, Record<string, string>[]>();

/** A real OEWS file's records, read here independently of the loader (header names in upper case). */
function records(file: string): Record<string, string>[] {
  let rows = parsed.get(file);
  if (!rows) {
    const [header, ...lines] = parse(readFileSync(join(OEWS_DIR, file), 'utf8'), {
      relax_column_count: true,
    }) as string[][];
    const names = header!.map((h) => h.trim().toUpperCase());
    rows = lines.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ''])));
    parsed.set(file, rows);
  }
  return rows;
}

const WAGE_COLUMNS = [
  'H_MEAN',
  'A_MEAN',
  ...['PCT10', 'PCT25', 'MEDIAN', 'PCT75', 'PCT90'].flatMap((p) => [`H_${p}`, `A_${p}`]),
];

/**
 * The shared OEWS downloads (national files of May 2014-2023 and 2025 in all three national layouts, national
 * industry files 2022-2024, with their field-description and update-time files) loaded as a folder, checked
 * against the files themselves and BLS's published figures.
 */
describe.runIf(sharedDataAvailable())('OEWS on the real downloads', () => {
  const run = usePipelineRun(() => ({
    partnership: MICHIANA_MANUFACTURING,
    inputs: {
      qcew: { paths: join(QCEW_2016, '*.csv'), vintage: 'QCEW 2016' },
      oews: { paths: join(OEWS_DIR, '*'), vintage: 'OEWS May 2014-2025' },
    },
  }));
  const dataFiles = readdirSync(OEWS_DIR)
    .filter((f) => f.endsWith('_dl.csv'))
    .sort();

  it('loads every data file, one row per record, and leaves out the field descriptions and update times', async () => {
    const loaded = await run.warehouse.query<{ source_file: string; n: number }>(
      'SELECT _source_file AS source_file, count(*)::INT AS n FROM raw_oews GROUP BY 1',
    );
    const byFile = Object.fromEntries(loaded.map((r) => [basename(r.source_file), r.n]));
    const expected = Object.fromEntries(dataFiles.map((f) => [f, records(f).length]));
    expect(byFile).toEqual(expected);
    expect(Object.keys(byFile)).toHaveLength(14);
    expect(expected['natsector_M2024_dl.csv']).toBe(16434);
    const [staged] = await run.warehouse.query<{ n: number }>('SELECT count(*)::INT AS n FROM stg_oews');
    expect(staged!.n).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });

  it('reproduces published values, read from the files, in every national layout', async () => {
    const cases = [
      { file: 'national_M2014_dl.csv', year: '2014', soc: '51-4121' },
      { file: 'national_M2019_dl.csv', year: '2019', soc: '51-4121' },
      { file: 'national_M2023_dl.csv', year: '2023', soc: '29-1141' },
      { file: 'national_M2025_dl.csv', year: '2025', soc: '29-1141' },
    ];
    for (const c of cases) {
      const row = records(c.file).find((r) => r['OCC_CODE'] === c.soc)!;
      const [staged] = await run.warehouse.query<Record<string, number>>(
        `SELECT tot_emp, a_median, h_median, a_pct10, a_pct25, a_mean FROM stg_oews
         WHERE year = '${c.year}' AND area_code = '99' AND naics = '000000' AND soc_code = '${c.soc}' AND o_group = 'detailed'`,
      );
      expect(staged, `${c.file} ${c.soc}`).toEqual({
        tot_emp: Number(row['TOT_EMP']),
        a_median: Number(row['A_MEDIAN']),
        h_median: Number(row['H_MEDIAN']),
        a_pct10: Number(row['A_PCT10']),
        a_pct25: Number(row['A_PCT25']),
        a_mean: Number(row['A_MEAN']),
      });
    }
    // BLS, May 2023: registered nurses, 3,175,390 jobs, median annual wage $86,070.
    const [rn] = await run.warehouse.query(
      `SELECT tot_emp, a_median FROM stg_oews WHERE year = '2023' AND area_code = '99' AND naics = '000000' AND soc_code = '29-1141'`,
    );
    expect(rn).toEqual({ tot_emp: 3175390, a_median: 86070 });
  });

  it('flags every top-coded wage (#) at its year’s top-code, and no published percentile reaches the top-code', async () => {
    for (const file of dataFiles) {
      const rows = records(file);
      const hashes = rows.reduce((n, r) => n + WAGE_COLUMNS.filter((c) => r[c] === '#').length, 0);
      const [staged] = await run.warehouse.query<{
        flagged: number;
        off: number;
        max_h: number;
        max_a: number;
        th: number;
        ta: number;
      }>(`
        SELECT
          sum(${WAGE_COLUMNS.map((c) => `CASE WHEN ${c.toLowerCase()}_flag = 'top_coded' THEN 1 ELSE 0 END`).join(' + ')})::INT AS flagged,
          sum(${WAGE_COLUMNS.map((c) => `CASE WHEN ${c.toLowerCase()}_flag = 'top_coded' AND ${c.toLowerCase()} <> ${c.startsWith('H') ? 'top_code_hourly' : 'top_code_annual'} THEN 1 ELSE 0 END`).join(' + ')})::INT AS off,
          max(greatest(CASE WHEN h_pct90_flag IS NULL THEN h_pct90 END, CASE WHEN h_median_flag IS NULL THEN h_median END)) AS max_h,
          max(greatest(CASE WHEN a_pct90_flag IS NULL THEN a_pct90 END, CASE WHEN a_median_flag IS NULL THEN a_median END)) AS max_a,
          max(top_code_hourly) AS th, max(top_code_annual) AS ta
        FROM stg_oews WHERE source_file LIKE '%${file}'`);
      expect(staged!.flagged, file).toBe(hashes);
      expect(staged!.off, file).toBe(0);
      if (hashes > 0) {
        expect(staged!.max_h, file).toBeLessThan(staged!.th);
        expect(staged!.max_a, file).toBeLessThan(staged!.ta);
      }
    }
    // The 2023 field descriptions: # is a wage of $115.00 an hour or $239,200 a year or more.
    const [ceo] = await run.warehouse.query(
      `SELECT a_pct90, a_pct90_flag, h_pct90, h_pct90_flag, top_coded FROM stg_oews
       WHERE year = '2023' AND area_code = '99' AND naics = '000000' AND soc_code = '11-1011'`,
    );
    expect(ceo).toEqual({
      a_pct90: 239200,
      a_pct90_flag: 'top_coded',
      h_pct90: 115,
      h_pct90_flag: 'top_coded',
      top_coded: true,
    });
  });

  it('keeps staffing shares of detailed occupations within 100 per industry, as the files add them', async () => {
    const sums = await run.warehouse.query<{
      year: string;
      naics: string;
      pct: number;
      n: number;
      published: number;
    }>(`
      SELECT year, naics, max(detailed_pct_sum) AS pct, max(n_detailed)::INT AS n, max(n_detailed_published)::INT AS published
      FROM stg_oews_staffing GROUP BY year, naics ORDER BY year, naics`);
    expect(sums).toHaveLength(60);
    const worst = sums.reduce((a, b) => (b.pct > a.pct ? b : a));
    const least = sums.reduce((a, b) => (b.pct < a.pct ? b : a));
    console.log(
      `staffing shares: ${sums.length} industry-years; detailed shares add to ${least.pct.toFixed(2)} (${least.naics}, ${least.year}) to ${worst.pct.toFixed(2)} (${worst.naics}, ${worst.year}); ` +
        `manufacturing ${sums
          .filter((s) => s.naics === '31')
          .map((s) => `${s.year} ${s.pct.toFixed(2)}`)
          .join(', ')}`,
    );
    for (const s of sums) expect(s.pct, `${s.year} ${s.naics}`).toBeLessThanOrEqual(100);
    // The same sum taken from the file: manufacturing in May 2024 (domain-reference §1.5: 99.73).
    const file = records('natsector_M2024_dl.csv').filter(
      (r) => r['NAICS'] === '31' && r['O_GROUP'] === 'detailed',
    );
    const fromFile = file.reduce((a, r) => a + (r['PCT_TOTAL'] === '**' ? 0 : Number(r['PCT_TOTAL'])), 0);
    const manufacturing = sums.find((s) => s.year === '2024' && s.naics === '31')!;
    expect(manufacturing.pct).toBeCloseTo(fromFile, 9);
    expect(Math.round(manufacturing.pct * 100) / 100).toBe(99.73);
    expect(manufacturing.n).toBe(file.length);
    expect(manufacturing.published).toBe(file.filter((r) => r['PCT_TOTAL'] !== '**').length);
  });

  it('shows the national wages of the latest year for a region spanning two states', async () => {
    const rn = records('national_M2025_dl.csv').find((r) => r['OCC_CODE'] === '29-1141')!;
    const [wages] = await run.warehouse.query(`
      SELECT area_code, wage_area_source, year, entry_percentile, entry_wage_annual, median_wage_annual,
             entry_wage_hourly, median_wage_hourly, top_coded
      FROM mart_occupation_wages WHERE soc_code = '29-1141'`);
    expect(wages).toEqual({
      area_code: '99',
      wage_area_source: 'national',
      year: '2025',
      entry_percentile: 25,
      entry_wage_annual: Number(rn['A_PCT25']),
      median_wage_annual: Number(rn['A_MEDIAN']),
      entry_wage_hourly: Number(rn['H_PCT25']),
      median_wage_hourly: Number(rn['H_MEDIAN']),
      top_coded: false,
    });
    const [count] = await run.warehouse.query<{ n: number }>(
      'SELECT count(*)::INT AS n FROM mart_occupation_wages',
    );
    expect(count!.n).toBe(records('national_M2025_dl.csv').filter((r) => r['O_GROUP'] === 'detailed').length);
  });
});
