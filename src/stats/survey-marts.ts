import { type PrimaryReason, primaryReason } from '../disclosure/rules.ts';
import {
  cellStats,
  type DemandCell,
  type DemandLevel,
  type DemandRow,
  demandCellId,
  demandRelations,
  demandRows,
  HORIZON_SUM,
  HORIZONS,
  type SurveyDisclosure,
  suppressDemandCells,
  withheldNote,
} from '../disclosure/survey-demand.ts';
import { loadRowTables, type RowColumn, type RowValue } from '../ingest/load-rows.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import {
  expansionEstimate,
  type Observation,
  quality,
  ratioEstimate,
  type TotalEstimate,
  weightedMean,
  Z95,
} from './estimators.ts';
import { skillGap, weightedProportion } from './proportions.ts';
import {
  collapseStrata,
  type FrameCell,
  postStratify,
  type Respondent,
  responseRates,
  type Stratum,
} from './weights.ts';

export interface SurveyEstimateOptions {
  readonly minRespondents: number;
  readonly maxRse: number;
  readonly minCellRespondents: number;
  /** Disclosure control of the published cells. */
  readonly disclosure: SurveyDisclosure;
}

/** How one wave was weighted, for the run manifest and the report's methods note. */
export interface WaveWeighting {
  readonly wave: string;
  readonly framePeriod: string | null;
  readonly method: 'ratio' | 'expansion' | 'none';
  readonly cells: readonly {
    id: string;
    establishments: number;
    employment: number;
    respondents: number;
    weight: number | null;
  }[];
  readonly notes: readonly string[];
  readonly inScope: number;
  readonly outOfScope: Readonly<Record<string, number>>;
  readonly responseRate: number | null;
  readonly employmentResponseRate: number | null;
  readonly frameCoverage: number | null;
}

const MEASURES = [
  { id: 'hires_12m', column: 'hires_12m' },
  { id: 'hires_1_3y', column: 'hires_1_3y' },
  { id: 'hires_3_5y', column: 'hires_3_5y' },
  { id: 'vacancies', column: 'vacancies' },
  { id: 'current_employees', column: 'current_employees' },
] as const;

const s = (name: string): RowColumn => ({ name, type: 'string' });
const f = (name: string): RowColumn => ({ name, type: 'float64' });
const i = (name: string): RowColumn => ({ name, type: 'int64' });
const b = (name: string): RowColumn => ({ name, type: 'bool' });

/** Columns of the TypeScript-built survey marts (their descriptions are in sql/marts/*.yml). */
const MART_COLUMNS = {
  mart_survey_demand: [
    s('wave'),
    s('soc'),
    s('soc_title'),
    s('level'),
    s('measure'),
    f('estimate'),
    f('se'),
    f('ci_low'),
    f('ci_high'),
    f('rse'),
    f('rounded_to'),
    s('quality'),
    s('quality_note'),
    b('suppressed'),
    s('suppression'),
    s('method'),
  ],
  mart_survey_occupations: [
    s('wave'),
    s('soc'),
    s('soc_title'),
    f('vacancy_rate'),
    f('hard_to_fill_share'),
    f('hard_to_fill_ci_low'),
    f('hard_to_fill_ci_high'),
    f('mean_wage_hourly'),
    s('quality'),
    s('quality_note'),
  ],
  mart_survey_skill_gaps: [
    s('wave'),
    s('skill_id'),
    s('skill_label'),
    f('mean_importance'),
    f('mean_proficiency'),
    f('gap'),
    f('gap_ci_low'),
    f('gap_ci_high'),
    f('mwds'),
    i('rank'),
    f('share_citing'),
    f('share_ci_low'),
    f('share_ci_high'),
    s('quality'),
    s('quality_note'),
  ],
  mart_survey_challenges: [
    s('wave'),
    s('question'),
    s('option_id'),
    s('label'),
    f('share'),
    f('ci_low'),
    f('ci_high'),
    s('quality'),
    s('quality_note'),
  ],
  mart_survey_waves: [
    s('wave'),
    s('title'),
    i('job_blocks'),
    i('responses'),
    i('complete'),
    i('partial'),
    i('tests'),
    i('duplicates'),
    i('unusable'),
    i('in_scope'),
    i('invited'),
    i('not_invited'),
    f('response_rate'),
    f('employment_response_rate'),
    f('frame_coverage'),
    s('frame_period'),
    s('method'),
    s('cells'),
    s('notes'),
  ],
} as const;

