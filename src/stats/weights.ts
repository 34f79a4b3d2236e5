/**
 * Post-stratification of an employer survey to the QCEW frame: collapsing sparse strata, weights, and response
 * rates. Pure functions; the frame and the respondents come in, plain objects go out.
 *
 * Partnership surveys are convenience or low-response samples, so the weights make respondents represent their
 * stratum's establishments; they do not turn the sample into a probability sample.
 */
import { sum } from 'simple-statistics';
import { type Issue, SiError } from '../errors.ts';

/** One stratum of the population frame (QCEW establishment count and employment). */
export interface Stratum {
  readonly id: string;
  /** Establishments in the frame, N_h. */
  readonly establishments: number;
  /** Employment in the frame, X_h. */
  readonly employment: number;
  /** For collapsing: strata sharing a group collapse together first (an industry, say). */
  readonly group?: string;
  /** For collapsing: position within the group (a size class, say); nearest orders merge first. */
  readonly order?: number;
}

/** One responding employer (establishment). */
export interface Respondent {
  readonly id: string;
  /** Id of the frame stratum the respondent belongs to. */
  readonly stratum: string;
  /** Employees at the site, x_j. */
  readonly employment: number;
}

/** A weighting cell: one stratum, or several collapsed together. */
export interface Cell {
  /** Member stratum ids joined by `+`. */
  readonly id: string;
  readonly members: readonly string[];
  readonly establishments: number;
  readonly employment: number;
  readonly respondents: number;
}

/** Anything with a frame population, keyed by id: a `Stratum`, a `Cell`. */
export interface FrameCell {
  readonly id: string;
  readonly establishments: number;
  readonly employment: number;
  /** Stratum ids the cell covers; a cell without members covers the stratum of the same id. */
  readonly members?: readonly string[];
}

export interface CollapseOptions {
  /** Strata with fewer respondents than this are merged into a neighbour. */
  readonly minRespondents?: number;
}

export interface CollapseResult {
  /** Cells sorted by their first member (group, then order, then id). */
  readonly cells: readonly Cell[];
  /** Original stratum id to the id of the cell that holds it. */
  readonly cellOf: ReadonlyMap<string, string>;
  /** Strata left out because they have no establishments, no employment and no respondents. */
  readonly dropped: readonly string[];
  /** What was merged and why, in the order it happened, for the methods note of a report. */
  readonly notes: readonly string[];
}

interface WorkCell {
  members: Stratum[];
  group: string;
  minOrder: number | undefined;
  maxOrder: number | undefined;
  establishments: number;
  employment: number;
  respondents: number;
}

/**
 * Merge strata with fewer than `minRespondents` respondents into neighbours until every cell has enough.
 *
 * Rule, applied one merge at a time to the sparsest cell (fewest respondents, then fewest establishments, then
 * id): merge into another cell of the same `group` — the nearest `order` first, then the one with the fewest
 * respondents, then fewest establishments, then id. When the group has no other cell left (the whole group is
 * too small), it joins the smallest other group (fewest respondents, then establishments, then name), landing in
 * that group's cell chosen by the same rule. Strata without a group form one group together. A stratum with
 * population but no respondents is always merged, even with `minRespondents` 0, since otherwise its
 * establishments would drop out of every estimate. Strata with no establishments, no employment and no
 * respondents are dropped. The result does not depend on the order of the inputs.
 *
 * @example
 * const { cells, cellOf } = collapseStrata(
 *   [
 *     { id: '332-small', establishments: 40, employment: 300, group: '332', order: 1 },
 *     { id: '332-large', establishments: 5, employment: 900, group: '332', order: 2 },
 *   ],
 *   respondents, // 4 in 332-small, 1 in 332-large
 *   { minRespondents: 3 },
 * );
 * // cells: [{ id: '332-small+332-large', establishments: 45, employment: 1200, respondents: 5, ... }]
 * // cellOf.get('332-large') === '332-small+332-large'
 */
