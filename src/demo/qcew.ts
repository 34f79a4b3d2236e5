/**
 * Deterministic demo QCEW data for a fictional manufacturing region, written exactly in the BLS quarterly by-area
 * CSV layout so the whole pipeline can run without downloading anything.
 *
 * The state FIPS code 57 is unassigned, so the demo areas can never be mistaken for, or collide with, real ones.
 * Values are generated bottom-up from national benchmark levels (naics.ts): detailed cells first, every higher
 * level as the exact sum of its children, then BLS-style primary and complementary suppression, location quotients
 * against the generated U.S. file and over-the-year changes against the previous year.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NationalBenchmark, OwnCode } from './naics.ts';
import {
  ancestorsOf,
  INDUSTRY_BY_CODE,
  LEVEL_DEPTH,
  NATIONAL_BENCHMARKS,
  OWN_TITLES,
  qcewIndustryTitle,
  sectorOf,
} from './naics.ts';
import type { QcewRow, QcewValue } from './qcew-writer.ts';
import { createChunkedFileWriter, formatQcewCsv, qcewHeaderLine, qcewLayout, quote } from './qcew-writer.ts';
import type { Random } from './random.ts';
import { createRandom, deriveSeed } from './random.ts';

export interface DemoCounty {
  readonly fips: string;
  readonly name: string;
  /** `area_title` as BLS writes it. */
  readonly title: string;
  /** Whether the county belongs to the partnership's region. */
  readonly inRegion: boolean;
}

const COUNTIES: readonly DemoCounty[] = [
  { fips: '57001', name: 'Alder County', title: 'Alder County, Lakeshore', inRegion: true },
  { fips: '57003', name: 'Birch County', title: 'Birch County, Lakeshore', inRegion: true },
  { fips: '57005', name: 'Cedar County', title: 'Cedar County, Lakeshore', inRegion: true },
  { fips: '57007', name: 'Dunmore County', title: 'Dunmore County, Lakeshore', inRegion: true },
  { fips: '57009', name: 'Elm County', title: 'Elm County, Lakeshore', inRegion: false },
];

/** The demo's sector partnership: a manufacturing partnership of four counties in the fictional state Lakeshore. */
export const DEMO_PARTNERSHIP = {
  name: 'Lakeshore Valley Manufacturing Partnership',
  region: 'Lakeshore Valley',
  state: { fips: '57', name: 'Lakeshore', areaFips: '57000', areaTitle: 'Lakeshore -- Statewide' },
  nation: { areaFips: 'US000', areaTitle: 'U.S. TOTAL' },
  /** Every county of the state; Elm County is outside the region. */
  counties: COUNTIES,
  regionCountyFips: ['57001', '57003', '57005', '57007'],
  industry: { code: '31-33', title: 'Manufacturing', ownCode: '5' },
} as const;

/** The counties of the partnership's region. */
export const DEMO_REGION_COUNTIES: readonly DemoCounty[] = COUNTIES.filter((c) => c.inRegion);

/** The partnership's industry, as a QCEW industry_code (private ownership). */
export const DEMO_INDUSTRY_CODE = '31-33';

export const DEFAULT_DEMO_SEED = 20240101;
export const DEFAULT_DEMO_YEARS: readonly number[] = [2022, 2023, 2024];

// ---------------------------------------------------------------------------------------------------------------
// Economic assumptions

/** The national benchmarks describe about this year; other years follow growth paths from it. */
const REFERENCE_YEAR = 2023;

interface CountyProfile {
  readonly fips: string;
  /** Total covered employment in the reference year. */
  readonly employment: number;
  /** Manufacturing's share of private employment. */
  readonly manufacturingShare: number;
  /** Federal, state and local government shares of total employment. */
  readonly government: readonly [number, number, number];
  /** Local wage level relative to the nation. */
  readonly wageFactor: number;
  /** Added to every industry's national growth rate. */
  readonly growth: number;
  /** Multipliers on national industry weights, applied for every matching ancestor code (private cells). */
  readonly focus: Readonly<Record<string, number>>;
  /** Multipliers on government cells by code. */
  readonly governmentFocus?: Readonly<Record<string, number>>;
}

// Modelled on the northern-Indiana RV and orthopedics belt: few, large, export-oriented plants in small counties.
const COUNTY_PROFILES: readonly CountyProfile[] = [
  {
    fips: '57001',
    employment: 142_000,
    manufacturingShare: 0.36,
    government: [0.009, 0.014, 0.08],
    wageFactor: 0.88,
    growth: 0.004,
    focus: { '3362': 28, '3363': 4, '326': 5, '332': 2.5, '337': 3, '3399': 2, '484': 1.5, '423': 1.3 },
  },
  {
    fips: '57003',
    employment: 78_000,
    manufacturingShare: 0.31,
    government: [0.008, 0.015, 0.085],
    wageFactor: 0.9,
    growth: 0.006,
    focus: { '3391': 14, '3327': 3, '332': 2, '3261': 3, '3115': 3, '3116': 2.5, '112': 3, '111': 2 },
  },
  {
    fips: '57005',
    employment: 40_000,
    manufacturingShare: 0.33,
    government: [0.01, 0.018, 0.095],
    wageFactor: 0.86,
    growth: 0.0,
    focus: {
      '3361': 12,
      '3363': 7,
      '3331': 5,
      '3336': 4,
      '331': 4,
      '326': 3,
      '3262': 3,
      '111': 3,
      '488': 1.5,
    },
  },
  {
    fips: '57007',
    employment: 25_000,
    manufacturingShare: 0.27,
    government: [0.011, 0.02, 0.1],
    wageFactor: 0.82,
    growth: -0.002,
    focus: {
      '3362': 25,
      '3371': 8,
      '3118': 3,
      '321': 5,
      '3366': 4,
      '111': 4,
      '112': 4,
      '721': 1.5,
      '713': 1.5,
    },
  },
  {
    fips: '57009',
    employment: 64_000,
    manufacturingShare: 0.12,
    government: [0.012, 0.08, 0.085],
    wageFactor: 0.87,
    growth: 0.01,
    focus: { '62': 1.3, '72': 1.25, '611': 1.5, '54': 1.15, '3254': 3, '3118': 2 },
    governmentFocus: { '611': 3 },
  },
];

/** Annual employment growth by sector around the reference year (2021-2024 magnitudes). */
const SECTOR_GROWTH: Readonly<Record<string, number>> = {
  '11': 0.0,
  '21': 0.02,
  '22': 0.01,
  '23': 0.025,
  '31-33': 0.004,
  '42': 0.012,
  '44-45': 0.003,
  '48-49': 0.012,
  '51': 0.006,
  '52': 0.01,
  '53': 0.015,
  '54': 0.022,
  '55': 0.015,
  '56': 0.0,
  '61': 0.02,
  '62': 0.032,
  '71': 0.035,
  '72': 0.025,
  '81': 0.015,
  '92': 0.012,
  '99': 0.0,
};

