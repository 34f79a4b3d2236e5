import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QCEW_2016, SHARED_DATA, sharedDataAvailable, usePipelineRun } from '../helpers.ts';

/**
 * The skill profile and career pathways of the real Michiana manufacturing region: QCEW 2016 by county, OEWS
 * national wages and staffing patterns, the BLS 2024-34 projections (Table 1.10) and O*NET 29.
 */
describe.runIf(sharedDataAvailable())('skill profile and career pathways on real data', () => {
  const run = usePipelineRun(
    () => ({
      inputs: {
        qcew: { paths: join(QCEW_2016, '*.csv'), vintage: 'QCEW 2016' },
        oews: {
          paths: [
            join(SHARED_DATA, 'oews/national_M2023_dl.csv'),
            join(SHARED_DATA, 'oews/natsector_M2023_dl.csv'),
          ],
          vintage: 'OEWS May 2023',
        },
        projections: {
          paths: join(SHARED_DATA, 'projections/bls_ep_occupation_2024-34__Table_1.10.csv'),
          vintage: 'BLS Employment Projections 2024-34',
        },
        onet: { paths: join(SHARED_DATA, 'onet_29/*.tsv'), vintage: 'O*NET 29.0' },
      },
      metrics: { pathways: { minWageGain: 0.05, perOccupation: 5, entryJobZones: [1, 2, 3] } },
    }),
    { timeout: 600_000 },
  );
  const q = (sql: string) => run.warehouse.query(sql);

  it('leads Welders (Job Zone 2) to better-paid occupations with similar skills', async () => {
    const steps = await q(
      `SELECT * FROM mart_career_pathways WHERE from_soc_code = '51-4121' ORDER BY step_rank`,
    );
    expect(steps).toHaveLength(5);
    expect(steps.map((s) => s['step_rank'])).toEqual([1, 2, 3, 4, 5]);
    const [wage] = await q(`SELECT median_wage_annual FROM mart_occupation_wages WHERE soc_code = '51-4121'`);
    // OEWS May 2023 national median for welders, cutters, solderers and brazers.
    expect(wage!['median_wage_annual']).toBe(48_940);
    for (const s of steps) {
      expect(s['from_soc_title']).toBe('Welders, Cutters, Solderers, and Brazers');
      expect(s['from_job_zone']).toBe(2);
      expect(s['from_median_wage_annual']).toBe(48_940);
      expect(s['to_median_wage_annual'] as number).toBeGreaterThanOrEqual(1.05 * 48_940);
      expect(s['wage_gain_annual']).toBe((s['to_median_wage_annual'] as number) - 48_940);
      expect(s['similarity'] as number).toBeGreaterThanOrEqual(0);
      expect(s['similarity'] as number).toBeLessThanOrEqual(1);
      expect(s['job_zone_step'] as number).toBeGreaterThanOrEqual(0);
      expect(s['job_zone_step'] as number).toBeLessThanOrEqual(s['is_related'] ? 2 : 1);
      expect(String(s['skills_to_build'] ?? '').split('; ').length).toBeLessThanOrEqual(3);
      const [target] = await q(
        `SELECT median_wage_annual FROM mart_occupation_wages WHERE soc_code = '${s['to_soc_code']}'`,
      );
      expect(s['to_median_wage_annual']).toBe(target!['median_wage_annual']);
    }
    // Ranked by similarity plus the related boost.
    const scores = steps.map((s) => s['ranking_score'] as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // O*NET lists boilermakers among welders' closest occupations (Primary-Short).
    expect(steps[0]).toMatchObject({
      to_soc_code: '47-2011',
      is_related: true,
      relatedness_tier: 'Primary-Short',
    });
  });

  it('maps the OEWS aggregate 51-2090 Miscellaneous Assemblers and Fabricators to O*NET and leads it on', async () => {
    const steps = await q(
      `SELECT from_soc_title, from_job_zone, to_soc_code, similarity FROM mart_career_pathways
       WHERE from_soc_code = '51-2090' ORDER BY step_rank`,
    );
    expect(steps).toHaveLength(5);
    expect(steps[0]).toMatchObject({
      from_soc_title: 'Miscellaneous Assemblers and Fabricators',
      from_job_zone: 2,
    });
  });

  it('computes the similarity as the cosine of the O*NET importance vectors (checked in the test)', async () => {
    const [step] = await q(
      `SELECT from_soc_code, to_soc_code, similarity, elements_compared FROM mart_career_pathways
       WHERE from_soc_code = '51-4121' AND step_rank = 1`,
    );
    const vector = async (soc: string) =>
      new Map(
        (
          await q(
            `SELECT domain || ' ' || element_id AS k, importance_metric AS x FROM stg_onet_ratings
             WHERE onet_soc_code = '${soc}.00' AND domain IN ('skills', 'knowledge') AND importance_metric IS NOT NULL`,
          )
        ).map((r) => [String(r['k']), Number(r['x'])]),
      );
    const a = await vector(String(step!['from_soc_code']));
    const b = await vector(String(step!['to_soc_code']));
    const common = [...a.keys()].filter((k) => b.has(k));
    const dot = common.reduce((s, k) => s + a.get(k)! * b.get(k)!, 0);
    const norm = (v: Map<string, number>) => Math.sqrt(common.reduce((s, k) => s + v.get(k)! ** 2, 0));
    expect(step!['elements_compared']).toBe(common.length);
    expect(common.length).toBe(68);
    expect(step!['similarity'] as number).toBeCloseTo(dot / (norm(a) * norm(b)), 10);
  });

  it('weights the skill profile by projected openings (checked in the test for one skill)', async () => {
    const profile = await q(`SELECT * FROM mart_skill_profile WHERE domain = 'skills' ORDER BY demand_rank`);
    expect(profile).toHaveLength(35);
    expect(profile.map((p) => p['demand_rank'])).toEqual(profile.map((_, i) => i + 1));
    const [openings] = await q(
      'SELECT SUM(annual_openings) AS total FROM mart_occupation_openings WHERE annual_openings > 0',
    );
    const top = profile[0]!;
    expect(top['openings_total'] as number).toBeCloseTo(openings!['total'] as number, 6);
    const [check] = await q(
      `SELECT SUM(o.annual_openings * r.importance_std) / SUM(o.annual_openings) AS importance
       FROM mart_occupation_openings AS o
       JOIN int_onet_soc_ratings AS r ON r.soc_code = o.soc_code
       WHERE o.annual_openings > 0 AND r.domain = 'skills' AND r.element_id = '${top['element_id']}'
         AND r.importance_std IS NOT NULL`,
    );
    expect(top['importance_weighted'] as number).toBeCloseTo(check!['importance'] as number, 10);
    expect(top['openings_rated_share'] as number).toBeGreaterThan(0.8);
    expect(top['openings_rated_share'] as number).toBeLessThanOrEqual(1);
    // No survey in this pipeline: no hires weighting and no survey skills beside the O*NET ones.
    expect(profile.every((p) => p['importance_hires'] === null && p['survey_match'] === 'onet_only')).toBe(
      true,
    );
  });
});
