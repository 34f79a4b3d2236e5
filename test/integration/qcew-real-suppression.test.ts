import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MICHIANA_COUNTIES, MICHIANA_SQL_LIST, sharedDataAvailable, useRealQcewRun } from '../helpers.ts';

/** BLS publishes suppressed cells as zeros; they must stay missing in every layer and in what is published. */
describe.runIf(sharedDataAvailable())('suppressed QCEW cells on real files', () => {
  const run = useRealQcewRun({
    name: 'Michiana',
    industry: { name: 'Manufacturing', naics: ['31-33'], detailDigits: 6 },
    region: { name: 'Michiana', counties: MICHIANA_COUNTIES },
    ownership: ['0', '1', '2', '3', '5'],
  });

  it('reads BLS zeros of suppressed cells as NULL with a flag in staging', async () => {
    const [r] = await run.warehouse.query<{
      raw: number;
      raw_zero: number;
      staged: number;
      staged_null: number;
    }>(`
      SELECT
        (SELECT count(*) FROM raw_qcew_quarterly WHERE disclosure_code IN ('N', '-') AND area_fips IN (${MICHIANA_SQL_LIST})) AS raw,
        (SELECT count(*) FROM raw_qcew_quarterly WHERE disclosure_code IN ('N', '-') AND area_fips IN (${MICHIANA_SQL_LIST})
           AND month3_emplvl = 0 AND total_qtrly_wages = 0) AS raw_zero,
        (SELECT count(*) FROM stg_qcew WHERE is_suppressed AND area_fips IN (${MICHIANA_SQL_LIST})) AS staged,
        (SELECT count(*) FROM stg_qcew WHERE is_suppressed AND area_fips IN (${MICHIANA_SQL_LIST})
           AND month1_emplvl IS NULL AND month3_emplvl IS NULL AND avg_emplvl IS NULL AND total_wages IS NULL AND avg_wkly_wage IS NULL
           AND bls_lq_month3_emplvl IS NULL AND estabs IS NOT NULL) AS staged_null`);
    expect(r!.raw).toBeGreaterThan(10_000);
    expect(r!.raw_zero).toBe(r!.raw);
    expect(r!.staged).toBe(r!.raw);
    expect(r!.staged_null).toBe(r!.raw);
  });

  it('keeps every suppressed county cell, and the region cells it belongs to, NULL through the models', async () => {
    const [r] = await run.warehouse.query<{
      cells: number;
      county_null: number;
      region_null: number;
      lq_null: number;
    }>(`
      WITH s AS (SELECT * FROM stg_qcew WHERE is_suppressed AND area_fips IN (${MICHIANA_SQL_LIST}) AND size_code = '0')
      SELECT count(*) AS cells,
             sum(CASE WHEN c.is_suppressed AND c.month3_emplvl IS NULL AND c.total_wages IS NULL THEN 1 ELSE 0 END) AS county_null,
             sum(CASE WHEN g.is_suppressed AND g.month3_emplvl IS NULL AND g.avg_emplvl IS NULL THEN 1 ELSE 0 END) AS region_null,
             sum(CASE WHEN l.lq_month3_emplvl IS NULL AND l.lq_avg_emplvl IS NULL AND l.lq_note = 'cell suppressed' THEN 1 ELSE 0 END) AS lq_null
      FROM s
      JOIN int_qcew_geo_cells c ON c.geo_id = s.area_fips AND c.own_code = s.own_code AND c.industry_code = s.industry_code AND c.year = s.year AND c.qtr = s.qtr
      JOIN int_qcew_geo_cells g ON g.geo_id = 'region' AND g.own_code = s.own_code AND g.industry_code = s.industry_code AND g.year = s.year AND g.qtr = s.qtr
      JOIN int_qcew_geo_lq l ON l.geo_id = s.area_fips AND l.own_code = s.own_code AND l.industry_code = s.industry_code AND l.year = s.year AND l.qtr = s.qtr`);
    expect(r!.cells).toBeGreaterThan(10_000);
    expect([r!.county_null, r!.region_null, r!.lq_null]).toEqual([r!.cells, r!.cells, r!.cells]);
  });

  it('publishes suppressed manufacturing cells as empty with the flag, matching the mart one for one', async () => {
    const [mart] = await run.warehouse.query<{ suppressed: number; rows: number }>(
      'SELECT sum(CASE WHEN is_suppressed THEN 1 ELSE 0 END) AS suppressed, count(*) AS rows FROM mart_industry_profile',
    );
    const csv: Record<string, string>[] = parse(
      await readFile(join(run.config.outputs.dir, 'latest', 'extracts', 'industry_profile.csv')),
      { columns: true },
    );
    expect(csv).toHaveLength(mart!.rows);
    const flagged = csv.filter((r) => r.is_suppressed === 'true');
    expect(flagged).toHaveLength(mart!.suppressed);
    expect(flagged.length).toBeGreaterThan(1000);
    const emptyValues = flagged.filter((r) =>
      [
        'month3_emplvl',
        'avg_emplvl',
        'total_wages',
        'avg_wkly_wage',
        'lq_month3_emplvl',
        'lq_avg_emplvl',
      ].every((k) => r[k] === ''),
    );
    expect(emptyValues).toHaveLength(flagged.length);
    expect(csv.some((r) => r.is_suppressed === 'true' && r.month3_emplvl === '0')).toBe(false);
  });
});
