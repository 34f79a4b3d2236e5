/**
 * Auditing a published table the way an intruder would attack it: from the published cells and the additive
 * relations between them, bound every empty cell by linear programming, then check that no empty cell is
 * recoverable exactly and that every primary cell stays inside its protection interval.
 */
import { SiError } from '../errors.ts';
import {
  type Component,
  compareIds,
  componentBounds,
  type LpCell,
  type Relation,
  relationComponents,
} from './lp.ts';
import type { SuppressionReason } from './rules.ts';

export type { Relation } from './lp.ts';

/** How far an intruder must remain from a primary cell's value. */
export interface ProtectionOptions {
  /**
   * Required protection interval, percent of a primary cell's value (default 15): an intruder's upper bound
   * must be >= value·(1+p/100) and lower bound <= value·(1−p/100).
   */
  readonly protection: number;
}

/** The project's default: a 15 % protection interval. */
export const DEFAULT_PROTECTION: ProtectionOptions = Object.freeze({ protection: 15 });

/** One cell as published. */
export interface PublishedCell {
  readonly id: string;
  /** `null`: published empty (suppressed). */
  readonly value: number | null;
  /** Published values are rounded: the true value lies within ± halfWidth (default 0; e.g. 0.05 for 1 dp). */
  readonly halfWidth?: number;
}

/** What an intruder can derive about one empty cell. */
export interface CellBounds {
  readonly id: string;
  readonly lower: number;
  /** `Infinity` when nothing published caps the cell. */
  readonly upper: number;
  /**
   * Set by {@link suppressedBounds}: interval width that comes from the solver's numeric allowance rather than
   * the data (published values are widened by a relative 1e-9 so floating-point sums stay feasible). A cell
   * whose interval is no wider than this is exactly derivable. Absent: only a small relative tolerance applies.
   */
  readonly slack?: number;
}

/**
 * What an intruder can derive about each empty cell from the published cells and relations (LP min/max, every
 * cell >= 0), keyed and ordered by id. Empty cells in no relation get [0, Infinity). Throws `E_INPUT_INVALID`
 * for a malformed cell (duplicate id, negative or non-finite value), a relation naming an unknown cell, or a
 * table whose published values contradict its relations (naming the relations).
 *
 * @example
 * await suppressedBounds(
 *   [{ id: 'p', value: 100 }, { id: 'a', value: null }, { id: 'b', value: null }, { id: 'c', value: 30 }],
 *   [{ total: 'p', parts: ['a', 'b', 'c'] }],
 * );
 * // Map { 'a' => { id: 'a', lower: 0, upper: 70 }, 'b' => { id: 'b', lower: 0, upper: 70 } } (plus slack)
 */
export async function suppressedBounds(
  published: readonly PublishedCell[],
  relations: readonly Relation[],
): Promise<Map<string, CellBounds>> {
  const cells = publishedCells(published);
  const found = new Map<string, CellBounds>();
  for (const component of relationComponents(cells.keys(), relations))
    for (const [id, bounds] of await componentBounds(component, cells)) found.set(id, { id, ...bounds });
  for (const [id, cell] of cells)
    if (cell.value === null && !found.has(id))
      found.set(id, { id, lower: 0, upper: Number.POSITIVE_INFINITY });
  return new Map([...found.entries()].sort(([a], [b]) => compareIds(a, b)));
}

/** A suppressed cell an intruder can recover. */
export interface AuditFinding {
  readonly id: string;
  readonly reason: SuppressionReason;
  /** The true value. */
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  /** `exact`: the bounds pin the value; `within_protection`: a primary cell's bounds are inside its interval. */
  readonly problem: 'exact' | 'within_protection';
}

/**
 * Findings for suppressed cells an intruder can recover: any suppressed cell exactly (upper − lower within a
 * relative 1e-6, plus the bounds' `slack`), and primary cells (every reason but `complementary`; `source` cells
 * are protected like the rest) whose bounds fall inside the protection interval. Cells in `bounds` without an
 * entry in `truth` cannot be judged and are skipped. Empty = pass. Ordered by id.
 *
 * @example
 * auditBounds(
 *   new Map([['a', { id: 'a', lower: 0, upper: 100 }]]),
 *   new Map([['a', { value: 90, reason: 'dominance' }]]),
 *   { protection: 15 },
 * );
 * // [{ id: 'a', reason: 'dominance', value: 90, lower: 0, upper: 100, problem: 'within_protection' }]
 * // (an intruder knows a <= 100, but protection needs the upper bound to reach 90 × 1.15 = 103.5)
 */