export function collapseStrata(
  strata: readonly Stratum[],
  respondents: readonly Respondent[],
  options: CollapseOptions = {},
): CollapseResult {
  const minRespondents = options.minRespondents ?? 3;
  checkFrame(strata);
  const unordered = strata.filter((s) => s.order !== undefined && !Number.isFinite(s.order));
  if (unordered.length > 0) {
    throw invalid(
      'frame',
      unordered.map((s) => ({
        code: 'invalid_order',
        message: `stratum ${s.id}: order is not a finite number`,
      })),
    );
  }
  const counts = countByStratum(respondents, new Set(strata.map((s) => s.id)));
  const notes: string[] = [];
  const dropped: string[] = [];
  const sorted = [...strata].sort(compareStrata);
  let cells: WorkCell[] = [];
  for (const s of sorted) {
    const r = counts.get(s.id) ?? 0;
    if (r === 0 && s.establishments === 0 && s.employment === 0) {
      dropped.push(s.id);
      notes.push(`dropped stratum ${s.id}: no establishments, no employment and no respondents`);
      continue;
    }
    if (r > s.establishments) {
      notes.push(
        `stratum ${s.id} has ${r} respondents but ${s.establishments} establishments in the frame: the frame may be out of date or respondents misclassified`,
      );
    }
    cells.push({
      members: [s],
      group: s.group ?? '',
      minOrder: s.order,
      maxOrder: s.order,
      establishments: s.establishments,
      employment: s.employment,
      respondents: r,
    });
  }

  // At least one respondent, whatever the threshold, so no population is left without anyone to represent it.
  const threshold = Math.max(minRespondents, 1);
  for (;;) {
    if (cells.length < 2) break;
    const sparse = cells.filter((c) => c.respondents < threshold).sort(compareSparse)[0];
    if (!sparse) break;
    const sameGroup = cells.filter((c) => c !== sparse && c.group === sparse.group);
    let target: WorkCell;
    let across = '';
    if (sameGroup.length > 0) {
      target = nearest(sparse, sameGroup);
    } else {
      const group = smallestGroup(cells.filter((c) => c !== sparse));
      target = nearest(
        sparse,
        cells.filter((c) => c !== sparse && c.group === group),
      );
      across = ` (group ${label(sparse.group)} has only ${sparse.respondents} respondents in all: joined group ${label(group)})`;
    }
    notes.push(
      `merged ${cellId(sparse)} (${sparse.respondents} respondents, fewer than ${threshold}) into ${cellId(target)}${across}`,
    );
    const merged: WorkCell = {
      members: [...sparse.members, ...target.members].sort(compareStrata),
      group: target.group,
      minOrder: minDefined(sparse.minOrder, target.minOrder),
      maxOrder: maxDefined(sparse.maxOrder, target.maxOrder),
      establishments: sparse.establishments + target.establishments,
      employment: sparse.employment + target.employment,
      respondents: sparse.respondents + target.respondents,
    };
    cells = cells.filter((c) => c !== sparse && c !== target);
    cells.push(merged);
  }

  cells.sort((a, b) => compareStrata(a.members[0]!, b.members[0]!));
  const cellOf = new Map<string, string>();
  const out: Cell[] = cells.map((c) => {
    const id = cellId(c);
    for (const m of c.members) cellOf.set(m.id, id);
    return {
      id,
      members: c.members.map((m) => m.id),
      establishments: c.establishments,
      employment: c.employment,
      respondents: c.respondents,
    };
  });
  for (const s of sorted) {
    const cell = cellOf.get(s.id);
    if (cell !== undefined && (counts.get(s.id) ?? 0) === 0) {
      notes.push(
        `stratum ${s.id} has no respondents: its ${s.establishments} establishments and ${s.employment} employment are represented by cell ${cell}`,
      );
    }
  }
  const last = out[0];
  if (out.length === 1 && last && last.respondents < threshold) {
    notes.push(
      `all respondents together are ${last.respondents}, fewer than ${threshold}: nothing left to merge with`,
    );
  }
  return { cells: out, cellOf, dropped, notes };
}

export interface RespondentWeight {
  readonly id: string;
  readonly stratum: string;
  readonly cell: string;
  /** w_j = N_h / r_h: establishments the respondent stands for. */
  readonly weight: number;
}

export interface CellWeight {
  readonly id: string;
  readonly establishments: number;
  readonly employment: number;
  readonly respondents: number;
  /** N_h / r_h; null when the cell has no respondents. */
  readonly weight: number | null;
  /** Σ x_j over the cell's respondents. */
  readonly respondentEmployment: number;
  /**
   * Σ w_j x_j: the frame employment the weighted respondents imply. Far from `employment` means respondents
   * are larger (or smaller) than the cell's typical employer, which the ratio estimator corrects and
   * establishment weights do not.
   */
  readonly weightedEmployment: number;
}

export interface PostStratification {
  /** One per respondent, in the order given. */
  readonly weights: readonly RespondentWeight[];
  readonly cells: readonly CellWeight[];
  /** Σ w_j; equals the frame's establishments when every cell has a respondent. */
  readonly totalWeight: number;
  readonly notes: readonly string[];
}