export const SURVEY_MARTS = Object.keys(MART_COLUMNS) as (keyof typeof MART_COLUMNS)[];

/**
 * Each demand cell's true estimate, contributor count, total and two largest answers, and its suppression:
 * what the disclosure audit checks the published files against. Confidential: never published.
 */
const DISCLOSURE_COLUMNS = [
  s('wave'),
  s('soc'),
  s('measure'),
  f('value'),
  i('contributors'),
  f('cell_total'),
  f('largest'),
  f('second'),
  s('suppression'),
];
export const SURVEY_DISCLOSURE_TABLE = 'int_survey_disclosure';

/**
 * Each published mean, share and rate: how many employers it comes from, and their weights (the share of the
 * statistic each stands for) as total and two largest, with the rule that withheld it. A mean where one
 * employer carries most of the weight is that employer's answer. Confidential: never published.
 */
const CELL_COUNT_COLUMNS = [
  s('wave'),
  s('mart'),
  s('cell'),
  s('statistic'),
  i('contributors'),
  f('weight_total'),
  f('largest'),
  f('second'),
  s('suppression'),
];
export const SURVEY_CELL_COUNTS_TABLE = 'int_survey_cell_counts';

/** The demand measures published: the survey's five and the 5-year hires (the horizons' sum). */
const DEMAND_MEASURES = [...MEASURES.map((m) => m.id), HORIZON_SUM];
const LEVEL_ORDER: Readonly<Record<DemandLevel, number>> = { detailed: 0, major: 1, total: 2 };

interface FrameRow {
  wave: string;
  year: string;
  qtr: string;
  kind: string;
  industry_code: string;
  partnership_naics: string;
  estabs: number | null;
  employment: number | null;
  is_suppressed: boolean;
}

interface ResponseRow {
  wave: string;
  response_id: string;
  employer_key: string | null;
  employer_id_key: string | null;
  employer_name_key: string | null;
  naics: string;
  employees: number | null;
}

interface JobRow {
  wave: string;
  response_id: string;
  soc: string | null;
  soc_title: string | null;
  current_employees: number | null;
  vacancies: number | null;
  hires_12m: number | null;
  hires_1_3y: number | null;
  hires_3_5y: number | null;
  hard_to_fill: number | null;
  wage_hourly: number | null;
}

/**
 * Weight each wave's complete responses to its QCEW frame and write the survey marts: demand by occupation
 * and horizon (ratio estimates with intervals), per-occupation vacancy rates, hard-to-fill shares and wages,
 * skill gaps, challenge shares, and each wave's response rates and weighting. Estimates from fewer than
 * `minRespondents` employers are withheld (published empty, flagged); imprecise ones are flagged.
 */
