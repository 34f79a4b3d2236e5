/**
 * Demo Employment Projections tables in the published layouts: Table 1.10 (occupational separations and
 * openings, 2024-34) and Table 1.2 (projections and worker characteristics), each with its title line, the
 * en-dash header, titles indented two spaces per level, `Summary` and `Line item` rows and the notes after the
 * data. Employment is in thousands.
 *
 * Values follow the BLS separations method: exits and transfers are the annual rates times average employment
 * over the decade, openings = exits + transfers + change / 10, all computed unrounded and each rounded to one
 * decimal for publication (so the published identity holds within rounding, as in the real table). A summary
 * row is the sum of the rows under it plus the occupations the demo leaves out.
 */

import {
  EP_SOURCE_LINE,
  EP_TABLE_1_2_HEADER,
  EP_TABLE_1_2_NOTES,
  EP_TABLE_1_2_TITLE,
  EP_TABLE_1_10_HEADER,
  EP_TABLE_1_10_TITLE,
} from './labor-market-facts.ts';
import type { DemoEconomy, OccupationModel } from './labor-market-model.ts';
import { cellRandom, csvLine, plain, sum } from './labor-market-model.ts';
import { oewsNationalGroups } from './labor-market-oews.ts';
import { EP_ROWS, SOC_GROUPS } from './labor-market-soc.ts';

/** One row of the projections, unrounded. */
export interface EpRow {
  readonly code: string;
  readonly title: string;
  readonly type: 'Summary' | 'Line item';
  /** Employment in thousands. */
  readonly base: number;
  readonly projected: number;
  readonly change: number;
  /** Annual averages in thousands. */
  readonly exits: number;
  readonly transfers: number;
  readonly openings: number;
  /** Percent of the average employment of the decade. */
  readonly exitRate: number;
  readonly transferRate: number;
  /** Percent self employed in the base year. */
  readonly selfEmployed: number;
  /** Median annual wage in the base year, dollars (line items). */
  readonly medianWage: number | undefined;
  readonly occupation: OccupationModel | undefined;
}

interface Flow {
  base: number;
  projected: number;
  exits: number;
  transfers: number;
  selfEmployed: number;
}

function flowOf(
  base: number,
  growth: number,
  separationsRate: number,
  exitShare: number,
  self: number,
): Flow {
  const projected = base * (1 + growth) ** 10;
  const average = (base + projected) / 2;
  return {
    base,
    projected,
    exits: separationsRate * exitShare * average,
    transfers: separationsRate * (1 - exitShare) * average,
    selfEmployed: self * base,
  };
}

const addFlows = (flows: readonly Flow[]): Flow => ({
  base: sum(flows.map((f) => f.base)),
  projected: sum(flows.map((f) => f.projected)),
  exits: sum(flows.map((f) => f.exits)),
  transfers: sum(flows.map((f) => f.transfers)),
  selfEmployed: sum(flows.map((f) => f.selfEmployed)),
});

/** Depth of a row from its title's leading spaces. */
const depthOf = (title: string) => (title.length - title.trimStart().length) / 2;

/**
 * The projections rows, unrounded, in the order of the table. Line items start from the OEWS national employment
 * of 2023 (plus the self-employed, grown one year); each summary row adds the occupations the demo leaves out,
 * with their own growth and separation rates.
 */
export function epRows(economy: DemoEconomy): EpRow[] {
  const bySoc = new Map(economy.occupations.map((o) => [o.soc, o]));
  const seed = economy.seed;
  const flows = new Map<string, Flow>();
  // A summary row holds the rows under it plus the rest of its OEWS group (with the self-employed).
  const groups = oewsNationalGroups(economy);
  for (const [code] of EP_ROWS) {
    const occupation = bySoc.get(code);
    if (!occupation) continue;
    const base = (occupation.national * (1 + occupation.selfEmployed) * (1 + occupation.growth)) / 1000;
    flows.set(
      code,
      flowOf(
        base,
        occupation.growth,
        occupation.separationsRate,
        occupation.exitShare,
        occupation.selfEmployed,
      ),
    );
  }
  // Summary rows bottom-up, deepest first: the rows right under them plus the rest of the group.
  const summaries = EP_ROWS.filter(([, , type]) => type === 'Summary').sort(
    (a, b) => depthOf(b[1]) - depthOf(a[1]),
  );
  for (const [code, title] of summaries) {
    const depth = depthOf(title);
    const index = EP_ROWS.findIndex(([c]) => c === code);
    const children: Flow[] = [];
    for (let i = index + 1; i < EP_ROWS.length; i++) {
      const childDepth = depthOf(EP_ROWS[i]![1]);
      if (childDepth <= depth) break;
      if (childDepth === depth + 1) children.push(flows.get(EP_ROWS[i]![0])!);
    }
    const rnd = cellRandom(seed, 'ep', 'rest', code);
    const group = SOC_GROUPS.find((g) => g.code === code);
    const held = sum(children.map((c) => c.base));
    let rest = 0;
    if (code === '00-0000') rest = (economy.nationalTotal * 1.1) / 1000 - held;
    else if (group?.hasOthers) rest = Math.max(0, (groups.get(code)! * 1.03) / 1000 - held);
    const restFlow = flowOf(
      rest,
      0.003 + rnd.normal(0, 0.002),
      0.105 + rnd.normal(0, 0.006),
      0.42 + rnd.normal(0, 0.02),
      0.05,
    );
    flows.set(code, addFlows([...children, restFlow]));
  }
  return EP_ROWS.map(([code, title, type]): EpRow => {
    const f = flows.get(code)!;
    const occupation = bySoc.get(code);
    const average = (f.base + f.projected) / 2;
    const change = f.projected - f.base;
    return {
      code,
      title,
      type,
      base: f.base,
      projected: f.projected,
      change,
      exits: f.exits,
      transfers: f.transfers,
      openings: f.exits + f.transfers + change / 10,
      exitRate: (100 * f.exits) / average,
      transferRate: (100 * f.transfers) / average,
      selfEmployed: (100 * f.selfEmployed) / f.base,
      medianWage: occupation
        ? Math.round((occupation.wages.median * 2080 * (1 + 0.035 + occupation.growth)) / 10) * 10
        : undefined,
      occupation,
    };
  });
}

