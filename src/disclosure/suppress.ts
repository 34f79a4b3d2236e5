/**
 * Complementary (secondary) suppression (domain reference §3): after the primary cells are suppressed, suppress
 * enough further cells that no primary can be derived from the published totals by subtraction, or narrowed to
 * within its protection interval.
 *
 * The search is a heuristic checked by an exact audit: a cheap pass gives every relation with a single empty
 * member a second one; then the LP audit (./audit.ts) finds what an intruder could still recover, and for each
 * such cell one more neighbour is suppressed, until the audit passes. It is not an optimal (minimum-loss)
 * suppression, which is a hard mixed-integer problem; it is safe by construction, since it stops only when the
 * audit passes or a whole component is empty. Everything is ordered by id, so the result does not depend on
 * the order of the input.
 */
import { SiError } from '../errors.ts';
import { type AuditFinding, auditBounds, componentCellBounds, type ProtectionOptions } from './audit.ts';
import {
  type Component,
  compareIds,
  type LpCell,
  type Relation,
  relationComponents,
  relationMembers,
} from './lp.ts';
import type { PrimaryReason, SuppressionReason } from './rules.ts';

export type { ProtectionOptions } from './audit.ts';
export { DEFAULT_PROTECTION } from './audit.ts';
export type { Relation } from './lp.ts';

/** One cell of the tables to be published together. */
export interface TableCell {
  /** Unique across everything passed in one call. */
  readonly id: string;
  /** True value (>= 0). */
  readonly value: number;
  /** Why the cell must be suppressed on its own; `null` when it could be published. */
  readonly primary: PrimaryReason | 'source' | null;
}

/** The outcome of {@link complementarySuppression}. */
export interface SuppressionResult {
  /** Every suppressed cell with its reason (primary reasons kept; added cells 'complementary'), ordered by id. */
  readonly suppressed: ReadonlyMap<string, SuppressionReason>;
  /**
   * How many audit rounds the search took: each round audits every component not yet known to pass, so this
   * is the largest number of rounds any component needed (1 when the heuristic alone was enough, 0 when no
   * component had anything suppressed).
   */
  readonly rounds: number;
}

/**
 * Chooses complementary suppressions so that, given every relation, no primary cell (`source` included) is
 * derivable within `options.protection` % of its value and no suppressed cell is derivable exactly.
 *
 * Per connected component of the relation graph: (1) to a fixpoint, any relation (total and parts as one set)
 * with exactly one suppressed member gets its cheapest unsuppressed member suppressed too; (2) the LP audit
 * bounds every suppressed cell from the published ones, and for each cell it finds recoverable the cheapest
 * unsuppressed member of a relation holding it (or holding a suppressed cell linked to it) is suppressed; then
 * (1) again, and repeat. "Cheapest" is the smallest non-zero value (a zero protects nothing), then zeros, ties
 * by id. Cells in no relation keep their primary status and nothing more.
 *
 * Throws `E_INPUT_INVALID` for duplicate ids, a negative or non-finite value, a relation naming an unknown
 * cell, or true values that do not add up (a total differing from the sum of its parts by more than a relative
 * 1e-9): the audit reasons from the relations, so it would judge a table that does not obey them wrongly.
 *
 * @example
 * // Parent 100 = a 20 (threshold) + b 0 + c 15 + d 65: one complement, the smallest non-zero sibling c.
 * await complementarySuppression(
 *   [
 *     { id: 'p', value: 100, primary: null }, { id: 'a', value: 20, primary: 'threshold' },
 *     { id: 'b', value: 0, primary: null }, { id: 'c', value: 15, primary: null }, { id: 'd', value: 65, primary: null },
 *   ],
 *   [{ total: 'p', parts: ['a', 'b', 'c', 'd'] }],
 *   { protection: 15 },
 * ); // { suppressed: Map { 'a' => 'threshold', 'c' => 'complementary' }, rounds: 1 }
 */
