import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatQcewCsv } from '../../src/demo/qcew-writer.ts';
import type { RunManifest } from '../../src/pipeline/manifest.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { annualQcewCell as cell, runForTest, tempDir, writePipeline } from '../helpers.ts';

const SUPPRESSED = {
  disclosure_code: 'N',
  annual_avg_emplvl: 0,
  total_annual_wages: 0,
  annual_avg_wkly_wage: 0,
};

/**
 * A hand-worked region of two counties from annual singlefiles, checked against values computed by hand:
 *
 *   U.S.: all industries 1,000 jobs; manufacturing (31-33) 100; transportation equipment (336) 20.
 *   01001: all 100; 31-33: 30 at $1,000/week; 336: 10.      01003: all 100; 31-33: 10 at $1,500; 336: suppressed.
 *   Region 31-33 LQ = (40/200)/(100/1000) = 2.0; 01001 = 3.0; 01003 = 1.0; 01001 336 = (10/100)/(20/1000) = 5.0.
 *   Region wages = 30·1000·52 + 10·1500·52 = 2,340,000, so its average weekly wage is 2,340,000/40/52 = 1,125.
 *   Over the year: +3 and +1 jobs, so the region's change is +4 on 36 a year earlier = 11.1%.
 *   Fabricated metal (332) was in both counties in 2023 and is only in 01001 in 2024: the region's change
 *   cannot be summed from the counties' published changes (01003's loss has no row), so it is empty.
 *   Primary metal (331) has no employment value in 01003's file: the region total is empty, not 01001's alone.
 */
