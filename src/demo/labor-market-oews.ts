/**
 * Demo OEWS files in the published layouts: the national file (May 2023, 24 columns), the national
 * industry-by-occupation files for manufacturing as a sector (`natsector`) and by 3-digit subsector (`nat3d`),
 * and the Lakeshore state file (all-data layout, 32 columns). Each lists the demo's occupations and the other
 * occupations of labor-market-soc.ts (together most of each industry's or area's employment, as a staffing
 * pattern must) with the SOC groups above them, as OEWS does. A group's employment also holds the occupations the
 * files leave out, so the listed detailed occupations sum to under 100 percent of an industry (about 90).
 *
 * Special values as published: `**` employment not available, `*` wage not available (a cell too small, or the
 * hourly wages of occupations paid by the year, which carry ANNUAL=TRUE), `#` wage at or above the top code
 * ($115.00 an hour, $239,200 a year in 2023), `~` under 0.5% of establishments reporting. Like the published CSV
 * copies, a row ends at its last non-empty field (`ANNUAL` and `HOURLY` are mostly empty).
 */

import { OEWS_ALL_DATA_HEADER, OEWS_NATIONAL_HEADER, OEWS_SUBSECTOR_TITLES } from './labor-market-facts.ts';
import type { DemoEconomy, OccupationModel, Wages } from './labor-market-model.ts';
import {
  cellRandom,
  csvLine,
  MANUFACTURING_SUBSECTORS,
  OEWS_YEAR,
  plain,
  sum,
} from './labor-market-model.ts';
import type { SocGroup } from './labor-market-soc.ts';
import { SOC_GROUPS } from './labor-market-soc.ts';
import { DEMO_PARTNERSHIP } from './qcew.ts';

/** 2023 top codes: wages at or above are published as `#`. */
export const TOP_CODE_HOURLY = 115;
export const TOP_CODE_ANNUAL = 239_200;

/** The demo state's postal abbreviation (Lakeshore is fictional; LK is no real state's). */
export const LAKESHORE_POSTAL = 'LK';

/** Cells whose employment OEWS could not publish (`**`): [subsector, SOC]. */
const EMPLOYMENT_NOT_AVAILABLE: readonly (readonly [string, string])[] = [
  ['313', '47-2111'],
  ['316', '51-9161'],
];

interface Cell {
  readonly code: string;
  readonly title: string;
  readonly group: 'total' | SocGroup['level'] | 'detailed';
  readonly employment: number;
  readonly wages: Wages | undefined;
  readonly employmentAvailable: boolean;
  /** Only annual wages are published. */
  readonly annualOnly: boolean;
}

interface TableSpec {
  /** Stream label for the random numbers of this table. */
  readonly label: string;
  /** All-occupation employment of the area or industry. */
  readonly total: number;
  readonly totalWages: Wages;
  /** Detailed cells: employment (unrounded) and wages, or undefined when not published. */
  readonly detailed: readonly {
    readonly occupation: OccupationModel;
    readonly employment: number;
    readonly wages: Wages;
    readonly employmentAvailable: boolean;
  }[];
}

const roundTo10 = (value: number) => Math.round(value / 10) * 10;

const scaleWages = (w: Wages, factor: number): Wages => ({
  mean: w.mean * factor,
  p10: w.p10 * factor,
  p25: w.p25 * factor,
  median: w.median * factor,
  p75: w.p75 * factor,
  p90: w.p90 * factor,
});

function weightedWages(parts: readonly { readonly employment: number; readonly wages: Wages | undefined }[]) {
  const priced = parts.filter((p) => p.wages !== undefined && p.employment > 0);
  const weight = sum(priced.map((p) => p.employment));
  if (weight === 0) return undefined;
  const avg = (key: keyof Wages) => sum(priced.map((p) => p.wages![key] * p.employment)) / weight;
  return {
    mean: avg('mean'),
    p10: avg('p10'),
    p25: avg('p25'),
    median: avg('median'),
    p75: avg('p75'),
    p90: avg('p90'),
  };
}

/** The code prefix a group's members share: `51` for 51-0000, `51-4` for 51-4000, `51-404` for 51-4040. */
const prefixOf = (level: SocGroup['level'], code: string) =>
  code.slice(0, level === 'major' ? 2 : level === 'minor' ? 4 : 6);