export async function complementarySuppression(
  cells: readonly TableCell[],
  relations: readonly Relation[],
  options: ProtectionOptions,
): Promise<SuppressionResult> {
  const byId = tableCells(cells);
  checkConsistent(byId, relations);
  const suppressed = new Map<string, SuppressionReason>();
  for (const [id, cell] of byId) if (cell.primary !== null) suppressed.set(id, cell.primary);

  const pending = relationComponents(byId.keys(), relations).map((component) => new Search(component, byId));
  for (const search of pending) search.closeRelations(suppressed);

  let rounds = 0;
  let active = pending.filter((search) => search.hasSuppressed(suppressed));
  while (active.length > 0) {
    rounds++;
    const next: Search[] = [];
    for (const search of active) {
      const findings = await search.audit(suppressed, options);
      if (findings.length === 0) continue;
      // Each round adds at least one cell or finds the component entirely empty (which always passes), so the
      // loop ends after at most as many rounds as the largest component has cells.
      if (search.widen(findings, suppressed)) {
        search.closeRelations(suppressed);
        next.push(search);
      }
    }
    active = next;
  }
  return { suppressed: new Map([...suppressed.entries()].sort(([a], [b]) => compareIds(a, b))), rounds };
}

/** The suppression search on one component of the relation graph. */
class Search {
  /** Members (deduplicated, sorted) of each relation. */
  private readonly members: readonly (readonly string[])[];
  /** Indexes into `members` of the relations each cell belongs to. */
  private readonly relationsOf = new Map<string, number[]>();
  /** Suppressed cells the audit has passed; they stay passed (see `audit`). */
  private readonly passed = new Set<string>();

  constructor(
    private readonly component: Component,
    private readonly cells: ReadonlyMap<string, TableCell>,
  ) {
    this.members = component.relations.map((relation) => relationMembers(relation).sort(compareIds));
    this.members.forEach((members, index) => {
      for (const id of members) {
        const list = this.relationsOf.get(id);
        if (list) list.push(index);
        else this.relationsOf.set(id, [index]);
      }
    });
  }

  hasSuppressed(suppressed: ReadonlyMap<string, SuppressionReason>): boolean {
    return this.component.cells.some((id) => suppressed.has(id));
  }

