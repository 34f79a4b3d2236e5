import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatQcewCsv, type QcewRow } from '../../src/demo/qcew-writer.ts';
import type { RunManifest } from '../../src/pipeline/manifest.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { runForTest, tempDir, writePipeline } from '../helpers.ts';
import { annualRow, type CellSpec, type QuarterSpec, quarterRows } from '../qcew-years.ts';

/**
 * A region of two counties, 01001 and 01003, over 2019-2022, worked by hand. Private manufacturing (31-33) and
 * three of its subsectors; the U.S. file is the reference area. Annual averages (jobs):
 *
 *                    2019 (annual file)   2020 (4 quarterly files)   2021 (annual file, with oty_)
 *   U.S. all, own 0        1,000                 1,050                       1,100 (oty +50)
 *   U.S. 31-33               100                   110                         120 (+10)
 *   U.S. 336 / 332 / 333  40 / 30 / 30        40 / 36 / 34                40 / 45 / 35 (0 / +9 / +1)
 *   01001 all                200                   205                         210
 *   01001 31-33               50        55 = mean of 54, 55, 56, 55            60 (+5)
 *   01001 336 / 332 / 333 20 / 10 / 20        25 / 9 / 21                 30 / 8 / 22 (+5 / −1 / +1)
 *   01003 all                100                   100                         100
 *   01003 31-33               30                    28                          27 (−1)
 *   01003 336 / 332 / 333 10 / 8 / 12         11 / 6 / 11            12 (oty says +4) / suppressed / 10
 *
 * 2022 has only two quarters loaded, so it has no annual value and the span is 2019-2021.
 * Region 31-33: 80, 83, 87. Region 332 is empty in 2021 (suppressed in 01003), so it goes to the residual under
 * 31-33 with everything not disclosed in every year: 80 − 30 − 32 = 18, 83 − 36 − 32 = 15, 87 − 42 − 32 = 13.
 *
 * Shift-share 2019→2021 (G = 1,100/1,000 − 1 = 0.1):
 *   region 31-33: e0 = 80, G_i = 0.2, g = 7/80 → NS = 8, IM = 80·0.1 = 8, RS = 80·(0.0875 − 0.2) = −9; sum 7.
 *   region 336:   e0 = 30, G_i = 0,   g = 0.4  → NS = 3, IM = −3, RS = 12; sum 12.
 *   region residual: 18 → 13; the U.S. residual over the same children (31-33 less 336 and 333) is 30 → 45,
 *     G_i = 0.5 → NS = 1.8, IM = 7.2, RS = 18·(13/18 − 1 − 0.5) = −14; sum −5.
 * CAGR of region 31-33: (87/80)^(1/2) − 1.
 */
const C1 = '01001';
const C2 = '01003';

