/**
 * The demo employer-needs survey of the Lakeshore Valley Manufacturing Partnership: a seeded population of
 * manufacturing establishments consistent with the demo QCEW files, their true answers, a size-dependent draw of
 * respondents, and three waves written as the exports of three survey tools (survey-exports.ts), with the mess
 * real exports have. Because the population is known, every estimate the pipeline makes from a wave can be checked
 * against the truth (domain reference §2.7).
 *
 * Nothing here reads the clock or Math.random: the same seed gives byte-identical files.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { childrenOf, INDUSTRY_BY_CODE } from './naics.ts';
import type { DemoQcewFile } from './qcew.ts';
import { buildDemoQcewFiles, DEFAULT_DEMO_SEED, DEMO_INDUSTRY_CODE, DEMO_REGION_COUNTIES } from './qcew.ts';
import type { Random } from './random.ts';
import { createRandom, deriveSeed } from './random.ts';
import type { CriticalJob, EducationId } from './soc-jobs.ts';
import {
  CRITICAL_JOBS,
  challengesOffered,
  EDUCATION_LEVELS,
  SKILLS,
  staffingWeight,
  TRAINING_OPTIONS,
  WBL_OPTIONS,
} from './soc-jobs.ts';
import type { DemoWaveSpec } from './survey-exports.ts';
import { DEMO_WAVES, formatCsv, formatWaveExport } from './survey-exports.ts';

// ---------------------------------------------------------------------------------------------------------------
// Types

export interface DemoWage {
  readonly low: number;
  /** Equal to `low` when one amount was given. */
  readonly high: number;
  readonly unit: 'hour' | 'year';
}

/** One critical job as the employer knows it. */
export interface DemoJobAnswer {
  readonly soc: string;
  /** The title the employer uses. */
  readonly title: string;
  readonly currentEmployees: number;
  readonly vacancies: number;
  /** Hires over the next 12 months: `hiresGrowth12m + hiresReplacement12m`. */
  readonly hires12m: number;
  readonly hiresGrowth12m: number;
  readonly hiresReplacement12m: number;
  /** Hires after the first 12 months up to 3 years out (24 months). */
  readonly hires1to3y: number;
  /** Hires from 3 to 5 years out (24 months). */
  readonly hires3to5y: number;
  /** 1 very easy … 5 very hard. */
  readonly hardToFill: number;
  readonly wage: DemoWage;
  readonly education: EducationId;
}

/** One private manufacturing establishment of the region, with its true answers to the survey. */
export interface DemoEmployer {
  /** `E0001`…, in county, industry and slot order; ids are per population (per year). */
  readonly id: string;
  readonly name: string;
  readonly countyFips: string;
  readonly countyName: string;
  /** 3-digit NAICS under 31-33. */
  readonly naics: string;
  /** Month-3 employment of Q4. */
  readonly employees: number;
  /**
   * Whether QCEW publishes the employment of this establishment's county × industry cell; when not, its
   * employment is a share of the county's undisclosed remainder.
   */
  readonly employmentPublished: boolean;
  readonly contact: { readonly firstName: string; readonly lastName: string; readonly email: string };
  /** Critical jobs, biggest first (how employers list them). */
  readonly jobs: readonly DemoJobAnswer[];
  readonly skills: Readonly<Record<string, { readonly importance: number; readonly proficiency: number }>>;
  readonly challenges: readonly string[];
  readonly topChallenge: string;
  readonly training: readonly string[];
  readonly workBasedLearning: readonly string[];
  readonly comment: string | undefined;
}

export interface DemoEmployersOptions {
  readonly seed: number;
  /** The year of the QCEW (Q4, third month) the population matches; also which challenge options exist. */
  readonly year?: number;
  /** Seed of the demo QCEW the population is consistent with. */
  readonly qcewSeed?: number;
  /** Already built demo QCEW files (any years including `year`), to avoid building them again. */
  readonly qcew?: readonly DemoQcewFile[];
}

// ---------------------------------------------------------------------------------------------------------------
// The frame: QCEW county × 3-digit cells

/** One county × 3-digit industry cell of the frame. */
export interface DemoFrameCell {
  readonly countyFips: string;
  readonly naics: string;
  /** `qtrly_estabs` as published. */
  readonly establishments: number;
  /** `month3_emplvl` when published; else the cell's share of the county's undisclosed remainder. */
  readonly employment: number;
  readonly published: boolean;
}

const SUBSECTOR = /^3[1-3]\d$/;

/**
 * The county × 3-digit manufacturing cells of a year's Q4, third month, private ownership. Suppressed cells share
 * the county's 31-33 employment minus its disclosed 3-digit cells in proportion to their establishment counts
 * (largest remainder), which anyone holding the published files can reproduce.
 */
function frameCells(qcew: readonly DemoQcewFile[], year: number): DemoFrameCell[] {
  const cells: DemoFrameCell[] = [];
  for (const county of DEMO_REGION_COUNTIES) {
    const file = qcew.find((f) => f.areaFips === county.fips && f.year === year);
    if (!file) throw new Error(`the demo QCEW has no ${year} file for county ${county.fips}`);
    const q4 = file.rows.filter((r) => r['own_code'] === '5' && r['qtr'] === '4');
    const total = q4.find((r) => r['industry_code'] === DEMO_INDUSTRY_CODE);
    const subsectors = q4
      .filter((r) => SUBSECTOR.test(String(r['industry_code'])) && Number(r['qtrly_estabs']) > 0)
      .map((r) => ({
        naics: String(r['industry_code']),
        establishments: Number(r['qtrly_estabs']),
        employment: Number(r['month3_emplvl']),
        published: r['disclosure_code'] !== 'N',
      }))
      .sort((a, b) => (a.naics < b.naics ? -1 : 1));
    const hidden = subsectors.filter((s) => !s.published);
    const disclosed = subsectors.filter((s) => s.published).reduce((sum, s) => sum + s.employment, 0);
    const hiddenEstabs = hidden.reduce((sum, s) => sum + s.establishments, 0);
    // A suppressed county total (never the case for the default seed) leaves only a typical plant size to go by.
    const remainder =
      total && total['disclosure_code'] !== 'N'
        ? Math.max(0, Number(total['month3_emplvl']) - disclosed)
        : hiddenEstabs * 20;
    const shares = largestRemainder(
      remainder,
      hidden.map((s) => s.establishments),
    );
    let h = 0;
    for (const s of subsectors) {
      cells.push({
        countyFips: county.fips,
        naics: s.naics,
        establishments: s.establishments,
        employment: s.published ? s.employment : shares[h++]!,
        published: s.published,
      });
    }
  }
  return cells;
}

function frameCellsOf(qcewSeed: number, years: readonly number[]): Map<number, DemoFrameCell[]> {
  const qcew = buildDemoQcewFiles({ seed: qcewSeed, years });
  return new Map(years.map((year) => [year, frameCells(qcew, year)]));
}

/**
 * Split a whole number in proportion to weights, exactly: floors first, then one more to the largest fractional
 * parts (earlier index on ties).
 */