describe('an annual profile worked by hand', () => {
  let cleanup: () => Promise<void>;
  let manifest: RunManifest;
  let warehouse: DuckdbWarehouse;
  let html: string;

  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const rows = [
      cell('US000', '0', '10', 1000, 1000),
      cell('US000', '5', '31-33', 100, 1200),
      cell('US000', '5', '336', 20, 1300),
      cell('01001', '0', '10', 100, 900),
      cell('01001', '5', '31-33', 30, 1000, { oty_annual_avg_emplvl_chg: 3 }),
      cell('01001', '5', '336', 10, 1100),
      cell('01003', '0', '10', 100, 900),
      cell('01003', '5', '31-33', 10, 1500, { oty_annual_avg_emplvl_chg: 1 }),
      cell('01003', '5', '336', 0, 0, SUPPRESSED),
      cell('US000', '5', '332', 30, 1100),
      cell('01001', '5', '332', 6, 1000, { oty_annual_avg_emplvl_chg: 1 }),
      cell('US000', '5', '331', 10, 1400),
      cell('01001', '5', '331', 4, 1400),
      cell('01003', '5', '331', 0, 0, { annual_avg_emplvl: '', total_annual_wages: '' }),
      ...['US000', '01001', '01003'].map((area) =>
        cell(area, '0', '10', area === 'US000' ? 990 : 99, 900, { year: '2023' }),
      ),
      cell('01001', '5', '332', 5, 1000, { year: '2023' }),
      cell('01003', '5', '332', 4, 1000, { year: '2023' }),
    ];
    await writeFile(join(temp.dir, 'annual.csv'), formatQcewCsv('annual-singlefile', rows));
    const config = await writePipeline(temp.dir, {
      partnership: {
        name: 'Two Counties',
        industry: { name: 'Manufacturing', naics: ['31-33'], detailDigits: 3 },
        region: { name: 'Two Counties', counties: ['01001', '01003'] },
      },
      inputs: { qcew: { paths: 'annual.csv', vintage: 'hand-made 2024 annual' } },
    });
    manifest = (await runForTest(config)).manifest;
    warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
    html = await readFile(join(config.outputs.dir, 'latest', 'report.html'), 'utf8');
  });

  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  it('runs on annual data alone', () => {
    expect(manifest.error).toBeUndefined();
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stages[0]!.rows).toEqual({ raw_qcew_quarterly: 0, raw_qcew_annual: 19 });
  });

  it('sums counties before dividing and computes every LQ by the BLS definition', async () => {
    const rows = await warehouse.query(`
      SELECT geo_id, industry_code, period, is_suppressed, avg_emplvl, round(avg_wkly_wage, 6) AS aww,
             round(lq_avg_emplvl, 10) AS lq, oty_avg_emplvl_chg AS oty, round(oty_avg_emplvl_pct_chg, 4) AS oty_pct
      FROM mart_industry_profile WHERE year = '2024' AND industry_code IN ('31-33', '336')
      ORDER BY geo_type DESC, geo_id, industry_code`);
    expect(rows).toEqual([
      {
        geo_id: 'region',
        industry_code: '31-33',
        period: '2024',
        is_suppressed: false,
        avg_emplvl: 40,
        aww: 1125,
        lq: 2,
        oty: 4,
        oty_pct: 11.1111,
      },
      {
        geo_id: 'region',
        industry_code: '336',
        period: '2024',
        is_suppressed: true,
        avg_emplvl: null,
        aww: null,
        lq: null,
        oty: null,
        oty_pct: null,
      },
      {
        geo_id: '01001',
        industry_code: '31-33',
        period: '2024',
        is_suppressed: false,
        avg_emplvl: 30,
        aww: 1000,
        lq: 3,
        oty: 3,
        oty_pct: 11.1111,
      },
      {
        geo_id: '01001',
        industry_code: '336',
        period: '2024',
        is_suppressed: false,
        avg_emplvl: 10,
        aww: 1100,
        lq: 5,
        oty: null,
        oty_pct: null,
      },
      {
        geo_id: '01003',
        industry_code: '31-33',
        period: '2024',
        is_suppressed: false,
        avg_emplvl: 10,
        aww: 1500,
        lq: 1,
        oty: 1,
        oty_pct: 11.1111,
      },
      {
        geo_id: '01003',
        industry_code: '336',
        period: '2024',
        is_suppressed: true,
        avg_emplvl: null,
        aww: null,
        lq: null,
        oty: null,
        oty_pct: null,
      },
    ]);
  });

  it('leaves a region value empty when a county lacks it, and its change empty when a county lost the industry', async () => {
    const rows = await warehouse.query(`
      SELECT geo_id, industry_code, is_suppressed, avg_emplvl, oty_is_suppressed, oty_avg_emplvl_chg AS oty
      FROM mart_industry_profile WHERE year = '2024' AND industry_code IN ('331', '332')
      ORDER BY geo_type DESC, geo_id, industry_code`);
    expect(rows).toEqual([
      {
        geo_id: 'region',
        industry_code: '331',
        is_suppressed: false,
        avg_emplvl: null,
        oty_is_suppressed: false,
        oty: null,
      },
      {
        geo_id: 'region',
        industry_code: '332',
        is_suppressed: false,
        avg_emplvl: 6,
        oty_is_suppressed: true,
        oty: null,
      },
      {
        geo_id: '01001',
        industry_code: '331',
        is_suppressed: false,
        avg_emplvl: 4,
        oty_is_suppressed: false,
        oty: null,
      },
      {
        geo_id: '01001',
        industry_code: '332',
        is_suppressed: false,
        avg_emplvl: 6,
        oty_is_suppressed: false,
        oty: 1,
      },
      {
        geo_id: '01003',
        industry_code: '331',
        is_suppressed: false,
        avg_emplvl: null,
        oty_is_suppressed: false,
        oty: null,
      },
    ]);
  });

  it('reports the year with annual averages', () => {
    expect(html).toContain('Industry profile, 2024 · NAICS 31-33 · 2 counties');
    expect(html).toContain('Key numbers use annual average employment.');
    expect(html).toContain('Total wages ÷ average employment ÷ 52 weeks.');
    expect(html).toContain('<span class="value">2.00</span><span class="label">location quotient');
    expect(html).toContain('<span class="value">$1,125</span><span class="label">average weekly wage');
  });
});