/** Published (rounded) fields of a Table 1.10 row. */
export function table110Fields(row: EpRow): string[] {
  const rate = (r: number) => plain(r, 1);
  return [
    row.title,
    row.code,
    row.type,
    plain(row.base, 1),
    plain(row.projected, 1),
    plain(row.change, 1),
    plain((100 * row.change) / row.base, 1),
    rate(row.exitRate),
    rate(row.transferRate),
    rate(row.exitRate + row.transferRate),
    plain(row.exits, 1),
    plain(row.transfers, 1),
    plain(row.exits + row.transfers, 1),
    plain(row.openings, 1),
  ];
}

/**
 * Table 1.10 as published (`bls_ep_occupation_2024-34__Table_1.10.csv`).
 *
 * @example demoEpTable110(economy).split('\n')[2].startsWith('"Total, all occupations",00-0000,Summary,') // true
 */
export function demoEpTable110(economy: DemoEconomy): string {
  const lines = [EP_TABLE_1_10_TITLE, EP_TABLE_1_10_HEADER];
  for (const row of epRows(economy)) lines.push(csvLine(table110Fields(row)));
  lines.push(EP_SOURCE_LINE);
  return `${lines.join('\n')}\n`;
}

/** A summary row's median wage: the employment-weighted median wage of the line items under it. */
function summaryWage(rows: readonly EpRow[], index: number): number | undefined {
  const depth = depthOf(rows[index]!.title);
  let weight = 0;
  let total = 0;
  for (let i = index + 1; i < rows.length && depthOf(rows[i]!.title) > depth; i++) {
    const row = rows[i]!;
    if (row.medianWage === undefined) continue;
    weight += row.base;
    total += row.base * row.medianWage;
  }
  return weight === 0 ? undefined : Math.round(total / weight / 10) * 10;
}

/** Table 1.2 as published (`bls_ep_occupation_2024-34__Table_1.2.csv`): typical education and training. */
export function demoEpTable12(economy: DemoEconomy): string {
  const rows = epRows(economy);
  const total = rows.find((r) => r.code === '00-0000')!;
  const dash = '—';
  const lines = [EP_TABLE_1_2_TITLE, EP_TABLE_1_2_HEADER];
  rows.forEach((row, index) => {
    const entry = row.occupation?.entry;
    const wage = row.code === '00-0000' ? 49_500 : (row.medianWage ?? summaryWage(rows, index));
    lines.push(
      csvLine([
        row.title,
        row.code,
        row.type,
        plain(row.base, 1),
        plain(row.projected, 1),
        plain((100 * row.base) / total.base, 1),
        plain((100 * row.projected) / total.projected, 1),
        plain(row.change, 1),
        plain((100 * row.change) / row.base, 1),
        row.occupation?.selfEmployedUnknown ? dash : plain(row.selfEmployed, 1),
        plain(row.openings, 1),
        wage === undefined ? dash : String(wage),
        entry ? entry.education : dash,
        entry ? entry.experience : dash,
        entry ? entry.training : dash,
        entry ? 'OOH Content' : dash,
      ]),
    );
  });
  lines.push(...EP_TABLE_1_2_NOTES, EP_SOURCE_LINE);
  return `${lines.join('\n')}\n`;
}

export const EP_FILES = {
  table110: 'bls_ep_occupation_2024-34__Table_1.10.csv',
  table12: 'bls_ep_occupation_2024-34__Table_1.2.csv',
} as const;