function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const quotas = weights.map((w) => (total * w) / sum);
  const result = quotas.map(Math.floor);
  let left = total - result.reduce((a, b) => a + b, 0);
  const order = quotas
    .map((q, i) => ({ i, frac: q - Math.floor(q) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) result[order[k]!.i]! += 1;
  return result;
}

/**
 * Establishment sizes of one cell: lognormal weights, every establishment at least 1 (when the cell has at least as
 * many employees as establishments; QCEW can record 0 in month 3 otherwise), summing exactly to the total.
 */
function establishmentSizes(weights: readonly number[], total: number): number[] {
  const n = weights.length;
  const floor = total >= n ? 1 : 0;
  return largestRemainder(total - floor * n, weights).map((s) => s + floor);
}

// ---------------------------------------------------------------------------------------------------------------
// Names

const SURNAMES = [
  'Müller',
  'Łukasz',
  'Schäfer',
  'Ødegaard',
  'Ramírez',
  'Nguyễn',
  'Kowalczyk',
  'Brennan',
  'Van Dyke',
  'Yoder',
  'Miller',
  'Troyer',
  'Hochstetler',
  "O'Brien",
  'Lindqvist',
  'Novák',
  'Peña',
  'Dubois',
  'Fischer',
  'Kaminski',
  'Bauer',
  'Weaver',
  'Schrock',
  'Bontrager',
  'Graber',
  'Lehman',
  'Stutzman',
  'Hershberger',
  'Mast',
  'Zimmerman',
  'Hartman',
  'Keller',
  'Fuentes',
  'Johansson',
  'Carlson',
  'Nowak',
  'Walsh',
  'Whitaker',
  'Barrett',
  'Sauder',
  'Kline',
  'Szabó',
  'Brandt',
  'Vogel',
  'Krause',
  'Ruiz',
  'Dvořák',
  'Søndergaard',
  'Becker',
  'Ostrowski',
];

const PLACES = [
  'Lakeshore',
  'Alder Creek',
  'Birchwood',
  'Cedar Ridge',
  'Dunmore',
  'Valley',
  'North Shore',
  'Prairie',
  'Riverbend',
  'Heartland',
  'Great Lakes',
  'Tri-County',
  'Midwest',
  'Pine Hollow',
  'Ironwood',
  'Maple Grove',
  'Harbor',
  'Summit',
  'Crossroads',
  'Northern',
];

const INDUSTRY_WORDS: Readonly<Record<string, readonly string[]>> = {
  '311': ['Foods', 'Bakery', 'Meats', 'Dairy', 'Provisions', 'Snacks', 'Kitchens'],
  '312': ['Brewing', 'Beverage', 'Cider Works', 'Distilling'],
  '313': ['Textiles', 'Mills', 'Fabrics'],
  '314': ['Canvas', 'Textile Products', 'Awning'],
  '315': ['Apparel', 'Sewn Products', 'Uniforms'],
  '316': ['Leather Works', 'Saddlery', 'Leather Goods'],
  '321': ['Lumber', 'Wood Products', 'Pallet', 'Millwork', 'Truss'],
  '322': ['Paper', 'Packaging', 'Corrugated', 'Box'],
  '323': ['Printing', 'Graphics', 'Press', 'Label'],
  '324': ['Asphalt', 'Fuels', 'Lubricants'],
  '325': ['Chemical', 'Coatings', 'Adhesives', 'Laboratories'],
  '326': ['Plastics', 'Molding', 'Polymers', 'Rubber Products', 'Extrusions'],
  '327': ['Concrete', 'Stone', 'Glass', 'Precast'],
  '331': ['Foundry', 'Castings', 'Steel', 'Alloys'],
  '332': ['Tool & Die', 'Metal Works', 'Fabrication', 'Precision', 'Machining', 'Stamping', 'Welding'],
  '333': ['Machinery', 'Equipment', 'Automation', 'Hydraulics'],
  '334': ['Electronics', 'Controls', 'Instruments', 'Sensors'],
  '335': ['Electric', 'Lighting', 'Motors', 'Power Systems'],
  '336': ['Coach', 'Trailers', 'RV', 'Mobility', 'Axle', 'Marine'],
  '337': ['Furniture', 'Cabinetry', 'Woodcraft', 'Interiors'],
  '339': ['Orthopedics', 'Medical', 'Surgical', 'Dental Lab', 'Signs', 'Instruments'],
};
const GENERIC_WORDS = ['Manufacturing', 'Industries', 'Products', 'Mfg.'];
const LEGAL = ['Inc.', 'LLC', 'Co.', 'Corp.', 'Company', 'Ltd.', '', '', ''];

const FIRST_NAMES = [
  'Mary',
  'John',
  'Sarah',
  'Mike',
  'Jennifer',
  'David',
  'Lisa',
  'Chris',
  'Amanda',
  'Brian',
  'Karen',
  'José',
  'María',
  'Tom',
  'Angela',
  'Kevin',
  'Renée',
  'Zoë',
  'Dan',
  'Heather',
  'Greg',
  'Tiffany',
  'Jamal',
  'Priya',
  'Wei',
  'Anh',
  'Joanna',
  'Paweł',
  'Beth',
  'Luis',
];
const LAST_NAMES = [
  ...SURNAMES,
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
];

/**
 * ASCII for emails and domains: accents stripped, letters NFD cannot decompose mapped by hand.
 */
function ascii(text: string): string {
  // Most names are plain ASCII already; NFD is the slow part of building a population.
  if (/^[ -~]*$/.test(text)) return text;
  return text
    .replace(/[Łł]/g, (c) => (c === 'Ł' ? 'L' : 'l'))
    .replace(/[Øø]/g, (c) => (c === 'Ø' ? 'O' : 'o'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

function companyName(rnd: Random, naics: string): string {
  const words = INDUSTRY_WORDS[naics] ?? GENERIC_WORDS;
  const legal = rnd.pick(LEGAL);
  // "Yoder Foods, Inc." is as common as "Yoder Foods Inc."; the comma makes CSV quoting matter.
  const suffix = legal === '' ? '' : rnd.chance(0.3) && legal !== 'Company' ? `, ${legal}` : ` ${legal}`;
  const pattern = rnd.next();
  if (pattern < 0.4) return `${rnd.pick(SURNAMES)} ${rnd.pick(words)}${suffix}`;
  if (pattern < 0.6) return `${rnd.pick(PLACES)} ${rnd.pick(words)}${suffix}`;
  if (pattern < 0.72) return `${rnd.pick(SURNAMES)} & ${rnd.pick(SURNAMES)} ${rnd.pick(words)}`;
  if (pattern < 0.84) {
    const letter = () => 'ABCDEGHJKLMRST'.charAt(rnd.int(0, 13));
    const initials = rnd.next() < 0.5 ? `${letter()}&${letter()}` : `${letter()}${letter()}${letter()}`;
    return `${initials} ${rnd.pick(words)}${suffix}`;
  }
  return `${rnd.pick(SURNAMES)} ${rnd.pick(GENERIC_WORDS)}${suffix}`;
}

function emailDomain(name: string): string {
  const stem = ascii(name)
    .toLowerCase()
    .replace(/,?\s*\b(inc|llc|co|corp|company|ltd|mfg)\.?$/, '')
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');
  return `${stem.slice(0, 28) || 'plant'}.com`;
}

function contactFor(rnd: Random, companyName: string): DemoEmployer['contact'] {
  const firstName = rnd.pick(FIRST_NAMES);
  const lastName = rnd.pick(LAST_NAMES);
  const first = ascii(firstName).toLowerCase();
  const last = ascii(lastName)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  const email = rnd.chance(0.15)
    ? `${first}.${last}${rnd.int(1, 99)}@gmail.com`
    : `${first[0] ?? 'x'}${last}@${emailDomain(companyName)}`;
  return { firstName, lastName, email };
}

// ---------------------------------------------------------------------------------------------------------------
// True answers

const COMMENTS = [
  'We could hire 10 more welders tomorrow if we could find them.',
  'Second shift is the hardest to staff.\nMost new hires do not make it past 90 days.',
  'Would love to partner with the college on a CNC program.',
  'Our maintenance techs are retiring in the next 5 years — we need a pipeline.',
  'Transportation is a barrier for 2nd & 3rd shift.\nThe bus stops running at 7pm.',
  'We’re raising starting pay again this spring; the plant down the road pays $2 more.',
  'Applicants can’t read a tape measure. We test everyone now.',
  'We call it the "90-day wall": people leave before benefits start.',
  'Happy to host plant tours for high school students, just call us.',
  'Child care is the #1 reason good people quit on us.',
  'Please share the results with members.\nThanks for doing this.\n\n– Plant manager',
  'Most of our hiring is seasonal (boats), so 12-month numbers are rough.',
  'We pay for tuition but nobody uses it.',
  'Looking for a pre-apprenticeship partner, 4-6 students per year.',
];

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

const likert = (rnd: Random, mean: number, sd: number): number =>
  clamp(Math.round(rnd.normal(mean, sd)), 1, 5);

/**
 * Pick `n` items without replacement, with probability proportional to weight (Efraimidis-Spirakis keys: the
 * n largest of log(u)/w). Runs for every establishment, so it allocates only the keys and the result.
 */
function weightedSample<T>(rnd: Random, items: readonly T[], weight: (t: T) => number, n: number): T[] {
  const keys = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const w = weight(items[i]!);
    // One draw per item whatever its weight, so the stream does not depend on which weights are zero.
    const u = rnd.next();
    keys[i] = w > 0 ? Math.log(1 - u) / w : Number.NEGATIVE_INFINITY;
  }
  const picked: T[] = [];
  for (let k = 0; k < n; k++) {
    let best = -1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i]! > Number.NEGATIVE_INFINITY && (best < 0 || keys[i]! > keys[best]!)) best = i;
    }
    if (best < 0) break;
    picked.push(items[best]!);
    keys[best] = Number.NEGATIVE_INFINITY;
  }
  return picked;
}