export function auditBounds(
  bounds: ReadonlyMap<string, CellBounds>,
  truth: ReadonlyMap<string, { value: number; reason: SuppressionReason }>,
  options: ProtectionOptions,
): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const p = options.protection / 100;
  for (const id of [...bounds.keys()].sort(compareIds)) {
    const bound = bounds.get(id)!;
    const known = truth.get(id);
    if (!known) continue;
    const { value, reason } = known;
    // Solver results are accurate to roughly 1e-9 relative; 1e-6 keeps a vertex solution from counting as a gap.
    const tolerance = 1e-6 * Math.max(1, Math.abs(value));
    const finding = { id, reason, value, lower: bound.lower, upper: bound.upper };
    if (bound.upper - bound.lower <= tolerance + (bound.slack ?? 0)) {
      findings.push({ ...finding, problem: 'exact' });
    } else if (
      reason !== 'complementary' &&
      (bound.upper < value * (1 + p) - tolerance || bound.lower > value * (1 - p) + tolerance)
    ) {
      findings.push({ ...finding, problem: 'within_protection' });
    }
  }
  return findings;
}

/**
 * Convenience: {@link suppressedBounds} then {@link auditBounds}. Empty = the published table passes.
 *
 * @example
 * // Parent 100 = a 90 (dominance) + b 10, with a and b suppressed but the parent published: a <= 100 < 103.5.
 * await auditPublished(
 *   [{ id: 'p', value: 100 }, { id: 'a', value: null }, { id: 'b', value: null }],
 *   [{ total: 'p', parts: ['a', 'b'] }],
 *   new Map([['a', { value: 90, reason: 'dominance' }], ['b', { value: 10, reason: 'complementary' }]]),
 *   { protection: 15 },
 * ); // [{ id: 'a', …, lower: 0, upper: 100, problem: 'within_protection' }]
 */
export async function auditPublished(
  published: readonly PublishedCell[],
  relations: readonly Relation[],
  truth: ReadonlyMap<string, { value: number; reason: SuppressionReason }>,
  options: ProtectionOptions,
): Promise<AuditFinding[]> {
  return auditBounds(await suppressedBounds(published, relations), truth, options);
}

/**
 * Bounds of the empty cells of one component (or of those in `only`), as {@link CellBounds}; for callers that
 * have already split the relation graph into components.
 */
export async function componentCellBounds(
  component: Component,
  cells: ReadonlyMap<string, LpCell>,
  only?: ReadonlySet<string>,
): Promise<Map<string, CellBounds>> {
  const out = new Map<string, CellBounds>();
  for (const [id, bounds] of await componentBounds(component, cells, only)) out.set(id, { id, ...bounds });
  return out;
}

function publishedCells(published: readonly PublishedCell[]): Map<string, LpCell> {
  const cells = new Map<string, LpCell>();
  const problems: string[] = [];
  for (const cell of [...published].sort((a, b) => compareIds(a.id, b.id))) {
    const halfWidth = cell.halfWidth ?? 0;
    if (cells.has(cell.id)) problems.push(`${JSON.stringify(cell.id)} is given twice`);
    else if (cell.value !== null && !(Number.isFinite(cell.value) && cell.value >= 0))
      problems.push(
        `${JSON.stringify(cell.id)} has value ${cell.value} (published values must be finite and >= 0)`,
      );
    else if (!(Number.isFinite(halfWidth) && halfWidth >= 0))
      problems.push(`${JSON.stringify(cell.id)} has halfWidth ${halfWidth} (must be finite and >= 0)`);
    cells.set(cell.id, { value: cell.value, halfWidth });
  }
  if (problems.length > 0)
    throw new SiError('E_INPUT_INVALID', `disclosure: invalid published cells: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ code: 'invalid_cell', message })),
    });
  return cells;
}
