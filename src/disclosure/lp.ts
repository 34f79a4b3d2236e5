/**
 * The linear programs behind disclosure auditing: what an intruder who knows the published cells, the additive
 * relations between them and that every cell is >= 0 can derive about each empty cell (its LP minimum and
 * maximum). Solved with HiGHS (wasm) per connected component of the relation graph, so that each LP only holds
 * cells that can inform each other: one model per component, re-solved for each empty cell and direction.
 */
import highsImport, { type Highs } from 'highs';
import { SiError } from '../errors.ts';

/** An additive relation published in the outputs: value(total) = Σ value(parts). */
export interface Relation {
  readonly total: string;
  readonly parts: readonly string[];
}

/** A group of cells linked (directly or through others) by relations, with the relations among them. */
export interface Component {
  /** Member cell ids, sorted. */
  readonly cells: readonly string[];
  /** The relations among them, canonical (parts sorted) and sorted. */
  readonly relations: readonly Relation[];
}

/** What the LP knows about one cell of a component. */
export interface LpCell {
  /** `null`: published empty, so only known to be >= 0. */
  readonly value: number | null;
  /** Published values are rounded: the true value lies within ± halfWidth. */
  readonly halfWidth: number;
}

/** LP bounds of one empty cell. */
export interface LpBounds {
  readonly lower: number;
  /** `Infinity` when nothing published caps the cell. */
  readonly upper: number;
  /**
   * Width the solver's numeric allowance alone can open around an exactly derivable cell: every published value
   * is widened by a relative 1e-9 so that floating-point sums do not make a consistent table infeasible, and
   * those widenings add up along a derivation. A cell whose interval is no wider than this is derivable exactly.
   */
  readonly slack: number;
}

type HighsLoader = (typeof highsImport)['default'];

/**
 * The package's types describe a CommonJS module whose `default` property is the loader, while Node loads its ESM
 * build, whose default export is the loader itself; accept either.
 */
const highsLoader: HighsLoader =
  typeof highsImport === 'function' ? (highsImport as unknown as HighsLoader) : highsImport.default;

let solver: Promise<Highs> | undefined;

/** The HiGHS solver, loaded once per process (compiling the wasm takes far longer than a small solve). */
export function loadSolver(): Promise<Highs> {
  solver ??= highsLoader().catch((cause: unknown) => {
    solver = undefined; // let a later call try again rather than caching the failure
    throw new SiError('E_INTERNAL', 'could not load the HiGHS LP solver', { cause });
  });
  return solver;
}

/** The relation as stored: parts sorted, so the same relation written in any order is handled identically. */
function canonical(relation: Relation): Relation {
  return { total: relation.total, parts: [...relation.parts].sort(compareIds) };
}

/** Code-unit order, independent of locale, so results do not depend on the machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function relationKey(relation: Relation): string {
  return JSON.stringify([relation.total, relation.parts]);
}

/** Every distinct cell a relation names (a total is a member like its parts). */
export function relationMembers(relation: Relation): string[] {
  return [...new Set([relation.total, ...relation.parts])];
}

/**
 * Splits cells into connected components of the relation graph; cells in no relation belong to none. Components
 * come out ordered by their smallest id. Throws `E_INPUT_INVALID` naming every relation member that is not one of
 * `ids`, since a relation over a cell nobody described cannot be audited.
 *
 * @example
 * relationComponents(['t', 'a', 'b', 'x'], [{ total: 't', parts: ['b', 'a'] }]);
 * // [{ cells: ['a', 'b', 't'], relations: [{ total: 't', parts: ['a', 'b'] }] }]  ('x' is in no relation)
 */
