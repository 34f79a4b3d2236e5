/**
 * The demo economy behind the labor-market files: occupations' staffing shares in each manufacturing subsector,
 * national and Lakeshore employment, wages, growth and separations, all drawn from the seed. The industry
 * employment it starts from is the demo QCEW's own (2023 annual averages), so staffing estimates, state totals
 * and the QCEW files agree with each other.
 */

import type { LaborOccupation } from './labor-market-facts.ts';
import { LABOR_OCCUPATIONS } from './labor-market-facts.ts';
import type { FillerOccupation } from './labor-market-soc.ts';
import { FILLER_OCCUPATIONS } from './labor-market-soc.ts';
import { childrenOf, INDUSTRY_BY_CODE, NATIONAL_BENCHMARKS } from './naics.ts';
import { buildDemoQcewFiles, DEMO_PARTNERSHIP } from './qcew.ts';
import type { Random } from './random.ts';
import { createRandom, deriveSeed } from './random.ts';
import type { CriticalJob } from './soc-jobs.ts';
import { CRITICAL_JOB_BY_SOC } from './soc-jobs.ts';

/** May OEWS estimates and the QCEW year they line up with. */
export const OEWS_YEAR = 2023;

/** The 3-digit manufacturing subsectors (NAICS 311-339), in code order. */
export const MANUFACTURING_SUBSECTORS: readonly string[] = childrenOf('31-33').filter((c) =>
  /^3\d\d$/.test(c),
);

/** Hourly wage distribution of one cell; annual values are hourly × 2,080. */
export interface Wages {
  readonly mean: number;
  readonly p10: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p90: number;
}

/** What the Employment Projections publish about an occupation's entry requirements (Table 1.2). */
export interface EntryRequirements {
  readonly education: string;
  readonly experience: string;
  readonly training: string;
}

export interface OccupationModel {
  /** SOC code and title as OEWS publishes them. */
  readonly soc: string;
  readonly title: string;
  /** The demo occupation (survey job or step up), with its O*NET profile; undefined for the other occupations. */
  readonly demo: LaborOccupation | undefined;
  /** The survey's critical job the occupation stands for, when it is one. */
  readonly job: CriticalJob | undefined;
  readonly entry: EntryRequirements;
  /** OEWS publishes only annual wages (teachers and the like). */
  readonly annualOnly: boolean;
  /** Share of each subsector's employment (fraction). */
  readonly shares: ReadonlyMap<string, number>;
  /** National employment in manufacturing and in all industries, persons (unrounded). */
  readonly nationalManufacturing: number;
  readonly national: number;
  /** Lakeshore employment, all industries. */
  readonly state: number;
  /** National wages across industries. */
  readonly wages: Wages;
  /** Lakeshore wages relative to the nation. */
  readonly stateWageFactor: number;
  /** Employment growth per year, annual separations rate (fraction), share of separations leaving the labor force. */
  readonly growth: number;
  readonly separationsRate: number;
  readonly exitShare: number;
  /** Self-employed share of employment (Employment Projections count them; OEWS does not). */
  readonly selfEmployed: number;
  /** The projections publish no self-employed share (a dash in Table 1.2). */
  readonly selfEmployedUnknown: boolean;
}

export interface DemoEconomy {
  readonly seed: number;
  /** Total covered employment (all ownerships), 2023 annual average. */
  readonly nationalTotal: number;
  readonly stateTotal: number;
  /** Private employment by manufacturing subsector, 2023 annual average. */
  readonly nationalManufacturing: ReadonlyMap<string, number>;
  readonly stateManufacturing: ReadonlyMap<string, number>;
  /** Wage level of each subsector relative to manufacturing as a whole. */
  readonly industryWageFactor: ReadonlyMap<string, number>;
  readonly occupations: readonly OccupationModel[];
}

/** A stream of random numbers for one labelled cell (adding a cell never shifts another's numbers). */
export function cellRandom(seed: number, ...labels: readonly (string | number)[]): Random {
  return createRandom(deriveSeed(seed, 'labor-market', ...labels));
}