function yearRows(): { annual: QcewRow[]; quarterly: QcewRow[] } {
  const cell = (area: string, own: string, industry: string, year: string, weekly = 1000): CellSpec => ({
    area,
    own,
    industry,
    year,
    weekly,
  });
  // 01003's manufacturing pays $1,500 a week, everything else $1,000.
  const w = (area: string, industry: string) => (area === C2 && industry !== '10' ? 1500 : 1000);
  const annual: QcewRow[] = [];
  const levels2019: [string, string, string, number, number][] = [
    ['US000', '0', '10', 1000, 100],
    ['US000', '5', '31-33', 100, 30],
    ['US000', '5', '336', 40, 10],
    ['US000', '5', '332', 30, 10],
    ['US000', '5', '333', 30, 10],
    [C1, '0', '10', 200, 20],
    [C1, '5', '31-33', 50, 5],
    [C1, '5', '336', 20, 2],
    [C1, '5', '332', 10, 2],
    [C1, '5', '333', 20, 1],
    [C2, '0', '10', 100, 20],
    [C2, '5', '31-33', 30, 5],
    [C2, '5', '336', 10, 2],
    [C2, '5', '332', 8, 2],
    [C2, '5', '333', 12, 1],
  ];
  for (const [area, own, industry, emp, estabs] of levels2019) {
    annual.push(annualRow(cell(area, own, industry, '2019', w(area, industry)), emp, estabs));
  }
  const levels2021: [string, string, string, number, number, number][] = [
    ['US000', '0', '10', 1100, 100, 50],
    ['US000', '5', '31-33', 120, 30, 10],
    ['US000', '5', '336', 40, 10, 0],
    ['US000', '5', '332', 45, 10, 9],
    ['US000', '5', '333', 35, 10, 1],
    [C1, '0', '10', 210, 20, 5],
    [C1, '5', '31-33', 60, 5, 5],
    [C1, '5', '336', 30, 2, 5],
    [C1, '5', '332', 8, 2, -1],
    [C1, '5', '333', 22, 1, 1],
    [C2, '0', '10', 100, 20, 0],
    [C2, '5', '31-33', 27, 5, -1],
    // BLS's change (+4) disagrees with the two loaded years (11 → 12): flagged, not hidden.
    [C2, '5', '336', 12, 2, 4],
    [C2, '5', '333', 10, 1, -1],
  ];
  for (const [area, own, industry, emp, estabs, oty] of levels2021) {
    annual.push(annualRow(cell(area, own, industry, '2021', w(area, industry)), emp, estabs, { oty }));
  }
  annual.push(annualRow({ ...cell(C2, '5', '332', '2021', 1500), suppressed: true }, 5, 2));

  const flat = (emp: number, estabs: number): QuarterSpec[] =>
    [1, 2, 3, 4].map(() => ({ months: [emp, emp, emp], estabs }));
  const quarterly: QcewRow[] = [];
  const levels2020: [string, string, string, QuarterSpec[]][] = [
    ['US000', '0', '10', flat(1050, 100)],
    ['US000', '5', '31-33', flat(110, 30)],
    ['US000', '5', '336', flat(40, 10)],
    ['US000', '5', '332', flat(36, 10)],
    ['US000', '5', '333', flat(34, 10)],
    [C1, '0', '10', flat(205, 20)],
    [
      C1,
      '5',
      '31-33',
      [
        { months: [53, 54, 55], estabs: 5, oty: [3, 4, 5] },
        { months: [55, 55, 55], estabs: 5, oty: [5, 5, 5] },
        { months: [56, 56, 56], estabs: 6, oty: [6, 6, 6] },
        { months: [55, 55, 55], estabs: 6, oty: [5, 5, 5] },
      ],
    ],
    [
      C1,
      '5',
      '336',
      [
        { months: [25, 25, 25], estabs: 2 },
        { months: [25, 25, 25], estabs: 2 },
        { months: [25, 25, 25], estabs: 3 },
        { months: [25, 25, 25], estabs: 3 },
      ],
    ],
    [C1, '5', '332', flat(9, 2)],
    [C1, '5', '333', flat(21, 1)],
    [C2, '0', '10', flat(100, 20)],
    [C2, '5', '31-33', flat(28, 5).map((q) => ({ ...q, oty: [-2, -2, -2] as const }))],
    [C2, '5', '336', flat(11, 2)],
    [C2, '5', '332', flat(6, 2)],
    [C2, '5', '333', flat(11, 1)],
  ];
  for (const [area, own, industry, quarters] of levels2020) {
    quarterly.push(...quarterRows(cell(area, own, industry, '2020', w(area, industry)), quarters));
  }
  // Wholesale (outside the profile) has no row in 01001's fourth quarter: no establishments then.
  quarterly.push(...quarterRows(cell(C1, '5', '42', '2020'), flat(4, 1).slice(0, 3)));
  // 2022: two quarters only.
  for (const [area, emp] of [
    ['US000', 1120],
    [C1, 212],
    [C2, 101],
  ] as const) {
    quarterly.push(...quarterRows(cell(area, '0', '10', '2022'), flat(emp, 20).slice(0, 2)));
  }
  quarterly.push(...quarterRows(cell('US000', '5', '31-33', '2022'), flat(125, 30).slice(0, 2)));
  quarterly.push(...quarterRows(cell(C1, '5', '31-33', '2022'), flat(61, 5).slice(0, 2)));
  return { annual, quarterly };
}

async function runYears(files: Record<string, string>, vintage: string) {
  const temp = await tempDir();
  for (const [name, text] of Object.entries(files)) await writeFile(join(temp.dir, name), text);
  const config = await writePipeline(temp.dir, {
    partnership: {
      name: 'Two Counties',
      industry: { name: 'Manufacturing', naics: ['31-33'], detailDigits: 3 },
      region: { name: 'Two Counties', counties: [C1, C2] },
    },
    inputs: { qcew: { paths: Object.keys(files), vintage } },
  });
  const { manifest } = await runForTest(config);
  expect(manifest.status, JSON.stringify(manifest.error)).toBe('succeeded');
  const warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
  return { warehouse, manifest, cleanup: temp.cleanup };
}