export function relationComponents(ids: Iterable<string>, relations: readonly Relation[]): Component[] {
  const known = new Set(ids);
  const unknown = new Set<string>();
  for (const relation of relations)
    for (const id of relationMembers(relation)) if (!known.has(id)) unknown.add(id);
  if (unknown.size > 0) {
    const missing = [...unknown].sort(compareIds);
    throw new SiError(
      'E_INPUT_INVALID',
      `disclosure: ${missing.length} cell(s) named in relations are not among the cells given: ${missing
        .slice(0, 10)
        .map((id) => JSON.stringify(id))
        .join(', ')}${missing.length > 10 ? ', …' : ''}`,
      {
        issues: missing.map((id) => ({
          code: 'unknown_cell',
          message: 'cell named in a relation',
          value: id,
        })),
      },
    );
  }

  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression keeps later finds near O(1) on deep hierarchies.
    for (let at = id; at !== root; ) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  for (const relation of relations) {
    const members = relationMembers(relation);
    for (const id of members) if (!parent.has(id)) parent.set(id, id);
    const first = find(members[0]!);
    for (const id of members.slice(1)) {
      const root = find(id);
      if (root !== first) parent.set(root, first);
    }
  }

  const groups = new Map<string, { cells: string[]; relations: Map<string, Relation> }>();
  for (const id of [...parent.keys()].sort(compareIds)) {
    const root = find(id);
    const group = groups.get(root);
    if (group) group.cells.push(id);
    else groups.set(root, { cells: [id], relations: new Map() });
  }
  for (const relation of relations) {
    const stored = canonical(relation);
    // Duplicates add nothing to an LP or to the heuristic; dropping them keeps both independent of repetition.
    groups.get(find(relation.total))!.relations.set(relationKey(stored), stored);
  }
  return [...groups.values()]
    .map((group) => ({
      cells: group.cells,
      relations: [...group.relations.entries()]
        .sort(([a], [b]) => compareIds(a, b))
        .map(([, relation]) => relation),
    }))
    .sort((a, b) => compareIds(a.cells[0]!, b.cells[0]!));
}

/** Relative widening of published values, so that rounding in floating-point sums cannot make an LP infeasible. */
const EPSILON = 1e-9;

function widen(value: number): number {
  return EPSILON * Math.max(1, Math.abs(value));
}

/** `total − Σ parts` as coefficients per cell (a cell named twice gets a combined coefficient). */
function coefficients(relation: Relation): Map<string, number> {
  const out = new Map<string, number>([[relation.total, 1]]);
  for (const part of relation.parts) out.set(part, (out.get(part) ?? 0) - 1);
  return out;
}

/** Published interval of a relation's left side `total − Σ parts`, for naming what an inconsistency is. */
function relationRange(relation: Relation, cells: ReadonlyMap<string, LpCell>): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const [id, coefficient] of coefficients(relation)) {
    const cell = cells.get(id)!;
    const [lo, hi] =
      cell.value === null
        ? [0, Number.POSITIVE_INFINITY]
        : [
            Math.max(0, cell.value - cell.halfWidth - widen(cell.value)),
            cell.value + cell.halfWidth + widen(cell.value),
          ];
    if (coefficient > 0) {
      min += coefficient * lo;
      max += coefficient * hi;
    } else if (coefficient < 0) {
      min += coefficient * hi;
      max += coefficient * lo;
    }
  }
  return { min, max };
}

function describeRelation(relation: Relation, cells: ReadonlyMap<string, LpCell>): string {
  const show = (id: string) => {
    const cell = cells.get(id)!;
    const value =
      cell.value === null
        ? 'empty'
        : cell.halfWidth > 0
          ? `${cell.value} ± ${cell.halfWidth}`
          : `${cell.value}`;
    return `${JSON.stringify(id)} (${value})`;
  };
  return `${show(relation.total)} = ${relation.parts.map(show).join(' + ') || '0'}`;
}

function inconsistent(component: Component, cells: ReadonlyMap<string, LpCell>): SiError {
  // One relation that cannot hold on its own is the usual cause and the useful thing to name; when every relation
  // could hold alone, the contradiction is in their combination, so name them all.
  const violated = component.relations.filter((relation) => {
    const { min, max } = relationRange(relation, cells);
    return min > 0 || max < 0;
  });
  const named = violated.length > 0 ? violated : component.relations;
  const lines = named.map((relation) => describeRelation(relation, cells));
  return new SiError(
    'E_INPUT_INVALID',
    `disclosure: the published table is inconsistent (no cell values >= 0 satisfy its relations): ${
      violated.length > 0 ? 'relation(s) that cannot hold' : 'relations that cannot hold together'
    }: ${lines.slice(0, 10).join('; ')}${lines.length > 10 ? `; … (${lines.length} in all)` : ''}`,
    {
      issues: lines.map((message) => ({ code: 'inconsistent_relation', message })),
      hint: 'published totals must equal the sum of their published parts (within the stated rounding)',
    },
  );
}

/**
 * LP bounds of every empty cell of one component. Each cell is a column x0, x1, … of one HiGHS model (ids never
 * reach the solver, so they can hold any character); published cells are boxed to their value ± halfWidth
 * (widened by a relative 1e-9), empty ones are >= 0, and each relation is a row `total − Σ parts = 0`. The model
 * is built once and re-solved with the objective moved from cell to cell (minimise, then maximise), so each
 * solve starts from the previous basis instead of parsing and presolving the whole LP again. A component without
 * empty cells needs no LP. `only` limits which empty cells are bounded (all of them remain unknowns). Throws
 * `E_INPUT_INVALID` naming the relations when the published values admit no solution.
 *
 * @example
 * // Parent 100 published, a and b empty, c = 30 published:
 * // x0 − x1 − x2 − x3 = 0 with x0 = 100, x3 = 30, x1, x2 >= 0  →  a and b each in [0, 70].
 */