/**
 * The rows of one OEWS table: the total, each SOC group holding a listed occupation, and the detailed
 * occupations, in code order. A group's employment is its listed occupations plus a share of the unlisted rest.
 */
function tableCells(spec: TableSpec, seed: number): Cell[] {
  const detailed = spec.detailed.filter((d) => roundTo10(d.employment) > 0);
  const members = new Map<string, typeof detailed>();
  for (const d of detailed) {
    for (const level of ['major', 'minor', 'broad'] as const) {
      const key = `${level}|${prefixOf(level, d.occupation.soc)}`;
      members.set(key, [...(members.get(key) ?? []), d]);
    }
  }
  const membersOf = (level: SocGroup['level'], code: string) =>
    members.get(`${level}|${prefixOf(level, code)}`) ?? [];
  const listed = (level: SocGroup['level'], code: string) =>
    sum(membersOf(level, code).map((d) => d.employment));
  const groups = SOC_GROUPS.filter((g) => membersOf(g.level, g.code).length > 0);
  // The unlisted rest of the employment goes to the major groups (most of it), then down to minor and broad
  // groups that hold unlisted occupations, each at most a multiple of its listed employment.
  const rest = spec.total - sum(detailed.map((d) => d.employment));
  const weights = new Map(
    groups
      .filter((g) => g.level === 'major')
      .map((g) => [
        g.code,
        listed('major', g.code) * cellRandom(seed, spec.label, 'major', g.code).lognormal(0, 0.25),
      ]),
  );
  const weightSum = sum(weights.values());
  const other = new Map<string, number>();
  const cells: Cell[] = [
    {
      code: '00-0000',
      title: 'All Occupations',
      group: 'total',
      employment: spec.total,
      wages: spec.totalWages,
      employmentAvailable: true,
      annualOnly: false,
    },
  ];
  for (const group of groups) {
    const inGroup = listed(group.level, group.code);
    let extra = 0;
    if (group.level === 'major') {
      extra = Math.max(0, rest) * 0.97 * (weights.get(group.code)! / weightSum);
    } else if (group.hasOthers) {
      const parentLevel = group.level === 'minor' ? 'major' : 'minor';
      const parent = groups.find(
        (g) => g.level === parentLevel && prefixOf(parentLevel, g.code) === prefixOf(parentLevel, group.code),
      );
      const rnd = cellRandom(seed, spec.label, 'rest', group.code);
      const [share, cap] = group.level === 'minor' ? [0.85, 1.5] : [0.6, 0.15 + 0.4 * rnd.next()];
      const available = parent
        ? (other.get(parent.code) ?? 0) * share * (inGroup / listed(parent.level, parent.code))
        : 0;
      extra = Math.min(available, inGroup * cap);
    }
    other.set(group.code, extra);
    cells.push({
      code: group.code,
      title: group.title,
      group: group.level,
      employment: inGroup + extra,
      wages: weightedWages(membersOf(group.level, group.code)),
      employmentAvailable: true,
      annualOnly: false,
    });
  }
  for (const d of detailed) {
    cells.push({
      code: d.occupation.soc,
      title: d.occupation.title,
      group: 'detailed',
      employment: d.employment,
      // OEWS does not publish wages of cells too small to estimate.
      wages: roundTo10(d.employment) < 50 ? undefined : d.wages,
      employmentAvailable: d.employmentAvailable,
      annualOnly: d.occupation.annualOnly,
    });
  }
  const rank = { total: 0, major: 1, minor: 2, broad: 3, detailed: 4 } as const;
  return cells.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : rank[a.group] - rank[b.group]));
}

const hourly = (value: number) => (value >= TOP_CODE_HOURLY ? '#' : plain(value, 2));
const annual = (value: number) => {
  const a = Math.round((value * 2080) / 10) * 10;
  return a >= TOP_CODE_ANNUAL ? '#' : String(a);
};

function wageFields(cell: Cell, prse: string): string[] {
  const w = cell.wages;
  if (!w) return ['*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*'];
  // Occupations paid by the year (teachers) have no hourly wages.
  const h = cell.annualOnly ? () => '*' : hourly;
  return [
    h(w.mean),
    annual(w.mean),
    prse,
    h(w.p10),
    h(w.p25),
    h(w.median),
    h(w.p75),
    h(w.p90),
    annual(w.p10),
    annual(w.p25),
    annual(w.median),
    annual(w.p75),
    annual(w.p90),
  ];
}

