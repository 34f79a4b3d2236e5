import { SOC_MAJOR_GROUPS, socMajorGroup } from '../util/soc-major-groups.ts';
import {
  type CellStats,
  type PrimaryReason,
  type PrimaryRules,
  primaryReason,
  type SuppressionReason,
} from './rules.ts';
import { complementarySuppression, type Relation } from './suppress.ts';

/** How a pipeline protects the survey cells it publishes (the `disclosure` section of its config). */
export interface SurveyDisclosure {
  readonly rules: PrimaryRules;
  /** Percent of a suppressed cell's value an intruder must stay unsure of, either way. */
  readonly protection: number;
  /** Complementary suppression; off only to show that the audit catches what it would have prevented. */
  readonly complementary: boolean;
  /** Published estimates are rounded to a multiple of this (null: not rounded). */
  readonly rounding: number | null;
}

/** The hiring horizons the survey asks for, and the measure that is their sum. */
export const HORIZONS = ['hires_12m', 'hires_1_3y', 'hires_3_5y'] as const;
export const HORIZON_SUM = 'hires_5y';

/** The SOC code of the all-occupations row. */
export const ALL_OCCUPATIONS = '00-0000';

export type DemandLevel = 'detailed' | 'major' | 'total';

/** A row of the demand table: a detailed occupation, a SOC major group, or all listed occupations. */
export interface DemandRow {
  readonly soc: string;
  readonly level: DemandLevel;
  readonly title: string | null;
  /** The detailed occupations it adds up. */
  readonly members: readonly string[];
}

/**
 * The rows of one wave's demand table: every detailed occupation the employers listed, each SOC major group
 * that has one, and the total over all of them, so partners see the rollups and the suppression protects
 * every margin. Sorted by code.
 */
export function demandRows(socs: readonly string[], titleOf: (soc: string) => string | null): DemandRow[] {
  const detailed = [...new Set(socs)].sort();
  const majors = [...new Set(detailed.map(socMajorGroup))].sort();
  return [
    { soc: ALL_OCCUPATIONS, level: 'total' as const, title: 'All listed occupations', members: detailed },
    ...majors.map((major) => ({
      soc: major,
      level: 'major' as const,
      title: SOC_MAJOR_GROUPS[major.slice(0, 2)] ?? null,
      members: detailed.filter((s) => socMajorGroup(s) === major),
    })),
    ...detailed.map((soc) => ({ soc, level: 'detailed' as const, title: titleOf(soc), members: [soc] })),
  ].sort((a, b) => (a.soc < b.soc ? -1 : a.soc > b.soc ? 1 : 0));
}

/** The id of a published demand cell, shared by the suppression and the audit of the published files. */
export function demandCellId(wave: string, soc: string, measure: string): string {
  return `${wave}|${soc}|${measure}`;
}

/**
 * The additive relations the published demand table carries, for one wave: for each measure, all
 * occupations = Σ major groups and each major group = Σ its detailed occupations; for each row, the 5-year
 * hires = Σ the three horizons. `rows` are the (soc, level) pairs published for the wave.
 */
export function demandRelations(
  wave: string,
  rows: readonly { soc: string; level: DemandLevel }[],
  measures: readonly string[],
): Relation[] {
  const id = (soc: string, measure: string) => demandCellId(wave, soc, measure);
  const majors = rows.filter((r) => r.level === 'major').map((r) => r.soc);
  const detailed = rows.filter((r) => r.level === 'detailed').map((r) => r.soc);
  const relations: Relation[] = [];
  for (const measure of measures) {
    if (rows.some((r) => r.level === 'total')) {
      relations.push({ total: id(ALL_OCCUPATIONS, measure), parts: majors.map((m) => id(m, measure)) });
    }
    for (const major of majors) {
      relations.push({
        total: id(major, measure),
        parts: detailed.filter((s) => socMajorGroup(s) === major).map((s) => id(s, measure)),
      });
    }
  }
  if (measures.includes(HORIZON_SUM) && HORIZONS.every((h) => measures.includes(h))) {
    for (const row of rows) {
      relations.push({ total: id(row.soc, HORIZON_SUM), parts: HORIZONS.map((h) => id(row.soc, h)) });
    }
  }
  return relations;
}

/** A demand cell before disclosure control: its true estimate and what the rules need to judge it. */
export interface DemandCell {
  readonly id: string;
  readonly value: number;
  readonly stats: CellStats;
  /** Withheld for too few employers by the estimation settings (counts as the threshold rule). */
  readonly withheld: boolean;
}

/**
 * Primary suppression of each cell by the rules, then complementary suppression across the wave's
 * relations (unless turned off). Returns the suppressed cells with their reasons.
 */
export async function suppressDemandCells(
  cells: readonly DemandCell[],
  relations: readonly Relation[],
  disclosure: SurveyDisclosure,
): Promise<ReadonlyMap<string, SuppressionReason>> {
  const primaries = cells.map((c) => {
    const rule: PrimaryReason | null = primaryReason(c.stats, disclosure.rules);
    return {
      id: c.id,
      value: c.value,
      primary: rule ?? (c.withheld ? ('threshold' as const) : null),
    };
  });
  if (!disclosure.complementary) {
    return new Map(primaries.filter((c) => c.primary).map((c) => [c.id, c.primary!]));
  }
  const result = await complementarySuppression(primaries, relations, {
    protection: disclosure.protection,
  });
  return result.suppressed;
}

/**
 * Contributor statistics of a cell from each employer's contribution (its reported value): how many
 * contributed, the total and the two largest. Computed in the warehouse's process; never published.
 */
export function cellStats(values: Iterable<number | null>): CellStats {
  let contributors = 0;
  let total = 0;
  let largest = 0;
  let second = 0;
  for (const v of values) {
    if (v === null || !(v > 0)) continue;
    contributors += 1;
    total += v;
    if (v > largest) {
      second = largest;
      largest = v;
    } else if (v > second) second = v;
  }
  return { contributors, total, largest, second };
}

/** The quality note of a withheld survey figure. */
export function withheldNote(reason: SuppressionReason): string {
  return `withheld to protect employers' answers: ${SUPPRESSION_REASONS[reason]}`;
}

/** Plain words for a suppression reason code, for reports and dictionaries. */
export const SUPPRESSION_REASONS: Readonly<Record<SuppressionReason, string>> = {
  threshold: 'too few employers contribute',
  dominance: 'one or two employers make up most of the value',
  p_percent: 'the others could estimate the largest employer too closely',
  source: 'the data provider suppressed it',
  complementary: 'withheld so that another withheld value cannot be worked out from the totals',
};