/** How much bigger establishments differ: 0 for a one-person shop, toward 1 for a large plant. */
function sizeFactor(employees: number): number {
  return 1 - Math.exp(-employees / 150);
}

/** Local pay relative to the state's: the counties' QCEW wage levels, roughly. */
const COUNTY_PAY: Readonly<Record<string, number>> = {
  '57001': 1.0,
  '57003': 1.02,
  '57005': 0.98,
  '57007': 0.95,
};

interface Traits {
  readonly name: string;
  readonly contact: DemoEmployer['contact'];
  /** The up to five critical jobs the establishment would name, from the industry's staffing mix. */
  readonly jobOrder: readonly CriticalJob[];
  readonly jobCountNoise: number;
  readonly turnover: number;
  readonly hardToFillShift: number;
  readonly importanceShift: number;
  readonly payLevel: number;
  readonly statesRanges: boolean;
}

/** What does not change from year to year at an establishment slot (so a wave-to-wave panel stays recognisable). */
function traitsFor(
  seed: number,
  countyFips: string,
  naics: string,
  slot: number,
  taken: Set<string>,
): Traits {
  const rnd = createRandom(deriveSeed(seed, 'employer-traits', countyFips, naics, slot));
  let name = companyName(rnd, naics);
  for (let attempt = 0; taken.has(name) && attempt < 20; attempt++) name = companyName(rnd, naics);
  if (taken.has(name)) name = `${name} (${DEMO_REGION_COUNTIES.find((c) => c.fips === countyFips)?.name})`;
  for (let k = 2; taken.has(name); k++) name = `${name} ${k}`;
  taken.add(name);
  return {
    name,
    contact: contactFor(rnd, name),
    jobOrder: weightedSample(rnd, CRITICAL_JOBS, (j) => staffingWeight(j, naics), 5),
    jobCountNoise: rnd.normal(0, 0.6),
    turnover: rnd.lognormal(0, 0.3),
    hardToFillShift: rnd.normal(0, 0.4),
    importanceShift: rnd.normal(0, 0.3),
    payLevel: rnd.lognormal(0, 0.05),
    statesRanges: rnd.chance(0.25),
  };
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

function jobAnswers(rnd: Random, traits: Traits, employees: number, countyFips: string): DemoJobAnswer[] {
  // Bigger plants name more critical jobs; never more jobs than people.
  const count = clamp(
    Math.round(1 + 1.3 * Math.log10(employees) + traits.jobCountNoise),
    1,
    Math.min(5, employees),
  );
  const jobs = traits.jobOrder.slice(0, count);
  // Critical jobs hold about half the workforce, a bit less when fewer are named.
  const coverage = clamp(rnd.normal(0.55, 0.1), 0.25, 0.85) * (count / 5) ** 0.3;
  const weights = jobs.map((j) => j.share * rnd.lognormal(0, 0.4));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const staffed = jobs.map((_, i) =>
    Math.max(1, Math.round((employees * coverage * weights[i]!) / totalWeight)),
  );
  // Rounding up to 1 each can overshoot a tiny shop; trim the biggest until the jobs fit.
  while (staffed.reduce((a, b) => a + b, 0) > employees) {
    const biggest = staffed.indexOf(Math.max(...staffed));
    staffed[biggest]! -= 1;
  }
  const growthShift = rnd.normal(0.015, 0.05);
  const answers = jobs.map((job, i): DemoJobAnswer => {
    const current = staffed[i]!;
    const hardToFill = likert(rnd, job.hardToFill + traits.hardToFillShift, 0.8);
    const replacementRate = current * job.separationsRate * traits.turnover;
    const growthRate = Math.max(0, current * (job.growth + growthShift));
    const hiresReplacement12m = rnd.poisson(replacementRate);
    const hiresGrowth12m = rnd.poisson(growthRate);
    const hourly =
      (job.wage[0] + rnd.next() * (job.wage[1] - job.wage[0])) * traits.payLevel * COUNTY_PAY[countyFips]!;
    const annual = rnd.chance(job.annualPayShare);
    const low = annual ? roundTo(hourly * 2080, 500) : roundTo(hourly, 0.25);
    const spread = traits.statesRanges
      ? annual
        ? roundTo(hourly * 2080 * 0.15, 1000)
        : roundTo(hourly * 0.15, 0.5)
      : 0;
    const level = EDUCATION_LEVELS.indexOf(job.education);
    const educationStep = rnd.chance(0.15) ? 1 : rnd.chance(0.06) ? -1 : 0;
    return {
      soc: job.soc,
      title: rnd.chance(0.85) ? job.employerTitles[0]! : rnd.pick(job.employerTitles),
      currentEmployees: current,
      vacancies: rnd.poisson(current * 0.04 * (hardToFill / 3)),
      hires12m: hiresGrowth12m + hiresReplacement12m,
      hiresGrowth12m,
      hiresReplacement12m,
      hires1to3y: rnd.poisson(2 * (replacementRate + 0.9 * growthRate)),
      hires3to5y: rnd.poisson(2 * (1.05 * replacementRate + 0.7 * growthRate)),
      hardToFill,
      wage: { low, high: low + spread, unit: annual ? 'year' : 'hour' },
      education: EDUCATION_LEVELS[clamp(level + educationStep, 0, EDUCATION_LEVELS.length - 1)]!,
    };
  });
  // Employers list their biggest critical jobs first.
  return answers
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.currentEmployees - x.a.currentEmployees || x.i - y.i)
    .map((x) => x.a);
}