const PART_COLUMNS = `base_emplvl AS e0, end_emplvl AS et, actual_change AS actual, national_growth_rate AS g_nat,
  industry_growth_rate AS g_ind, national_share AS ns, industry_mix AS im, competitive_effect AS rs`;

/**
 * On every complete row of mart_shift_share (more than `moreThan` of them), national share + industry mix +
 * competitive effect = the actual change, to 1e-9 of the larger employment level.
 */
async function expectIdentityOnCompleteRows(warehouse: DuckdbWarehouse, moreThan: number): Promise<void> {
  const rows = await warehouse.query<{
    ns: number;
    im: number;
    rs: number;
    actual: number;
    e0: number;
    et: number;
  }>(`SELECT ${PART_COLUMNS} FROM mart_shift_share WHERE is_complete`);
  expect(rows.length).toBeGreaterThan(moreThan);
  for (const r of rows) {
    const scale = Math.max(1, Math.abs(r.e0), Math.abs(r.et));
    expect(Math.abs(r.ns + r.im + r.rs - r.actual) / scale).toBeLessThanOrEqual(1e-9);
  }
}

describe('industry trends and shift-share over four years, worked by hand', () => {
  let warehouse: DuckdbWarehouse;
  let manifest: RunManifest;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const { annual, quarterly } = yearRows();
    ({ warehouse, manifest, cleanup } = await runYears(
      {
        'annual.csv': formatQcewCsv('annual-singlefile', annual),
        'quarterly.csv': formatQcewCsv('quarterly-singlefile', quarterly),
      },
      'hand-made 2019-2022',
    ));
  });
  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  it('builds annual values from annual files and from four quarters, and leaves a two-quarter year empty', async () => {
    const rows = await warehouse.query(`
      SELECT year, annual_basis, avg_emplvl, estabs, total_wages, round(avg_wkly_wage, 6) AS aww,
             round(lq_avg_emplvl, 9) AS lq, first_year, last_year
      FROM mart_industry_trends WHERE geo_id = 'region' AND industry_code = '31-33' ORDER BY year`);
    expect(rows).toEqual([
      {
        year: '2019',
        annual_basis: 'annual file',
        avg_emplvl: 80,
        estabs: 10,
        total_wages: 50 * 1000 * 52 + 30 * 1500 * 52,
        aww: 1187.5,
        lq: round(80 / 300 / (100 / 1000), 9),
        first_year: '2019',
        last_year: '2021',
      },
      {
        year: '2020',
        annual_basis: 'mean of 4 quarters',
        avg_emplvl: 83,
        // 01001's quarterly counts 5, 5, 6, 6 average 5.5.
        estabs: 10.5,
        total_wages: 1000 * 13 * (54 + 55 + 56 + 55) + 1500 * 13 * 28 * 4,
        aww: round((1000 * 13 * 220 + 1500 * 52 * 28) / 83 / 52, 6),
        lq: round(83 / 305 / (110 / 1050), 9),
        first_year: '2019',
        last_year: '2021',
      },
      {
        year: '2021',
        annual_basis: 'annual file',
        avg_emplvl: 87,
        estabs: 10,
        total_wages: 60 * 1000 * 52 + 27 * 1500 * 52,
        aww: round((60 * 1000 + 27 * 1500) / 87, 6),
        lq: round(87 / 310 / (120 / 1100), 9),
        first_year: '2019',
        last_year: '2021',
      },
      {
        year: '2022',
        annual_basis: 'quarters incomplete',
        avg_emplvl: null,
        estabs: null,
        total_wages: null,
        aww: null,
        lq: null,
        first_year: '2019',
        last_year: '2021',
      },
    ]);
  });

  it('counts a quarter without a row as no employment, once the area has all four quarters', async () => {
    const rows = await warehouse.query(`
      SELECT geo_id, annual_basis, n_quarters_loaded, avg_emplvl, estabs, oty_avg_emplvl_chg
      FROM int_qcew_trend_annual WHERE own_code = '5' AND industry_code = '42' ORDER BY geo_type DESC, geo_id`);
    const cell = { annual_basis: 'mean of 4 quarters', n_quarters_loaded: 4, avg_emplvl: 3, estabs: 0.75 };
    // BLS's change for the missing quarter is unknown (the year before may have had jobs), so none for the year.
    expect(rows).toEqual([
      { geo_id: 'region', ...cell, oty_avg_emplvl_chg: null },
      { geo_id: C1, ...cell, oty_avg_emplvl_chg: null },
    ]);
  });

  it('computes change from the previous year, over the span, and CAGR', async () => {
    const rows = await warehouse.query<Record<string, number | string | null>>(`
      SELECT geo_id, industry_code, year, prev_year, emp_chg, emp_pct_chg, span_years, span_emp_chg, span_emp_pct_chg, emp_cagr
      FROM mart_industry_trends
      WHERE year = '2021' AND industry_code IN ('31-33', '336') ORDER BY geo_type DESC, geo_id, industry_code`);
    const expected = [
      ['region', '31-33', 4, 100 * (4 / 83), 7, 8.75, Math.sqrt(87 / 80) - 1],
      ['region', '336', 6, 100 * (6 / 36), 12, 40, Math.sqrt(42 / 30) - 1],
      [C1, '31-33', 5, 100 * (5 / 55), 10, 20, Math.sqrt(60 / 50) - 1],
      [C1, '336', 5, 20, 10, 50, Math.sqrt(30 / 20) - 1],
      [C2, '31-33', -1, 100 * (-1 / 28), -3, -10, Math.sqrt(27 / 30) - 1],
      [C2, '336', 1, 100 * (1 / 11), 2, 20, Math.sqrt(12 / 10) - 1],
    ] as const;
    expect(rows.map((r) => [r.geo_id, r.industry_code])).toEqual(expected.map((e) => [e[0], e[1]]));
    for (const [i, [, , chg, pct, spanChg, spanPct, cagr]] of expected.entries()) {
      const r = rows[i]!;
      expect(r.prev_year).toBe('2020');
      expect(r.span_years).toBe(2);
      expect(r.emp_chg).toBeCloseTo(chg, 12);
      expect(r.emp_pct_chg as number).toBeCloseTo(pct, 10);
      expect(r.span_emp_chg).toBeCloseTo(spanChg, 12);
      expect(r.span_emp_pct_chg as number).toBeCloseTo(spanPct, 10);
      expect(r.emp_cagr as number).toBeCloseTo(cagr, 12);
    }
  });

  it('carries suppressed detail as a residual row, never as zero', async () => {
    const rows = await warehouse.query(`
      SELECT geo_id, industry_code, industry_title, year, is_suppressed, avg_emplvl, round(avg_wkly_wage, 6) AS aww,
             n_children_in_residual, n_children_steady
      FROM mart_industry_trends
      WHERE (industry_code = 'residual:31-33' OR industry_code = '332') AND year <> '2022'
      ORDER BY geo_type DESC, geo_id, industry_code, year`);
    const residual = (geo_id: string, year: string, emp: number, aww: number) => ({
      geo_id,
      industry_code: 'residual:31-33',
      industry_title: 'Suppressed or unallocated',
      year,
      is_suppressed: false,
      avg_emplvl: emp,
      aww,
      n_children_in_residual: 1,
      n_children_steady: 2,
    });
    const detail = (geo_id: string, year: string, emp: number | null, aww: number | null) => ({
      geo_id,
      industry_code: '332',
      industry_title: '332',
      year,
      is_suppressed: emp === null,
      avg_emplvl: emp,
      aww,
      n_children_in_residual: null,
      n_children_steady: null,
    });
    // 01001 discloses every child in every year: its residual is zero throughout, so it has no residual row.
    expect(rows).toEqual([
      detail('region', '2019', 18, round((10 * 1000 + 8 * 1500) / 18, 6)),
      detail('region', '2020', 15, round((9 * 1000 + 6 * 1500) / 15, 6)),
      detail('region', '2021', null, null),
      residual('region', '2019', 18, round((10 * 1000 + 8 * 1500) / 18, 6)),
      residual('region', '2020', 15, round((9 * 1000 + 6 * 1500) / 15, 6)),
      residual(
        'region',
        '2021',
        13,
        round((60 * 1000 + 27 * 1500 - (30 * 1000 + 12 * 1500) - (22 * 1000 + 10 * 1500)) / 13, 6),
      ),
      detail(C1, '2019', 10, 1000),
      detail(C1, '2020', 9, 1000),
      detail(C1, '2021', 8, 1000),
      detail(C2, '2019', 8, 1500),
      detail(C2, '2020', 6, 1500),
      detail(C2, '2021', null, null),
      residual(C2, '2019', 8, 1500),
      residual(C2, '2020', 6, 1500),
      residual(C2, '2021', 5, 1500),
    ]);
  });

  it('sets BLS over-the-year changes beside the two-year differences and flags where they disagree', async () => {
    const rows = await warehouse.query(`
      SELECT geo_id, industry_code, year, oty_emp_chg AS oty, emp_chg AS diff, oty_emp_check AS check
      FROM mart_industry_trends
      WHERE industry_code IN ('31-33', '336') AND year IN ('2020', '2021')
      ORDER BY geo_type DESC, geo_id, industry_code, year`);
    expect(rows).toEqual([
      // 2020 from quarters: the mean of the quarters' changes (4, 5, 6, 5 and −2 each) against 83 − 80.
      { geo_id: 'region', industry_code: '31-33', year: '2020', oty: 3, diff: 3, check: 'agree' },
      { geo_id: 'region', industry_code: '31-33', year: '2021', oty: 4, diff: 4, check: 'agree' },
      { geo_id: 'region', industry_code: '336', year: '2020', oty: null, diff: 6, check: 'difference only' },
      { geo_id: 'region', industry_code: '336', year: '2021', oty: 9, diff: 6, check: 'disagree' },
      { geo_id: C1, industry_code: '31-33', year: '2020', oty: 5, diff: 5, check: 'agree' },
      { geo_id: C1, industry_code: '31-33', year: '2021', oty: 5, diff: 5, check: 'agree' },
      { geo_id: C1, industry_code: '336', year: '2020', oty: null, diff: 5, check: 'difference only' },
      { geo_id: C1, industry_code: '336', year: '2021', oty: 5, diff: 5, check: 'agree' },
      { geo_id: C2, industry_code: '31-33', year: '2020', oty: -2, diff: -2, check: 'agree' },
      { geo_id: C2, industry_code: '31-33', year: '2021', oty: -1, diff: -1, check: 'agree' },
      { geo_id: C2, industry_code: '336', year: '2020', oty: null, diff: 1, check: 'difference only' },
      { geo_id: C2, industry_code: '336', year: '2021', oty: 4, diff: 1, check: 'disagree' },
    ]);
  });

  it('splits the 2019-2021 change into national share, industry mix and competitive effect', async () => {
    const rows = await warehouse.query<Record<string, number | string | boolean | null>>(`
      SELECT geo_id, industry_code, base_source, is_full_span, is_complete, incomplete_reason, ${PART_COLUMNS}
      FROM mart_shift_share WHERE base_year = '2019' AND end_year = '2021'
      ORDER BY geo_type DESC, geo_id, industry_code`);
    const byKey = new Map(rows.map((r) => [`${r.geo_id} ${r.industry_code}`, r]));
    const expectParts = (
      key: string,
      e0: number,
      et: number,
      gInd: number,
      ns: number,
      im: number,
      rs: number,
    ) => {
      const r = byKey.get(key);
      expect(r, key).toBeDefined();
      expect([r!.base_source, r!.is_full_span, r!.is_complete, r!.incomplete_reason]).toEqual([
        'loaded',
        true,
        true,
        null,
      ]);
      const got = [r!.e0, r!.et, r!.actual, r!.g_nat, r!.g_ind, r!.ns, r!.im, r!.rs] as number[];
      const want = [e0, et, et - e0, 0.1, gInd, ns, im, rs];
      for (const [i, v] of want.entries()) expect(got[i], `${key} column ${i}`).toBeCloseTo(v, 10);
    };
    expectParts('region 31-33', 80, 87, 0.2, 8, 8, -9);
    expectParts('region 336', 30, 42, 0, 3, -3, 12);
    expectParts('region 333', 32, 32, 35 / 30 - 1, 3.2, 32 * (35 / 30 - 1 - 0.1), 32 * (0 - (35 / 30 - 1)));
    expectParts('region residual:31-33', 18, 13, 0.5, 1.8, 7.2, -14);
    expectParts(`${C2} 31-33`, 30, 27, 0.2, 3, 3, -9);
    expectParts(`${C2} residual:31-33`, 8, 5, 0.5, 0.8, 3.2, -7);
    // Suppressed at the end: flagged, no parts, never a zero.
    expect(byKey.get('region 332')).toMatchObject({
      e0: 18,
      et: null,
      is_complete: false,
      incomplete_reason: 'end suppressed',
      ns: null,
      im: null,
      rs: null,
    });
    expect(byKey.get(`${C2} 332`)).toMatchObject({ e0: 8, et: null, is_complete: false, rs: null });
    // 01001's detail is complete, so it has no residual.
    expect(byKey.has(`${C1} residual:31-33`)).toBe(false);
  });

  it('compares every pair of complete years, and the parts sum to the change on every row', async () => {
    const periods = await warehouse.query(
      `SELECT DISTINCT base_year, end_year, base_source, is_full_span FROM mart_shift_share ORDER BY base_year, end_year`,
    );
    expect(periods).toEqual([
      { base_year: '2019', end_year: '2020', base_source: 'loaded', is_full_span: false },
      { base_year: '2019', end_year: '2021', base_source: 'loaded', is_full_span: true },
      { base_year: '2020', end_year: '2021', base_source: 'loaded', is_full_span: false },
    ]);
    await expectIdentityOnCompleteRows(warehouse, 30);
  });

  it('passes its own data checks, and warns about the over-the-year change that disagrees', () => {
    const result = (id: string) => manifest.checks.find((c) => c.id === id);
    expect(result('mart_shift_share.parts_sum_to_actual_change')).toMatchObject({ status: 'pass' });
    expect(result('mart_shift_share.incomplete_rows_have_no_parts')).toMatchObject({ status: 'pass' });
    expect(result('mart_industry_trends.suppressed_values_stay_empty')).toMatchObject({ status: 'pass' });
    expect(result('int_qcew_trend_annual.incomplete_years_stay_empty')).toMatchObject({ status: 'pass' });
    // 336 in 01003 and so in the region: BLS says +4 where the loaded years differ by 1.
    expect(result('mart_industry_trends.oty_agrees_with_two_year_difference')).toMatchObject({
      status: 'fail',
      severity: 'warn',
      failing: 2,
    });
  });
});

