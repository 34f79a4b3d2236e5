import { describe, expect, it } from 'vitest';
import { buildDemoQcewFiles } from '../../src/demo/qcew.ts';
import { buildDemoEmployers, type DemoEmployer, drawRespondents } from '../../src/demo/survey.ts';
import { ratioEstimate } from '../../src/stats/estimators.ts';
import { collapseStrata, type Respondent, type Stratum } from '../../src/stats/weights.ts';

const BLOCKS = 5;

/** The frame the pipeline builds: published industry groups, and the suppressed ones together with the rest. */
function strataOf(frame: ReturnType<typeof drawRespondents>['frame']): {
  strata: Stratum[];
  stratumOf: Map<string, string>;
} {
  const published = frame.industries.filter((i) => i.published);
  const hidden = frame.industries.filter((i) => !i.published);
  const strata: Stratum[] = published.map((i, k) => ({
    id: i.naics,
    establishments: i.establishments,
    employment: i.employment,
    group: '31-33',
    order: k,
  }));
  const stratumOf = new Map(published.map((i) => [i.naics, i.naics]));
  if (hidden.length) {
    const rest = frame.total.employment - published.reduce((n, i) => n + i.employment, 0);
    strata.push({
      id: 'other',
      establishments: hidden.reduce((n, i) => n + i.establishments, 0),
      employment: rest,
      group: '31-33',
      order: strata.length,
    });
    for (const i of hidden) stratumOf.set(i.naics, 'other');
  }
  return { strata, stratumOf };
}

/** An employer's reported 12-month hires for an occupation: its first job blocks only, as the survey asks. */
function hires(employer: DemoEmployer, soc: string): number {
  return employer.jobs
    .slice(0, BLOCKS)
    .filter((j) => j.soc === soc)
    .reduce((n, j) => n + j.hires12m, 0);
}

/**
 * The weighted estimates of the demo's employer-reported hires cover the known population totals at about
 * the stated 95% rate, over many draws of respondents from one population (size-dependent response, as the
 * demo generates it), through the same strata, collapsing and ratio estimator the pipeline uses.
 */
describe('survey estimates against the demo population', () => {
  it('cover the true 12-month hires by occupation at about the 95% interval rate', () => {
    const employers = buildDemoEmployers({
      seed: 20240101,
      year: 2024,
      qcew: buildDemoQcewFiles({ years: [2024] }),
    });
    let intervals = 0;
    let covered = 0;
    let relativeError = 0;
    const draws = 40;
    for (let seed = 1; seed <= draws; seed++) {
      const { respondents, truth, frame } = drawRespondents(employers, {
        seed,
        wave: '2024',
        jobBlocks: BLOCKS,
      });
      const { strata, stratumOf } = strataOf(frame);
      const complete = respondents.filter((r) => r.completion === 'complete').map((r) => r.employer);
      const sample: Respondent[] = complete.map((e) => ({
        id: e.id,
        stratum: stratumOf.get(e.naics)!,
        employment: e.employees,
      }));
      const { cells } = collapseStrata(strata, sample, { minRespondents: 3 });
      for (const [soc, total] of Object.entries(truth.bySoc)) {
        // Occupations few employers list are withheld in the marts; score only those that would be published.
        if (complete.filter((e) => hires(e, soc) > 0).length < 3) continue;
        const estimate = ratioEstimate(
          cells,
          complete.map((e, k) => ({ ...sample[k]!, value: hires(e, soc) })),
        );
        intervals++;
        if (total.hires12m >= estimate.ci95[0] && total.hires12m <= estimate.ci95[1]) covered++;
        relativeError += (estimate.total - total.hires12m) / total.hires12m;
      }
    }
    const rate = covered / intervals;
    console.log(
      `survey coverage: ${covered} of ${intervals} intervals (${(100 * rate).toFixed(1)}%) cover the true hires; mean relative error ${((100 * relativeError) / intervals).toFixed(1)}%`,
    );
    expect(intervals).toBeGreaterThan(300);
    // The textbook ratio variance runs a little low with very uneven employer sizes; 95% nominal, ~90% or more real.
    expect(rate).toBeGreaterThanOrEqual(0.88);
    expect(rate).toBeLessThanOrEqual(0.995);
    expect(Math.abs(relativeError / intervals)).toBeLessThan(0.05);
  });
});