export async function buildSurveyMarts(
  warehouse: Warehouse,
  options: SurveyEstimateOptions,
  tag: string,
): Promise<{ tables: { name: string; rows: number }[]; waves: WaveWeighting[] }> {
  const q = (sql: string) => warehouse.query(sql);
  const waves = (await q('SELECT wave FROM cfg_survey_waves ORDER BY position')) as { wave: string }[];
  const frame = (await q(
    'SELECT * FROM int_survey_frame ORDER BY wave, kind, industry_code',
  )) as unknown as FrameRow[];
  const responses = (await q(
    `SELECT wave, response_id, employer_key, employer_id_key, employer_name_key, naics, employees
     FROM stg_survey_responses ORDER BY wave, response_id`,
  )) as unknown as ResponseRow[];
  const jobs = (await q(
    `SELECT wave, response_id, soc, soc_title, current_employees, vacancies, hires_12m, hires_1_3y, hires_3_5y,
            hard_to_fill, wage_hourly FROM stg_survey_jobs ORDER BY wave, response_id, block`,
  )) as unknown as JobRow[];
  const skills = (await q(
    'SELECT wave, response_id, skill_id, importance, proficiency FROM stg_survey_skills ORDER BY wave, skill_id, response_id',
  )) as {
    wave: string;
    response_id: string;
    skill_id: string;
    importance: number | null;
    proficiency: number | null;
  }[];
  const choices = (await q(
    'SELECT wave, response_id, question, option_id FROM stg_survey_choices ORDER BY wave, question, option_id, response_id',
  )) as { wave: string; response_id: string; question: string; option_id: string }[];
  const labels = (await q(
    'SELECT wave, question, option_id, label, position FROM raw_survey_options ORDER BY position',
  )) as {
    wave: string;
    question: string;
    option_id: string;
    label: string;
  }[];
  const statuses = (await q(
    'SELECT wave, status, count(*) AS n FROM raw_survey_responses GROUP BY 1, 2',
  )) as {
    wave: string;
    status: string;
    n: number;
  }[];
  const invited = (await q(
    'SELECT wave, employer_key, id_key, name_key, employees FROM raw_survey_invited',
  )) as {
    wave: string;
    employer_key: string;
    id_key: string | null;
    name_key: string | null;
    employees: number | null;
  }[];
  const waveInfo = (await q('SELECT * FROM raw_survey_waves')) as {
    wave: string;
    title: string;
    job_blocks: number;
    hard_to_fill_min: number;
    hard_to_fill_max: number;
    skills_min: number;
    skills_max: number;
  }[];

  const rows: Record<
    keyof typeof MART_COLUMNS | typeof SURVEY_DISCLOSURE_TABLE | typeof SURVEY_CELL_COUNTS_TABLE,
    RowValue[][]
  > = {
    int_survey_disclosure: [],
    int_survey_cell_counts: [],
    mart_survey_demand: [],
    mart_survey_occupations: [],
    mart_survey_skill_gaps: [],
    mart_survey_challenges: [],
    mart_survey_waves: [],
  };
  const weightings: WaveWeighting[] = [];
  // The estimation minimum and the disclosure threshold: a cell needs both.
  const minEmployers = Math.max(options.minRespondents, options.disclosure.rules.minContributors);
  /**
   * Withheld below the minimum of employers, or when a disclosure rule withholds it; caution when imprecise or
   * when the estimator flagged a cell.
   */
  const judge = (
    respondents: number,
    e: {
      rse?: number | null;
      se?: number | null;
      varianceNote?: string | null;
      flags?: readonly { code: string; message: string }[];
    },
    rule: PrimaryReason | null = null,
  ) => {
    const verdict = quality({ ...e, respondents }, { minRespondents: minEmployers, maxRse: options.maxRse });
    if (rule && verdict.level !== 'withheld')
      return { level: 'withheld' as const, reason: withheldNote(rule) };
    const flag = e.flags?.find(
      (x) => x.code === 'cell-not-estimated' || x.code === 'respondent-sum-exceeds-estimate',
    );
    return verdict.level === 'ok' && flag ? { level: 'caution' as const, reason: flag.message } : verdict;
  };

  for (const { wave } of waves) {
    /**
     * The rules for a mean, share or rate: the threshold on the employers answering, and dominance (and p%)
     * on their weights. Recorded in the confidential table; returns the reason it is withheld, or null.
     */
    const ruleOn = (mart: string, cell: string, statistic: string, weights: readonly number[]) => {
      const stats = cellStats(weights);
      const reason: PrimaryReason | null =
        stats.contributors < minEmployers ? 'threshold' : primaryReason(stats, options.disclosure.rules);
      rows.int_survey_cell_counts.push([
        wave,
        mart,
        cell,
        statistic,
        stats.contributors,
        stats.total,
        stats.largest,
        stats.second,
        reason,
      ]);
      return reason;
    };
    const weighting = weightWave(
      wave,
      frame.filter((r) => r.wave === wave),
      responses.filter((r) => r.wave === wave),
      invited.filter((r) => r.wave === wave),
      options.minCellRespondents,
    );
    weightings.push(weighting.summary);
    const { cells, inScope, weightOf } = weighting;
    const count = (status: string) => statuses.find((x) => x.wave === wave && x.status === status)?.n ?? 0;
    const info = waveInfo.find((w) => w.wave === wave);
    rows.mart_survey_waves.push([
      wave,
      info?.title ?? null,
      info?.job_blocks ?? null,
      ['complete', 'partial', 'test', 'duplicate', 'unusable'].reduce((n, st) => n + count(st), 0),
      count('complete'),
      count('partial'),
      count('test'),
      count('duplicate'),
      count('unusable'),
      inScope.length,
      weighting.invitedCount,
      weighting.notInvited,
      weighting.summary.responseRate,
      weighting.summary.employmentResponseRate,
      weighting.summary.frameCoverage,
      weighting.summary.framePeriod,
      weighting.summary.method === 'ratio'
        ? 'ratio estimator to QCEW employment within post-strata'
        : weighting.summary.method === 'expansion'
          ? 'expansion estimator to QCEW establishment counts within post-strata (employment not available)'
          : 'no estimate',
      weighting.summary.cells.map((c) => `${c.id} (${c.respondents} of ${c.establishments})`).join('; '),
      weighting.summary.notes.join(' ') || null,
    ]);
    if (weighting.summary.method === 'none') continue;

    // Demand by occupation in the jobs employers list as critical (up to the wave's job blocks): each
    // respondent's total for the occupation, 0 when it did not list it.
    const waveJobs = jobs.filter((j) => j.wave === wave && j.soc !== null && weightOf.has(j.response_id));
    /** The jobs listed under each occupation. */
    const jobsOf = new Map<string, JobRow[]>();
    for (const j of waveJobs) {
      const list = jobsOf.get(j.soc!);
      if (list) list.push(j);
      else jobsOf.set(j.soc!, [j]);
    }
    const socs = [...jobsOf.keys()].sort();
    /** soc → measure → response → its answer (null: listed the occupation, left the measure blank). */
    const answers = new Map<string, Map<string, Map<string, number | null>>>();
    const titles = new Map<string, string | null>();
    for (const soc of socs) {
      const listed = jobsOf.get(soc)!;
      titles.set(soc, listed.find((j) => j.soc_title)?.soc_title ?? null);
      const byMeasure = new Map<string, Map<string, number | null>>();
      for (const measure of MEASURES) {
        const byResponse = new Map<string, number | null>();
        for (const j of listed) {
          const v = j[measure.column];
          const prev = byResponse.get(j.response_id);
          byResponse.set(j.response_id, v === null ? (prev ?? null) : (prev ?? 0) + v);
        }
        byMeasure.set(measure.id, byResponse);
      }
      answers.set(soc, byMeasure);
    }
    const table = demandRows(socs, (soc) => titles.get(soc) ?? null);
    const estimator = weighting.summary.method === 'ratio' ? ratioEstimate : expansionEstimate;
    /** A respondent's value for a row (its occupations) and measures: a sum, null when all were blank. */
    const answerOf = (row: DemandRow, measures: readonly string[], id: string): number | null => {
      let listedAny = false;
      let total: number | null = null;
      for (const soc of row.members) {
        for (const measure of measures) {
          const byResponse = answers.get(soc)!.get(measure)!;
          if (!byResponse.has(id)) continue;
          listedAny = true;
          const v = byResponse.get(id)!;
          if (v !== null) total = (total ?? 0) + v;
        }
      }
      return listedAny ? total : 0;
    };
    const detailedTotals = new Map<string, number>();
    const demandCells: (DemandCell & {
      row: DemandRow;
      measure: string;
      estimate: TotalEstimate;
      verdict: ReturnType<typeof judge>;
    })[] = [];
    for (const measure of DEMAND_MEASURES) {
      const parts = measure === HORIZON_SUM ? HORIZONS : [measure];
      // Detailed rows first, so the rollups can add up their published estimates.
      for (const row of [...table].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level])) {
        const observations: Observation[] = inScope.map((r) => ({ ...r, value: answerOf(row, parts, r.id) }));
        const estimate = estimator(cells, observations);
        // Rollups and the 5-year sum are the sums of the detailed estimates, so every published total equals
        // the sum of its published parts (the estimator is linear only where every employer answered all).
        const value =
          row.level === 'detailed' && measure !== HORIZON_SUM
            ? estimate.total
            : row.members.reduce(
                (n, soc) => n + parts.reduce((m, p) => m + detailedTotals.get(`${soc}|${p}`)!, 0),
                0,
              );
        if (row.level === 'detailed' && measure !== HORIZON_SUM)
          detailedTotals.set(`${row.soc}|${measure}`, value);
        // Employers with a non-zero answer, and the two largest answers: what the disclosure rules test.
        const stats = cellStats(observations.map((o) => o.value));
        const verdict = judge(stats.contributors, {
          se: estimate.se,
          rse: value === 0 ? null : estimate.se / value,
          varianceNote: estimate.varianceNote,
          flags: estimate.flags,
        });
        demandCells.push({
          id: demandCellId(wave, row.soc, measure),
          value,
          stats,
          withheld: verdict.level === 'withheld',
          row,
          measure,
          estimate,
          verdict,
        });
      }
    }
    const relations = demandRelations(wave, table, DEMAND_MEASURES);
    const { rounding } = options.disclosure;
    const suppressed = await suppressDemandCells(demandCells, relations, options.disclosure);
    for (const cell of demandCells) {
      const reason = suppressed.get(cell.id) ?? null;
      const shown = reason === null;
      // The interval is clipped at 0, not at the respondents' own sum: a rollup's bound would otherwise give
      // away the sum of a suppressed part. With rounding, everything published is computed from the rounded
      // values, so no column (the RSE, say) gives the unrounded estimate back.
      const round = (v: number) => (rounding === null ? v : Math.round(v / rounding) * rounding);
      const value = round(cell.value);
      const se = round(cell.estimate.se);
      rows.mart_survey_demand.push([
        wave,
        cell.row.soc,
        cell.row.title,
        cell.row.level,
        cell.measure,
        shown ? value : null,
        shown ? se : null,
        shown ? round(Math.max(0, cell.value - Z95 * cell.estimate.se)) : null,
        shown ? round(cell.value + Z95 * cell.estimate.se) : null,
        shown ? (value === 0 ? null : se / value) : null,
        shown ? rounding : null,
        shown ? (cell.verdict.level === 'withheld' ? 'ok' : cell.verdict.level) : 'withheld',
        shown ? (cell.verdict.level === 'caution' ? cell.verdict.reason : null) : withheldNote(reason),
        !shown,
        reason,
        cell.estimate.method,
      ]);
      rows.int_survey_disclosure.push([
        wave,
        cell.row.soc,
        cell.measure,
        cell.value,
        cell.stats.contributors,
        cell.stats.total,
        cell.stats.largest,
        cell.stats.second,
        reason,
      ]);
    }
    const published = (soc: string, measure: string) => !suppressed.has(demandCellId(wave, soc, measure));
    for (const soc of socs) {
      const listed = jobsOf.get(soc)!;
      const title = titles.get(soc) ?? null;
      const listers = new Set(listed.map((j) => j.response_id));
      // Vacancy rate, hard to fill and wage among the employers reporting the occupation, each from the
      // employers who answered it, and withheld when they are fewer than the minimum.
      const hardFrom = (info?.hard_to_fill_max ?? 5) - 1;
      const perResponse = [...listers].map((id) => {
        const js = listed.filter((j) => j.response_id === id);
        const sumOf = (k: 'vacancies' | 'current_employees') =>
          js.some((j) => j[k] !== null) ? js.reduce((n, j) => n + (j[k] ?? 0), 0) : null;
        const hard = js.map((j) => j.hard_to_fill).filter((h): h is number => h !== null);
        const wages = js.map((j) => j.wage_hourly).filter((w): w is number => w !== null);
        return {
          weight: weightOf.get(id)!,
          vacancies: sumOf('vacancies'),
          current: sumOf('current_employees'),
          // The top two points of the wave's scale count as hard to fill.
          hard: hard.length ? Math.max(...hard) >= hardFrom : null,
          wage: wages.length ? wages.reduce((a, b) => a + b, 0) / wages.length : null,
        };
      });
      const both = perResponse.filter((p) => p.vacancies !== null && p.current !== null);
      const denominator = both.reduce((n, p) => n + p.weight * ((p.vacancies ?? 0) + (p.current ?? 0)), 0);
      const occupation = (statistic: string, weights: readonly number[]) =>
        ruleOn('mart_survey_occupations', soc, statistic, weights);
      const vacancyWithheld = occupation(
        'vacancy_rate',
        both.map((p) => p.weight * ((p.vacancies ?? 0) + (p.current ?? 0))),
      );
      // A rate beside published employees would give away suppressed vacancies (and the reverse).
      const vacancyRate =
        vacancyWithheld === null &&
        denominator > 0 &&
        published(soc, 'vacancies') &&
        published(soc, 'current_employees')
          ? both.reduce((n, p) => n + p.weight * (p.vacancies ?? 0), 0) / denominator
          : null;
      const hard = weightedProportion(perResponse.map((p) => ({ weight: p.weight, value: p.hard })));
      const wage = weightedMean(perResponse.map((p) => ({ weight: p.weight, value: p.wage })));
      const verdict = judge(listers.size, {});
      const shown = verdict.level !== 'withheld';
      // Recorded for every occupation, whether or not the occupation's row is shown at all.
      const hardRule = occupation(
        'hard_to_fill_share',
        perResponse.filter((p) => p.hard !== null).map((p) => p.weight),
      );
      const wageRule = occupation(
        'mean_wage_hourly',
        perResponse.filter((p) => p.wage !== null).map((p) => p.weight),
      );
      const hardShown = shown && hardRule === null;
      const wageShown = shown && wageRule === null;
      rows.mart_survey_occupations.push([
        wave,
        soc,
        title,
        shown ? vacancyRate : null,
        hardShown ? hard.p : null,
        hardShown ? (hard.ci95?.[0] ?? null) : null,
        hardShown ? (hard.ci95?.[1] ?? null) : null,
        wageShown ? wage.mean : null,
        verdict.level,
        verdict.reason,
      ]);
    }

    // Skill gaps. An employer cites a skill when importance exceeds proficiency by half the scale or more
    // (2 points on 1-5).
    const citeGap = ((info?.skills_max ?? 5) - (info?.skills_min ?? 1)) / 2;
    const waveSkills = skills.filter((x) => x.wave === wave && weightOf.has(x.response_id));
    const skillRows = [...new Set(waveSkills.map((x) => x.skill_id))].map((skillId) => {
      const items = waveSkills
        .filter((x) => x.skill_id === skillId)
        .map((x) => ({
          weight: weightOf.get(x.response_id)!,
          importance: x.importance,
          proficiency: x.proficiency,
        }));
      const gap = skillGap(items);
      const citing = weightedProportion(
        items.map((x) => ({
          weight: x.weight,
          value:
            x.importance === null || x.proficiency === null ? null : x.importance - x.proficiency >= citeGap,
        })),
      );
      // No RSE: a gap near zero makes it meaningless; a gap's precision is its interval.
      const rated = items.filter((x) => x.importance !== null && x.proficiency !== null);
      const rule = ruleOn(
        'mart_survey_skill_gaps',
        skillId,
        'gap',
        rated.map((x) => x.weight),
      );
      const verdict = judge(gap.respondents, { se: gap.se }, rule);
      const label =
        labels.find((l) => l.wave === wave && l.question === 'skills' && l.option_id === skillId)?.label ??
        skillId;
      return { skillId, label, gap, citing, verdict };
    });
    const ranked = [...skillRows]
      .filter((r) => r.verdict.level !== 'withheld' && r.gap.mwds !== null)
      .sort((a, b) => b.gap.mwds! - a.gap.mwds! || (a.skillId < b.skillId ? -1 : 1));
    for (const r of skillRows) {
      const shown = r.verdict.level !== 'withheld';
      const level = r.verdict.level;
      rows.mart_survey_skill_gaps.push([
        wave,
        r.skillId,
        r.label,
        shown ? r.gap.importance : null,
        shown ? r.gap.proficiency : null,
        shown ? r.gap.gap : null,
        shown ? (r.gap.ci95?.[0] ?? null) : null,
        shown ? (r.gap.ci95?.[1] ?? null) : null,
        shown ? r.gap.mwds : null,
        shown ? ranked.indexOf(r) + 1 || null : null,
        shown ? r.citing.p : null,
        shown ? (r.citing.ci95?.[0] ?? null) : null,
        shown ? (r.citing.ci95?.[1] ?? null) : null,
        level,
        level === 'ok' ? null : r.verdict.reason,
      ]);
    }

    // Challenges, top challenge, training and work-based-learning interest.
    const waveChoices = choices.filter((c) => c.wave === wave && weightOf.has(c.response_id));
    for (const question of ['challenges', 'topChallenge', 'training', 'workBasedLearning']) {
      const answered = new Set(waveChoices.filter((c) => c.question === question).map((c) => c.response_id));
      if (answered.size === 0) continue;
      const optionQuestion = question === 'topChallenge' ? 'challenges' : question;
      const options = labels.filter((l) => l.wave === wave && l.question === optionQuestion);
      for (const option of options) {
        const chose = new Set(
          waveChoices
            .filter((c) => c.question === question && c.option_id === option.option_id)
            .map((c) => c.response_id),
        );
        const share = weightedProportion(
          [...answered].map((id) => ({ weight: weightOf.get(id)!, value: chose.has(id) })),
        );
        const rule = ruleOn(
          'mart_survey_challenges',
          `${question}:${option.option_id}`,
          'share',
          [...answered].map((id) => weightOf.get(id)!),
        );
        const verdict = judge(answered.size, {}, rule);
        const shown = verdict.level !== 'withheld';
        rows.mart_survey_challenges.push([
          wave,
          question,
          option.option_id,
          option.label,
          shown ? share.p : null,
          shown ? (share.ci95?.[0] ?? null) : null,
          shown ? (share.ci95?.[1] ?? null) : null,
          verdict.level,
          verdict.reason,
        ]);
      }
    }
  }

  const tables = await loadRowTables(
    warehouse,
    [
      ...SURVEY_MARTS.map((name) => ({ table: name, columns: MART_COLUMNS[name], rows: rows[name] })),
      { table: SURVEY_DISCLOSURE_TABLE, columns: DISCLOSURE_COLUMNS, rows: rows.int_survey_disclosure },
      { table: SURVEY_CELL_COUNTS_TABLE, columns: CELL_COUNT_COLUMNS, rows: rows.int_survey_cell_counts },
    ],
    tag,
  );
  return { tables, waves: weightings };
}

