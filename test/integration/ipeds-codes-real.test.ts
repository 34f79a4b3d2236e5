import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { CODES_SOURCE } from '../../src/ingest/sources/codes.ts';
import { IPEDS_SOURCE } from '../../src/ingest/sources/ipeds.ts';
import { disposePlan, loadTabular, planTabular } from '../../src/ingest/tabular.ts';
import { type CheckResult, compileChecks, runChecks } from '../../src/models/checks.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import type { Row } from '../../src/warehouse/warehouse.ts';
import {
  IPEDS_CODES_STAGING_MODELS,
  modelSubsetProject,
  SHARED_DATA,
  seedSocAggregates,
  sharedDataAvailable,
  tempDir,
} from '../helpers.ts';

const IPEDS = join(SHARED_DATA, 'ipeds');
const CROSSWALKS = join(SHARED_DATA, 'crosswalks');
const GEO = join(SHARED_DATA, 'geo');

/** Line counts of the shared files, from the data folder's own manifest. */
async function manifestLines(): Promise<Map<string, number>> {
  const text = await readFile(join(SHARED_DATA, 'MANIFEST.tsv'), 'utf8');
  return new Map(
    text
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((f) => f.length > 2 && /^\d+$/.test(f[2]!))
      .map((f) => [f[0]!, Number(f[2])]),
  );
}

/**
 * The real IPEDS, crosswalk and code-list files of ../shared/data loaded as a pipeline loads them (the sources'
 * layouts, the tabular loader, DuckDB's reader) and staged by the project's staging models, with their checks.
 */