/**
 * Establishment-count post-stratification: w_j = N_h / r_h, so the weights of each cell add up to its
 * establishments and all weights to the frame's establishment count (domain reference §2.2).
 *
 * @example
 * const { weights, totalWeight } = postStratify(
 *   [{ id: 'A', members: ['A'], establishments: 10, employment: 200, respondents: 4 }],
 *   [{ id: 'e1', stratum: 'A', employment: 25 }, { id: 'e2', stratum: 'A', employment: 5 }, ...],
 * );
 * // every weight is 10 / 4 = 2.5; totalWeight === 10
 */
export function postStratify(
  cells: readonly FrameCell[],
  respondents: readonly Respondent[],
): PostStratification {
  const index = cellIndex(cells);
  checkRespondents(respondents, index);
  const byCell = new Map<string, Respondent[]>(cells.map((c) => [c.id, []]));
  for (const r of respondents) byCell.get(index.get(r.stratum)!.id)!.push(r);
  const weightOf = new Map<string, number>();
  const notes: string[] = [];
  const summary: CellWeight[] = cells.map((c) => {
    const members = byCell.get(c.id)!;
    const weight = members.length > 0 ? c.establishments / members.length : null;
    if (weight === null && c.establishments > 0) {
      notes.push(
        `cell ${c.id} has no respondents: its ${c.establishments} establishments are not represented (collapse first)`,
      );
    }
    if (weight !== null && weight < 1) {
      notes.push(
        `cell ${c.id} has more respondents (${members.length}) than establishments (${c.establishments}): weights below 1`,
      );
    }
    if (weight !== null) weightOf.set(c.id, weight);
    const respondentEmployment = sum(members.map((r) => r.employment));
    return {
      id: c.id,
      establishments: c.establishments,
      employment: c.employment,
      respondents: members.length,
      weight,
      respondentEmployment,
      weightedEmployment: (weight ?? 0) * respondentEmployment,
    };
  });
  const weights = respondents.map((r) => {
    const cell = index.get(r.stratum)!.id;
    return { id: r.id, stratum: r.stratum, cell, weight: weightOf.get(cell)! };
  });
  return { weights, cells: summary, totalWeight: sum(weights.map((w) => w.weight)), notes };
}

/** An employer that was invited to the survey (the issued sample). */
export interface Invitee {
  readonly id: string;
  /** Employment on the invitation list (the sample frame), used for the employment-weighted rate. */
  readonly employment: number;
  /**
   * AAPOR disposition as far as eligibility goes: `ineligible` (closed, out of scope) leaves the denominator,
   * `unknown` (never reached) stays in it, as RR1 requires. Default `eligible`.
   */
  readonly eligibility?: 'eligible' | 'ineligible' | 'unknown';
}

export interface ResponseRateInput {
  /** The issued sample; omit for an open-link survey with no list of invitees. */
  readonly invited?: readonly Invitee[];
  readonly respondents: readonly Respondent[];
  readonly frame: readonly FrameCell[];
}

export interface StratumCoverage {
  readonly id: string;
  readonly establishments: number;
  readonly employment: number;
  readonly respondents: number;
  readonly respondentEmployment: number;
  /** respondents / establishments; null when the frame has none. */
  readonly establishmentCoverage: number | null;
  /** Σ respondent x / X; null when the frame has no employment. */
  readonly employmentCoverage: number | null;
}

export interface ResponseRates {
  /** Invitees, when a list was given. */
  readonly invited: number | null;
  /** Invitees not known to be ineligible (eligible + unknown eligibility): the RR1 denominator. */
  readonly eligible: number | null;
  readonly respondents: number;
  /** Respondents not on the invitation list (a forwarded link, say): outside RR1's numerator. */
  readonly respondentsNotInvited: number | null;
  /** AAPOR RR1: invited respondents / eligible-or-unknown invitees; null without an invitation list. */
  readonly rr1: number | null;
  /** Employment-weighted response rate; its denominator is given by `employmentBase`. */
  readonly employmentRate: number | null;
  readonly employmentBase: 'invited' | 'frame';
  /** Respondents / frame establishments. */
  readonly establishmentCoverage: number | null;
  /** Σ respondent employment / frame employment X. Above 1 means respondents report more than the frame holds. */
  readonly employmentCoverage: number | null;
  readonly byStratum: readonly StratumCoverage[];
}