export async function componentBounds(
  component: Component,
  cells: ReadonlyMap<string, LpCell>,
  only?: ReadonlySet<string>,
): Promise<Map<string, LpBounds>> {
  const out = new Map<string, LpBounds>();
  const empty = component.cells.filter((id) => cells.get(id)!.value === null && (only?.has(id) ?? true));
  if (empty.length === 0) return out;

  const column = new Map(component.cells.map((id, index) => [id, index]));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const relation of component.relations) {
    const row = [...coefficients(relation)]
      .filter(([, coefficient]) => coefficient !== 0)
      .map(([id, coefficient]) => [column.get(id)!, coefficient] as const)
      .sort(([a], [b]) => a - b);
    if (row.length === 0) continue; // `t = t` says nothing
    for (const [index, coefficient] of row) {
      indices.push(index);
      values.push(coefficient);
    }
    starts.push(indices.length);
  }
  const numRows = starts.length - 1;
  const numCols = component.cells.length;
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  let slack = 0;
  component.cells.forEach((id, index) => {
    const cell = cells.get(id)!;
    if (cell.value === null) {
      colUpper[index] = Number.POSITIVE_INFINITY;
    } else {
      const eps = widen(cell.value);
      slack += 2 * eps;
      colLower[index] = Math.max(0, cell.value - cell.halfWidth - eps);
      colUpper[index] = cell.value + cell.halfWidth + eps;
    }
  });

  const highs = await loadSolver();
  const { modelStatus: status, objectiveSense: sense } = highs.constants;
  const model = highs.createModel({
    numCols,
    numRows,
    colCost: new Float64Array(numCols),
    colLower,
    colUpper,
    rowLower: new Float64Array(numRows),
    rowUpper: new Float64Array(numRows),
    matrix: { format: 'csr', numRows, numCols, starts, indices, values },
    colNames: component.cells.map((_, index) => `x${index}`),
  });
  try {
    // Feasibility does not depend on the objective: once one solve has found a point, a later "infeasible" is
    // the warm start going wrong, not the table, and is retried from scratch like any inconclusive end.
    let feasible = false;
    const solve = (direction: typeof sense.minimize, id: string) => {
      const accepted = (code: number) =>
        code === status.optimal ||
        (direction === sense.maximize &&
          (code === status.unbounded || code === status.unboundedOrInfeasible)) ||
        (!feasible && (code === status.infeasible || code === status.unboundedOrInfeasible));
      model.changeObjectiveSense(direction);
      try {
        const warm = model.run().modelStatus;
        if (accepted(warm)) return warm;
        // A warm start can end "unknown" (seen maximising an unbounded cell); from scratch HiGHS decides.
        model.clearSolver();
        return model.run().modelStatus;
      } catch (cause) {
        throw solverFailure(String(cause), id, cause);
      }
    };
    let previous: number | undefined;
    for (const id of empty) {
      const index = column.get(id)!;
      if (previous !== undefined) model.changeColCost(previous, 0);
      model.changeColCost(index, 1);
      previous = index;

      const low = solve(sense.minimize, id);
      // Minimising a variable that is >= 0 cannot be unbounded, so "infeasible or unbounded" is infeasible.
      if (!feasible && (low === status.infeasible || low === status.unboundedOrInfeasible))
        throw inconsistent(component, cells);
      if (low !== status.optimal) throw solverFailure(`model status ${low}`, id);
      feasible = true;
      const lower = Math.max(0, model.getObjectiveValue());

      const high = solve(sense.maximize, id);
      let upper: number;
      // The system is feasible (the minimisation found a point), so "infeasible or unbounded" means unbounded.
      if (high === status.unbounded || high === status.unboundedOrInfeasible)
        upper = Number.POSITIVE_INFINITY;
      else if (high === status.optimal) upper = model.getObjectiveValue();
      else throw solverFailure(`model status ${high}`, id);
      out.set(id, { lower, upper: Math.max(lower, upper), slack });
    }
  } finally {
    // Wasm memory is not garbage-collected: a model left undisposed leaks for the life of the process.
    model.dispose();
  }
  return out;
}

function solverFailure(what: string, id: string, cause?: unknown): SiError {
  return new SiError('E_INTERNAL', `disclosure: HiGHS failed (${what}) bounding cell ${JSON.stringify(id)}`, {
    cause,
  });
}
