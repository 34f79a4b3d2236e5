import { describe, expect, it } from 'vitest';
import { MICHIANA_COUNTIES, MICHIANA_SQL_LIST, sharedDataAvailable, useRealQcewRun } from '../helpers.ts';

/**
 * The project's location quotients against BLS's own, on the real 2016 county files: every county of the
 * shared region, the derived U.S. file as reference, all ownerships and industries, third-month employment.
 */
describe.runIf(sharedDataAvailable())(
  'location quotients on real QCEW files (2016, Michiana counties)',
  () => {
    const run = useRealQcewRun({
      name: 'Michiana',
      industry: { name: 'All industries', naics: ['10'], detailDigits: 2 },
      region: { name: 'Michiana', counties: MICHIANA_COUNTIES },
      referenceArea: 'US000',
      ownership: ['0', '1', '2', '3', '5'],
    });

    it('matches BLS lq_month3_emplvl within 0.01 for at least 97% of disclosed county cells', async () => {
      const [row] = await run.warehouse.query<{
        cells: number;
        with_lq: number;
        within: number;
        max_err: number;
      }>(`
      SELECT count(*) AS cells,
             count(l.lq_month3_emplvl) AS with_lq,
             sum(CASE WHEN abs(round(l.lq_month3_emplvl, 2) - q.bls_lq_month3_emplvl) <= 0.01 + 1e-9 THEN 1 ELSE 0 END) AS within,
             max(abs(round(l.lq_month3_emplvl, 2) - q.bls_lq_month3_emplvl)) AS max_err
      FROM stg_qcew q
      JOIN int_qcew_geo_lq l
        ON l.geo_type = 'county' AND l.geo_id = q.area_fips AND l.own_code = q.own_code
       AND l.industry_code = q.industry_code AND l.year = q.year AND l.qtr = q.qtr
      WHERE q.area_fips IN (${MICHIANA_SQL_LIST})
        AND q.size_code = '0' AND NOT q.is_suppressed AND q.bls_lq_month3_emplvl IS NOT NULL`);
      const share = row!.within / row!.cells;
      console.log(
        `LQ agreement: ${row!.within} of ${row!.cells} disclosed county cells within 0.01 of BLS (${(100 * share).toFixed(2)}%), max |error| ${row!.max_err.toFixed(2)}`,
      );
      expect(row!.cells).toBeGreaterThan(10_000);
      expect(row!.with_lq).toBe(row!.cells);
      expect(share).toBeGreaterThanOrEqual(0.97);
    });

    it('reproduces the worked values for Elkhart County, private, Q2 2016', async () => {
      const rows = await run.warehouse.query<{ industry_code: string; lq: number; bls: number }>(`
      SELECT l.industry_code, round(l.lq_month3_emplvl, 2) AS lq, q.bls_lq_month3_emplvl AS bls
      FROM int_qcew_geo_lq l JOIN stg_qcew q
        ON q.area_fips = l.geo_id AND q.own_code = l.own_code AND q.industry_code = l.industry_code
       AND q.year = l.year AND q.qtr = l.qtr AND q.size_code = '0'
      WHERE l.geo_id = '18039' AND l.own_code = '5' AND l.year = '2016' AND l.qtr = '2'
        AND l.industry_code IN ('31-33', '326', '332', '336', '3362', '3363')
      ORDER BY l.industry_code`);
      // BLS published: 31-33 5.66, 326 8.71, 332 6.09, 336 21.75, 3362 194.28, 3363 6.72 (domain-reference §1.1).
      expect(rows.map((r) => [r.industry_code, r.bls])).toEqual([
        ['31-33', 5.66],
        ['326', 8.71],
        ['332', 6.09],
        ['336', 21.75],
        ['3362', 194.28],
        ['3363', 6.72],
      ]);
      for (const r of rows) expect(Math.abs(r.lq - r.bls)).toBeLessThanOrEqual(0.03);
    });

    it('computes the region by summing counties before dividing, never by averaging county LQs', async () => {
      const [r] = await run.warehouse.query<{
        region_lq: number;
        recomputed: number;
        mean_county_lq: number;
      }>(`
      WITH c AS (
        SELECT q.area_fips, q.month3_emplvl AS e, t.month3_emplvl AS et
        FROM stg_qcew q JOIN stg_qcew t ON t.area_fips = q.area_fips AND t.year = q.year AND t.qtr = q.qtr
         AND t.own_code = '0' AND t.industry_code = '10' AND t.size_code = '0'
        WHERE q.own_code = '5' AND q.industry_code = '31-33' AND q.year = '2016' AND q.qtr = '4' AND q.size_code = '0'
          AND q.area_fips IN (${MICHIANA_SQL_LIST})
      ), us AS (
        SELECT max(CASE WHEN own_code = '5' AND industry_code = '31-33' THEN month3_emplvl END) AS e,
               max(CASE WHEN own_code = '0' AND industry_code = '10' THEN month3_emplvl END) AS et
        FROM stg_qcew WHERE area_fips = 'US000' AND year = '2016' AND qtr = '4'
      )
      SELECT (SELECT lq_month3_emplvl FROM int_qcew_geo_lq WHERE geo_type = 'region' AND own_code = '5'
                AND industry_code = '31-33' AND year = '2016' AND qtr = '4') AS region_lq,
             (sum(c.e) / sum(c.et)) / (max(us.e) / max(us.et)) AS recomputed,
             avg((c.e / c.et) / (us.e / us.et)) AS mean_county_lq
      FROM c, us`);
      expect(r!.region_lq).toBeCloseTo(r!.recomputed, 10);
      expect(Math.abs(r!.region_lq - r!.mean_county_lq)).toBeGreaterThan(0.1);
    });
  },
);