/**
 * Response rates (AAPOR RR1, count-based, and employment-weighted) and coverage of the frame (domain reference
 * §2.5). With an invitation list the employment-weighted rate is Σ x of invited respondents / Σ x of eligible
 * invitees, both from the invitation list so numerator and denominator measure employment the same way; without
 * one it is the respondents' reported employment over the frame's, the same as `employmentCoverage`.
 *
 * @example
 * responseRates({
 *   invited: [{ id: 'a', employment: 100 }, { id: 'b', employment: 50 }, { id: 'c', employment: 10, eligibility: 'ineligible' }],
 *   respondents: [{ id: 'a', stratum: 'S', employment: 90 }],
 *   frame: [{ id: 'S', establishments: 20, employment: 1000 }],
 * });
 * // rr1 = 1 / 2 = 0.5; employmentRate = 100 / 150; employmentCoverage = 90 / 1000
 */
export function responseRates(input: ResponseRateInput): ResponseRates {
  const index = cellIndex(input.frame);
  checkRespondents(input.respondents, index);
  const frameEstablishments = sum(input.frame.map((c) => c.establishments));
  const frameEmployment = sum(input.frame.map((c) => c.employment));
  const respondentEmployment = sum(input.respondents.map((r) => r.employment));

  let invited: number | null = null;
  let eligible: number | null = null;
  let notInvited: number | null = null;
  let rr1: number | null = null;
  let employmentRate = ratio(respondentEmployment, frameEmployment);
  if (input.invited) {
    const issues: Issue[] = [];
    const invitees = new Map<string, Invitee>();
    for (const i of input.invited) {
      if (invitees.has(i.id)) issues.push({ code: 'duplicate_invitee', message: `invited twice: ${i.id}` });
      if (!(i.employment >= 0) || !Number.isFinite(i.employment)) {
        issues.push({ code: 'invalid_employment', message: `invitee ${i.id}: employment is not a count` });
      }
      invitees.set(i.id, i);
    }
    if (issues.length > 0) throw invalid('invitation list', issues);
    const responded = input.respondents.filter((r) => invitees.has(r.id));
    const respondedIds = new Set(responded.map((r) => r.id));
    // A completed response proves eligibility, whatever the list said.
    const base = input.invited.filter((i) => i.eligibility !== 'ineligible' || respondedIds.has(i.id));
    invited = input.invited.length;
    eligible = base.length;
    notInvited = input.respondents.length - responded.length;
    rr1 = ratio(responded.length, eligible);
    employmentRate = ratio(
      sum(responded.map((r) => invitees.get(r.id)!.employment)),
      sum(base.map((i) => i.employment)),
    );
  }

  const members = new Map<string, Respondent[]>(input.frame.map((c) => [c.id, []]));
  for (const r of input.respondents) members.get(index.get(r.stratum)!.id)!.push(r);
  const byStratum = input.frame.map((c) => {
    const rs = members.get(c.id)!;
    const x = sum(rs.map((r) => r.employment));
    return {
      id: c.id,
      establishments: c.establishments,
      employment: c.employment,
      respondents: rs.length,
      respondentEmployment: x,
      establishmentCoverage: ratio(rs.length, c.establishments),
      employmentCoverage: ratio(x, c.employment),
    };
  });

  return {
    invited,
    eligible,
    respondents: input.respondents.length,
    respondentsNotInvited: notInvited,
    rr1,
    employmentRate,
    employmentBase: input.invited ? 'invited' : 'frame',
    establishmentCoverage: ratio(input.respondents.length, frameEstablishments),
    employmentCoverage: ratio(respondentEmployment, frameEmployment),
    byStratum,
  };
}

/**
 * Map each stratum id to the cell that covers it, checking that no stratum is in two cells and every number
 * is a non-negative count. Shared with the estimators; not re-exported from the stats index.
 *
 * @example
 * cellIndex([{ id: 'A+B', members: ['A', 'B'], establishments: 9, employment: 80 }]).get('B')?.id; // 'A+B'
 */
export function cellIndex<C extends FrameCell>(cells: readonly C[]): ReadonlyMap<string, C> {
  checkFrame(cells);
  const index = new Map<string, C>();
  const issues: Issue[] = [];
  for (const c of cells) {
    for (const m of c.members ?? [c.id]) {
      const other = index.get(m);
      if (other) {
        issues.push({
          code: 'stratum_in_two_cells',
          message: `stratum ${m} is in cells ${other.id} and ${c.id}`,
        });
      }
      index.set(m, c);
    }
  }
  if (issues.length > 0) throw invalid('weighting cells', issues);
  return index;
}