/** Larger establishments cite these challenges more often. */
const SIZE_BOOST: Readonly<Record<string, number>> = {
  retention: 0.35,
  wages_competition: 0.3,
  retirements: 0.25,
};

function employerAnswers(
  seed: number,
  year: number,
  cell: DemoFrameCell,
  slot: number,
  employees: number,
  traits: Traits,
): Omit<DemoEmployer, 'id' | 'name' | 'countyName' | 'contact'> {
  const rnd = createRandom(deriveSeed(seed, 'employer-answers', cell.countyFips, cell.naics, slot, year));
  const size = sizeFactor(employees);
  const jobs = jobAnswers(rnd, traits, employees, cell.countyFips);
  const proficiencyShift = rnd.normal(0, 0.35);
  const skills: Record<string, { importance: number; proficiency: number }> = {};
  for (const skill of SKILLS) {
    skills[skill.id] = {
      importance: likert(rnd, skill.importance + traits.importanceShift, 0.6),
      proficiency: likert(rnd, skill.proficiency + proficiencyShift, 0.7),
    };
  }
  const offered = challengesOffered(year);
  let challenges = offered.filter((c) =>
    rnd.chance(clamp(c.prevalence * (1 + (SIZE_BOOST[c.id] ?? 0) * size), 0, 0.95)),
  );
  if (challenges.length === 0) challenges = [offered[0]!];
  const top = weightedSample(rnd, challenges, (c) => c.prevalence, 1)[0]!;
  const training = TRAINING_OPTIONS.filter((o) => rnd.chance(o.interest * (0.8 + 0.4 * size))).map(
    (o) => o.id,
  );
  const workBasedLearning = WBL_OPTIONS.filter((o) =>
    rnd.chance(
      clamp(o.interest * (o.id === 'apprenticeships' ? 0.6 + 0.9 * size : 0.85 + 0.3 * size), 0, 0.95),
    ),
  ).map((o) => o.id);
  return {
    countyFips: cell.countyFips,
    naics: cell.naics,
    employees,
    employmentPublished: cell.published,
    jobs,
    skills,
    challenges: challenges.map((c) => c.id),
    topChallenge: top.id,
    training,
    workBasedLearning,
    comment: rnd.chance(0.22) ? rnd.pick(COMMENTS) : undefined,
  };
}

/**
 * The private manufacturing establishments (own_code 5, 3-digit NAICS under 31-33) of the four region counties,
 * consistent with the demo QCEW of `year`, fourth quarter, third month: per county × industry as many
 * establishments as `qtrly_estabs`, employment summing to `month3_emplvl` where published and, for the
 * suppressed cells of a county together, to the county's 31-33 total less its published 3-digit cells. Sizes are
 * lognormal within a cell. An establishment slot (county, industry, index) keeps its name, contact and habits
 * from year to year; its answers are drawn per year.
 *
 * @example
 * const employers = buildDemoEmployers({ seed: 20240101, year: 2024 });
 * employers[0]; // { id: 'E0001', name: 'Nguyễn & Fuentes Kitchens', countyFips: '57001', naics: '311', employees: 38, ... }
 */
export function buildDemoEmployers(options: DemoEmployersOptions): DemoEmployer[] {
  const year = options.year ?? 2024;
  const qcew =
    options.qcew ?? buildDemoQcewFiles({ seed: options.qcewSeed ?? DEFAULT_DEMO_SEED, years: [year] });
  return populate(frameCells(qcew, year), options.seed, year);
}

/** The establishments of the frame cells of one year. */
function populate(cells: readonly DemoFrameCell[], seed: number, year: number): DemoEmployer[] {
  const employers: DemoEmployer[] = [];
  const taken = new Set<string>();
  const width = Math.max(4, String(cells.reduce((sum, c) => sum + c.establishments, 0)).length);
  for (const cell of cells) {
    const county = DEMO_REGION_COUNTIES.find((c) => c.fips === cell.countyFips)!;
    // One stream per cell, drawn in slot order: a slot's size weight depends only on the slots before it, so it
    // stays put from year to year while establishments come and go at the end of the cell.
    // Lognormal sizes, plus a few anchor plants (3 %) several times larger: the long tail of a manufacturing county.
    const sizeRandom = createRandom(deriveSeed(seed, 'employer-size', cell.countyFips, cell.naics));
    const weights = Array.from({ length: cell.establishments }, () => {
      const anchor = sizeRandom.next() < 0.03 ? sizeRandom.lognormal(2.1, 0.4) : 1;
      return sizeRandom.lognormal(0, 1.2) * anchor;
    });
    const sizes = establishmentSizes(weights, cell.employment);
    sizes.forEach((employees, slot) => {
      const traits = traitsFor(seed, cell.countyFips, cell.naics, slot, taken);
      employers.push({
        id: `E${String(employers.length + 1).padStart(width, '0')}`,
        name: traits.name,
        countyName: county.name,
        contact: traits.contact,
        ...employerAnswers(seed, year, cell, slot, Math.max(1, employees), traits),
        // Sizes of 0 (a cell with fewer employees than establishments) still answer as one-person shops.
        employees,
      });
    });
  }
  return employers;
}

// ---------------------------------------------------------------------------------------------------------------
// Respondents and truth

/**
 * Probability that an establishment answers: `0.06 + 0.5 · (1 − e^(−employees/150))`. About 7 % of the small shops
 * that make up most of the frame, a quarter of 100-employee plants and half of the largest answer, the size
 * gradient partnership surveys see, which the weights (§2.2) must undo.
 *
 * @example responseProbability(10) // 0.092
 */
export function responseProbability(employees: number): number {
  return 0.06 + 0.5 * sizeFactor(employees);
}

/** A responding establishment and how it answered. */
export interface DemoRespondent {
  readonly employer: DemoEmployer;
  /** `partial`: stopped before the end (Qualtrics Progress < 100, Finished False). */
  readonly completion: 'complete' | 'partial';
  /** An earlier submission came first: an abandoned start, or a complete one replaced by a corrected one. */
  readonly duplicate: 'none' | 'partial-first' | 'complete-first';
  /** Personal invitation link (carries the employer id) or the open link (does not). */
  readonly channel: 'email' | 'anonymous';
}

export interface DemoJobTotals {
  /** Establishments naming the job. */
  readonly employers: number;
  readonly currentEmployees: number;
  readonly vacancies: number;
  readonly hires12m: number;
  readonly hiresGrowth12m: number;
  readonly hiresReplacement12m: number;
  readonly hires1to3y: number;
  readonly hires3to5y: number;
}

/** Population totals of what a wave measures, over every establishment (respondent or not). */
export interface DemoTruth {
  readonly wave: string;
  readonly year: number;
  /** Job blocks of the wave's questionnaire: only an employer's first (biggest) jobs up to this count count. */
  readonly jobBlocks: number;
  readonly establishments: number;
  readonly employees: number;
  readonly bySoc: Readonly<Record<string, DemoJobTotals>>;
  readonly allJobs: DemoJobTotals;
  /** Establishments citing each challenge the wave offered. */
  readonly challenges: Readonly<Record<string, number>>;
  readonly topChallenge: Readonly<Record<string, number>>;
  readonly training: Readonly<Record<string, number>>;
  readonly workBasedLearning: Readonly<Record<string, number>>;
  /** Mean importance and applicants' proficiency over all establishments, and their difference. */
  readonly skills: Readonly<Record<string, { importance: number; proficiency: number; gap: number }>>;
}