  /** Step 1: until nothing changes, give every relation with exactly one empty member a second one. */
  closeRelations(suppressed: Map<string, SuppressionReason>): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const members of this.members) {
        const open = members.filter((id) => !suppressed.has(id));
        if (members.length - open.length !== 1 || open.length === 0) continue;
        suppressed.set(this.cheapest(open), 'complementary');
        changed = true;
      }
    }
  }

  /**
   * Step 2: what an intruder can recover from this component as it would now be published. Only cells not yet
   * seen to pass are bounded again: suppressing more cells only removes constraints from the intruder's LP, so
   * bounds can only widen (and the numeric slack only shrink), and a cell that passed once passes for good.
   */
  async audit(
    suppressed: ReadonlyMap<string, SuppressionReason>,
    options: ProtectionOptions,
  ): Promise<AuditFinding[]> {
    const lp = new Map<string, LpCell>();
    const truth = new Map<string, { value: number; reason: SuppressionReason }>();
    for (const id of this.component.cells) {
      const value = this.cells.get(id)!.value;
      const reason = suppressed.get(id);
      // True values, unrounded: rounding on publication only widens what an intruder can derive.
      lp.set(id, { value: reason === undefined ? value : null, halfWidth: 0 });
      if (reason !== undefined && !this.passed.has(id)) truth.set(id, { value, reason });
    }
    const bounds = await componentCellBounds(this.component, lp, new Set(truth.keys()));
    const findings = auditBounds(bounds, truth, options);
    const failed = new Set(findings.map((finding) => finding.id));
    for (const id of truth.keys()) if (!failed.has(id)) this.passed.add(id);
    return findings;
  }

  /**
   * For each finding, suppresses the cheapest published member of the relations holding the cell; when those are
   * all empty already, of the relations reached through their empty members, and so on outwards. Returns false
   * when nothing could be added (every cell of the component is already suppressed).
   */
  widen(findings: readonly AuditFinding[], suppressed: Map<string, SuppressionReason>): boolean {
    let added = false;
    for (const finding of findings) {
      const seenCells = new Set([finding.id]);
      const seenRelations = new Set<number>();
      let frontier = [finding.id];
      while (frontier.length > 0) {
        const relations = frontier
          .flatMap((id) => this.relationsOf.get(id) ?? [])
          .filter((index) => !seenRelations.has(index));
        for (const index of relations) seenRelations.add(index);
        const reached = [...new Set(relations.flatMap((index) => this.members[index]!))];
        const open = reached.filter((id) => !suppressed.has(id));
        if (open.length > 0) {
          suppressed.set(this.cheapest(open), 'complementary');
          added = true;
          break;
        }
        frontier = reached.filter((id) => !seenCells.has(id)).sort(compareIds);
        for (const id of frontier) seenCells.add(id);
      }
    }
    return added;
  }

  /** The member whose suppression loses least: smallest non-zero value, then zeros, ties by id. */
  private cheapest(ids: readonly string[]): string {
    let best = ids[0]!;
    for (const id of ids.slice(1)) if (this.cheaper(id, best)) best = id;
    return best;
  }

  private cheaper(a: string, b: string): boolean {
    const va = this.cells.get(a)!.value;
    const vb = this.cells.get(b)!.value;
    if ((va === 0) !== (vb === 0)) return vb === 0;
    if (va !== vb) return va < vb;
    return a < b;
  }
}

function tableCells(cells: readonly TableCell[]): Map<string, TableCell> {
  const byId = new Map<string, TableCell>();
  const problems: string[] = [];
  for (const cell of [...cells].sort((a, b) => compareIds(a.id, b.id))) {
    if (byId.has(cell.id)) problems.push(`${JSON.stringify(cell.id)} is given twice`);
    else if (!(Number.isFinite(cell.value) && cell.value >= 0))
      problems.push(`${JSON.stringify(cell.id)}: values must be finite and >= 0`);
    byId.set(cell.id, cell);
  }
  if (problems.length > 0)
    throw new SiError('E_INPUT_INVALID', `disclosure: invalid table cells: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ code: 'invalid_cell', message })),
    });
  return byId;
}

/** The true values must satisfy every relation; names each one that does not (an unknown cell is left to the graph). */
function checkConsistent(byId: ReadonlyMap<string, TableCell>, relations: readonly Relation[]): void {
  const problems: string[] = [];
  for (const relation of relations) {
    const total = byId.get(relation.total)?.value;
    const parts = relation.parts.map((id) => byId.get(id)?.value);
    if (total === undefined || parts.some((v) => v === undefined)) continue;
    const sum = parts.reduce((s: number, v) => s + v!, 0);
    // Float sums of decimals drift in the last bits; a relative 1e-9 allows that and nothing a table would mean.
    // Named by ids only: the values are confidential estimates and error messages reach logs.
    if (Math.abs(total - sum) > 1e-9 * Math.max(1, total + sum)) {
      const show = (id: string) => JSON.stringify(id);
      problems.push(`${show(relation.total)} ≠ ${relation.parts.map(show).join(' + ') || '0'}`);
    }
  }
  if (problems.length > 0)
    throw new SiError(
      'E_INPUT_INVALID',
      `disclosure: ${problems.length} relation(s) do not hold for the cell values: ${problems.slice(0, 5).join('; ')}${
        problems.length > 5 ? '; …' : ''
      }`,
      {
        issues: problems.map((message) => ({ code: 'inconsistent_relation', message })),
        hint: 'a total must equal the sum of its parts before suppression',
      },
    );
}
