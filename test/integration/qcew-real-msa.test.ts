import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatQcewCsv } from '../../src/demo/qcew-writer.ts';
import type { PipelineConfigInput } from '../../src/pipeline/config.ts';
import type { RunManifest } from '../../src/pipeline/manifest.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import {
  MICHIANA_COUNTIES,
  QCEW_2016,
  runForTest,
  SHARED_DATA,
  sharedDataAvailable,
  tempDir,
  writePipeline,
} from '../helpers.ts';
import { previousYearFromOty } from '../qcew-years.ts';

/**
 * Trends, shift-share and regional totals on the real 2016 QCEW files of ../shared/data.
 *
 * The shared U.S. file is derived from state LQs and has no over-the-year columns, so these runs take Indiana
 * statewide (18000, a real BLS file with its oty_ columns) as the reference area of the shift-share.
 */
const READ_ONLY = { readOnly: true } as const;

/** The shared 2016 files of the given area codes. */
function filesOf(areas: readonly string[]): string[] {
  const names = readdirSync(QCEW_2016).filter((f) => areas.some((a) => f.startsWith(`2016.q1-q4 ${a} `)));
  expect(names).toHaveLength(areas.length);
  return names.map((f) => join(QCEW_2016, f));
}

interface Run {
  warehouse: DuckdbWarehouse;
  manifest: RunManifest;
  cleanup: () => Promise<void>;
}

async function runOn(
  paths: string[],
  partnership: PipelineConfigInput['partnership'],
  extra: (dir: string) => Promise<string[]> = async () => [],
): Promise<Run> {
  const temp = await tempDir();
  const more = await extra(temp.dir);
  const config = await writePipeline(temp.dir, {
    inputs: {
      qcew: { paths: [...paths, ...more], vintage: 'QCEW 2016 (and 2015 rebuilt from its oty_ columns)' },
    },
    partnership,
  });
  const { manifest } = await runForTest(config);
  expect(manifest.status, JSON.stringify(manifest.error)).toBe('succeeded');
  const warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, ...READ_ONLY });
  return { warehouse, manifest, cleanup: temp.cleanup };
}

/** Every NAICS sector down to six digits, every ownership: the whole covered economy of the region. */
const SECTORS = ['11', '21', '22', '23', '31-33', '42', '44-45', '48-49', '51', '52', '53', '54', '55', '56'];
const MICHIANA_ECONOMY: PipelineConfigInput['partnership'] = {
  name: 'Michiana',
  industry: {
    name: 'All sectors',
    naics: [...SECTORS, '61', '62', '71', '72', '81', '92', '99'],
    detailDigits: 6,
  },
  region: { name: 'Michiana', counties: MICHIANA_COUNTIES },
  referenceArea: '18000',
  ownership: ['1', '2', '3', '5'],
};

type PartsRow = {
  geo_id: string;
  own_code: string;
  industry_code: string;
  e0: number;
  et: number;
  actual: number;
  ns: number;
  im: number;
  rs: number;
};

const PARTS = `geo_id, own_code, industry_code, base_emplvl AS e0, end_emplvl AS et, actual_change AS actual,
  national_share AS ns, industry_mix AS im, competitive_effect AS rs`;

function identityError(r: PartsRow): number {
  return Math.abs(r.ns + r.im + r.rs - r.actual) / Math.max(1, Math.abs(r.e0), Math.abs(r.et));
}