/** The population table an estimator weights to: QCEW Q4 month-3 establishments and employment. */
export interface DemoFrame {
  readonly year: number;
  readonly source: string;
  readonly cells: readonly DemoFrameCell[];
  /** Region = sum of the counties, per 3-digit industry; `published` when every county's cell is. */
  readonly industries: readonly {
    readonly naics: string;
    readonly title: string;
    readonly establishments: number;
    readonly employment: number;
    readonly published: boolean;
  }[];
  readonly total: { readonly establishments: number; readonly employment: number };
}

export interface DrawRespondentsOptions {
  readonly seed: number;
  /** Wave id, e.g. "2024"; its year is the population's. */
  readonly wave: string;
  /** Job blocks of the questionnaire; defaults to the demo wave's (3 in 2022, 5 later). */
  readonly jobBlocks?: number;
}

function emptyTotals(): { -readonly [K in keyof DemoJobTotals]: number } {
  return {
    employers: 0,
    currentEmployees: 0,
    vacancies: 0,
    hires12m: 0,
    hiresGrowth12m: 0,
    hiresReplacement12m: 0,
    hires1to3y: 0,
    hires3to5y: 0,
  };
}

function waveSpec(wave: string): DemoWaveSpec | undefined {
  return DEMO_WAVES.find((w) => w.wave === wave);
}

/**
 * Who answers a wave (see responseProbability), who stops part way (7 %), who submits twice (3 %, always through
 * a personal link so the two share the employer id), and the truth and frame to check estimates against.
 *
 * @example
 * const { respondents, truth, frame } = drawRespondents(buildDemoEmployers({ seed: 1 }), { seed: 1, wave: '2024' });
 * truth.bySoc['51-4041']!.hires12m; // machinist hires over 12 months, all establishments
 */
export function drawRespondents(
  employers: readonly DemoEmployer[],
  options: DrawRespondentsOptions,
): { respondents: DemoRespondent[]; truth: DemoTruth; frame: DemoFrame } {
  const year = waveSpec(options.wave)?.year ?? Number(options.wave);
  const jobBlocks = options.jobBlocks ?? waveSpec(options.wave)?.jobBlocks ?? 5;
  const respondents: DemoRespondent[] = [];
  for (const employer of employers) {
    const rnd = createRandom(deriveSeed(options.seed, 'respond', options.wave, employer.id));
    if (!rnd.chance(responseProbability(employer.employees))) continue;
    const completion = rnd.chance(0.07) ? 'partial' : 'complete';
    const twice = completion === 'complete' && rnd.chance(0.03);
    respondents.push({
      employer,
      completion,
      duplicate: twice ? (rnd.chance(0.6) ? 'partial-first' : 'complete-first') : 'none',
      channel: twice || rnd.chance(0.8) ? 'email' : 'anonymous',
    });
  }
  return {
    respondents,
    truth: truthOf(employers, options.wave, year, jobBlocks),
    frame: frameOf(employers, year),
  };
}

function addJob(totals: ReturnType<typeof emptyTotals>, job: DemoJobAnswer): void {
  totals.employers += 1;
  totals.currentEmployees += job.currentEmployees;
  totals.vacancies += job.vacancies;
  totals.hires12m += job.hires12m;
  totals.hiresGrowth12m += job.hiresGrowth12m;
  totals.hiresReplacement12m += job.hiresReplacement12m;
  totals.hires1to3y += job.hires1to3y;
  totals.hires3to5y += job.hires3to5y;
}

function truthOf(
  employers: readonly DemoEmployer[],
  wave: string,
  year: number,
  jobBlocks: number,
): DemoTruth {
  const bySoc: Record<string, ReturnType<typeof emptyTotals>> = {};
  const allJobs = emptyTotals();
  const count = (ids: readonly string[], into: Record<string, number>) => {
    for (const id of ids) into[id] = (into[id] ?? 0) + 1;
  };
  const challenges: Record<string, number> = Object.fromEntries(
    challengesOffered(year).map((c) => [c.id, 0]),
  );
  const topChallenge: Record<string, number> = { ...challenges };
  const training: Record<string, number> = Object.fromEntries(TRAINING_OPTIONS.map((o) => [o.id, 0]));
  const workBasedLearning: Record<string, number> = Object.fromEntries(WBL_OPTIONS.map((o) => [o.id, 0]));
  const skillSums = SKILLS.map(() => ({ importance: 0, proficiency: 0 }));
  let employees = 0;
  for (const e of employers) {
    employees += e.employees;
    for (const job of e.jobs.slice(0, jobBlocks)) {
      bySoc[job.soc] ??= emptyTotals();
      addJob(bySoc[job.soc]!, job);
      addJob(allJobs, job);
    }
    count(e.challenges, challenges);
    count([e.topChallenge], topChallenge);
    count(e.training, training);
    count(e.workBasedLearning, workBasedLearning);
    SKILLS.forEach((s, i) => {
      skillSums[i]!.importance += e.skills[s.id]!.importance;
      skillSums[i]!.proficiency += e.skills[s.id]!.proficiency;
    });
  }
  const n = Math.max(1, employers.length);
  const skills = Object.fromEntries(
    SKILLS.map((s, i) => {
      const importance = skillSums[i]!.importance / n;
      const proficiency = skillSums[i]!.proficiency / n;
      return [s.id, { importance, proficiency, gap: importance - proficiency }];
    }),
  );
  return {
    wave,
    year,
    jobBlocks,
    establishments: employers.length,
    employees,
    bySoc: Object.fromEntries(Object.entries(bySoc).sort(([a], [b]) => (a < b ? -1 : 1))),
    allJobs,
    challenges,
    topChallenge,
    training,
    workBasedLearning,
    skills,
  };
}