/** Annual average employment of QCEW rows (quarterly file: mean of the 12 monthly levels). */
function annualAverage(rows: readonly Readonly<Record<string, unknown>>[]): number {
  let sum = 0;
  let months = 0;
  for (const row of rows) {
    for (const m of ['month1_emplvl', 'month2_emplvl', 'month3_emplvl']) {
      sum += Number(row[m] ?? 0);
      months++;
    }
  }
  return months === 0 ? 0 : sum / months;
}

interface QcewLevels {
  readonly nationalTotal: number;
  readonly stateTotal: number;
  readonly nationalManufacturing: Map<string, number>;
  readonly stateManufacturing: Map<string, number>;
}

function qcewLevels(seed: number): QcewLevels {
  const files = buildDemoQcewFiles({ seed, years: [OEWS_YEAR] });
  const rowsOf = (area: string) => files.find((f) => f.areaFips === area)?.rows ?? [];
  const nation = rowsOf(DEMO_PARTNERSHIP.nation.areaFips);
  const state = rowsOf(DEMO_PARTNERSHIP.state.areaFips);
  const level = (rows: typeof nation, own: string, code: string) =>
    annualAverage(rows.filter((r) => r['own_code'] === own && r['industry_code'] === code));
  const nationalManufacturing = new Map<string, number>();
  const stateManufacturing = new Map<string, number>();
  for (const code of MANUFACTURING_SUBSECTORS) {
    const us = level(nation, '5', code);
    nationalManufacturing.set(code, us);
    // A suppressed state cell is published as zeros; fall back to the state's share of the nation.
    const suppressed = state.some(
      (r) => r['own_code'] === '5' && r['industry_code'] === code && r['disclosure_code'] === 'N',
    );
    stateManufacturing.set(code, suppressed ? Number.NaN : level(state, '5', code));
  }
  const nationalTotal = level(nation, '0', '10');
  const stateTotal = level(state, '0', '10');
  for (const [code, value] of stateManufacturing) {
    if (Number.isNaN(value)) {
      stateManufacturing.set(code, (nationalManufacturing.get(code)! * stateTotal) / nationalTotal);
    }
  }
  return { nationalTotal, stateTotal, nationalManufacturing, stateManufacturing };
}

/** Weekly wage of each subsector relative to manufacturing, from the national benchmarks, damped. */
function industryWageFactors(): Map<string, number> {
  const byCode = new Map<string, { employment: number; payroll: number }>();
  for (const b of NATIONAL_BENCHMARKS) {
    if (b.own !== '5') continue;
    const code = b.code.slice(0, 3);
    if (!MANUFACTURING_SUBSECTORS.includes(code) || !INDUSTRY_BY_CODE.has(code)) continue;
    const cell = byCode.get(code) ?? { employment: 0, payroll: 0 };
    cell.employment += b.employment;
    cell.payroll += b.employment * b.weeklyWage;
    byCode.set(code, cell);
  }
  let employment = 0;
  let payroll = 0;
  for (const cell of byCode.values()) {
    employment += cell.employment;
    payroll += cell.payroll;
  }
  const average = payroll / employment;
  return new Map(
    [...byCode].map(([code, cell]) => [code, (cell.payroll / cell.employment / average) ** 0.35]),
  );
}

function demoShares(spec: LaborOccupation, job: CriticalJob | undefined, seed: number): Map<string, number> {
  // OEWS publishes team assemblers only inside 51-2090, which also holds the other assemblers and fabricators.
  const base = spec.share ?? (spec.surveySoc ? job!.share * 1.24 : job!.share);
  const multipliers = spec.industries ?? job?.industries ?? {};
  const shares = new Map<string, number>();
  for (const code of MANUFACTURING_SUBSECTORS) {
    const rnd = cellRandom(seed, 'share', spec.soc, code);
    shares.set(code, base * (multipliers[code] ?? 1) * rnd.lognormal(0, 0.12));
  }
  return shares;
}

/**
 * Where the other occupations work within manufacturing: multipliers on their manufacturing share by SOC code
 * prefix and subsector (demo assumptions: food processing in food plants, woodworkers in wood and furniture...).
 */