describe.runIf(sharedDataAvailable())('trends and shift-share on the real 2016 QCEW files', () => {
  const one = {} as Run;
  const two = {} as Run;
  const TIMEOUT = 600_000;

  beforeAll(async () => {
    const real = filesOf([...MICHIANA_COUNTIES, '18000']);
    Object.assign(one, await runOn(real, MICHIANA_ECONOMY));
    // 2015 rebuilt from the 2016 files' over-the-year columns, loaded beside the real 2016 files.
    Object.assign(
      two,
      await runOn(real, MICHIANA_ECONOMY, async (dir) => {
        const out: string[] = [];
        for (const [i, path] of real.entries()) {
          const rows = parse(await readFile(path), { columns: true }) as Record<string, string>[];
          const file = join(dir, `rebuilt-2015-${i}.csv`);
          await writeFile(file, formatQcewCsv('quarterly', previousYearFromOty(rows)));
          out.push(file);
        }
        return out;
      }),
    );
  }, TIMEOUT);
  afterAll(async () => {
    for (const run of [one, two]) {
      await run.warehouse?.close();
      await run.cleanup?.();
    }
  });

  it('with one year loaded, implies the base from the oty_ columns and keeps the identity on every row', async () => {
    const periods = await one.warehouse.query(
      'SELECT DISTINCT base_year, end_year, base_source FROM mart_shift_share ORDER BY base_year',
    );
    expect(periods).toEqual([{ base_year: '2015', end_year: '2016', base_source: 'oty_implied' }]);
    const rows = await one.warehouse.query<PartsRow>(
      `SELECT ${PARTS} FROM mart_shift_share WHERE is_complete`,
    );
    const [counts] = await one.warehouse.query<Record<string, number>>(`
      SELECT count(*) AS all_rows,
             sum(CASE WHEN is_complete THEN 1 ELSE 0 END) AS complete,
             sum(CASE WHEN row_type = 'residual' AND is_complete THEN 1 ELSE 0 END) AS residual_complete,
             sum(CASE WHEN geo_id = 'region' AND is_complete THEN 1 ELSE 0 END) AS region_complete
      FROM mart_shift_share`);
    const worst = Math.max(...rows.map(identityError));
    console.log(
      `shift-share 2015→2016 (oty-implied base), Indiana reference: ${counts!.complete} of ${counts!.all_rows} rows complete (${counts!.region_complete} for the region, ${counts!.residual_complete} residuals); worst relative identity error ${worst.toExponential(2)}`,
    );
    expect(rows.length).toBe(counts!.complete);
    // Most county detail is suppressed (three in four private manufacturing cells of these counties in 2016), so
    // many rows are flagged; the residuals carry what they hide.
    expect(counts!.complete).toBeGreaterThan(500);
    expect(counts!.residual_complete).toBeGreaterThan(150);
    expect(counts!.region_complete).toBeGreaterThan(10);
    for (const r of rows)
      expect(identityError(r), `${r.geo_id} ${r.own_code} ${r.industry_code}`).toBeLessThanOrEqual(1e-9);
  });

  it('region manufacturing: the three parts of the 2015-2016 change', async () => {
    const [r] = await one.warehouse.query<PartsRow & { g: number; gi: number }>(`
      SELECT ${PARTS}, national_growth_rate AS g, industry_growth_rate AS gi
      FROM mart_shift_share WHERE geo_id = 'region' AND own_code = '5' AND industry_code = '31-33'`);
    console.log(
      `region private manufacturing 2015→2016: ${r!.e0.toFixed(2)} → ${r!.et.toFixed(2)} (${r!.actual.toFixed(2)}); ` +
        `NS ${r!.ns.toFixed(2)}, IM ${r!.im.toFixed(2)}, RS ${r!.rs.toFixed(2)}; Indiana G ${(100 * r!.g).toFixed(3)}%, G_i ${(100 * r!.gi).toFixed(3)}%`,
    );
    // The region's annual average 2016 = mean of its 12 months; its base = that minus the mean monthly oty change.
    const [check] = await one.warehouse.query<{ end: number; base: number }>(`
      SELECT avg(avg_emplvl) AS end, avg(avg_emplvl) - avg(oty_avg_emplvl_chg) AS base
      FROM int_qcew_geo_cells WHERE geo_id = 'region' AND own_code = '5' AND industry_code = '31-33' AND year = '2016'`);
    expect(r!.et).toBeCloseTo(check!.end, 9);
    expect(r!.e0).toBeCloseTo(check!.base, 9);
    expect(identityError(r!)).toBeLessThanOrEqual(1e-9);
  });

  it('BLS oty_ percent changes confirm the implied base: 100·chg / (level − chg) within rounding, every disclosed cell', async () => {
    const [r] = await one.warehouse.query<{ cells: number; within: number }>(`
      WITH m AS (
        SELECT month1_emplvl AS level, oty_month1_emplvl_chg AS chg, oty_month1_emplvl_pct_chg AS pct, disclosure_code, oty_disclosure_code FROM raw_qcew_quarterly
        UNION ALL SELECT month2_emplvl, oty_month2_emplvl_chg, oty_month2_emplvl_pct_chg, disclosure_code, oty_disclosure_code FROM raw_qcew_quarterly
        UNION ALL SELECT month3_emplvl, oty_month3_emplvl_chg, oty_month3_emplvl_pct_chg, disclosure_code, oty_disclosure_code FROM raw_qcew_quarterly
        UNION ALL SELECT total_qtrly_wages, oty_total_qtrly_wages_chg, oty_total_qtrly_wages_pct_chg, disclosure_code, oty_disclosure_code FROM raw_qcew_quarterly
      )
      SELECT count(*) AS cells,
             sum(CASE WHEN abs(100.0 * chg / (level - chg) - pct) <= 0.05 + 1e-9 THEN 1 ELSE 0 END) AS within
      FROM m
      WHERE coalesce(disclosure_code, '') NOT IN ('N', '-') AND coalesce(oty_disclosure_code, '') NOT IN ('N', '-')
        AND level - chg > 0`);
    console.log(`oty percent changes consistent with base = level − change: ${r!.within} of ${r!.cells}`);
    expect(r!.cells).toBeGreaterThan(50_000);
    expect(r!.within).toBe(r!.cells);
  });

  it('with 2015 rebuilt from the oty_ columns, BLS growth agrees with every two-year difference', async () => {
    const rows = await two.warehouse.query<{ check: string; rows: number }>(`
      SELECT oty_emp_check AS check, count(*) AS rows FROM mart_industry_trends WHERE year = '2016'
      GROUP BY oty_emp_check ORDER BY oty_emp_check`);
    const wages = await two.warehouse.query<{ check: string; rows: number }>(`
      SELECT oty_wages_check AS check, count(*) AS rows FROM mart_industry_trends WHERE year = '2016'
      GROUP BY oty_wages_check ORDER BY oty_wages_check`);
    console.log(
      `2016 oty vs two-year difference, employment: ${JSON.stringify(rows)}; wages: ${JSON.stringify(wages)}`,
    );
    const count = (list: typeof rows, check: string) => list.find((r) => r.check === check)?.rows ?? 0;
    expect(count(rows, 'agree')).toBeGreaterThan(500);
    expect(count(rows, 'disagree')).toBe(0);
    expect(count(wages, 'agree')).toBeGreaterThan(500);
    expect(count(wages, 'disagree')).toBe(0);
    // A cell missing from a quarter has no BLS change for it, though both years have an annual value.
    expect(count(rows, 'difference only')).toBeLessThan(count(rows, 'agree') / 10);
  });

  it('gives the same shift-share from the loaded 2015 as from the oty-implied base', async () => {
    const implied = await one.warehouse.query<PartsRow & { is_complete: boolean }>(
      `SELECT ${PARTS}, is_complete FROM mart_shift_share ORDER BY geo_id, own_code, industry_code`,
    );
    const loaded = await two.warehouse.query<PartsRow & { is_complete: boolean; base_source: string }>(
      `SELECT ${PARTS}, is_complete, base_source FROM mart_shift_share ORDER BY geo_id, own_code, industry_code`,
    );
    expect(new Set(loaded.map((r) => r.base_source))).toEqual(new Set(['loaded']));
    const byKey = new Map(loaded.map((r) => [`${r.geo_id} ${r.own_code} ${r.industry_code}`, r]));
    let compared = 0;
    for (const a of implied.filter((r) => r.is_complete)) {
      const b = byKey.get(`${a.geo_id} ${a.own_code} ${a.industry_code}`);
      expect(b?.is_complete, `${a.geo_id} ${a.own_code} ${a.industry_code}`).toBe(true);
      for (const k of ['e0', 'et', 'ns', 'im', 'rs'] as const) {
        expect(
          Math.abs(a[k] - b![k]),
          `${a.geo_id} ${a.own_code} ${a.industry_code} ${k}`,
        ).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a[k])));
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
    for (const r of loaded.filter((x) => x.is_complete)) {
      expect(identityError(r), `${r.geo_id} ${r.own_code} ${r.industry_code}`).toBeLessThanOrEqual(1e-9);
    }
  });

  it('carries suppressed detail as residual rows with values, never zero-filled detail', async () => {
    const [r] = await one.warehouse.query<Record<string, number>>(`
      SELECT
        (SELECT count(*) FROM mart_industry_trends WHERE row_type = 'industry' AND is_suppressed) AS suppressed,
        (SELECT count(*) FROM mart_industry_trends WHERE row_type = 'industry' AND is_suppressed AND avg_emplvl IS NOT NULL) AS suppressed_with_value,
        (SELECT count(*) FROM mart_industry_trends WHERE row_type = 'residual' AND avg_emplvl IS NOT NULL) AS residuals,
        (SELECT count(*) FROM mart_industry_trends WHERE row_type = 'residual' AND avg_emplvl > 0.5) AS positive_residuals,
        (SELECT count(*) FROM mart_industry_trends WHERE row_type = 'residual' AND avg_emplvl < -0.000001) AS negative_residuals`);
    console.log(`2016 trends: ${JSON.stringify(r)}`);
    expect(r!.suppressed).toBeGreaterThan(500);
    expect(r!.suppressed_with_value).toBe(0);
    expect(r!.residuals).toBeGreaterThan(100);
    expect(r!.positive_residuals).toBeGreaterThan(100);
    expect(r!.negative_residuals).toBe(0);
    // Elkhart County's private manufacturing less its disclosed subsectors, by hand from the 2016 file.
    const [elkhart] = await one.warehouse.query<{ residual: number; parent: number; disclosed: number }>(`
      SELECT
        (SELECT avg_emplvl FROM mart_industry_trends WHERE geo_id = '18039' AND own_code = '5' AND industry_code = 'residual:31-33') AS residual,
        (SELECT avg(avg_emplvl) FROM stg_qcew WHERE area_fips = '18039' AND own_code = '5' AND industry_code = '31-33') AS parent,
        (SELECT sum(avg_emplvl) / 4 FROM stg_qcew WHERE area_fips = '18039' AND own_code = '5' AND length(industry_code) = 3
           AND substr(industry_code, 1, 1) = '3' AND industry_code NOT IN (
             SELECT industry_code FROM stg_qcew WHERE area_fips = '18039' AND own_code = '5' AND is_suppressed)) AS disclosed`);
    console.log(
      `Elkhart County 2016 private manufacturing: ${elkhart!.parent} less disclosed subsectors ${elkhart!.disclosed} = residual ${elkhart!.residual}`,
    );
    expect(elkhart!.residual).toBeCloseTo(elkhart!.parent - elkhart!.disclosed, 9);
    expect(elkhart!.residual).toBeGreaterThan(0);
  });
});