function frameOf(employers: readonly DemoEmployer[], year: number): DemoFrame {
  const cells = new Map<string, { -readonly [K in keyof DemoFrameCell]: DemoFrameCell[K] }>();
  for (const e of employers) {
    const key = `${e.countyFips}|${e.naics}`;
    const cell = cells.get(key) ?? {
      countyFips: e.countyFips,
      naics: e.naics,
      establishments: 0,
      employment: 0,
      published: e.employmentPublished,
    };
    cell.establishments += 1;
    cell.employment += e.employees;
    cells.set(key, cell);
  }
  const industries = new Map<
    string,
    DemoFrame['industries'][number] & { establishments: number; employment: number; published: boolean }
  >();
  for (const c of cells.values()) {
    const row = industries.get(c.naics) ?? {
      naics: c.naics,
      title: INDUSTRY_BY_CODE.get(c.naics)?.title ?? c.naics,
      establishments: 0,
      employment: 0,
      published: true,
    };
    row.establishments += c.establishments;
    row.employment += c.employment;
    row.published &&= c.published;
    industries.set(c.naics, row);
  }
  const sortedIndustries = [...industries.values()].sort((a, b) => (a.naics < b.naics ? -1 : 1));
  return {
    year,
    source: `QCEW ${year} Q4, month 3, private ownership, 3-digit NAICS under 31-33, counties ${DEMO_REGION_COUNTIES.map((c) => c.fips).join(', ')}`,
    cells: [...cells.values()],
    industries: sortedIndustries,
    total: {
      establishments: employers.length,
      employment: employers.reduce((sum, e) => sum + e.employees, 0),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What respondents type

/** A job block as typed: text as entered, ratings and choices as chosen; undefined = left blank. */
export interface DemoTypedJob {
  readonly title?: string;
  readonly soc?: string;
  readonly currentEmployees?: string;
  readonly vacancies?: string;
  readonly hires12m?: string;
  readonly hiresGrowth12m?: string;
  readonly hiresReplacement12m?: string;
  readonly hires1to3y?: string;
  readonly hires3to5y?: string;
  readonly wage?: string;
  readonly hardToFill?: number;
  readonly education?: EducationId;
}

export interface DemoAnswers {
  readonly employerId?: string;
  readonly name?: string;
  readonly contactName?: string;
  readonly contactEmail?: string;
  readonly county?: string;
  readonly naics?: string;
  readonly employees?: string;
  readonly jobs: readonly DemoTypedJob[];
  readonly importance: Readonly<Record<string, number | undefined>>;
  readonly proficiency: Readonly<Record<string, number | undefined>>;
  readonly challenges?: readonly string[];
  readonly topChallenge?: string;
  readonly training?: readonly string[];
  readonly workBasedLearning?: readonly string[];
  readonly comment?: string;
}

/** One row of an export: a submission (or a test) with the tool-side metadata. */
export interface DemoSubmission {
  readonly employer: DemoEmployer | undefined;
  readonly channel: 'email' | 'anonymous' | 'preview';
  readonly test: boolean;
  /** Wall-clock local time as if UTC, ms since the epoch (survey tools export local time without a zone). */
  readonly startedAt: number;
  readonly submittedAt: number;
  readonly progress: number;
  readonly finished: boolean;
  readonly ip: string;
  readonly latitude: string;
  readonly longitude: string;
  /** Draws for tool-specific ids (response ids, collector ids). */
  readonly key: number;
  readonly answers: DemoAnswers;
}

/** `1200` → `1,200`. */
function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A count as people type it: mostly plain, sometimes a range, `about`, `1,200`, `none`, `N/A`, or blank. */
function typeCount(rnd: Random, n: number): string | undefined {
  const r = rnd.next();
  if (n === 0) {
    if (r < 0.55) return '0';
    if (r < 0.72) return rnd.chance(0.7) ? 'none' : 'None';
    if (r < 0.88) return undefined;
    return 'N/A';
  }
  if (r < 0.02) return undefined;
  if (r < 0.03) return 'N/A';
  if (r < 0.075 && n >= 4) {
    // Small numbers as plain ranges ("3-5"), larger ones to fives ("15-25").
    const step = n >= 20 ? 5 : 1;
    const low = Math.max(1, Math.floor((n * 0.8) / step) * step);
    const high = Math.max(low + 1, Math.ceil((n * 1.2) / step) * step);
    return rnd.chance(0.8) ? `${low}-${high}` : `${low} - ${high}`;
  }
  if (r < 0.1) return rnd.chance(0.5) ? `about ${n}` : `~${n}`;
  if (r < 0.115) return `${n}+`;
  return n >= 1000 && rnd.chance(0.8) ? withCommas(n) : String(n);
}

function typeEmployees(rnd: Random, n: number): string | undefined {
  const r = rnd.next();
  if (r < 0.015) return undefined;
  if (r < 0.08 && n >= 5) {
    const bands: readonly [number, number][] = [
      [1, 9],
      [10, 20],
      [20, 50],
      [50, 100],
      [100, 250],
      [250, 500],
      [500, 1000],
    ];
    const band = bands.find(([lo, hi]) => n >= lo && n <= hi) ?? [1000, 2000];
    return `${band[0]}-${withCommas(band[1])}`;
  }
  if (r < 0.13) return rnd.chance(0.5) ? `about ${withCommas(n)}` : `approx. ${withCommas(n)}`;
  return n >= 1000 && rnd.chance(0.85) ? withCommas(n) : String(n);
}

const money = (value: number): string =>
  Number.isInteger(value) ? withCommas(value) : value.toFixed(2).replace(/\.00$/, '');

function typeWage(rnd: Random, wage: DemoWage): string | undefined {
  const r = rnd.next();
  if (r < 0.03) return undefined;
  if (r < 0.055) return rnd.pick(['DOE', 'depends on experience', 'Competitive']);
  if (wage.unit === 'year') {
    const k = (v: number) => `${Math.round(v / 1000)}${rnd.chance(0.8) ? 'k' : 'K'}`;
    if (wage.high > wage.low)
      return rnd.chance(0.5) ? `$${money(wage.low)}-$${money(wage.high)}` : `${k(wage.low)}-${k(wage.high)}`;
    const s = rnd.next();
    if (s < 0.4) return `$${money(wage.low)}`;
    if (s < 0.75) return k(wage.low);
    if (s < 0.9) return `$${money(wage.low)} per year`;
    return `${money(wage.low)}/yr`;
  }
  const cents = (v: number) => v.toFixed(2);
  if (wage.high > wage.low) {
    return rnd.chance(0.5)
      ? `$${money(wage.low)}-$${money(wage.high)}`
      : `${money(wage.low)}-${money(wage.high)}/hr`;
  }
  const s = rnd.next();
  if (s < 0.4) return `$${cents(wage.low)}/hr`;
  if (s < 0.6) return money(wage.low);
  if (s < 0.72) return `$${cents(wage.low)}`;
  if (s < 0.84) return `$${money(wage.low)} an hour`;
  if (s < 0.92) return `${cents(wage.low)} per hour`;
  return `$${money(wage.low)}/hour`;
}

function typeCounty(rnd: Random, fips: string, name: string): string {
  const short = name.replace(/ County$/, '');
  const r = rnd.next();
  if (r < 0.22) return fips;
  if (r < 0.6) return name;
  if (r < 0.7) return short.toLowerCase();
  if (r < 0.8) return `${short} Co.`;
  if (r < 0.86) return name.toUpperCase();
  if (r < 0.95) return short;
  if (r < 0.99) return `${name}, Lakeshore`;
  return `${short} Cnty`;
}

/** What people call their industry: the first names resolve to a NAICS title, the rest is shop-floor slang. */
const INFORMAL_INDUSTRY: Readonly<Record<string, readonly [readonly string[], readonly string[]]>> = {
  '311': [['Food'], ['Food processing', 'Bakery']],
  '312': [['Beverage'], ['Brewery']],
  '321': [
    ['Wood products', 'Wood'],
    ['Lumber', 'Sawmill'],
  ],
  '322': [['Paper'], ['Corrugated boxes']],
  '323': [['Printing'], ['Commercial printing']],
  '325': [['Chemical'], ['Coatings']],
  '326': [['Plastics', 'Plastics and rubber'], ['Injection molding']],
  '327': [['Nonmetallic mineral'], ['Concrete products']],
  '331': [['Primary metal'], ['Foundry']],
  '332': [
    ['Fabricated metal', 'Fabricated metals'],
    ['Metal fabrication', 'Machine shop'],
  ],
  '333': [['Machinery'], ['Industrial machinery']],
  '334': [['Computer and electronic'], ['Electronics']],
  '335': [['Electrical equipment'], ['Electrical']],
  '336': [['Transportation equipment'], ['RV manufacturing', 'Auto parts']],
  '337': [['Furniture'], ['Cabinets']],
  '339': [['Miscellaneous'], ['Medical devices', 'Orthopedics']],
};

function typeNaics(rnd: Random, naics: string): string {
  const title = INDUSTRY_BY_CODE.get(naics)?.title ?? 'Manufacturing';
  const [common, slang] = INFORMAL_INDUSTRY[naics] ?? [[title], [title]];
  const r = rnd.next();
  if (r < 0.45) return naics;
  if (r < 0.55) {
    const children = childrenOf(naics);
    return children.length > 0 ? rnd.pick(children) : naics;
  }
  if (r < 0.58) return `${naics} - ${title}`;
  if (r < 0.85) return title.replace(/ (product )?manufacturing$/i, '').replace(/ products?$/i, '');
  if (r < 0.96) return rnd.pick(common);
  if (r < 0.99) return rnd.pick(slang);
  return 'Manufacturing';
}

function typeSoc(rnd: Random, soc: string): string {
  const r = rnd.next();
  if (r < 0.7) return soc;
  if (r < 0.85) return soc.replace('-', '');
  return `${soc}.00`;
}

interface TypingOptions {
  readonly jobBlocks: number;
}

function typeAnswers(
  rnd: Random,
  employer: DemoEmployer,
  channel: DemoSubmission['channel'],
  options: TypingOptions,
): DemoAnswers {
  const jobs = employer.jobs.slice(0, options.jobBlocks).map((job): DemoTypedJob => {
    const splitsHires = rnd.chance(0.85);
    const codeInTitle = rnd.chance(0.03);
    return {
      title: codeInTitle ? `${job.soc} ${job.title}` : rnd.chance(0.04) ? job.title.toUpperCase() : job.title,
      soc: !codeInTitle && rnd.chance(0.12) ? typeSoc(rnd, job.soc) : undefined,
      currentEmployees: typeCount(rnd, job.currentEmployees),
      vacancies: typeCount(rnd, job.vacancies),
      hires12m: typeCount(rnd, job.hires12m),
      hiresGrowth12m: splitsHires ? typeCount(rnd, job.hiresGrowth12m) : undefined,
      hiresReplacement12m: splitsHires ? typeCount(rnd, job.hiresReplacement12m) : undefined,
      hires1to3y: typeCount(rnd, job.hires1to3y),
      hires3to5y: rnd.chance(0.08) ? rnd.pick(['not sure', '?', 'unknown']) : typeCount(rnd, job.hires3to5y),
      wage: typeWage(rnd, job.wage),
      hardToFill: rnd.chance(0.03) ? undefined : job.hardToFill,
      education: rnd.chance(0.03) ? undefined : job.education,
    };
  });
  const skipsSkills = rnd.chance(0.04);
  const importance: Record<string, number | undefined> = {};
  const proficiency: Record<string, number | undefined> = {};
  for (const skill of SKILLS) {
    const value = employer.skills[skill.id]!;
    importance[skill.id] = skipsSkills || rnd.chance(0.02) ? undefined : value.importance;
    proficiency[skill.id] = skipsSkills || rnd.chance(0.03) ? undefined : value.proficiency;
  }
  const contactName = `${employer.contact.firstName} ${employer.contact.lastName}`;
  return {
    employerId: channel === 'email' ? employer.id : undefined,
    name: rnd.chance(0.05)
      ? employer.name.replace(/,? (Inc\.|LLC|Co\.|Corp\.|Company|Ltd\.)$/, '')
      : employer.name,
    contactName: rnd.chance(0.05) ? undefined : contactName,
    contactEmail: rnd.chance(0.05) ? undefined : employer.contact.email,
    county: typeCounty(rnd, employer.countyFips, employer.countyName),
    naics: rnd.chance(0.01) ? undefined : typeNaics(rnd, employer.naics),
    employees: typeEmployees(rnd, employer.employees),
    jobs,
    importance,
    proficiency,
    challenges: employer.challenges,
    topChallenge: rnd.chance(0.04) ? undefined : employer.topChallenge,
    training: rnd.chance(0.06) ? undefined : employer.training,
    workBasedLearning: rnd.chance(0.06) ? undefined : employer.workBasedLearning,
    comment: employer.comment,
  };
}

/**
 * The answers of a respondent who stopped at question `stop` (0-based, in questionnaire order): later ones blank.
 * Returns the answers and Qualtrics-style progress (percent of questions reached).
 */
function cutAnswers(
  answers: DemoAnswers,
  stop: number,
  jobBlocks: number,
): { answers: DemoAnswers; progress: number } {
  // Questionnaire order: name, contact name, email, county, industry, employees; per job block 3 questions
  // (numbers, hard to fill, education); importance; proficiency; challenges; top challenge; training; WBL; comment.
  const total = 6 + 3 * jobBlocks + 7;
  const kept = (index: number) => index < stop;
  const jobStart = 6;
  const after = jobStart + 3 * jobBlocks;
  const cut: DemoAnswers = {
    employerId: answers.employerId,
    name: kept(0) ? answers.name : undefined,
    contactName: kept(1) ? answers.contactName : undefined,
    contactEmail: kept(2) ? answers.contactEmail : undefined,
    county: kept(3) ? answers.county : undefined,
    naics: kept(4) ? answers.naics : undefined,
    employees: kept(5) ? answers.employees : undefined,
    jobs: answers.jobs.map((job, b) => {
      const base = jobStart + 3 * b;
      if (!kept(base)) return {};
      return {
        ...job,
        hardToFill: kept(base + 1) ? job.hardToFill : undefined,
        education: kept(base + 2) ? job.education : undefined,
      };
    }),
    importance: kept(after) ? answers.importance : {},
    proficiency: kept(after + 1) ? answers.proficiency : {},
    challenges: kept(after + 2) ? answers.challenges : undefined,
    topChallenge: kept(after + 3) ? answers.topChallenge : undefined,
    training: kept(after + 4) ? answers.training : undefined,
    workBasedLearning: kept(after + 5) ? answers.workBasedLearning : undefined,
    comment: kept(after + 6) ? answers.comment : undefined,
  };
  return { answers: cut, progress: Math.floor((100 * stop) / total) };
}

/** Field period of each wave: when invitations went out, local time. */
function fieldStart(year: number): number {
  return Date.UTC(year, 2, 1 + ((year * 3) % 7), 8, 0, 0);
}

const FIELD_DAYS = 42;

function ipAddress(rnd: Random): string {
  return `${rnd.pick([24, 50, 68, 71, 73, 96, 98, 107, 174, 184, 199, 208])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
}

/** Somewhere in the (fictional) region; the coordinates Qualtrics geolocates from the IP address. */
function location(rnd: Random): { latitude: string; longitude: string } {
  return {
    latitude: (41.45 + rnd.next() * 0.5).toFixed(4),
    longitude: (-86.4 + rnd.next() * 0.9).toFixed(4),
  };
}

/**
 * Every row of a wave's export: each respondent's submission (an earlier abandoned or superseded one first for
 * duplicates), partial ones cut short, and two test responses made before the survey opened; sorted by time.
 */
function waveSubmissions(
  respondents: readonly DemoRespondent[],
  spec: DemoWaveSpec,
  seed: number,
): DemoSubmission[] {
  const start = fieldStart(spec.year);
  const rows: DemoSubmission[] = [];
  const minute = 60_000;
  const jobBlocks = spec.jobBlocks;
  const totalQuestions = 6 + 3 * jobBlocks + 7;
  for (const respondent of respondents) {
    const { employer, channel } = respondent;
    const rnd = createRandom(deriveSeed(seed, 'submission', spec.wave, employer.id));
    // Most answer in the first two weeks and after the reminder in week four.
    const day = rnd.chance(0.7) ? rnd.int(0, 13) : rnd.int(21, FIELD_DAYS - 1);
    const startedAt = start + day * 86_400_000 + rnd.int(0, 10 * 60) * minute + rnd.int(0, 59) * 1000;
    const where = location(rnd);
    const ip = ipAddress(rnd);
    const base = { employer, channel, test: false, ip, ...where } as const;
    const full = typeAnswers(rnd, employer, channel, { jobBlocks });
    const duration = rnd.int(6, 45) * minute + rnd.int(0, 59) * 1000;
    const submission = (
      answers: DemoAnswers,
      at: number,
      progress: number,
      length: number,
    ): DemoSubmission => ({
      ...base,
      startedAt: at,
      submittedAt: at + length,
      progress,
      finished: progress === 100,
      key: deriveSeed(seed, 'key', spec.wave, employer.id, at),
      answers,
    });
    if (respondent.completion === 'partial') {
      const stop = rnd.int(1, totalQuestions - 2);
      const cut = cutAnswers(full, stop, jobBlocks);
      rows.push(
        submission(cut.answers, startedAt, cut.progress, Math.round((duration * stop) / totalQuestions)),
      );
      continue;
    }
    let at = startedAt;
    if (respondent.duplicate === 'partial-first') {
      const stop = rnd.int(2, 6 + 3 * Math.min(jobBlocks, employer.jobs.length));
      const cut = cutAnswers(full, stop, jobBlocks);
      rows.push(submission(cut.answers, at, cut.progress, Math.round((duration * stop) / totalQuestions)));
      at += rnd.int(1, 9) * 86_400_000 + rnd.int(0, 300) * minute;
    } else if (respondent.duplicate === 'complete-first') {
      // The first try had rougher numbers; a colleague sent the corrected one later.
      const first = typeAnswers(
        createRandom(deriveSeed(seed, 'first-try', spec.wave, employer.id)),
        employer,
        channel,
        {
          jobBlocks,
        },
      );
      rows.push(
        submission(
          { ...first, name: full.name, jobs: first.jobs.slice(0, 1), comment: undefined },
          at,
          100,
          duration,
        ),
      );
      at += rnd.int(1, 72) * 60 * minute;
    }
    rows.push(submission(full, at, 100, duration));
  }
  const tests = createRandom(deriveSeed(seed, 'tests', spec.wave));
  const sample = respondents[0]?.employer;
  for (let t = 0; t < 2; t++) {
    const at = start - (t + 1) * 86_400_000 + tests.int(0, 8 * 60) * minute;
    const answers: DemoAnswers = sample
      ? { ...typeAnswers(tests, sample, 'anonymous', { jobBlocks }), name: spec.testNames[t] }
      : { name: spec.testNames[t], jobs: [], importance: {}, proficiency: {} };
    rows.push({
      employer: undefined,
      channel: 'preview',
      test: true,
      startedAt: at,
      submittedAt: at + tests.int(2, 9) * minute,
      progress: 100,
      finished: true,
      ip: spec.tool === 'qualtrics' ? '' : ipAddress(tests),
      latitude: '',
      longitude: '',
      key: deriveSeed(seed, 'test-key', spec.wave, t),
      answers: {
        ...answers,
        employerId: undefined,
        contactName: 'Survey Team',
        contactEmail: 'workforce@lakeshorevalley.org',
      },
    });
  }
  return rows.sort((a, b) => a.submittedAt - b.submittedAt || a.key - b.key);
}

// ---------------------------------------------------------------------------------------------------------------
// Writing the waves

export interface GenerateDemoSurveysOptions {
  readonly outDir: string;
  readonly seed?: number;
  /** Seed of the demo QCEW the populations match (the demo's default). */
  readonly qcewSeed?: number;
}

/**
 * Write the three demo survey waves: 2022 as a Qualtrics export, 2023 as a SurveyMonkey export (Windows-1252),
 * 2024 as a Google Forms download, each drawn from the population of its year's QCEW Q4, plus `invited-<wave>.csv`
 * listing every establishment invited. Same seed, byte-identical files.
 *
 * @example
 * const { files, respondents } = await generateDemoSurveys({ outDir: 'demo-data/surveys' });
 * // files: ['demo-data/surveys/invited-2022.csv', ..., 'demo-data/surveys/wave-2024-google-forms.csv']
 * // respondents: { '2022': 377, '2023': 402, '2024': 388 } (establishments answering, partial ones included)
 */
export async function generateDemoSurveys(
  options: GenerateDemoSurveysOptions,
): Promise<{ files: string[]; respondents: Record<string, number> }> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const outputs = buildDemoSurveyFiles({ seed, qcewSeed: options.qcewSeed });
  await mkdir(options.outDir, { recursive: true });
  const files: string[] = [];
  for (const output of outputs.files) {
    const file = path.join(options.outDir, output.name);
    await writeFile(file, output.bytes);
    files.push(file);
  }
  return { files: files.sort(), respondents: outputs.respondents };
}

/**
 * The demo survey files in memory (name and bytes), with each wave's respondents, truth and frame: what
 * generateDemoSurveys writes, for tests that want the truth beside the files.
 *
 * @example
 * const { files, waves } = buildDemoSurveyFiles({ seed: 20240101 });
 * waves['2024']!.truth.allJobs.hires12m; // 12-month hires over every establishment
 */
export function buildDemoSurveyFiles(options: {
  readonly seed: number;
  readonly qcewSeed?: number | undefined;
}): {
  files: { name: string; bytes: Buffer }[];
  respondents: Record<string, number>;
  waves: Record<
    string,
    ReturnType<typeof drawRespondents> & { employers: DemoEmployer[]; submissions: DemoSubmission[] }
  >;
} {
  // Only the frame cells are kept: holding every QCEW row while the populations are built slows the collector.
  const cellsByYear = frameCellsOf(
    options.qcewSeed ?? DEFAULT_DEMO_SEED,
    DEMO_WAVES.map((w) => w.year),
  );
  const files: { name: string; bytes: Buffer }[] = [];
  const respondents: Record<string, number> = {};
  const waves: ReturnType<typeof buildDemoSurveyFiles>['waves'] = {};
  for (const spec of DEMO_WAVES) {
    const employers = populate(cellsByYear.get(spec.year)!, options.seed, spec.year);
    const drawn = drawRespondents(employers, {
      seed: options.seed,
      wave: spec.wave,
      jobBlocks: spec.jobBlocks,
    });
    const submissions = waveSubmissions(drawn.respondents, spec, options.seed);
    files.push({
      name: `invited-${spec.wave}.csv`,
      bytes: Buffer.from(
        formatCsv(
          [
            ['employer_id', 'employer_name', 'county_fips', 'naics', 'employees'],
            ...employers.map((e) => [e.id, e.name, e.countyFips, e.naics, String(e.employees)]),
          ],
          { eol: '\n', quoteAll: false },
        ),
        'utf8',
      ),
    });
    files.push({ name: spec.file, bytes: formatWaveExport(spec, submissions) });
    respondents[spec.wave] = drawn.respondents.length;
    waves[spec.wave] = { ...drawn, employers, submissions };
  }
  return { files, respondents, waves };
}