describe('shift-share of a single loaded year, with the base implied by the oty_ columns', () => {
  let warehouse: DuckdbWarehouse;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const { annual } = yearRows();
    ({ warehouse, cleanup } = await runYears(
      {
        'annual-2021.csv': formatQcewCsv(
          'annual-singlefile',
          annual.filter((r) => r.year === '2021'),
        ),
      },
      'hand-made 2021',
    ));
  });
  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  /**
   * 2021 less its over-the-year changes gives the 2020 of the four-year example: region 31-33 87 − 4 = 83,
   * U.S. 31-33 120 − 10 = 110, U.S. total 1,100 − 50 = 1,050. So G = 1/21, G_i = 1/11, g = 4/83:
   * NS = 83/21, IM = 83·(1/11 − 1/21), RS = 4 − 83/11.
   */
  it('uses base = end − over-the-year change for the region and the reference area, and says so', async () => {
    const rows = await warehouse.query<Record<string, number | string | boolean | null>>(`
      SELECT base_year, end_year, base_source, is_full_span, ${PART_COLUMNS}
      FROM mart_shift_share WHERE geo_id = 'region' AND industry_code = '31-33'`);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect([r.base_year, r.end_year, r.base_source, r.is_full_span]).toEqual([
      '2020',
      '2021',
      'oty_implied',
      true,
    ]);
    const want = [83, 87, 4, 1 / 21, 1 / 11, 83 / 21, 83 * (1 / 11 - 1 / 21), 4 - 83 / 11];
    const got = [r.e0, r.et, r.actual, r.g_nat, r.g_ind, r.ns, r.im, r.rs] as number[];
    for (const [i, v] of want.entries()) expect(got[i], `column ${i}`).toBeCloseTo(v, 10);
  });

  it('flags a row whose over-the-year change is suppressed instead of inventing a base', async () => {
    const [r] = await warehouse.query(`
      SELECT base_emplvl, end_emplvl, is_complete, incomplete_reason, competitive_effect
      FROM mart_shift_share WHERE geo_id = '${C2}' AND industry_code = '332'`);
    expect(r).toEqual({
      base_emplvl: null,
      end_emplvl: null,
      is_complete: false,
      incomplete_reason: 'end suppressed',
      competitive_effect: null,
    });
  });

  it('keeps the identity on every row', async () => {
    await expectIdentityOnCompleteRows(warehouse, 8);
  });
});

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