/**
 * A region made of the counties of an MSA reproduces BLS's published MSA totals. The MSA definitions in
 * force for 2016 QCEW are OMB Bulletin 15-01 (July 2015): Elkhart-Goshen, IN MSA (CBSA 21140, QCEW C2114) is
 * Elkhart County, IN (18039) alone; South Bend-Mishawaka, IN-MI MSA (CBSA 43780, QCEW C4378) is St. Joseph
 * County, IN (18141) and Cass County, MI (26027). The BLS area titles agree (one state for Elkhart-Goshen,
 * IN and MI for South Bend-Mishawaka).
 */
describe.runIf(sharedDataAvailable())(
  'regions built from county files reproduce the published MSA totals',
  () => {
    const msas = [
      { msa: 'C2114', title: 'Elkhart-Goshen, IN MSA', counties: ['18039'] },
      { msa: 'C4378', title: 'South Bend-Mishawaka, IN-MI MSA', counties: ['18141', '26027'] },
    ] as const;
    const runs = new Map<string, Run>();

    beforeAll(async () => {
      for (const m of msas) {
        runs.set(
          m.msa,
          await runOn(filesOf([...m.counties, m.msa, '18000']), {
            name: m.title,
            industry: { name: 'All industries', naics: ['10'], detailDigits: 2 },
            region: { name: m.title, counties: [...m.counties] },
            referenceArea: '18000',
            ownership: ['0'],
          }),
        );
      }
    }, 600_000);
    afterAll(async () => {
      for (const run of runs.values()) {
        await run.warehouse.close();
        await run.cleanup();
      }
    });

    it('names the MSAs as BLS does', async () => {
      const titles = parse(await readFile(join(SHARED_DATA, 'geo/qcew_area_titles.csv')), {
        columns: true,
      }) as Record<string, string>[];
      const title = (code: string) => titles.find((t) => t['area_fips'] === code)?.['area_title'];
      expect(msas.map((m) => title(m.msa))).toEqual(msas.map((m) => m.title));
      expect(['18039', '18141', '26027'].map(title)).toEqual([
        'Elkhart County, Indiana',
        'St. Joseph County, Indiana',
        'Cass County, Michigan',
      ]);
    });

    for (const m of msas) {
      it(`${m.title}: total covered employment of ${m.counties.join(' + ')} equals the MSA's, month by month`, async () => {
        const run = runs.get(m.msa)!;
        const rows = await run.warehouse.query<Record<string, string | number>>(`
        SELECT q.qtr,
               r.month1_emplvl AS r1, q.month1_emplvl AS m1, r.month2_emplvl AS r2, q.month2_emplvl AS m2,
               r.month3_emplvl AS r3, q.month3_emplvl AS m3, r.total_wages AS rw, q.total_wages AS mw,
               r.estabs AS re, q.estabs AS me
        FROM stg_qcew q
        JOIN int_qcew_geo_cells r
          ON r.geo_id = 'region' AND r.own_code = q.own_code AND r.industry_code = q.industry_code
         AND r.year = q.year AND r.qtr = q.qtr
        WHERE q.area_fips = '${m.msa}' AND q.own_code = '0' AND q.industry_code = '10' AND q.size_code = '0'
        ORDER BY q.qtr`);
        expect(rows.map((r) => r.qtr)).toEqual(['1', '2', '3', '4']);
        for (const r of rows) {
          expect([r.r1, r.r2, r.r3], `quarter ${r.qtr}`).toEqual([r.m1, r.m2, r.m3]);
          expect([r.rw, r.re], `quarter ${r.qtr} wages, establishments`).toEqual([r.mw, r.me]);
        }
        const [annual] = await run.warehouse.query<{ region: number; msa: number; basis: string }>(`
        SELECT t.avg_emplvl AS region, t.annual_basis AS basis,
               (SELECT avg(avg_emplvl) FROM stg_qcew WHERE area_fips = '${m.msa}' AND own_code = '0'
                  AND industry_code = '10' AND size_code = '0') AS msa
        FROM mart_industry_trends t
        WHERE t.geo_id = 'region' AND t.own_code = '0' AND t.industry_code = '10' AND t.year = '2016'`);
        console.log(
          `${m.msa} ${m.title} 2016: months ${rows.map((r) => `${r.m1}/${r.m2}/${r.m3}`).join(', ')}; ` +
            `annual average ${annual!.msa.toFixed(4)} (region of ${m.counties.join(' + ')}: ${annual!.region.toFixed(4)})`,
        );
        expect(annual!.basis).toBe('mean of 4 quarters');
        expect(annual!.region).toBeCloseTo(annual!.msa, 9);
      });
    }

    it('needs Cass County: St. Joseph County, IN alone falls short of the South Bend-Mishawaka MSA', async () => {
      const run = runs.get('C4378')!;
      const [r] = await run.warehouse.query<{ st_joseph: number; msa: number }>(`
      SELECT
        (SELECT month3_emplvl FROM int_qcew_geo_cells WHERE geo_id = '18141' AND own_code = '0' AND industry_code = '10' AND qtr = '4') AS st_joseph,
        (SELECT month3_emplvl FROM stg_qcew WHERE area_fips = 'C4378' AND own_code = '0' AND industry_code = '10' AND qtr = '4') AS msa`);
      expect(r!.msa - r!.st_joseph).toBe(9151);
    });
  },
);