/** Relative standard errors fall with the size of the estimate. */
function prse(employment: number, scale: number, rnd: ReturnType<typeof cellRandom>): string {
  return plain(0.2 + (scale / Math.sqrt(Math.max(employment, 10) / 1000)) * (0.8 + 0.4 * rnd.next()), 1);
}

/** Fields of a row, without the trailing empty ones (as the published CSV copies end their rows). */
function trimmed(fields: readonly string[]): string {
  let end = fields.length;
  while (end > 0 && fields[end - 1] === '') end--;
  return csvLine(fields.slice(0, end));
}

interface Columns {
  readonly industry: boolean;
  /** Reference national shares for JOBS_1000 and LOC_QUOTIENT (area files). */
  readonly national?: ReadonlyMap<string, number>;
}

function occupationFields(cell: Cell, spec: TableSpec, columns: Columns, seed: number): string[] {
  // Keyed by the estimate, so a broad group holding one occupation repeats that occupation's figures.
  const rnd = cellRandom(seed, spec.label, 'row', Math.round(cell.employment));
  const employment = roundTo10(cell.employment);
  const share = cell.employment / spec.total;
  const isTotal = cell.group === 'total';
  let pctTotal = '';
  let pctReported = '';
  if (columns.industry) {
    pctTotal = isTotal ? '100' : plain(share * 100, 2);
    const reported = isTotal ? 100 : Math.min(99, 100 * (1 - Math.exp(-(share * 100) / 10)));
    pctReported = reported < 0.5 ? '~' : String(Math.round(reported));
  }
  let jobs = '';
  let quotient = '';
  if (columns.national) {
    jobs = isTotal ? '' : plain(share * 1000, 3);
    const reference = columns.national.get(`${cell.code}|${cell.group}`);
    quotient = isTotal || reference === undefined ? '' : plain(share / reference, 2);
  }
  const available = cell.employmentAvailable;
  const meanPrse = cell.wages ? prse(cell.employment, 0.6, rnd) : '*';
  return [
    cell.code,
    cell.title,
    cell.group,
    available ? String(employment) : '**',
    available ? (isTotal ? '0' : prse(cell.employment, columns.industry ? 2.5 : 1.5, rnd)) : '**',
    available ? jobs : '',
    available ? quotient : '',
    available ? pctTotal : '**',
    available ? pctReported : '**',
    ...wageFields(cell, meanPrse),
    cell.annualOnly && cell.wages ? 'TRUE' : '',
    '',
  ];
}

/** All-occupation wages of the U.S. economy, manufacturing and Lakeshore (demo assumptions). */
const ALL_OCCUPATIONS_WAGES: Wages = { mean: 31.5, p10: 14, p25: 17.15, median: 23.1, p75: 37, p90: 58.4 };
const MANUFACTURING_WAGES: Wages = { mean: 31, p10: 16.1, p25: 18.6, median: 23.7, p75: 35.4, p90: 54 };

function nationalSpec(economy: DemoEconomy): TableSpec {
  return {
    label: 'national',
    total: economy.nationalTotal * 0.985,
    totalWages: ALL_OCCUPATIONS_WAGES,
    detailed: economy.occupations.map((o) => ({
      occupation: o,
      employment: o.national,
      wages: o.wages,
      employmentAvailable: true,
    })),
  };
}

function industrySpec(economy: DemoEconomy, codes: readonly string[], label: string): TableSpec {
  const total = sum(codes.map((c) => economy.nationalManufacturing.get(c)!));
  const factor = sum(
    codes.map((c) => economy.nationalManufacturing.get(c)! * economy.industryWageFactor.get(c)!),
  );
  const wageFactor = factor / total;
  return {
    label,
    total,
    totalWages: scaleWages(MANUFACTURING_WAGES, wageFactor),
    detailed: economy.occupations.map((o) => {
      const employment = sum(codes.map((c) => economy.nationalManufacturing.get(c)! * o.shares.get(c)!));
      const rnd = cellRandom(economy.seed, label, 'wage', o.soc);
      return {
        occupation: o,
        employment,
        wages: scaleWages(o.wages, wageFactor * (1 + rnd.normal(0, 0.02))),
        employmentAvailable: !(
          codes.length === 1 && EMPLOYMENT_NOT_AVAILABLE.some(([c, s]) => c === codes[0] && s === o.soc)
        ),
      };
    }),
  };
}