/**
 * Year-specific level shifts relative to the reference year, for industries whose path was not a trend.
 * RVs (3362) boomed in 2021-2022 and fell sharply in 2023.
 */
const YEAR_SHOCKS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  '3362': { 2019: 1.02, 2020: 0.98, 2021: 1.17, 2022: 1.22, 2023: 1.0, 2024: 0.97, 2025: 0.98 },
  '3363': { 2020: 0.95, 2021: 1.01, 2022: 1.03, 2023: 1.0, 2024: 0.99 },
  '72': { 2020: 0.8, 2021: 0.9, 2022: 0.97, 2023: 1.0 },
};

/** Monthly employment relative to the annual level (QCEW is not seasonally adjusted). */
const SEASON = {
  flat: [0.995, 0.995, 0.998, 1.0, 1.002, 1.006, 1.002, 1.002, 1.0, 1.0, 1.0, 1.0],
  manufacturing: [0.99, 0.99, 1.0, 1.0, 1.0, 1.002, 0.985, 1.0, 1.008, 1.008, 1.006, 1.0],
  rv: [1.0, 1.02, 1.04, 1.04, 1.02, 0.99, 0.93, 0.98, 1.0, 1.0, 0.99, 0.98],
  construction: [0.9, 0.91, 0.95, 1.0, 1.04, 1.07, 1.08, 1.08, 1.06, 1.04, 1.0, 0.94],
  agriculture: [0.8, 0.82, 0.9, 1.0, 1.1, 1.18, 1.2, 1.18, 1.1, 1.0, 0.9, 0.82],
  retail: [0.97, 0.96, 0.97, 0.98, 0.99, 1.0, 1.0, 1.0, 0.99, 1.0, 1.04, 1.07],
  leisure: [0.93, 0.94, 0.97, 1.0, 1.04, 1.08, 1.09, 1.08, 1.02, 0.98, 0.95, 0.94],
  education: [1.02, 1.03, 1.03, 1.03, 1.02, 0.95, 0.86, 0.95, 1.02, 1.03, 1.03, 1.02],
} as const;

/** Quarterly wage level relative to the year's (bonuses land in Q1, and in Q4 outside finance). */
const WAGE_QUARTER = [1.03, 0.98, 0.97, 1.02] as const;
const WAGE_QUARTER_BONUS = [1.14, 0.96, 0.93, 0.97] as const;

/** Establishments in small counties are smaller than the national average for the same industry. */
const COUNTY_ESTAB_SIZE = 0.75;
const LAKESHORE_TAXABLE_BASE = 11_000;
/** A single stand-in for the 50 state taxable wage bases, weighted toward the large low-base states. */
const US_TAXABLE_BASE = 15_000;
const WAGE_GROWTH = 0.038;

function seasonOf(code: string): readonly number[] {
  if (code === '3362') return SEASON.rv;
  if (code.startsWith('611')) return SEASON.education;
  const sector = sectorOf(code);
  if (sector === '23') return SEASON.construction;
  if (sector === '11') return SEASON.agriculture;
  if (sector === '44-45') return SEASON.retail;
  if (sector === '71' || sector === '72') return SEASON.leisure;
  if (sector === '31-33') return SEASON.manufacturing;
  return SEASON.flat;
}

/** Share of wages paid to workers hired during the quarter, who restart the taxable wage base. */
function turnoverOf(code: string): number {
  const sector = sectorOf(code);
  if (sector === '72') return 0.3;
  if (sector === '56' || sector === '71' || sector === '11') return 0.22;
  if (sector === '44-45') return 0.17;
  if (sector === '23') return 0.12;
  if (sector === '31-33') return 0.07;
  return 0.09;
}

function wageQuarterOf(code: string): readonly number[] {
  const sector = sectorOf(code);
  return sector === '52' || sector === '55' || sector === '54' || sector === '51'
    ? WAGE_QUARTER_BONUS
    : WAGE_QUARTER;
}

function yearShock(code: string, year: number): number {
  for (const ancestor of ancestorsOf(code)) {
    const shifts = YEAR_SHOCKS[ancestor];
    if (!shifts) continue;
    const years = Object.keys(shifts).map(Number);
    let nearest = years[0]!;
    for (const y of years) if (Math.abs(y - year) < Math.abs(nearest - year)) nearest = y;
    return shifts[nearest]!;
  }
  return 1;
}

/**
 * Taxable share of a quarter's wages: a steady worker's wages are taxable until the year-to-date total passes the
 * base, so Q1 carries most taxable wages; new hires restart the base in every quarter.
 */
function taxableShare(quarter: number, weeklyWage: number, base: number, turnover: number): number {
  const quarterWage = weeklyWage * 13;
  if (quarterWage <= 0) return 0;
  const steady =
    (Math.min(base, (quarter + 1) * quarterWage) - Math.min(base, quarter * quarterWage)) / quarterWage;
  const newHire = Math.min(1, base / quarterWage);
  return (1 - turnover) * steady + turnover * newHire;
}

function focusMultiplier(focus: Readonly<Record<string, number>> | undefined, code: string): number {
  if (!focus) return 1;
  let multiplier = 1;
  for (const ancestor of ancestorsOf(code)) multiplier *= focus[ancestor] ?? 1;
  return multiplier;
}

// ---------------------------------------------------------------------------------------------------------------
// Cells and time series

/** Measures of one cell over all generated quarters; index = yearIndex * 4 + quarterIndex. */
interface Cell {
  readonly own: OwnCode;
  readonly code: string;
  readonly estabs: Float64Array;
  readonly m1: Float64Array;
  readonly m2: Float64Array;
  readonly m3: Float64Array;
  readonly wages: Float64Array;
  readonly taxable: Float64Array;
  readonly contributions: Float64Array;
  /** Employment of the cell's largest employer (quarterly average), for the 80 % dominance rule. */
  readonly largest: Float64Array;
}

type CellMap = Map<string, Cell>;

const cellKey = (own: string, code: string): string => `${own}|${code}`;

function newCell(own: OwnCode, code: string, periods: number): Cell {
  return {
    own,
    code,
    estabs: new Float64Array(periods),
    m1: new Float64Array(periods),
    m2: new Float64Array(periods),
    m3: new Float64Array(periods),
    wages: new Float64Array(periods),
    taxable: new Float64Array(periods),
    contributions: new Float64Array(periods),
    largest: new Float64Array(periods),
  };
}