const FILLER_INDUSTRIES: readonly (readonly [string, Readonly<Record<string, number>>, number])[] = [
  ['51-3', { '311': 6.5, '312': 2.5 }, 0],
  ['51-6', { '313': 9, '314': 9, '315': 10, '316': 9 }, 0.1],
  ['51-7', { '321': 7, '337': 6 }, 0.15],
  ['51-51', { '323': 13, '322': 1.5 }, 0.1],
  ['51-8', { '322': 3, '324': 6, '325': 4 }, 0.4],
  ['51-90', { '322': 2, '324': 4, '325': 4, '327': 2, '311': 1.5 }, 0.5],
  ['51-4', { '331': 2, '332': 2.2, '333': 1.8, '336': 1.5, '326': 1.5 }, 0.25],
  ['51-2', { '333': 1.8, '334': 2, '335': 2.2, '336': 1.8, '337': 1.2, '339': 1.5 }, 0.3],
  ['17-', { '334': 2.5, '336': 1.6, '325': 1.3, '333': 1.3 }, 0.5],
  ['15-', { '334': 3.5, '325': 1.2 }, 0.5],
  ['19-', { '325': 3.5, '311': 1.5, '324': 2 }, 0.3],
  ['53-3', { '311': 2, '312': 3, '327': 2.5 }, 0.8],
  ['41-', { '311': 1.3, '312': 2.5, '323': 1.5 }, 0.9],
];

function fillerShares(filler: FillerOccupation, seed: number): Map<string, number> {
  const rule = FILLER_INDUSTRIES.find(([prefix]) => filler.soc.startsWith(prefix));
  const shares = new Map<string, number>();
  for (const code of MANUFACTURING_SUBSECTORS) {
    const rnd = cellRandom(seed, 'share', filler.soc, code);
    const multiplier = rule ? (rule[1][code] ?? rule[2]) : 1;
    shares.set(code, (filler.mfgPct / 100) * multiplier * rnd.lognormal(0, 0.25));
  }
  return shares;
}

/** Listed occupations cover at most this much of a subsector's employment (OEWS files cover all of it). */
const MAX_COVERAGE = 0.94;

function demoWages(spec: LaborOccupation, job: CriticalJob | undefined, seed: number): Wages {
  const [p10Base, p25Base] = spec.wage ?? job!.wage;
  const rnd = cellRandom(seed, 'wages', spec.soc);
  const level = 1 + rnd.normal(0, 0.03);
  const p10 = p10Base * level;
  const p25 = p25Base * level;
  const median = p25 * (1.12 + 0.06 * rnd.next());
  const p75 = median * (1 + spec.spread);
  const p90 = median * (1 + 2.1 * spec.spread);
  return { p10, p25, median, p75, p90, mean: median * (1 + 0.35 * spec.spread) };
}

function fillerWages(filler: FillerOccupation, seed: number): Wages {
  const rnd = cellRandom(seed, 'wages', filler.soc);
  const level = 1 + rnd.normal(0, 0.03);
  const [p10, p25, median, p75, p90] = filler.wages.map((w) => w * level) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { p10, p25, median, p75, p90, mean: (p10 + p25 + 2 * median + p75 + p90) / 6 };
}

/**
 * The demo economy for a seed: the demo's occupations and the other occupations its OEWS files list.
 *
 * @example buildDemoEconomy(20240101).occupations.find((o) => o.soc === '51-4041')!.national // ≈ 300,000
 */