interface WaveWeights {
  readonly summary: WaveWeighting;
  readonly cells: readonly FrameCell[];
  /** Respondents in scope, with the stratum each belongs to. */
  readonly inScope: readonly Respondent[];
  /** response id → post-stratification weight. */
  readonly weightOf: ReadonlyMap<string, number>;
  readonly invitedCount: number | null;
  /** In-scope respondents matching no invitation, when there is an invitation list. */
  readonly notInvited: number | null;
}

/**
 * The frame of a wave as strata (industry groups; those whose employment is suppressed together as one, with
 * the total less the disclosed groups), respondents assigned to them, collapsed cells and weights.
 */
function weightWave(
  wave: string,
  frame: readonly FrameRow[],
  responses: readonly ResponseRow[],
  invited: readonly {
    employer_key: string;
    id_key: string | null;
    name_key: string | null;
    employees: number | null;
  }[],
  minCellRespondents: number,
): WaveWeights {
  const notes: string[] = [];
  const totals = frame.filter((r) => r.kind === 'total');
  const groups = frame.filter((r) => r.kind === 'stratum');
  const framePeriod = frame[0]
    ? frame[0].qtr === 'A'
      ? frame[0].year
      : `${frame[0].year} Q${frame[0].qtr}`
    : null;
  const empty = (method: 'none', why: string): WaveWeights => ({
    summary: {
      wave,
      framePeriod,
      method,
      cells: [],
      notes: [why],
      inScope: 0,
      outOfScope: {},
      responseRate: null,
      employmentResponseRate: null,
      frameCoverage: null,
    },
    cells: [],
    inScope: [],
    weightOf: new Map(),
    invitedCount: invited.length || null,
    notInvited: null,
  });
  if (frame.length === 0)
    return empty('none', `no QCEW frame for wave ${wave}: load QCEW for its frame year`);
  if (groups.length === 0) {
    return empty(
      'none',
      `no industry groups to weight wave ${wave} to: surveys.estimation.strataDigits must be more digits than the partnership's NAICS codes`,
    );
  }
  const disclosed = groups.filter((g) => g.employment !== null);
  const hidden = groups.filter((g) => g.employment === null);
  const total = totals.reduce(
    (n, t) => (n === null || t.employment === null ? null : n + t.employment),
    0 as number | null,
  );
  const ratioPossible = total !== null || hidden.length === 0;
  const strata: Stratum[] = disclosed.map((g, k) => ({
    id: g.industry_code,
    establishments: g.estabs ?? 0,
    employment: g.employment ?? 0,
    group: g.partnership_naics,
    order: k,
  }));
  const memberOf = new Map<string, string>(disclosed.map((g) => [g.industry_code, g.industry_code]));
  if (hidden.length) {
    const residual =
      total === null ? 0 : Math.max(0, total - disclosed.reduce((n, g) => n + (g.employment ?? 0), 0));
    const id = `other (${hidden.map((g) => g.industry_code).join(', ')})`;
    strata.push({
      id,
      establishments: hidden.reduce((n, g) => n + (g.estabs ?? 0), 0),
      employment: residual,
      group: hidden[0]!.partnership_naics,
      order: strata.length,
    });
    for (const g of hidden) memberOf.set(g.industry_code, id);
    notes.push(
      `industry groups with suppressed employment (${hidden.map((g) => g.industry_code).join(', ')}) form one stratum with the total's remaining employment`,
    );
  }
  const digits = groups[0]!.industry_code.length;
  const outOfScope: Record<string, number> = {};
  const inScope: Respondent[] = [];
  for (const r of responses) {
    const stratum = memberOf.get(r.naics.slice(0, digits));
    const reason =
      r.naics.length < digits || !/^\d+$/.test(r.naics)
        ? 'industry too coarse to place in a stratum'
        : stratum === undefined
          ? 'industry group not in the QCEW frame (outside the partnership industry, or no establishments)'
          : r.employees === null
            ? 'no employee count'
            : undefined;
    if (reason) {
      outOfScope[reason] = (outOfScope[reason] ?? 0) + 1;
      continue;
    }
    inScope.push({ id: r.response_id, stratum: stratum!, employment: r.employees! });
  }
  for (const [reason, n] of Object.entries(outOfScope))
    notes.push(`${n} complete response(s) left out: ${reason}`);
  if (inScope.length === 0) return empty('none', `no respondents in scope for wave ${wave}`);
  const collapsed = collapseStrata(strata, inScope, { minRespondents: minCellRespondents });
  notes.push(...collapsed.notes);
  const cells = collapsed.cells;
  const weights = postStratify(cells, inScope);
  notes.push(...weights.notes);
  const weightOf = new Map(weights.weights.map((w) => [w.id, w.weight]));
  // A response matches its invitation by employer id, or by name when it came through an open link.
  const inviteeById = new Map(invited.filter((x) => x.id_key).map((x) => [x.id_key!, x.employer_key]));
  const inviteeByName = new Map(invited.filter((x) => x.name_key).map((x) => [x.name_key!, x.employer_key]));
  const invitee = new Map(
    responses.map((r) => [
      r.response_id,
      (r.employer_id_key && inviteeById.get(r.employer_id_key)) ||
        (r.employer_name_key && inviteeByName.get(r.employer_name_key)) ||
        `not invited: ${r.response_id}`,
    ]),
  );
  const rates = responseRates({
    ...(invited.length
      ? { invited: invited.map((x) => ({ id: x.employer_key, employment: x.employees ?? 0 })) }
      : {}),
    respondents: inScope.map((r) => ({ ...r, id: invitee.get(r.id)! })),
    frame: cells,
  });
  if (rates.respondentsNotInvited) {
    notes.push(
      `${rates.respondentsNotInvited} respondent(s) match no invitation by id or name; they are weighted but not in the response rate`,
    );
  }
  return {
    summary: {
      wave,
      framePeriod,
      method: ratioPossible ? 'ratio' : 'expansion',
      cells: weights.cells.map((c) => ({
        id: c.id,
        establishments: c.establishments,
        employment: c.employment,
        respondents: c.respondents,
        weight: c.weight,
      })),
      notes,
      inScope: inScope.length,
      outOfScope,
      responseRate: rates.rr1,
      employmentResponseRate: rates.employmentRate,
      frameCoverage: rates.employmentCoverage,
    },
    cells,
    inScope,
    weightOf,
    invitedCount: invited.length || null,
    notInvited: rates.respondentsNotInvited,
  };
}