function stateSpec(economy: DemoEconomy): TableSpec {
  const total = economy.stateTotal * 0.985;
  return {
    label: 'state',
    total,
    totalWages: scaleWages(ALL_OCCUPATIONS_WAGES, 0.93),
    detailed: economy.occupations.map((o) => ({
      occupation: o,
      employment: o.state,
      wages: scaleWages(o.wages, o.stateWageFactor),
      employmentAvailable: true,
    })),
  };
}

const allDataPrefix = (area: readonly string[], industry: readonly string[]) => [...area, ...industry];
const US_AREA = ['99', 'U.S.', '1', 'US'];

/**
 * OEWS national file, May 2023 layout (`national_M2023_dl.csv`).
 *
 * @example demoOewsNational(economy).split('\n')[1] // '00-0000,All Occupations,total,150…'
 */
export function demoOewsNational(economy: DemoEconomy): string {
  const spec = nationalSpec(economy);
  const lines = [OEWS_NATIONAL_HEADER];
  for (const cell of tableCells(spec, economy.seed)) {
    const fields = occupationFields(cell, spec, { industry: false }, economy.seed);
    lines.push(trimmed(fields));
  }
  return `${lines.join('\n')}\n`;
}

/** National industry-by-occupation file for manufacturing as a sector (`natsector_M2023_dl.csv`): NAICS `31`. */
export function demoOewsNatsector(economy: DemoEconomy): string {
  const spec = industrySpec(economy, MANUFACTURING_SUBSECTORS, 'natsector');
  const prefix = allDataPrefix(US_AREA, ['31', 'Manufacturing', 'sector', '5']);
  const lines = [OEWS_ALL_DATA_HEADER];
  for (const cell of tableCells(spec, economy.seed)) {
    lines.push(trimmed([...prefix, ...occupationFields(cell, spec, { industry: true }, economy.seed)]));
  }
  return `${lines.join('\n')}\n`;
}

/** National industry-by-occupation file for the 3-digit manufacturing subsectors (`nat3d_M2023_dl.csv`): `311000`. */
export function demoOewsNat3d(economy: DemoEconomy): string {
  const lines = [OEWS_ALL_DATA_HEADER];
  for (const code of MANUFACTURING_SUBSECTORS) {
    const spec = industrySpec(economy, [code], `nat3d-${code}`);
    const prefix = allDataPrefix(US_AREA, [`${code}000`, OEWS_SUBSECTOR_TITLES[code]!, '3-digit', '5']);
    for (const cell of tableCells(spec, economy.seed)) {
      lines.push(trimmed([...prefix, ...occupationFields(cell, spec, { industry: true }, economy.seed)]));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The Lakeshore state file in the all-data layout (`state_M2023_dl.csv`): AREA `57`, cross-industry. */
export function demoOewsState(economy: DemoEconomy): string {
  const national = nationalSpec(economy);
  const reference = new Map(
    tableCells(national, economy.seed).map((c) => [`${c.code}|${c.group}`, c.employment / national.total]),
  );
  const spec = stateSpec(economy);
  const prefix = allDataPrefix(
    [DEMO_PARTNERSHIP.state.fips, DEMO_PARTNERSHIP.state.name, '2', LAKESHORE_POSTAL],
    ['000000', 'Cross-industry', 'cross-industry', '1235'],
  );
  const lines = [OEWS_ALL_DATA_HEADER];
  for (const cell of tableCells(spec, economy.seed)) {
    const fields = occupationFields(cell, spec, { industry: false, national: reference }, economy.seed);
    lines.push(trimmed([...prefix, ...fields]));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * National employment of each SOC group in the OEWS national file (unrounded), for the projections' summary rows.
 *
 * @example oewsNationalGroups(economy).get('51-0000') // ≈ 8.6 million
 */
export function oewsNationalGroups(economy: DemoEconomy): Map<string, number> {
  const cells = tableCells(nationalSpec(economy), economy.seed).filter((c) => c.group !== 'detailed');
  return new Map(cells.map((c) => [c.code, c.employment]));
}

/** File names of the OEWS files, May estimates of the demo's OEWS year. */
export const OEWS_FILES = {
  national: `national_M${OEWS_YEAR}_dl.csv`,
  natsector: `natsector_M${OEWS_YEAR}_dl.csv`,
  nat3d: `nat3d_M${OEWS_YEAR}_dl.csv`,
  state: `state_M${OEWS_YEAR}_dl.csv`,
} as const;