describe.runIf(sharedDataAvailable())('IPEDS, crosswalk and code lists: the real files', () => {
  let cleanup: () => Promise<void>;
  let warehouse: DuckdbWarehouse;
  const files: { display: string; status: string; rows: number }[] = [];
  const issues: unknown[] = [];
  let checks: CheckResult[] = [];
  const query = <T extends Row = Row>(sql: string) => warehouse.query<T>(sql);

  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    warehouse = await DuckdbWarehouse.open({ path: join(temp.dir, 'w.duckdb') });
    const inputs = [
      [IPEDS_SOURCE, [join(IPEDS, '*.csv')]],
      [
        CODES_SOURCE,
        [join(CROSSWALKS, '*.csv'), join(GEO, 'national_county.txt'), join(GEO, 'qcew_area_titles.csv')],
      ],
    ] as const;
    for (const [source, paths] of inputs) {
      const plan = await planTabular(source, [{ paths, vintage: 'shared data', onBadFile: 'fail' }], (p) =>
        basename(p),
      );
      try {
        const result = await loadTabular(plan, { warehouse, logger: silentLogger, tag: 'real' });
        files.push(...result.files.map((f) => ({ display: f.display, status: f.status, rows: f.rows })));
        issues.push(...result.issues);
      } finally {
        await disposePlan(plan);
      }
    }
    // The staging models of the IPEDS and code-list sources (they read raw tables only).
    const project = await modelSubsetProject(temp.dir, IPEDS_CODES_STAGING_MODELS);
    await seedSocAggregates(warehouse);
    for (const { model, sql } of project.ordered) await warehouse.createTableAs(model.name, sql);
    checks = await runChecks(warehouse, compileChecks(project.models, project.renderer), 3);
  }, 300_000);
  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  it('loads every row of every file, and leaves the other crosswalk sheets out with a note', async () => {
    const lines = await manifestLines();
    // Header lines (and the SOC file's two title lines) are not rows; national_county.txt has no header.
    const rowsOf = (file: string, notRows = 1) => lines.get(file)! - notRows;
    const byFile = Object.fromEntries(files.map((f) => [f.display, [f.status, f.rows]]));
    expect(byFile).toEqual({
      'c2022_a_processed.csv': ['loaded', rowsOf('ipeds/c2022_a_processed.csv')],
      'c2023_a_processed.csv': ['loaded', rowsOf('ipeds/c2023_a_processed.csv')],
      'hd2023.csv': ['loaded', rowsOf('ipeds/hd2023.csv')],
      'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv': [
        'loaded',
        rowsOf('crosswalks/CIP2020_SOC2018_Crosswalk__CIP-SOC.csv'),
      ],
      'CIPCode2020.csv': ['loaded', rowsOf('crosswalks/CIPCode2020.csv')],
      'soc_2018_definitions.csv': ['loaded', rowsOf('crosswalks/soc_2018_definitions.csv', 3)],
      '2022_NAICS_Structure.csv': ['loaded', rowsOf('crosswalks/2022_NAICS_Structure.csv')],
      'national_county.txt': ['loaded', rowsOf('geo/national_county.txt', 0)],
      'qcew_area_titles.csv': ['loaded', rowsOf('geo/qcew_area_titles.csv')],
      'CIP2020_SOC2018_Crosswalk__Added_Matches.csv': ['ignored', 0],
      'CIP2020_SOC2018_Crosswalk__File_Guide.csv': ['ignored', 0],
      'CIP2020_SOC2018_Crosswalk__New_CIP.csv': ['ignored', 0],
      'CIP2020_SOC2018_Crosswalk__New_SOC.csv': ['ignored', 0],
      'CIP2020_SOC2018_Crosswalk__SOC-CIP.csv': ['ignored', 0],
      'CIP2020_SOC2018_Crosswalk__Unmatched_CIP_Codes.csv': ['ignored', 0],
      'CIP2020_SOC2018_Crosswalk__Unmatched_SOC_Codes.csv': ['ignored', 0],
    });
    expect(byFile['c2023_a_processed.csv']).toEqual(['loaded', 282_322]);
    expect(issues).toEqual([]);
    expect(checks.length).toBeGreaterThan(20);
    expect(checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.failing}`)).toEqual([]);
  });

  it('reads the directory header behind its byte-order mark, and county codes as 5-digit text', async () => {
    const text = await readFile(join(IPEDS, 'hd2023.csv'), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(
      await query(
        `SELECT count(*) AS n, count(DISTINCT unitid) AS ids, count(county_fips) AS with_county FROM stg_ipeds_institutions`,
      ),
    ).toEqual([{ n: 6163, ids: 6163, with_county: 6159 }]);
    expect(
      await query(
        `SELECT unitid, institution_name, city, state_abbr, county_fips, county_name, in_system, system_name
         FROM stg_ipeds_institutions WHERE unitid IN ('100654', '150987', '151342') ORDER BY unitid`,
      ),
    ).toEqual([
      {
        unitid: '100654',
        institution_name: 'Alabama A & M University',
        city: 'Normal',
        state_abbr: 'AL',
        county_fips: '01089',
        county_name: 'Madison County',
        in_system: false,
        system_name: null,
      },
      {
        unitid: '150987',
        institution_name: 'Ivy Tech Community College',
        city: 'Indianapolis',
        state_abbr: 'IN',
        county_fips: '18097',
        county_name: 'Marion County',
        in_system: false,
        system_name: null,
      },
      {
        unitid: '151342',
        institution_name: 'Indiana University-South Bend',
        city: 'South Bend',
        state_abbr: 'IN',
        county_fips: '18141',
        county_name: 'St. Joseph County',
        in_system: true,
        system_name: 'Indiana University',
      },
    ]);
  });

  it("gives Ivy Tech's registered-nursing completions as summed from the file itself", async () => {
    // Recomputed here from the CSV, independently of the loader and the SQL.
    const records = parse(await readFile(join(IPEDS, 'c2023_a_processed.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const byLevel = new Map<number, number>();
    for (const r of records) {
      if (r['UNITID'] === '150987' && r['CIPCODE'] === '51.3801' && r['MAJORNUM'] === '1') {
        const level = Number(r['AWLEVEL']);
        byLevel.set(level, (byLevel.get(level) ?? 0) + Number(r['CTOTALT']));
      }
    }
    const expected = [...byLevel].sort((a, b) => a[0] - b[0]).map(([award_level, n]) => ({ award_level, n }));
    expect(expected.length).toBeGreaterThan(0);
    expect(
      await query(
        `SELECT award_level, sum(completions)::INT AS n FROM stg_ipeds_completions
         WHERE year = '2023' AND unitid = '150987' AND cip_code = '51.3801' AND majornum = 1
         GROUP BY award_level ORDER BY award_level`,
      ),
    ).toEqual(expected);
    // The associate's degrees in nursing: 1,326 in 2022-23.
    expect(expected.find((e) => e.award_level === 3)?.n).toBe(1326);
  });

  it('adds the programs of every institution and award level up to its published CIP 99 total', async () => {
    const [row] = await query<{ cells: number; equal: number }>(`
      WITH t AS (
        SELECT year, unitid, award_level,
               sum(CASE WHEN cip_level = 'program' THEN completions END) AS programs,
               sum(CASE WHEN cip_level = 'total' THEN completions END) AS total
        FROM stg_ipeds_completions WHERE majornum = 1 GROUP BY year, unitid, award_level)
      SELECT count(*)::INT AS cells, sum(CASE WHEN programs = total THEN 1 ELSE 0 END)::INT AS equal FROM t`);
    expect(row!.cells).toBe(19_274 + 19_308);
    expect(row!.equal).toBe(row!.cells);
  });

  it('links Machine Tool Technology (48.0501) to the machining occupations, and keeps the no-match rows flagged', async () => {
    expect(
      (
        await query<{ soc_code: string }>(
          `SELECT soc_code FROM stg_cip_soc WHERE cip_code = '48.0501' ORDER BY 1`,
        )
      ).map((r) => r.soc_code),
    ).toEqual([
      '51-4021',
      '51-4022',
      '51-4023',
      '51-4031',
      '51-4032',
      '51-4033',
      '51-4034',
      '51-4035',
      '51-4041',
      '51-4081',
      '51-4191',
      '51-4192',
      '51-4199',
    ]);
    expect(
      await query(
        `SELECT count(*)::INT AS n, sum(is_link::INT)::INT AS links, sum(program_without_occupation::INT)::INT AS no_soc,
                sum(occupation_without_program::INT)::INT AS no_cip
         FROM stg_cip_soc`,
      ),
    ).toEqual([{ n: 6097, links: 6097 - 194 - 180, no_soc: 194, no_cip: 180 }]);
    // The crosswalk's programs that NCES left without an occupation are the rows of its Unmatched CIP Codes sheet.
    const unmatched = parse(
      await readFile(join(CROSSWALKS, 'CIP2020_SOC2018_Crosswalk__Unmatched_CIP_Codes.csv')),
      {
        columns: true,
      },
    ) as Record<string, string>[];
    const flagged = await query<{ cip_code: string }>(
      `SELECT cip_code FROM stg_cip_soc WHERE program_without_occupation ORDER BY 1`,
    );
    expect(flagged.map((r) => r.cip_code)).toEqual(unmatched.map((r) => r['CIP2020Code']).sort());
  });

  it('lists the SOC 2018 structure BLS publishes: 23 major, 98 minor, 459 broad and 867 detailed', async () => {
    expect(
      await query(`SELECT soc_level, count(*)::INT AS n FROM stg_soc_codes GROUP BY 1 ORDER BY n`),
    ).toEqual([
      { soc_level: 'major', n: 23 },
      { soc_level: 'minor', n: 98 },
      { soc_level: 'broad', n: 459 },
      { soc_level: 'detailed', n: 867 },
    ]);
    expect(
      await query(
        `SELECT soc_code, soc_title, soc_level, minor_code, broad_code FROM stg_soc_codes
         WHERE soc_code IN ('11-9013', '29-1221') ORDER BY 1`,
      ),
    ).toEqual([
      {
        soc_code: '11-9013',
        soc_title: 'Farmers, Ranchers, and Other Agricultural Managers',
        soc_level: 'detailed',
        minor_code: '11-9000',
        broad_code: '11-9010',
      },
      {
        soc_code: '29-1221',
        soc_title: 'Pediatricians, General',
        soc_level: 'detailed',
        minor_code: '29-1000',
        broad_code: '29-1210',
      },
    ]);
  });

  it('strips the trilateral T from NAICS titles, and only from the titles that carry it', async () => {
    // Counted here from the file: titles ending in T after a lower-case letter or parenthesis.
    const records = parse(await readFile(join(CROSSWALKS, '2022_NAICS_Structure.csv')), {
      columns: true,
    }) as Record<string, string>[];
    const marked = records.filter((r) => /[a-z)]T$/.test(r['2022 NAICS Title']!.trim())).length;
    expect(marked).toBeGreaterThan(700);
    expect(
      await query(
        `SELECT count(*)::INT AS n, sum(is_trilateral::INT)::INT AS trilateral,
                sum(CASE WHEN naics_title LIKE '%T' THEN 1 ELSE 0 END)::INT AS still_ending_in_t
         FROM stg_naics_codes`,
      ),
    ).toEqual([{ n: records.length, trilateral: marked, still_ending_in_t: 0 }]);
    expect(
      await query(
        `SELECT naics_code, naics_title, is_trilateral, naics_level FROM stg_naics_codes
         WHERE naics_code IN ('31-33', '336', '336110') ORDER BY 1`,
      ),
    ).toEqual([
      { naics_code: '31-33', naics_title: 'Manufacturing', is_trilateral: true, naics_level: 'sector' },
      {
        naics_code: '336',
        naics_title: 'Transportation Equipment Manufacturing',
        is_trilateral: true,
        naics_level: 'subsector',
      },
      {
        naics_code: '336110',
        naics_title: 'Automobile and Light Duty Motor Vehicle Manufacturing',
        is_trilateral: false,
        naics_level: 'national industry',
      },
    ]);
  });

  it('lists 3,234 counties and equivalents, 3,143 of them in the states and DC, and the QCEW areas of the region', async () => {
    expect(
      await query(`SELECT count(*)::INT AS n, sum(in_states_dc::INT)::INT AS states_dc FROM stg_counties`),
    ).toEqual([{ n: 3234, states_dc: 3143 }]);
    expect(
      await query(
        `SELECT county_fips, state_abbr, county_name FROM stg_counties WHERE county_fips = '18039'`,
      ),
    ).toEqual([{ county_fips: '18039', state_abbr: 'IN', county_name: 'Elkhart County' }]);
    expect(
      await query(
        `SELECT area_fips, area_title, area_type FROM stg_qcew_areas WHERE area_fips IN ('18039', 'C2114', 'CS515') ORDER BY 1`,
      ),
    ).toEqual([
      { area_fips: '18039', area_title: 'Elkhart County, Indiana', area_type: 'county' },
      { area_fips: 'C2114', area_title: 'Elkhart-Goshen, IN MSA', area_type: 'metropolitan' },
      { area_fips: 'CS515', area_title: 'South Bend-Elkhart-Mishawaka, IN-MI CSA', area_type: 'csa' },
    ]);
  });
});