export function buildDemoEconomy(seed: number): DemoEconomy {
  const levels = qcewLevels(seed);
  const nationalMfgTotal = sum(levels.nationalManufacturing.values());
  const stateMfgTotal = sum(levels.stateManufacturing.values());
  const nonManufacturingRatio =
    (levels.stateTotal - stateMfgTotal) / (levels.nationalTotal - nationalMfgTotal);

  const drafts = [
    ...LABOR_OCCUPATIONS.map((spec) => {
      const job = CRITICAL_JOB_BY_SOC.get(spec.surveySoc ?? spec.soc);
      return { soc: spec.soc, spec, job, filler: undefined, shares: demoShares(spec, job, seed) };
    }),
    ...FILLER_OCCUPATIONS.map((filler) => ({
      soc: filler.soc,
      spec: undefined,
      job: undefined,
      filler,
      shares: fillerShares(filler, seed),
    })),
  ].sort((a, b) => (a.soc < b.soc ? -1 : 1));
  // Keep each subsector's listed occupations under its employment.
  for (const code of MANUFACTURING_SUBSECTORS) {
    const covered = sum(drafts.map((d) => d.shares.get(code)!));
    if (covered > MAX_COVERAGE)
      for (const d of drafts) d.shares.set(code, (d.shares.get(code)! * MAX_COVERAGE) / covered);
  }

  const occupations = drafts.map(({ soc, spec, job, filler, shares }): OccupationModel => {
    const rnd = cellRandom(seed, 'occupation', soc);
    let nationalManufacturing = 0;
    let stateManufacturing = 0;
    for (const code of MANUFACTURING_SUBSECTORS) {
      nationalManufacturing += levels.nationalManufacturing.get(code)! * shares.get(code)!;
      stateManufacturing += levels.stateManufacturing.get(code)! * shares.get(code)!;
    }
    const national = spec
      ? nationalManufacturing / spec.inManufacturing
      : Math.max(
          (filler!.allPerMille / 1000) * levels.nationalTotal * rnd.lognormal(0, 0.05),
          nationalManufacturing / 0.97,
        );
    const state =
      stateManufacturing +
      (national - nationalManufacturing) * nonManufacturingRatio * rnd.lognormal(0, 0.12);
    const separationsRate =
      (spec
        ? (spec.separationsRate ?? job!.separationsRate)
        : (filler!.exitRate + filler!.transferRate) / 100) *
      (1 + rnd.normal(0, 0.03));
    const growth =
      (spec ? (spec.growth ?? job!.growth) : (1 + filler!.growth10 / 100) ** 0.1 - 1) + rnd.normal(0, 0.0015);
    const exitShare = spec
      ? Math.min(0.55, Math.max(0.28, 0.41 + rnd.normal(0, 0.04)))
      : filler!.exitRate / (filler!.exitRate + filler!.transferRate);
    return {
      soc,
      title: spec ? spec.title : filler!.title,
      demo: spec,
      job,
      entry: spec ?? filler!,
      annualOnly: filler?.annualOnly ?? false,
      shares,
      nationalManufacturing,
      national,
      state,
      wages: spec ? demoWages(spec, job, seed) : fillerWages(filler!, seed),
      stateWageFactor: 0.94 * (1 + rnd.normal(0, 0.025)),
      growth,
      separationsRate,
      exitShare,
      selfEmployedUnknown: filler !== undefined && filler.selfEmployed === null,
      selfEmployed: spec
        ? spec.soc === '47-2111'
          ? 0.08
          : 0.005 + 0.02 * rnd.next()
        : ((filler!.selfEmployed ?? 0) / 100) * rnd.lognormal(0, 0.1),
    };
  });
  return {
    seed,
    nationalTotal: levels.nationalTotal,
    stateTotal: levels.stateTotal,
    nationalManufacturing: levels.nationalManufacturing,
    stateManufacturing: levels.stateManufacturing,
    industryWageFactor: industryWageFactors(),
    occupations,
  };
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting shared by the writers

/**
 * Round half away from zero, as the statistical agencies round published figures.
 *
 * @example roundHalfAway(0.25, 1) // 0.3; roundHalfAway(-1.25, 1) // -1.3
 */
export function roundHalfAway(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  // The small nudge keeps binary fractions such as 1.005 (stored as 1.00499…) rounding the way they read.
  const rounded = Math.round(scaled + 1e-7) / factor;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * A number the way a spreadsheet saved as CSV writes it: rounded, without trailing zeros.
 *
 * @example plain(58.40, 2) // '58.4'; plain(-0.04, 1) // '0'
 */
export function plain(value: number, decimals: number): string {
  const rounded = roundHalfAway(value, decimals);
  return String(rounded === 0 ? 0 : rounded);
}

/** A CSV field, quoted only when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}
