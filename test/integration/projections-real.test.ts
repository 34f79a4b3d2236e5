import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { PROJECTIONS_SOURCE } from '../../src/ingest/sources/projections.ts';
import { disposePlan, loadTabular, planTabular, type TabularLoadResult } from '../../src/ingest/tabular.ts';
import type { CompiledProject } from '../../src/models/build.ts';
import { compileChecks, runChecks } from '../../src/models/checks.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { modelSubsetProject, SHARED_DATA, sharedDataAvailable, tempDir } from '../helpers.ts';

const PROJECTIONS = join(SHARED_DATA, 'projections');
const TABLE_1_10 = join(PROJECTIONS, 'bls_ep_occupation_2024-34__Table_1.10.csv');
const TABLE_1_2 = join(PROJECTIONS, 'bls_ep_occupation_2024-34__Table_1.2.csv');
const EDD = join(PROJECTIONS, 'ca_edd_long_term_occ_projections_2023-2033__Occupational.csv');

/** A published table read by the test itself (not through the loader): the header record and the data rows. */
async function readTable(path: string, headerRecord: number, fields: number) {
  const records = parseCsv(await readFile(path, 'utf8'), { relax_column_count: true }) as string[][];
  const header = records[headerRecord]!;
  const rows = records.slice(headerRecord + 1).filter((r) => r.length === fields);
  return { header, rows, trailing: records.slice(headerRecord + 1).filter((r) => r.length !== fields) };
}

const num = (v: string) => Number(v.replace(/,/g, ''));