/**
 * Throw one error listing every problem with the respondents: stratum not in the frame, duplicate id, or
 * employment that is not a non-negative number. Shared with the estimators; not re-exported.
 *
 * @example
 * checkRespondents([{ id: 'e1', stratum: 'Z', employment: 5 }], new Set(['A'])); // throws E_INPUT_INVALID
 */
export function checkRespondents(
  respondents: readonly Respondent[],
  strata: ReadonlyMap<string, unknown> | ReadonlySet<string>,
): void {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const r of respondents) {
    if (seen.has(r.id))
      issues.push({ code: 'duplicate_respondent', message: `respondent ${r.id} appears twice` });
    seen.add(r.id);
    if (!strata.has(r.stratum)) {
      issues.push({
        code: 'unknown_stratum',
        message: `respondent ${r.id}: stratum ${r.stratum} is not in the frame`,
        value: r.stratum,
      });
    }
    if (!Number.isFinite(r.employment) || r.employment < 0) {
      issues.push({ code: 'invalid_employment', message: `respondent ${r.id}: employment is not a count` });
    }
  }
  if (issues.length > 0) throw invalid('respondents', issues);
}

function checkFrame(cells: readonly FrameCell[]): void {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.id)) issues.push({ code: 'duplicate_stratum', message: `stratum ${c.id} appears twice` });
    seen.add(c.id);
    for (const [name, value] of [
      ['establishments', c.establishments],
      ['employment', c.employment],
    ] as const) {
      if (!Number.isFinite(value) || value < 0) {
        issues.push({ code: `invalid_${name}`, message: `stratum ${c.id}: ${name} is not a count` });
      }
    }
  }
  if (issues.length > 0) throw invalid('frame', issues);
}

function countByStratum(
  respondents: readonly Respondent[],
  strata: ReadonlySet<string>,
): Map<string, number> {
  checkRespondents(respondents, strata);
  const counts = new Map<string, number>();
  for (const r of respondents) counts.set(r.stratum, (counts.get(r.stratum) ?? 0) + 1);
  return counts;
}

function invalid(what: string, issues: readonly Issue[]): SiError {
  return new SiError(
    'E_INPUT_INVALID',
    `${what}: ${issues.length} problem(s), first: ${issues[0]!.message}`,
    { issues },
  );
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Code-unit comparison, so the order does not depend on the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareOrder(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

function compareStrata(a: Stratum, b: Stratum): number {
  return (
    compareText(a.group ?? '', b.group ?? '') || compareOrder(a.order, b.order) || compareText(a.id, b.id)
  );
}

function compareSparse(a: WorkCell, b: WorkCell): number {
  return (
    a.respondents - b.respondents ||
    a.establishments - b.establishments ||
    compareStrata(a.members[0]!, b.members[0]!)
  );
}

/** Gap between two cells' order ranges; unknown when either has no order, which sorts after any number. */
function orderDistance(a: WorkCell, b: WorkCell): number {
  if (a.minOrder === undefined || a.maxOrder === undefined) return Number.POSITIVE_INFINITY;
  if (b.minOrder === undefined || b.maxOrder === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(0, b.minOrder - a.maxOrder, a.minOrder - b.maxOrder);
}

function nearest(cell: WorkCell, candidates: readonly WorkCell[]): WorkCell {
  const ranked = [...candidates].sort((a, b) => {
    const da = orderDistance(cell, a);
    const db = orderDistance(cell, b);
    if (da !== db) return da < db ? -1 : 1;
    return compareSparse(a, b);
  });
  return ranked[0]!;
}

function smallestGroup(cells: readonly WorkCell[]): string {
  const groups = new Map<string, { respondents: number; establishments: number }>();
  for (const c of cells) {
    const g = groups.get(c.group) ?? { respondents: 0, establishments: 0 };
    groups.set(c.group, {
      respondents: g.respondents + c.respondents,
      establishments: g.establishments + c.establishments,
    });
  }
  const ranked = [...groups].sort(
    ([ga, a], [gb, b]) =>
      a.respondents - b.respondents || a.establishments - b.establishments || compareText(ga, gb),
  );
  return ranked[0]![0];
}

function cellId(cell: WorkCell): string {
  return cell.members.map((m) => m.id).join('+');
}

function label(group: string): string {
  return group === '' ? '(ungrouped)' : group;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