function cellFor(cells: CellMap, own: OwnCode, code: string, periods: number): Cell {
  const key = cellKey(own, code);
  const existing = cells.get(key);
  if (existing) return existing;
  const cell = newCell(own, code, periods);
  cells.set(key, cell);
  return cell;
}

function addInto(target: Cell, source: Cell): void {
  for (let p = 0; p < target.estabs.length; p++) {
    target.estabs[p]! += source.estabs[p]!;
    target.m1[p]! += source.m1[p]!;
    target.m2[p]! += source.m2[p]!;
    target.m3[p]! += source.m3[p]!;
    target.wages[p]! += source.wages[p]!;
    target.taxable[p]! += source.taxable[p]!;
    target.contributions[p]! += source.contributions[p]!;
    target.largest[p] = Math.max(target.largest[p]!, source.largest[p]!);
  }
}

/** One detailed cell of an area at the reference year, before time series are drawn. */
interface LeafSpec {
  readonly own: '1' | '2' | '3' | '5';
  readonly code: string;
  readonly employment: number;
  readonly estabs: number;
  readonly weeklyWage: number;
  /** Largest employer's share of the cell's employment. */
  readonly dominance: number;
  readonly growth: number;
  readonly contributionRate: number;
}

interface AreaContext {
  readonly seed: number;
  readonly areaFips: string;
  readonly allYears: readonly number[];
  readonly taxableBase: number;
}

function fillLeaf(cell: Cell, spec: LeafSpec, ctx: AreaContext): void {
  const season = seasonOf(spec.code);
  const wageQuarter = wageQuarterOf(spec.code);
  const turnover = turnoverOf(spec.code);
  // Federal and state payrolls are not covered by state UI taxes; most local governments reimburse instead.
  const taxableFactor = spec.own === '1' || spec.own === '2' ? 0 : spec.own === '3' ? 0.03 : 1;
  ctx.allYears.forEach((year, yi) => {
    // A stream per cell and year keeps a year's values independent of which other years are generated.
    const rnd = createRandom(deriveSeed(ctx.seed, ctx.areaFips, spec.own, spec.code, year));
    const shock = yearShock(spec.code, year);
    for (let qi = 0; qi < 4; qi++) {
      const p = yi * 4 + qi;
      const tq = year - REFERENCE_YEAR + (qi * 3 + 1 - 5.5) / 12;
      const estabNoise = rnd.normal(0, 0.2 + 0.008 * spec.estabs);
      cell.estabs[p] = Math.max(1, Math.round(spec.estabs * 1.012 ** tq + estabNoise));
      const months = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        const t = year - REFERENCE_YEAR + (qi * 3 + k - 5.5) / 12;
        const level = spec.employment * (1 + spec.growth) ** t * shock * season[qi * 3 + k]!;
        months[k] = Math.max(1, Math.round(level * (1 + rnd.normal(0, 0.006))));
      }
      const [m1, m2, m3] = months as [number, number, number];
      cell.m1[p] = m1;
      cell.m2[p] = m2;
      cell.m3[p] = m3;
      const average = (m1 + m2 + m3) / 3;
      const weekly =
        spec.weeklyWage * (1 + WAGE_GROWTH) ** tq * wageQuarter[qi]! * (1 + rnd.normal(0, 0.012));
      const wages = Math.round(weekly * 13 * average);
      cell.wages[p] = wages;
      const taxable = Math.round(wages * taxableFactor * taxableShare(qi, weekly, ctx.taxableBase, turnover));
      cell.taxable[p] = taxable;
      cell.contributions[p] = Math.round(taxable * spec.contributionRate * (1 + rnd.normal(0, 0.03)));
      cell.largest[p] = spec.dominance * average;
    }
  });
}

function sectorGrowth(code: string): number {
  return SECTOR_GROWTH[sectorOf(code)] ?? 0.01;
}

/** Share of the largest employer: always 1 for one establishment, usually modest for many. */
function drawDominance(rnd: Random, estabs: number): number {
  if (estabs <= 1) return 1;
  const floor = 1 / estabs;
  return floor + (1 - floor) * rnd.next() ** (2 + estabs);
}

function nationalLeafSpecs(seed: number): LeafSpec[] {
  return NATIONAL_BENCHMARKS.map((b) => {
    const rnd = createRandom(deriveSeed(seed, 'US000', b.own, b.code));
    return {
      own: b.own,
      code: b.code,
      employment: b.employment,
      estabs: Math.max(1, Math.round(b.employment / b.estabSize)),
      weeklyWage: b.weeklyWage,
      dominance: 0,
      growth: (b.own === '5' ? sectorGrowth(b.code) : 0.008) + rnd.normal(0, 0.004),
      contributionRate: 0.018 + 0.012 * rnd.next(),
    };
  });
}

interface Draft {
  readonly benchmark: NationalBenchmark;
  readonly rnd: Random;
  readonly weight: number;
}

/** Spread `target` employment over drafts by weight; drop cells that draw no establishment. */
function placeEmployment(drafts: readonly Draft[], target: number, profile: CountyProfile): LeafSpec[] {
  const totalWeight = drafts.reduce((sum, d) => sum + d.weight, 0);
  const placed: { draft: Draft; employment: number; estabs: number }[] = [];
  for (const draft of drafts) {
    const expected = (draft.weight / totalWeight) * target;
    const rate = expected / (draft.benchmark.estabSize * COUNTY_ESTAB_SIZE);
    // Rare industries cluster in a few places rather than scattering one establishment over every county.
    const estabs = draft.rnd.poisson(rate < 1 ? rate ** 2 : rate);
    if (estabs > 0) placed.push({ draft, employment: expected, estabs });
  }
  if (placed.length === 0 && drafts.length > 0) {
    // Every ownership present in a county has at least one establishment.
    const biggest = drafts.reduce((a, b) => (b.weight > a.weight ? b : a));
    placed.push({ draft: biggest, employment: target, estabs: 1 });
  }
  const placedTotal = placed.reduce((sum, p) => sum + p.employment, 0);
  return placed.map(({ draft, employment, estabs }) => {
    const b = draft.benchmark;
    const rnd = draft.rnd;
    return {
      own: b.own,
      code: b.code,
      employment: Math.max(estabs, (employment / placedTotal) * target),
      estabs,
      weeklyWage: b.weeklyWage * profile.wageFactor * rnd.lognormal(0, 0.07),
      dominance: drawDominance(rnd, estabs),
      growth: (b.own === '5' ? sectorGrowth(b.code) : 0.008) + profile.growth + rnd.normal(0, 0.015),
      contributionRate: b.own === '3' ? 0.009 : 0.01 + 0.035 * rnd.next(),
    };
  });
}

