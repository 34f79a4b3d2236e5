import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import { ONET_SOURCE } from '../../src/ingest/sources/onet.ts';
import { disposePlan, loadTabular, planTabular, type TabularLoadResult } from '../../src/ingest/tabular.ts';
import type { CompiledProject } from '../../src/models/build.ts';
import { compileChecks } from '../../src/models/checks.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import {
  modelSubsetProject,
  ONET_SOURCE_MODELS,
  SHARED_DATA,
  sharedDataAvailable,
  tempDir,
} from '../helpers.ts';

const ONET_29 = join(SHARED_DATA, 'onet_29');

/** Staging tables of other sources the crosswalk reads: the occupation codes OEWS and the projections publish. */
const PUBLISHED = ['staging/stg_oews', 'staging/stg_oews_staffing', 'staging/stg_ep_occupations'];

/**
 * Codes of the May 2023 OEWS national industry files around the aggregates O*NET splits: 51-2090 and 51-2028
 * (published instead of 51-2092/51-2099 and 51-2022/51-2023), 21-1018 and 53-1047, with the codes of their
 * groups OEWS publishes separately.
 */
const OEWS_CODES = [
  '21-1012',
  '21-1013',
  '21-1015',
  '21-1018',
  '21-1019',
  '51-2021',
  '51-2028',
  '51-2090',
  '51-4041',
  '53-1041',
  '53-1047',
];

/** The O*NET staging and intermediate models, copied from the project so the test builds them alone. */
function onetProject(dir: string): Promise<CompiledProject> {
  return modelSubsetProject(dir, ONET_SOURCE_MODELS, { builtByTest: PUBLISHED });
}