describe.runIf(sharedDataAvailable())(
  'Employment Projections: the real BLS 2024-34 and CA EDD 2023-33 files',
  () => {
    let cleanup: () => Promise<void>;
    let warehouse: DuckdbWarehouse;
    let load: TabularLoadResult;
    let project: CompiledProject;
    let table110: Awaited<ReturnType<typeof readTable>>;
    let edd: Awaited<ReturnType<typeof readTable>>;

    beforeAll(async () => {
      const temp = await tempDir();
      cleanup = temp.cleanup;
      warehouse = await DuckdbWarehouse.open({ path: join(temp.dir, 'w.duckdb') });
      const plan = await planTabular(
        PROJECTIONS_SOURCE,
        [{ paths: [join(PROJECTIONS, '*.csv')], vintage: 'EP 2024-34', onBadFile: 'fail' }],
        (p) => p.slice(PROJECTIONS.length + 1),
      );
      try {
        load = await loadTabular(plan, { warehouse, logger: silentLogger, tag: 'real' });
      } finally {
        await disposePlan(plan);
      }
      // Only the projections staging models, so this test does not depend on models of other sources.
      project = await modelSubsetProject(temp.dir, [
        'staging/stg_ep_occupations',
        'staging/stg_state_projections',
      ]);
      for (const r of project.ordered) await warehouse.createTableAs(r.model.name, r.sql);
      table110 = await readTable(TABLE_1_10, 1, 14);
      edd = await readTable(EDD, 3, 15);
    });
    afterAll(async () => {
      await warehouse?.close();
      await cleanup?.();
    });

    it('loads Tables 1.10 and 1.2 and the EDD sheet, and leaves the other tables out with a note', () => {
      expect(load.ok, JSON.stringify(load.issues.slice(0, 3))).toBe(true);
      expect(load.issues).toEqual([]);
      const status = Object.fromEntries(
        load.files.map((f) => [f.display, [f.status, f.rows, f.layout?.id ?? null]]),
      );
      expect(status).toEqual({
        'bls_ep_occupation_2024-34__Index.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.1.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.10.csv': ['loaded', 1113, 'ep-table-1.10-2024'],
        'bls_ep_occupation_2024-34__Table_1.11.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.12.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.2.csv': ['loaded', 1113, 'ep-table-1.2-2024'],
        'bls_ep_occupation_2024-34__Table_1.3.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.4.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.5.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.6.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.8.csv': ['ignored', 0, null],
        'bls_ep_occupation_2024-34__Table_1.9.csv': ['ignored', 0, null],
        'ca_edd_long_term_occ_projections_2023-2033__Notes.csv': ['ignored', 0, null],
        'ca_edd_long_term_occ_projections_2023-2033__Occupational.csv': [
          'loaded',
          793,
          'state-projections-2023',
        ],
      });
      // The file's own rows: 1,113 occupations under the title and header, and the source line after them.
      expect(table110.rows).toHaveLength(1113);
      expect(table110.trailing).toEqual([
        ['Source: Employment Projections program, U.S. Bureau of Labor Statistics'],
      ]);
      expect(edd.rows).toHaveLength(793);
      expect(edd.trailing).toEqual([['End of worksheet.']]);
    });

    it('holds the openings identity on every Line item of Table 1.10 within the table rounding', async () => {
      // Read from the file by the test: openings = exits + transfers + change / 10, in thousands.
      const col = (name: string) => table110.header.indexOf(name);
      const lineItems = table110.rows.filter((r) => r[col('Occupation type')] === 'Line item');
      const deviations = lineItems.map((r) =>
        Math.abs(
          num(r[col('Occupational openings, 2024–34 annual average')]!) -
            (num(r[col('Labor force exits, 2024–34 annual average')]!) +
              num(r[col('Occupational transfers, 2024–34 annual average')]!) +
              num(r[col('Employment change, numeric, 2024–34')]!) / 10),
        ),
      );
      expect(lineItems).toHaveLength(832);
      const max = Math.max(...deviations);
      // Three values rounded to 0.1 thousand and a change rounded to 0.1 thousand: at most 0.155.
      expect(max).toBeLessThanOrEqual(0.155);
      expect(max).toBeCloseTo(0.14, 9); // Community health workers 21-1094: 3.2 + 4 + 7.4/10 = 7.94 vs 7.8
      // 29 line items are off by more than 0.10 thousand (domain-reference.md §1.4 says 0.10 at most).
      expect(deviations.filter((d) => d > 0.1 + 1e-9)).toHaveLength(29);
      // The same on the staged model, in jobs.
      const [staged] = await warehouse.query<{ n: number; max_dev: number; over: number }>(
        `SELECT count(*)::INT AS n,
              max(abs(annual_openings - (annual_exits + annual_transfers + annual_change))) AS max_dev,
              count(*) FILTER (WHERE abs(annual_openings - (annual_exits + annual_transfers + annual_change)) > 155.000001)::INT AS over
       FROM stg_ep_occupations WHERE is_line_item`,
      );
      expect(staged).toEqual({ n: 832, max_dev: expect.closeTo(140, 6), over: 0 });
    });

    it('stages every row with the file values in jobs (thousands × 1,000)', async () => {
      const staged = await warehouse.query<Record<string, number | string | boolean | null>>(
        `SELECT soc_code, soc_title, occupation_type, depth, employment_base, employment_projected, employment_change,
              exit_rate, transfer_rate, annual_exits, annual_transfers, annual_openings
       FROM stg_ep_occupations`,
      );
      const byCode = new Map(staged.map((r) => [r['soc_code'], r]));
      expect(byCode.size).toBe(1113);
      for (const r of table110.rows) {
        const s = byCode.get(r[1]!)!;
        expect(s, r[1]).toBeDefined();
        expect(s['soc_title']).toBe(r[0]!.trim());
        expect(s['occupation_type']).toBe(r[2]);
        expect(s['depth']).toBe((r[0]!.length - r[0]!.trimStart().length) / 2);
        expect(s['employment_base']).toBe(Math.round(num(r[3]!) * 1000));
        expect(s['employment_projected']).toBe(Math.round(num(r[4]!) * 1000));
        expect(s['employment_change']).toBe(Math.round(num(r[5]!) * 1000));
        expect(s['exit_rate']).toBe(num(r[7]!));
        expect(s['transfer_rate']).toBe(num(r[8]!));
        expect(s['annual_exits']).toBe(Math.round(num(r[10]!) * 1000));
        expect(s['annual_transfers']).toBe(Math.round(num(r[11]!) * 1000));
        expect(s['annual_openings']).toBe(Math.round(num(r[13]!) * 1000));
      }
      // Published figures of a few occupations, as printed in Table 1.10 (thousands) and 1.2.
      const named = await warehouse.query(
        `SELECT soc_code, employment_base, employment_projected, annual_exits, annual_transfers, annual_openings,
              typical_education
       FROM stg_ep_occupations
       WHERE soc_code IN ('00-0000', '29-1141', '11-9013', '51-4121', '15-1252')
       ORDER BY soc_code`,
      );
      expect(named).toEqual([
        {
          soc_code: '00-0000',
          employment_base: 169_956_100,
          employment_projected: 175_167_900,
          annual_exits: 8_155_000,
          annual_transfers: 10_187_100,
          annual_openings: 18_863_300,
          typical_education: null,
        },
        {
          soc_code: '11-9013',
          employment_base: 836_100,
          employment_projected: 825_000,
          annual_exits: 59_000,
          annual_transfers: 27_600,
          annual_openings: 85_500,
          typical_education: 'High school diploma or equivalent',
        },
        {
          soc_code: '15-1252',
          employment_base: 1_693_800,
          employment_projected: 1_961_400,
          annual_exits: 30_700,
          annual_transfers: 57_700,
          annual_openings: 115_200,
          typical_education: "Bachelor's degree",
        },
        {
          soc_code: '29-1141',
          employment_base: 3_391_000,
          employment_projected: 3_557_100,
          annual_exits: 97_900,
          annual_transfers: 74_600,
          annual_openings: 189_100,
          typical_education: "Bachelor's degree",
        },
        {
          soc_code: '51-4121',
          employment_base: 457_300,
          employment_projected: 467_200,
          annual_exits: 13_900,
          annual_transfers: 30_700,
          annual_openings: 45_600,
          typical_education: 'High school diploma or equivalent',
        },
      ]);
      // Line items sum to the published total (rounding of 832 values aside).
      const [sums] = await warehouse.query<{ employment: number; openings: number }>(
        'SELECT sum(employment_base) AS employment, sum(annual_openings) AS openings FROM stg_ep_occupations WHERE is_line_item',
      );
      expect(Math.abs(sums!.employment - 169_956_100)).toBeLessThan(832 * 50);
      expect(Math.abs(sums!.openings - 18_863_300)).toBeLessThan(832 * 50);
    });

    it('carries the hierarchy: depth from indentation, Summary rows above Line items, parents that exist', async () => {
      expect(
        await warehouse.query(
          `SELECT depth, occupation_type, count(*)::INT AS n FROM stg_ep_occupations
         GROUP BY ALL ORDER BY depth, occupation_type`,
        ),
      ).toEqual([
        { depth: 0, occupation_type: 'Summary', n: 1 },
        { depth: 1, occupation_type: 'Summary', n: 22 },
        { depth: 2, occupation_type: 'Summary', n: 95 },
        { depth: 3, occupation_type: 'Line item', n: 314 },
        { depth: 3, occupation_type: 'Summary', n: 163 },
        { depth: 4, occupation_type: 'Line item', n: 518 },
      ]);
      // Every parent is a Summary row one or more levels up.
      expect(
        await warehouse.query(
          `SELECT c.soc_code FROM stg_ep_occupations c
         LEFT JOIN stg_ep_occupations p ON p.soc_code = c.parent_code
         WHERE c.parent_code IS NOT NULL AND (p.occupation_type IS DISTINCT FROM 'Summary' OR p.depth >= c.depth)`,
        ),
      ).toEqual([]);
    });

    it('applies the rates to average employment over the decade, as BLS does', async () => {
      // exits ≈ exit_rate / 100 × (E2024 + E2034) / 2 to the rounding of the rate, not × E2024.
      const [fit] = await warehouse.query<{ avg_err: number; base_err: number }>(
        `SELECT avg(abs(100 * annual_exits / ((employment_base + employment_projected) / 2) - exit_rate)) AS avg_err,
              avg(abs(100 * annual_exits / employment_base - exit_rate)) AS base_err
       FROM stg_ep_occupations WHERE is_line_item AND employment_base >= 50000`,
      );
      expect(fit!.avg_err).toBeLessThan(0.035);
      expect(fit!.base_err).toBeGreaterThan(0.1);
    });

    it('takes typical education and top-coded wages from Table 1.2', async () => {
      const t12 = await readTable(TABLE_1_2, 1, 16);
      const topCoded = t12.rows.filter((r) => r[11] === '>=$239,200').map((r) => r[1]);
      expect(topCoded.length).toBeGreaterThan(0);
      const staged = await warehouse.query<{ soc_code: string }>(
        'SELECT soc_code FROM stg_ep_occupations WHERE median_wage_top_coded ORDER BY soc_code',
      );
      expect(staged.map((r) => r.soc_code)).toEqual([...topCoded].sort());
      const education = await warehouse.query<{ typical_education: string; n: number }>(
        `SELECT typical_education, count(*)::INT AS n FROM stg_ep_occupations WHERE is_line_item
       GROUP BY 1 ORDER BY 1`,
      );
      const fromFile = new Map<string, number>();
      for (const r of t12.rows.filter((x) => x[2] === 'Line item'))
        fromFile.set(r[12]!, (fromFile.get(r[12]!) ?? 0) + 1);
      expect(Object.fromEntries(education.map((e) => [e.typical_education, e.n]))).toEqual(
        Object.fromEntries(fromFile),
      );
    });

    it('divides the CA EDD 10-year totals by 10 on every row, and the totals hold the EDD identity exactly', async () => {
      const staged = await warehouse.query<Record<string, number | string | null>>(
        `SELECT soc_code, soc_level, employment_base, employment_projected, employment_change, exits_period,
              transfers_period, openings_period, annual_exits, annual_transfers, annual_openings, published_basis,
              horizon_years, period, state_fips, area_type
       FROM stg_state_projections`,
      );
      expect(staged).toHaveLength(793);
      const byCode = new Map(staged.map((r) => [r['soc_code'], r]));
      let identityMax = 0;
      for (const r of edd.rows) {
        const s = byCode.get(r[1]!)!;
        const [exits, transfers, openings] = [num(r[7]!), num(r[8]!), num(r[9]!)];
        expect(s).toMatchObject({
          soc_level: Number(r[0]),
          employment_base: num(r[3]!),
          employment_projected: num(r[4]!),
          employment_change: num(r[5]!),
          exits_period: exits,
          transfers_period: transfers,
          openings_period: openings,
          published_basis: 'period totals',
          horizon_years: 10,
          period: '2023-33',
          state_fips: '06',
          area_type: 'state',
        });
        expect(s['annual_exits']).toBeCloseTo(exits / 10, 9);
        expect(s['annual_transfers']).toBeCloseTo(transfers / 10, 9);
        expect(s['annual_openings']).toBeCloseTo(openings / 10, 9);
        identityMax = Math.max(identityMax, Math.abs(openings - (exits + transfers + num(r[5]!))));
      }
      expect(identityMax).toBe(0);
      expect(
        await warehouse.query(
          'SELECT soc_level, count(*)::INT AS n FROM stg_state_projections GROUP BY 1 ORDER BY 1',
        ),
      ).toEqual([
        { soc_level: 1, n: 1 },
        { soc_level: 2, n: 22 },
        { soc_level: 3, n: 94 },
        { soc_level: 4, n: 676 },
      ]);
      expect(byCode.get('29-1141')).toMatchObject({
        employment_base: 321_400,
        employment_projected: 355_200,
        openings_period: 207_790,
        annual_openings: 20_779,
      });
      expect(byCode.get('00-0000')).toMatchObject({
        openings_period: 24_051_450,
        annual_openings: 2_405_145,
      });
      // EDD's $0 wages ("could not be estimated") are NULL with a reason, never 0.
      const wages = await warehouse.query(
        `SELECT wage_flag, count(*)::INT AS n, count(median_hourly_wage)::INT AS hourly, count(median_annual_wage)::INT AS annual
       FROM stg_state_projections GROUP BY 1 ORDER BY 1 NULLS FIRST`,
      );
      expect(wages).toEqual([
        { wage_flag: null, n: 632, hourly: 632, annual: 632 },
        { wage_flag: 'annual wage not estimated (published as $0)', n: 3, hourly: 3, annual: 0 },
        { wage_flag: 'hourly wage not estimated (published as $0)', n: 47, hourly: 0, annual: 47 },
        { wage_flag: 'no wage estimate (published as $0)', n: 111, hourly: 0, annual: 0 },
      ]);
      expect(edd.rows.filter((r) => r[10] === '0')).toHaveLength(158);
      expect(edd.rows.filter((r) => r[11] === '0')).toHaveLength(114);
    });

    it('passes every check of the staging models', async () => {
      const results = await runChecks(warehouse, compileChecks(project.models, project.renderer), 3);
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expect(results.length).toBeGreaterThanOrEqual(18);
    });
  },
);