function countyLeafSpecs(profile: CountyProfile, seed: number): LeafSpec[] {
  const [federal, state, local] = profile.government;
  const privateTotal = profile.employment * (1 - federal - state - local);
  const drafts = (
    own: NationalBenchmark['own'],
    focus: Readonly<Record<string, number>> | undefined,
    sigma: number,
  ) =>
    NATIONAL_BENCHMARKS.filter((b) => b.own === own).map((benchmark): Draft => {
      const rnd = createRandom(deriveSeed(seed, profile.fips, own, benchmark.code));
      return {
        benchmark,
        rnd,
        weight: benchmark.employment * focusMultiplier(focus, benchmark.code) * rnd.lognormal(0, sigma),
      };
    });
  const privateDrafts = drafts('5', profile.focus, 0.55);
  const manufacturing = privateDrafts.filter((d) => sectorOf(d.benchmark.code) === '31-33');
  const other = privateDrafts.filter((d) => sectorOf(d.benchmark.code) !== '31-33');
  return [
    ...placeEmployment(drafts('1', undefined, 0.4), profile.employment * federal, profile),
    ...placeEmployment(drafts('2', profile.governmentFocus, 0.4), profile.employment * state, profile),
    ...placeEmployment(drafts('3', profile.governmentFocus, 0.4), profile.employment * local, profile),
    ...placeEmployment(manufacturing, privateTotal * profile.manufacturingShare, profile),
    ...placeEmployment(other, privateTotal * (1 - profile.manufacturingShare), profile),
  ];
}

/** Add every higher level as the sum of its children, plus the all-ownership and total-government rows. */
function aggregate(leaves: Iterable<Cell>, periods: number): CellMap {
  const cells: CellMap = new Map();
  for (const leaf of leaves) {
    cells.set(cellKey(leaf.own, leaf.code), leaf);
  }
  for (const leaf of [...cells.values()]) {
    for (const code of ancestorsOf(leaf.code).slice(1))
      addInto(cellFor(cells, leaf.own, code, periods), leaf);
  }
  const total = newCell('0', '10', periods);
  const government = newCell('8', '10', periods);
  for (const own of ['1', '2', '3', '5'] as const) {
    const ownTotal = cells.get(cellKey(own, '10'));
    if (!ownTotal) continue;
    addInto(total, ownTotal);
    if (own !== '5') addInto(government, ownTotal);
  }
  cells.set(cellKey('0', '10'), total);
  cells.set(cellKey('8', '10'), government);
  return cells;
}

// ---------------------------------------------------------------------------------------------------------------
// Suppression