/** The real O*NET 29 Excel release (as TSV) loaded and modelled: Skills, Knowledge and their reference files. */
describe.runIf(sharedDataAvailable())('O*NET 29 (real files)', () => {
  let warehouse: DuckdbWarehouse;
  let result: TabularLoadResult;
  let cleanup: (() => Promise<void>) | undefined;
  let project: CompiledProject;
  const q = (sql: string) => warehouse.query(sql);

  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    warehouse = await DuckdbWarehouse.open({ path: join(temp.dir, 'w.duckdb') });
    const plan = await planTabular(
      ONET_SOURCE,
      [{ paths: [join(ONET_29, '*.tsv')], vintage: 'O*NET 29.0', onBadFile: 'fail' }],
      (p) => p.slice(ONET_29.length + 1),
    );
    try {
      result = await loadTabular(plan, { warehouse, logger: silentLogger, tag: 'real' });
    } finally {
      await disposePlan(plan);
    }
    const codes = OEWS_CODES.map((c) => `('${c}', 'detailed')`).join(', ');
    await warehouse.execute(
      `CREATE TABLE stg_oews AS SELECT * FROM (VALUES ${codes}) AS t(soc_code, o_group)`,
    );
    await warehouse.execute('CREATE TABLE stg_oews_staffing AS SELECT soc_code FROM stg_oews');
    await warehouse.execute(
      'CREATE TABLE stg_ep_occupations AS SELECT soc_code, true AS is_line_item FROM stg_oews',
    );
    project = await onetProject(temp.dir);
    for (const r of project.ordered.filter((x) => x.sql !== ''))
      await warehouse.createTableAs(r.model.name, r.sql);
  }, 120_000);

  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  it('loads every file with its layout and row count (the manifest counts lines with the header)', async () => {
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    const manifest = (await readFile(join(SHARED_DATA, 'MANIFEST.tsv'), 'utf8'))
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((f) => f[0]?.startsWith('onet_29/'));
    const lines = Object.fromEntries(manifest.map((f) => [f[0]!.slice('onet_29/'.length), Number(f[2])]));
    const byFile = Object.fromEntries(result.files.map((f) => [f.display, [f.status, f.layout?.id, f.rows]]));
    expect(byFile).toEqual({
      'Content Model Reference.tsv': ['loaded', 'onet-content-model-text', 627],
      'Education, Training, and Experience Categories.tsv': ['loaded', 'onet-education-categories-excel', 41],
      'Education, Training, and Experience.tsv': ['loaded', 'onet-education-excel', 36_209],
      'Job Zone Reference.tsv': ['loaded', 'onet-job-zone-reference-text', 5],
      'Job Zones.tsv': ['loaded', 'onet-job-zones-excel', 923],
      'Knowledge.tsv': ['loaded', 'onet-ratings-excel', 58_014],
      'Level Scale Anchors.tsv': ['ignored', undefined, 0],
      'Occupation Data.tsv': ['loaded', 'onet-occupations-text', 1_016],
      'Related Occupations.tsv': ['loaded', 'onet-related-excel', 18_460],
      'Scales Reference.tsv': ['loaded', 'onet-scales-text', 29],
      'Skills to Work Activities.tsv': ['ignored', undefined, 0],
      'Skills.tsv': ['loaded', 'onet-ratings-excel', 61_530],
    });
    for (const f of result.files.filter((x) => x.status === 'loaded')) {
      expect(f.rows, f.display).toBe(lines[f.display]! - 1);
    }
  });

  it('stages Skills and Knowledge: 879 rated O*NET-SOC occupations, 35 skills and 33 knowledge areas', async () => {
    expect(
      await q(
        `SELECT domain, count(*) AS ratings, count(DISTINCT onet_soc_code) AS occupations,
                count(DISTINCT element_id) AS elements
         FROM stg_onet_ratings GROUP BY domain ORDER BY domain`,
      ),
    ).toEqual([
      { domain: 'knowledge', ratings: 29_007, occupations: 879, elements: 33 },
      { domain: 'skills', ratings: 30_765, occupations: 879, elements: 35 },
    ]);
  });

  it("standardises Machinists' Operation and Control as computed by hand", async () => {
    // Skills.tsv: 51-4041.00 Machinists 2.B.3.h Operation and Control: IM 3.25, LV 3.38 (both N, not suppressed).
    const [row] = await q(
      `SELECT title, importance, importance_std, importance_metric, level, level_std, level_metric, exclusion_reason
       FROM stg_onet_ratings WHERE onet_soc_code = '51-4041.00' AND element_id = '2.B.3.h'`,
    );
    expect(row).toMatchObject({ title: 'Machinists', importance: 3.25, level: 3.38, exclusion_reason: null });
    expect(row!['importance_std'] as number).toBeCloseTo(((3.25 - 1) / (5 - 1)) * 100, 10); // 56.25
    expect(row!['importance_metric'] as number).toBeCloseTo(56.25, 10);
    expect(row!['level_std'] as number).toBeCloseTo((3.38 / 7) * 100, 10); // 48.29
    // One .00 occupation stands for SOC 51-4041.
    const [soc] = await q(
      `SELECT importance_std, basis, onet_soc_codes FROM int_onet_soc_ratings
       WHERE soc_code = '51-4041' AND element_id = '2.B.3.h'`,
    );
    expect(soc).toMatchObject({ basis: 'onet_soc_00', onet_soc_codes: '51-4041.00' });
    expect(soc!['importance_std'] as number).toBeCloseTo(56.25, 10);
  });

  it('flags every Recommend Suppress and Not Relevant of the files, and keeps them out of metrics', async () => {
    // Counted in the files: Skills LV suppressed 124, not relevant 3,302; Knowledge IM suppressed 19,
    // LV suppressed 4,778, not relevant 5,939.
    expect(
      await q(
        `SELECT domain,
                count(*) FILTER (WHERE importance_suppressed) AS im_suppressed,
                count(*) FILTER (WHERE level_suppressed) AS lv_suppressed,
                count(*) FILTER (WHERE level_not_relevant) AS lv_not_relevant,
                count(*) FILTER (WHERE importance_suppressed AND importance_metric IS NOT NULL) AS im_leaks,
                count(*) FILTER (WHERE (level_suppressed OR level_not_relevant) AND level_metric IS NOT NULL) AS lv_leaks
         FROM stg_onet_ratings GROUP BY domain ORDER BY domain`,
      ),
    ).toEqual([
      {
        domain: 'knowledge',
        im_suppressed: 19,
        lv_suppressed: 4_778,
        lv_not_relevant: 5_939,
        im_leaks: 0,
        lv_leaks: 0,
      },
      {
        domain: 'skills',
        im_suppressed: 0,
        lv_suppressed: 124,
        lv_not_relevant: 3_302,
        im_leaks: 0,
        lv_leaks: 0,
      },
    ]);
  });

  it('aggregates to 763 SOC occupations with skills, 26 of them from specialties only, and the aggregates', async () => {
    expect(
      await q(
        `SELECT basis, count(DISTINCT soc_code) AS socs FROM int_onet_soc_ratings
         WHERE domain = 'skills' GROUP BY basis ORDER BY basis`,
      ),
    ).toEqual([
      // The four aggregates of OEWS_CODES: 21-1018, 51-2028, 51-2090, 53-1047.
      { basis: 'mean_of_soc_group', socs: 4 },
      { basis: 'mean_of_specialties', socs: 26 },
      { basis: 'onet_soc_00', socs: 737 },
    ]);
    // 13-1199 (Business Operations Specialists, All Other) has only .04, .05 and .06 rated.
    const [other] = await q(
      `SELECT onet_occupations, onet_soc_codes FROM int_onet_soc_ratings
       WHERE soc_code = '13-1199' AND domain = 'skills' AND element_id = '2.A.1.a'`,
    );
    expect(other).toEqual({ onet_occupations: 3, onet_soc_codes: '13-1199.04, 13-1199.05, 13-1199.06' });
  });

  it('lets the OEWS aggregates O*NET splits stand for the SOC occupations of their group not published apart', async () => {
    expect(
      await q(
        `SELECT soc_code, STRING_AGG(rated_soc_code, ' ' ORDER BY rated_soc_code) AS rated, MAX(match) AS match
         FROM int_onet_soc_crosswalk WHERE soc_code IN (${OEWS_CODES.map((c) => `'${c}'`).join(', ')})
         GROUP BY soc_code ORDER BY soc_code`,
      ),
    ).toEqual([
      { soc_code: '21-1012', rated: '21-1012', match: 'same_code' },
      { soc_code: '21-1013', rated: '21-1013', match: 'same_code' },
      { soc_code: '21-1015', rated: '21-1015', match: 'same_code' },
      // Substance abuse (21-1011) and mental health counselors (21-1014): the others are published apart.
      { soc_code: '21-1018', rated: '21-1011 21-1014', match: 'soc_group' },
      { soc_code: '21-1019', rated: '21-1019', match: 'same_code' },
      { soc_code: '51-2021', rated: '51-2021', match: 'same_code' },
      // Except coil winders (51-2021), as its title says.
      { soc_code: '51-2028', rated: '51-2022 51-2023', match: 'soc_group' },
      { soc_code: '51-2090', rated: '51-2092 51-2099', match: 'soc_group' },
      { soc_code: '51-4041', rated: '51-4041', match: 'same_code' },
      { soc_code: '53-1041', rated: '53-1041', match: 'same_code' },
      { soc_code: '53-1047', rated: '53-1042 53-1043 53-1044 53-1049', match: 'soc_group' },
    ]);
    // 51-2028 Operation and Control: the mean of 51-2022.00 (IM 2.88) and 51-2023.00 (IM 2.62), standardised:
    // ((2.88 - 1) / 4 × 100 + (2.62 - 1) / 4 × 100) / 2 = (47 + 40.5) / 2 = 43.75.
    const [assemblers] = await q(
      `SELECT importance_std, basis, onet_soc_codes FROM int_onet_soc_ratings
       WHERE soc_code = '51-2028' AND element_id = '2.B.3.h'`,
    );
    expect(assemblers).toMatchObject({
      basis: 'mean_of_soc_group',
      onet_soc_codes: '51-2022.00, 51-2023.00',
    });
    expect(assemblers!['importance_std'] as number).toBeCloseTo(43.75, 10);
    // 51-2099 (all other) has no ratings: 51-2090 takes Team Assemblers' profile.
    const [misc] = await q(
      `SELECT onet_soc_codes FROM int_onet_soc_ratings WHERE soc_code = '51-2090' AND element_id = '2.B.3.h'`,
    );
    expect(misc).toEqual({ onet_soc_codes: '51-2092.00' });
    // Zones: 53-1047 from 53-1042 (2), 53-1043 (3), 53-1044 (3): most are 3.
    expect(
      await q(
        `SELECT soc_code, job_zone, basis, job_zone_min, job_zone_max FROM int_onet_soc_job_zones
         WHERE soc_code IN ('51-2090', '53-1047') ORDER BY 1`,
      ),
    ).toEqual([
      {
        soc_code: '51-2090',
        job_zone: 2,
        basis: 'most_common_of_soc_group',
        job_zone_min: 2,
        job_zone_max: 2,
      },
      {
        soc_code: '53-1047',
        job_zone: 3,
        basis: 'most_common_of_soc_group',
        job_zone_min: 2,
        job_zone_max: 3,
      },
    ]);
  });

  it('reads Job Zones: 923 occupations by zone, Team Assemblers in zone 2 and Machinists in zone 3', async () => {
    expect(await q('SELECT job_zone, count(*) AS n FROM stg_onet_job_zones GROUP BY 1 ORDER BY 1')).toEqual([
      { job_zone: 1, n: 31 },
      { job_zone: 2, n: 295 },
      { job_zone: 3, n: 219 },
      { job_zone: 4, n: 224 },
      { job_zone: 5, n: 154 },
    ]);
    expect(
      await q(
        `SELECT soc_code, job_zone, job_zone_name, basis FROM int_onet_soc_job_zones
         WHERE soc_code IN ('51-2092', '51-4041') ORDER BY 1`,
      ),
    ).toEqual([
      {
        soc_code: '51-2092',
        job_zone: 2,
        job_zone_name: 'Job Zone Two: Some Preparation Needed',
        basis: 'onet_soc_00',
      },
      {
        soc_code: '51-4041',
        job_zone: 3,
        job_zone_name: 'Job Zone Three: Medium Preparation Needed',
        basis: 'onet_soc_00',
      },
    ]);
  });

  it('reads Related Occupations: 20 per occupation in three tiers', async () => {
    expect(
      await q('SELECT relatedness_tier, count(*) AS n FROM stg_onet_related GROUP BY 1 ORDER BY 1'),
    ).toEqual([
      { relatedness_tier: 'Primary-Long', n: 4_615 },
      { relatedness_tier: 'Primary-Short', n: 4_615 },
      { relatedness_tier: 'Supplemental', n: 9_230 },
    ]);
    expect(
      await q(`SELECT count(*) AS n FROM stg_onet_related GROUP BY onet_soc_code HAVING count(*) <> 20`),
    ).toEqual([]);
    expect(
      await q(
        `SELECT related_soc_code, related_title FROM stg_onet_related
         WHERE onet_soc_code = '51-2092.00' AND relatedness_tier = 'Primary-Short' ORDER BY related_index`,
      ),
    ).toEqual([
      { related_soc_code: '51-2022', related_title: 'Electrical and Electronic Equipment Assemblers' },
      { related_soc_code: '51-2023', related_title: 'Electromechanical Equipment Assemblers' },
      { related_soc_code: '51-2031', related_title: 'Engine and Other Machine Assemblers' },
      {
        related_soc_code: '51-2011',
        related_title: 'Aircraft Structure, Surfaces, Rigging, and Systems Assemblers',
      },
      { related_soc_code: '17-3027', related_title: 'Mechanical Engineering Technologists and Technicians' },
    ]);
    const [pair] = await q(
      `SELECT tier_rank, relatedness_tier, best_index FROM int_onet_soc_related
       WHERE soc_code = '51-2092' AND related_soc_code = '17-3026'`,
    );
    expect(pair).toEqual({ tier_rank: 2, relatedness_tier: 'Primary-Long', best_index: 6 });
  });

  it('passes every check declared on the O*NET models', async () => {
    const checks = compileChecks(project.models, project.renderer);
    expect(checks.length).toBeGreaterThan(20);
    const failing: string[] = [];
    for (const c of checks) {
      const [row] = await q(`SELECT count(*) AS n FROM (${c.failingSql}) AS failing`);
      if (Number(row!['n']) > 0) failing.push(`${c.id}: ${row!['n']}`);
    }
    expect(failing).toEqual([]);
  });
});