/** An additive relation published in the file: parent = sum of children. */
interface Equation {
  readonly parent: string;
  readonly children: readonly string[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareCells(a: Cell, b: Cell): number {
  return compareText(a.own, b.own) || compareText(a.code, b.code);
}

function equationsOf(cells: CellMap, withTotalGovernment: boolean): Equation[] {
  const children = new Map<string, string[]>();
  const sorted = [...cells.values()].sort(compareCells);
  for (const cell of sorted) {
    if (cell.own === '0' || cell.own === '8') continue;
    const parent = INDUSTRY_BY_CODE.get(cell.code)?.parent;
    const parentKey = parent === undefined ? cellKey('0', '10') : cellKey(cell.own, parent);
    const list = children.get(parentKey) ?? [];
    children.set(parentKey, list);
    list.push(cellKey(cell.own, cell.code));
  }
  if (withTotalGovernment) {
    const government = ['1', '2', '3'].map((own) => cellKey(own, '10')).filter((key) => cells.has(key));
    children.set(cellKey('8', '10'), government);
  }
  return [...children].map(([parent, list]) => ({ parent, children: list }));
}

/**
 * Suppression flags per cell and year: primary by the 3-establishment and 80 % rules, then complementary until
 * no published additive relation has exactly one suppressed member it could be solved for.
 * Federal government is exempt from primary suppression (the real files publish federal cells of one or two
 * establishments), as is the all-ownership total.
 */
function suppressionFlags(
  cells: CellMap,
  years: number,
  withTotalGovernment: boolean,
): Map<string, boolean[]> {
  const flags = new Map<string, boolean[]>();
  const equations = equationsOf(cells, withTotalGovernment);
  for (const [key, cell] of cells) {
    const perYear: boolean[] = [];
    for (let yi = 0; yi < years; yi++) {
      let primary = false;
      if (cell.own !== '0' && cell.own !== '1') {
        for (let qi = 0; qi < 4; qi++) {
          const p = yi * 4 + qi;
          const average = (cell.m1[p]! + cell.m2[p]! + cell.m3[p]!) / 3;
          if (cell.estabs[p]! < 3 || cell.largest[p]! > 0.8 * average) primary = true;
        }
      }
      perYear.push(primary);
    }
    flags.set(key, perYear);
  }
  for (let yi = 0; yi < years; yi++) {
    const size = (key: string): number => {
      const cell = cells.get(key)!;
      let sum = 0;
      for (let qi = 0; qi < 4; qi++) {
        const p = yi * 4 + qi;
        sum += cell.m1[p]! + cell.m2[p]! + cell.m3[p]!;
      }
      return sum;
    };
    const isSuppressed = (key: string): boolean => flags.get(key)![yi]!;
    const suppress = (key: string): void => {
      flags.get(key)![yi] = true;
    };
    const smallest = (keys: readonly string[]): string =>
      keys.reduce((best, key) => {
        const diff = size(key) - size(best);
        return diff < 0 || (diff === 0 && key < best) ? key : best;
      });
    let changed = true;
    while (changed) {
      changed = false;
      for (const { parent, children } of equations) {
        const suppressedChildren = children.filter(isSuppressed).length;
        if (suppressedChildren === 1) {
          const disclosed = children.filter((key) => !isSuppressed(key));
          if (disclosed.length > 0) {
            suppress(smallest(disclosed));
            changed = true;
          } else if (!isSuppressed(parent)) {
            suppress(parent);
            changed = true;
          }
        } else if (suppressedChildren === 0 && isSuppressed(parent) && children.length > 0) {
          suppress(smallest(children));
          changed = true;
        }
      }
    }
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

type AreaKind = 'county' | 'state' | 'nation';

interface GeneratedArea {
  readonly fips: string;
  readonly title: string;
  readonly kind: AreaKind;
  readonly cells: CellMap;
  readonly flags: Map<string, boolean[]> | undefined;
}

const AGGLVL_BASE: Readonly<Record<AreaKind, number>> = { county: 70, state: 50, nation: 10 };
const AGGLVL_PREFIX: Readonly<Record<AreaKind, string>> = {
  county: 'County',
  state: 'State',
  nation: 'National',
};
const AGGLVL_DETAIL = [
  'Total Covered',
  'Total -- by ownership sector',
  'by Domain -- by ownership sector',
  'by Supersector -- by ownership sector',
  'NAICS Sector -- by ownership sector',
  'NAICS 3-digit -- by ownership sector',
  'NAICS 4-digit -- by ownership sector',
] as const;

function agglvl(kind: AreaKind, own: OwnCode, code: string): { code: string; title: string } {
  if (own === '8') return { code: '96', title: 'Total Government, by State' };
  const level = INDUSTRY_BY_CODE.get(code)!.level;
  const depth = own === '0' ? 0 : LEVEL_DEPTH[level];
  return {
    code: String(AGGLVL_BASE[kind] + depth),
    title: `${AGGLVL_PREFIX[kind]}, ${AGGLVL_DETAIL[depth]}`,
  };
}

/** The eight published measures of a cell in a quarter, into `out`; the weekly wage is derived as BLS does. */
function measuresInto(cell: Cell, p: number, out: Float64Array): void {
  const m1 = cell.m1[p]!;
  const m2 = cell.m2[p]!;
  const m3 = cell.m3[p]!;
  const average = (m1 + m2 + m3) / 3;
  const wages = cell.wages[p]!;
  out[0] = cell.estabs[p]!;
  out[1] = m1;
  out[2] = m2;
  out[3] = m3;
  out[4] = wages;
  out[5] = cell.taxable[p]!;
  out[6] = cell.contributions[p]!;
  out[7] = average > 0 ? Math.round(wages / average / 13) : 0;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function areaRows(area: GeneratedArea, nation: GeneratedArea, yi: number, year: number): QcewRow[] {
  const rows: QcewRow[] = [];
  const cells = [...area.cells.values()]
    .filter((c) => c.own !== '8' || area.kind === 'state')
    .sort(compareCells);
  const areaTotal = area.cells.get(cellKey('0', '10'))!;
  const nationTotal = nation.cells.get(cellKey('0', '10'))!;
  // Scratch buffers: this runs once per published row, and per-row arrays made the demo GC-bound.
  const values = new Float64Array(8);
  const previous = new Float64Array(8);
  const totals = new Float64Array(8);
  const nationValues = new Float64Array(8);
  const nationTotals = new Float64Array(8);
  let suppressed = false;
  let otySuppressed = false;
  const lqOf = (k: number): number =>
    area.kind === 'nation'
      ? 1
      : ratio(ratio(values[k]!, totals[k]!), ratio(nationValues[k]!, nationTotals[k]!));
  const percentOf = (k: number): number => ratio(100 * (values[k]! - previous[k]!), previous[k]!);
  // BLS publishes the establishment count (and its LQ and change) even for suppressed cells; other measures
  // are 0, and their LQs and percent changes a bare 0.
  const measure = (k: number): number => (suppressed ? 0 : values[k]!);
  const lq = (k: number): QcewValue => (suppressed ? '0' : lqOf(k));
  const change = (k: number): number => (otySuppressed ? 0 : values[k]! - previous[k]!);
  const percent = (k: number): QcewValue => (otySuppressed ? '0' : percentOf(k));
  for (const cell of cells) {
    const key = cellKey(cell.own, cell.code);
    const flags = area.flags?.get(key);
    suppressed = flags?.[yi] === true;
    otySuppressed = suppressed || flags?.[yi - 1] === true;
    const nationCell = nation.cells.get(key);
    if (!nationCell) throw new Error(`no U.S. cell for ${key}`);
    const level = agglvl(area.kind, cell.own, cell.code);
    const industryTitle = qcewIndustryTitle(cell.code);
    const disclosure = suppressed ? 'N' : '';
    const otyDisclosure = otySuppressed ? 'N' : '';
    for (let qi = 0; qi < 4; qi++) {
      const p = yi * 4 + qi;
      measuresInto(cell, p, values);
      measuresInto(cell, p - 4, previous);
      measuresInto(areaTotal, p, totals);
      measuresInto(nationCell, p, nationValues);
      measuresInto(nationTotal, p, nationTotals);
      rows.push({
        area_fips: area.fips,
        own_code: cell.own,
        industry_code: cell.code,
        agglvl_code: level.code,
        size_code: '0',
        year: String(year),
        qtr: String(qi + 1),
        disclosure_code: disclosure,
        area_title: area.title,
        own_title: OWN_TITLES[cell.own],
        industry_title: industryTitle,
        agglvl_title: level.title,
        size_title: 'All establishment sizes',
        qtrly_estabs: values[0],
        month1_emplvl: measure(1),
        month2_emplvl: measure(2),
        month3_emplvl: measure(3),
        total_qtrly_wages: measure(4),
        taxable_qtrly_wages: measure(5),
        qtrly_contributions: measure(6),
        avg_wkly_wage: measure(7),
        lq_disclosure_code: disclosure,
        lq_qtrly_estabs: lqOf(0),
        lq_month1_emplvl: lq(1),
        lq_month2_emplvl: lq(2),
        lq_month3_emplvl: lq(3),
        lq_total_qtrly_wages: lq(4),
        lq_taxable_qtrly_wages: lq(5),
        lq_qtrly_contributions: lq(6),
        lq_avg_wkly_wage: lq(7),
        oty_disclosure_code: otyDisclosure,
        oty_qtrly_estabs_chg: values[0]! - previous[0]!,
        oty_qtrly_estabs_pct_chg: percentOf(0),
        oty_month1_emplvl_chg: change(1),
        oty_month1_emplvl_pct_chg: percent(1),
        oty_month2_emplvl_chg: change(2),
        oty_month2_emplvl_pct_chg: percent(2),
        oty_month3_emplvl_chg: change(3),
        oty_month3_emplvl_pct_chg: percent(3),
        oty_total_qtrly_wages_chg: change(4),
        oty_total_qtrly_wages_pct_chg: percent(4),
        oty_taxable_qtrly_wages_chg: change(5),
        oty_taxable_qtrly_wages_pct_chg: percent(5),
        oty_qtrly_contributions_chg: change(6),
        oty_qtrly_contributions_pct_chg: percent(6),
        oty_avg_wkly_wage_chg: change(7),
        oty_avg_wkly_wage_pct_chg: percent(7),
      });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Demo files

export interface DemoQcewOptions {
  readonly seed?: number;
  /** Published years; one more year before the first is generated (not written) for the over-the-year values. */
  readonly years?: readonly number[];
}

export interface DemoQcewFile {
  /** BLS-style file name, e.g. `2024.q1-q4 57001 Alder County, Lakeshore.csv`. */
  readonly name: string;
  readonly areaFips: string;
  readonly year: number;
  readonly rows: readonly QcewRow[];
}

function checkedYears(years: readonly number[]): number[] {
  if (years.length === 0) throw new Error('years must not be empty');
  for (const y of years) {
    if (!Number.isInteger(y) || y < 1990 || y > 2100) throw new RangeError(`year ${y} is not a QCEW year`);
  }
  return [...new Set(years)].sort((a, b) => a - b);
}

/** A file of the demo set whose rows are built only when asked for, so a writer can hold one file at a time. */
interface LazyDemoFile {
  readonly name: string;
  readonly areaFips: string;
  readonly year: number;
  rows(): QcewRow[];
}

function demoFiles(options: DemoQcewOptions): LazyDemoFile[] {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const years = checkedYears(options.years ?? DEFAULT_DEMO_YEARS);
  const first = years[0]! - 1;
  const allYears = Array.from({ length: years[years.length - 1]! - first + 1 }, (_, i) => first + i);
  const periods = allYears.length * 4;

  const buildLeaves = (specs: readonly LeafSpec[], ctx: AreaContext): Cell[] =>
    specs.map((spec) => {
      const cell = newCell(spec.own, spec.code, periods);
      fillLeaf(cell, spec, ctx);
      return cell;
    });

  const nationLeaves = buildLeaves(nationalLeafSpecs(seed), {
    seed,
    areaFips: 'US000',
    allYears,
    taxableBase: US_TAXABLE_BASE,
  });
  const nation: GeneratedArea = {
    fips: DEMO_PARTNERSHIP.nation.areaFips,
    title: DEMO_PARTNERSHIP.nation.areaTitle,
    kind: 'nation',
    cells: aggregate(nationLeaves, periods),
    flags: undefined,
  };

  const counties: GeneratedArea[] = [];
  const stateLeaves: CellMap = new Map();
  for (const profile of COUNTY_PROFILES) {
    const county = COUNTIES.find((c) => c.fips === profile.fips)!;
    const leaves = buildLeaves(countyLeafSpecs(profile, seed), {
      seed,
      areaFips: county.fips,
      allYears,
      taxableBase: LAKESHORE_TAXABLE_BASE,
    });
    for (const leaf of leaves) addInto(cellFor(stateLeaves, leaf.own, leaf.code, periods), leaf);
    const cells = aggregate(leaves, periods);
    cells.delete(cellKey('8', '10'));
    counties.push({
      fips: county.fips,
      title: county.title,
      kind: 'county',
      cells,
      flags: suppressionFlags(cells, allYears.length, false),
    });
  }
  const stateCells = aggregate(stateLeaves.values(), periods);
  const state: GeneratedArea = {
    fips: DEMO_PARTNERSHIP.state.areaFips,
    title: DEMO_PARTNERSHIP.state.areaTitle,
    kind: 'state',
    cells: stateCells,
    flags: suppressionFlags(stateCells, allYears.length, true),
  };

  const files: LazyDemoFile[] = [];
  for (const year of years) {
    const yi = allYears.indexOf(year);
    for (const area of [...counties, state, nation]) {
      files.push({
        name: `${year}.q1-q4 ${area.fips} ${area.title}.csv`,
        areaFips: area.fips,
        year,
        rows: () => areaRows(area, nation, yi, year),
      });
    }
  }
  return files.sort((a, b) => compareText(a.name, b.name));
}

/**
 * The demo QCEW tables in memory, one per area and published year (counties, state, U.S.), in file-name order.
 *
 * @example
 * const files = buildDemoQcewFiles({ years: [2024] });
 * files.map((f) => f.name); // ['2024.q1-q4 57000 Lakeshore -- Statewide.csv', '2024.q1-q4 57001 Alder County, ...]
 */
export function buildDemoQcewFiles(options: DemoQcewOptions = {}): DemoQcewFile[] {
  return demoFiles(options).map((file) => ({
    name: file.name,
    areaFips: file.areaFips,
    year: file.year,
    rows: file.rows(),
  }));
}

export interface GenerateDemoQcewOptions extends DemoQcewOptions {
  readonly outDir: string;
}

/**
 * Write the demo QCEW quarterly by-area CSVs (current `qtrly_estabs` layout) for the five Lakeshore counties, the
 * state and the U.S.; byte-identical for the same seed and years.
 *
 * @example
 * const { files, rows } = await generateDemoQcew({ outDir: 'demo-data/qcew' });
 * // files[0] === 'demo-data/qcew/2022.q1-q4 57000 Lakeshore -- Statewide.csv'
 */
export async function generateDemoQcew(
  options: GenerateDemoQcewOptions,
): Promise<{ files: string[]; rows: number }> {
  const tables = demoFiles(options);
  await mkdir(options.outDir, { recursive: true });
  const files: string[] = [];
  let rows = 0;
  for (const table of tables) {
    const file = path.join(options.outDir, table.name);
    const tableRows = table.rows();
    await writeFile(file, formatQcewCsv('quarterly', tableRows));
    files.push(file);
    rows += tableRows.length;
  }
  return { files: files.sort(compareText), rows };
}

// ---------------------------------------------------------------------------------------------------------------
// Benchmark-scale file

export interface ScaleQcewOptions {
  readonly outFile: string;
  readonly seed?: number;
  /** Number of counties; the national file has about 3,200. */
  readonly areas?: number;
  readonly year?: number;
  /** A quarterly layout id: `quarterly-singlefile` (default) or `quarterly` (with titles). */
  readonly layoutId?: string;
  readonly countSpelling?: boolean;
}

/** One (ownership, industry) row kind of the scale file. */
interface ScaleCombo {
  readonly own: string;
  readonly code: string;
  /** Added to 70 for the county agglvl_code. */
  readonly depth: number;
  /** National employment share of total covered employment. */
  readonly share: number;
  readonly estabSize: number;
  readonly weeklyWage: number;
  readonly industryTitle: string;
}

/**
 * State codes 80-99 hold no QCEW areas (only retired codes of uninhabited minor islands), so scale data can never
 * collide with, or be mistaken for, a real county.
 */
const SCALE_FIRST_STATE = 80;
const SCALE_STATES = 20;
const SCALE_MAX_AREAS = SCALE_STATES * 500;

/**
 * The row kinds of a county: the demo hierarchy plus made-up 4- to 6-digit detail below it, about as many kinds as a
 * real county file has (real NAICS titles are not needed; synthetic codes borrow their nearest real ancestor's).
 */
function scaleCombos(seed: number): ScaleCombo[] {
  const rnd = createRandom(deriveSeed(seed, 'scale-universe'));
  const national = NATIONAL_BENCHMARKS;
  const total = national.reduce((sum, b) => sum + b.employment, 0);
  const agg = new Map<string, { employment: number; estabs: number; payroll: number }>();
  for (const b of national) {
    for (const code of ancestorsOf(b.code)) {
      const key = cellKey(b.own, code);
      const entry = agg.get(key) ?? { employment: 0, estabs: 0, payroll: 0 };
      entry.employment += b.employment;
      entry.estabs += b.employment / b.estabSize;
      entry.payroll += b.employment * b.weeklyWage;
      agg.set(key, entry);
    }
  }
  const combos: ScaleCombo[] = [
    {
      own: '0',
      code: '10',
      depth: 0,
      share: 1,
      estabSize: 13,
      weeklyWage: 1390,
      industryTitle: qcewIndustryTitle('10'),
    },
  ];
  const leaves = new Set(national.map((b) => cellKey(b.own, b.code)));
  for (const [key, entry] of [...agg].sort(([a], [b]) => compareText(a, b))) {
    const [own, code] = key.split('|') as [OwnCode, string];
    const level = INDUSTRY_BY_CODE.get(code)!.level;
    const base: ScaleCombo = {
      own,
      code,
      depth: LEVEL_DEPTH[level],
      share: entry.employment / total,
      estabSize: entry.employment / entry.estabs,
      weeklyWage: entry.payroll / entry.employment,
      industryTitle: qcewIndustryTitle(code),
    };
    combos.push(base);
    if (!leaves.has(key)) continue;
    // Synthetic detail: split each leaf into children down to 6 digits.
    let frontier: ScaleCombo[] = [base];
    while (frontier.length > 0 && frontier[0]!.code.length < 6) {
      const next: ScaleCombo[] = [];
      for (const parent of frontier) {
        const length = parent.code.length + 1;
        const count = length === 6 ? rnd.int(1, 3) : rnd.int(2, 5);
        const weights = Array.from({ length: count }, () => rnd.lognormal(0, 0.8));
        const weightSum = weights.reduce((a, b) => a + b, 0);
        weights.forEach((w, i) => {
          const suffix = length === 6 && count === 1 ? '0' : String(i + 1);
          next.push({
            own,
            code: parent.code + suffix,
            depth: parent.depth + 1,
            share: (parent.share * w) / weightSum,
            estabSize: parent.estabSize * rnd.lognormal(0, 0.3),
            weeklyWage: parent.weeklyWage * rnd.lognormal(0, 0.12),
            industryTitle: `NAICS ${parent.code + suffix} ${INDUSTRY_BY_CODE.get(code)!.title}`,
          });
        });
      }
      combos.push(...next);
      frontier = next;
    }
  }
  return combos.sort((a, b) => compareText(a.own, b.own) || compareText(a.code, b.code));
}

const SCALE_DETAIL = ['3-digit', '4-digit', '5-digit', '6-digit'] as const;

function scaleAgglvlTitle(depth: number): string {
  if (depth <= 4) return `County, ${AGGLVL_DETAIL[depth]}`;
  return `County, NAICS ${SCALE_DETAIL[depth - 5]} -- by ownership sector`;
}

const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/**
 * CSV text written straight into byte buffers. Building the scale file as JS strings made it GC-bound (every
 * concatenated line is a rope of small heap objects); digits written into a Buffer allocate nothing per row.
 */
class AsciiSink {
  buffer: Buffer;
  position = 0;

  constructor(readonly size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** Hand over the filled bytes and start a fresh buffer (the stream may still be reading the old one). */
  take(): Buffer {
    const filled = this.buffer.subarray(0, this.position);
    this.buffer = Buffer.allocUnsafe(this.size);
    this.position = 0;
    return filled;
  }

  byte(value: number): void {
    this.buffer[this.position++] = value;
  }

  bytes(value: Uint8Array): void {
    const buffer = this.buffer;
    let position = this.position;
    for (let i = 0; i < value.length; i++) buffer[position++] = value[i]!;
    this.position = position;
  }

  /** An integer (callers round first). */
  int(value: number): void {
    const buffer = this.buffer;
    let n = value;
    if (n < 0) {
      buffer[this.position++] = MINUS;
      n = -n;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    let at = this.position + digits - 1;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      buffer[at--] = ZERO + (n - q * 10);
      n = q;
    }
    buffer[at] = ZERO + n;
    this.position += digits;
  }

  /** Fixed-point with 1 or 2 decimals; `-0.0` comes out as `0.0` like the CSV writer's. */
  fixed(value: number, decimals: 1 | 2): void {
    const scale = decimals === 2 ? 100 : 10;
    let scaled = Math.round(value * scale);
    if (scaled < 0) {
      this.byte(MINUS);
      scaled = -scaled;
    }
    const whole = Math.floor(scaled / scale);
    const fraction = scaled - whole * scale;
    this.int(whole);
    this.byte(DOT);
    if (decimals === 2) {
      const tens = Math.floor(fraction / 10);
      this.byte(ZERO + tens);
      this.byte(ZERO + fraction - tens * 10);
    } else {
      this.byte(ZERO + fraction);
    }
  }

  /** `,` then the integer. */
  nextInt(value: number): void {
    this.buffer[this.position++] = COMMA;
    this.int(value);
  }

  nextFixed(value: number, decimals: 1 | 2): void {
    this.buffer[this.position++] = COMMA;
    this.fixed(value, decimals);
  }
}

const ascii = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/**
 * Stream a large QCEW quarterly file of plausible (not hierarchically consistent) county data, for benchmarks.
 * About 1,100 rows per county and quarter; the default 3,200 counties give ~14 million rows. A few percent of the
 * cells are suppressed (`N`, measures 0, establishments still published). Counties are numbered in the state
 * codes 80-99, which hold no real QCEW areas.
 *
 * @example
 * const { rows, bytes } = await generateScaleQcew({ outFile: 'bench/.data/qcew-2024.csv', areas: 100 });
 */
export async function generateScaleQcew(options: ScaleQcewOptions): Promise<{ rows: number; bytes: number }> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const areas = options.areas ?? 3200;
  const year = options.year ?? 2024;
  const layoutId = options.layoutId ?? 'quarterly-singlefile';
  const layout = qcewLayout(layoutId);
  if (layout.periodicity !== 'quarterly') {
    throw new Error(`generateScaleQcew writes quarterly layouts, not ${layoutId}`);
  }
  if (!Number.isInteger(areas) || areas < 1 || areas > SCALE_MAX_AREAS) {
    throw new RangeError(`areas must be an integer from 1 to ${SCALE_MAX_AREAS}`);
  }
  if (!Number.isInteger(year) || year < 1990 || year > 2100)
    throw new RangeError(`year ${year} is not a QCEW year`);
  const combos = scaleCombos(seed);
  // Everything between the area code and the quarter is fixed per row kind: `","own","code","agglvl","0","year","`.
  const comboBytes = combos.map((c) => ascii(`","${c.own}","${c.code}","${70 + c.depth}","0","${year}","`));
  const disclosure = { open: ascii('"'), disclosed: ascii('",'), suppressed: ascii('N",') };
  const suppressedMeasures = ascii(',0,0,0,0,0,0,0,"N"');
  const suppressedOty = ascii(',0,0,0,0,0,0,0,0,0,0,0,0,0,0\r\n');
  const emptyCode = ascii(',""');
  const eol = ascii('\r\n');
  const out = createChunkedFileWriter(options.outFile);
  await out.push(`${qcewHeaderLine(layoutId, { countSpelling: options.countSpelling === true })}\r\n`);
  const sink = new AsciiSink(1 << 20);
  // A row with titles is well under 2 KB; flush before the next row could overflow the buffer.
  const flushAt = sink.size - 4096;
  const perState = Math.ceil(areas / SCALE_STATES);
  const taxableFractions = [0.55, 0.17, 0.08, 0.06];
  const changes = new Float64Array(6);
  let rows = 0;

  for (let a = 0; a < areas; a++) {
    const state = SCALE_FIRST_STATE + Math.floor(a / perState);
    const fips = `${state}${String(2 * (a % perState) + 1).padStart(3, '0')}`;
    const fipsBytes = ascii(`"${fips}`);
    const rnd = createRandom(deriveSeed(seed, 'scale', fips));
    // U.S. counties: median covered employment near 10,000, a long tail of metro counties.
    const areaEmployment = Math.max(400, Math.round(10_000 * rnd.lognormal(0, 1.4)));
    const areaWage = rnd.lognormal(-0.1, 0.15);
    const areaGrowth = rnd.normal(0.01, 0.02);
    const areaTitle = quote(`Scale County ${fips}`);
    for (let c = 0; c < combos.length; c++) {
      const combo = combos[c]!;
      const expectedEstabs = (areaEmployment * combo.share) / combo.estabSize;
      // Ownership totals exist in every county; detail is present with the Poisson chance of at least one establishment.
      if (combo.code !== '10' && rnd.next() >= 1 - Math.exp(-expectedEstabs)) continue;
      const estabs = Math.max(1, rnd.poisson(expectedEstabs));
      const employment = Math.max(estabs, areaEmployment * combo.share * rnd.lognormal(0, 0.3));
      const weekly = combo.weeklyWage * areaWage * rnd.lognormal(0, 0.08);
      const suppressed = combo.own !== '0' && rnd.next() < 0.04;
      const baseLq = employment / (areaEmployment * combo.share);
      const lqWeekly = weekly / combo.weeklyWage / areaWage;
      const growth = areaGrowth + rnd.normal(0, 0.04);
      const prior = 1 / (1 + growth);
      const percent = growth * prior * 100;
      const rate = 0.01 + 0.035 * rnd.next();
      // Between disclosure_code and qtrly_estabs: the five titles, or nothing in a singlefile.
      const titleBytes = layout.hasTitles
        ? ascii(
            `${areaTitle},${quote(OWN_TITLES[combo.own as OwnCode])},${quote(combo.industryTitle)},` +
              `${quote(scaleAgglvlTitle(combo.depth))},"All establishment sizes",`,
          )
        : undefined;
      for (let q = 0; q < 4; q++) {
        const n = Math.max(1, estabs + (rnd.next() < 0.1 ? (rnd.next() < 0.5 ? -1 : 1) : 0));
        const priorEstabs = Math.max(1, Math.round(n * prior));
        const lqEstabs = (baseLq * combo.estabSize * n) / employment;
        sink.bytes(fipsBytes);
        sink.bytes(comboBytes[c]!);
        sink.byte(ZERO + q + 1);
        sink.byte(QUOTE);
        sink.byte(COMMA);
        sink.bytes(disclosure.open);
        sink.bytes(suppressed ? disclosure.suppressed : disclosure.disclosed);
        if (titleBytes) sink.bytes(titleBytes);
        sink.int(n);
        if (suppressed) {
          sink.bytes(suppressedMeasures);
          sink.nextFixed(lqEstabs, 2);
          sink.bytes(suppressedMeasures);
          sink.nextInt(n - priorEstabs);
          sink.nextFixed((100 * (n - priorEstabs)) / priorEstabs, 1);
          sink.bytes(suppressedOty);
        } else {
          // Uniform month noise (sd ~1 %): a normal deviate per month was a tenth of the run time.
          const m1 = Math.max(1, Math.round(employment * (0.983 + 0.034 * rnd.next())));
          const m2 = Math.max(1, Math.round(employment * (0.983 + 0.034 * rnd.next())));
          const m3 = Math.max(1, Math.round(employment * (0.983 + 0.034 * rnd.next())));
          const average = (m1 + m2 + m3) / 3;
          const wages = Math.round(weekly * 13 * average * (q === 0 ? 1.03 : 1));
          const aww = Math.round(wages / average / 13);
          const taxable = Math.round(wages * taxableFractions[q]!);
          const contributions = Math.round(taxable * rate);
          const lqWages = baseLq * lqWeekly;
          sink.nextInt(m1);
          sink.nextInt(m2);
          sink.nextInt(m3);
          sink.nextInt(wages);
          sink.nextInt(taxable);
          sink.nextInt(contributions);
          sink.nextInt(aww);
          sink.bytes(emptyCode);
          sink.nextFixed(lqEstabs, 2);
          sink.nextFixed((baseLq * m1) / employment, 2);
          sink.nextFixed((baseLq * m2) / employment, 2);
          sink.nextFixed((baseLq * m3) / employment, 2);
          sink.nextFixed(lqWages, 2);
          sink.nextFixed(lqWages * 0.97, 2);
          sink.nextFixed(lqWages * rate * 40, 2);
          sink.nextFixed(lqWeekly, 2);
          sink.bytes(emptyCode);
          sink.nextInt(n - priorEstabs);
          sink.nextFixed((100 * (n - priorEstabs)) / priorEstabs, 1);
          changes[0] = m1;
          changes[1] = m2;
          changes[2] = m3;
          changes[3] = wages;
          changes[4] = taxable;
          changes[5] = contributions;
          for (let k = 0; k < 6; k++) {
            const value = changes[k]!;
            sink.nextInt(value - Math.round(value * prior));
            sink.nextFixed(percent, 1);
          }
          sink.nextInt(aww - Math.round(aww * prior));
          sink.nextFixed(percent, 1);
          sink.bytes(eol);
        }
        rows++;
        if (sink.position > flushAt) await out.push(sink.take());
      }
    }
  }
  await out.push(sink.take());
  const bytes = await out.close();
  return { rows, bytes };
}
