import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditPublished, type PublishedCell } from '../../src/disclosure/audit.ts';
import type { PrimaryReason, SuppressionReason } from '../../src/disclosure/rules.ts';
import {
  complementarySuppression,
  DEFAULT_PROTECTION,
  type Relation,
  type SuppressionResult,
  type TableCell,
} from '../../src/disclosure/suppress.ts';

type Primary = PrimaryReason | 'source' | null;

/** Cells from `{ id: value }`, with the primaries given separately. */
function table(values: Record<string, number>, primaries: Record<string, Primary> = {}): TableCell[] {
  return Object.entries(values).map(([id, value]) => ({ id, value, primary: primaries[id] ?? null }));
}

const asObject = (result: SuppressionResult) => Object.fromEntries(result.suppressed);

/** The published view of a result: suppressed cells empty, the rest at their true value. */
function publish(cells: readonly TableCell[], result: SuppressionResult): PublishedCell[] {
  return cells.map((c) => ({ id: c.id, value: result.suppressed.has(c.id) ? null : c.value }));
}

function truthOf(cells: readonly TableCell[], result: SuppressionResult) {
  const byId = new Map(cells.map((c) => [c.id, c.value]));
  return new Map([...result.suppressed].map(([id, reason]) => [id, { value: byId.get(id)!, reason }]));
}

/** Every suppressed cell as the audit sees it after the search: must be empty for a correct search. */
async function leftOver(
  cells: readonly TableCell[],
  relations: readonly Relation[],
  result: SuppressionResult,
) {
  return auditPublished(publish(cells, result), relations, truthOf(cells, result), DEFAULT_PROTECTION);
}

describe('complementarySuppression: hand-built tables', () => {
  it('(a) a parent with one suppressed child gets exactly one complement: the smallest non-zero sibling', async () => {
    const cells = table({ p: 100, a: 20, b: 0, c: 15, d: 30, e: 35 }, { a: 'threshold' });
    const relations = [{ total: 'p', parts: ['a', 'b', 'c', 'd', 'e'] }];
    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    // b (0) would leave a = 100 − 0 − 15 − 30 − 35 = 20 exactly; c (15) leaves a ∈ [0, 35].
    expect(asObject(result)).toEqual({ a: 'threshold', c: 'complementary' });
    expect(result.rounds).toBe(1);
    expect(await leftOver(cells, relations, result)).toEqual([]);
  });

  it('(b) one primary in a 2-D table with margins: the classic cheap rectangle', async () => {
    //          c1    c2    c3  |  R
    //   r1   [50]    10    40  | 100
    //   r2     12     8    30  |  50
    //   r3     38    42    70  | 150
    //   C     100    60   140  | 300
    const grid = [
      [50, 10, 40],
      [12, 8, 30],
      [38, 42, 70],
    ];
    const { cells, relations } = twoWay(grid, { 'x1.1': 'dominance' });
    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    expect(asObject(result)).toEqual({
      'x1.1': 'dominance',
      'x1.2': 'complementary',
      'x2.1': 'complementary',
      'x2.2': 'complementary',
    });
    expect(result.rounds).toBe(1);
    // The rectangle moves by t ∈ [−8, 10]: x1.1 ∈ [42, 60], outside 50 ± 15 %.
    expect(await leftOver(cells, relations, result)).toEqual([]);
  });

  it('(c) a suppressed detail whose major has only that pair: one complement at the detail level', async () => {
    // total ⊃ majors m1, m2 ⊃ details. m1 = d1 + d2 only; d1 = 40 is primary, d2 = 30 is its complement:
    // d1 ∈ [0, 70] with m1 published, which covers 40 ± 15 %, so nothing above the details is touched.
    const cells = table(
      { total: 200, m1: 70, m2: 130, d1: 40, d2: 30, d3: 50, d4: 45, d5: 35 },
      { d1: 'threshold' },
    );
    const relations = [
      { total: 'total', parts: ['m1', 'm2'] },
      { total: 'm1', parts: ['d1', 'd2'] },
      { total: 'm2', parts: ['d3', 'd4', 'd5'] },
    ];
    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    expect(asObject(result)).toEqual({ d1: 'threshold', d2: 'complementary' });
    expect(result.rounds).toBe(1);
    expect(await leftOver(cells, relations, result)).toEqual([]);
  });

  it('(d) primary 90 with sibling 10 under parent 100: the pair is not enough, the audit goes up a level', async () => {
    // After the heuristic pair, a <= p = 100 < 90 × 1.15 = 103.5. The audit suppresses p; the heuristic then
    // pairs p with its sibling q (200, cheaper than the grand total 300) and q with its cheapest child d (80).
    // Now a + b + d = 300 − 120 = 180, so a ∈ [0, 180].
    const cells = table({ g: 300, p: 100, q: 200, a: 90, b: 10, c: 120, d: 80 }, { a: 'dominance' });
    const relations = [
      { total: 'g', parts: ['p', 'q'] },
      { total: 'p', parts: ['a', 'b'] },
      { total: 'q', parts: ['c', 'd'] },
    ];
    const heuristicOnly = await auditPublished(
      cells.map((c) => ({ id: c.id, value: c.id === 'a' || c.id === 'b' ? null : c.value })),
      relations,
      new Map<string, { value: number; reason: SuppressionReason }>([
        ['a', { value: 90, reason: 'dominance' }],
        ['b', { value: 10, reason: 'complementary' }],
      ]),
      DEFAULT_PROTECTION,
    );
    expect(heuristicOnly.map((f) => [f.id, f.problem, Math.round(f.upper)])).toEqual([
      ['a', 'within_protection', 100],
    ]);

    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    expect(asObject(result)).toEqual({
      a: 'dominance',
      b: 'complementary',
      d: 'complementary',
      p: 'complementary',
      q: 'complementary',
    });
    expect(result.rounds).toBe(2);
    expect(await leftOver(cells, relations, result)).toEqual([]);
  });

  it('(d′) with no level above, the whole relation ends up empty, which is acceptable', async () => {
    const cells = table({ p: 100, a: 90, b: 10 }, { a: 'dominance' });
    const relations = [{ total: 'p', parts: ['a', 'b'] }];
    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    expect(asObject(result)).toEqual({ a: 'dominance', b: 'complementary', p: 'complementary' });
    expect(result.rounds).toBe(2);
  });

  it('(e) is deterministic: shuffled cells, relations and parts give the same result', async () => {
    const grid = [
      [5, 10, 0, 7],
      [12, 3, 3, 30],
      [38, 0, 42, 1],
    ];
    const { cells, relations } = twoWay(grid, { 'x1.1': 'threshold', 'x3.4': 'p_percent', 'x2.3': 'source' });
    const expected = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    expect(await leftOver(cells, relations, expected)).toEqual([]);
    const random = mulberry32(7);
    for (let i = 0; i < 5; i++) {
      const shuffledRelations = shuffle(relations, random).map((r) => ({
        total: r.total,
        parts: shuffle(r.parts, random),
      }));
      const result = await complementarySuppression(
        shuffle(cells, random),
        shuffledRelations,
        DEFAULT_PROTECTION,
      );
      expect([...result.suppressed]).toEqual([...expected.suppressed]);
      expect(result.rounds).toBe(expected.rounds);
    }
  });

  it('prefers a total over zero siblings, and protects a source-suppressed cell like a primary', async () => {
    // The only non-zero candidate next to the source cell s is the total, and its parent then needs a pair.
    const cells = table({ g: 60, t: 25, u: 35, s: 25, z1: 0, z2: 0, v1: 20, v2: 15 }, { s: 'source' });
    const relations = [
      { total: 'g', parts: ['t', 'u'] },
      { total: 't', parts: ['s', 'z1', 'z2'] },
      { total: 'u', parts: ['v1', 'v2'] },
    ];
    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    expect(asObject(result)).toEqual({
      s: 'source',
      t: 'complementary',
      u: 'complementary',
      v2: 'complementary',
    });
    expect(await leftOver(cells, relations, result)).toEqual([]);
  });

  it('leaves cells in no relation at their primary status, and needs no rounds without suppression', async () => {
    const lonely = await complementarySuppression(
      table({ alone: 4, other: 9 }, { alone: 'threshold' }),
      [],
      DEFAULT_PROTECTION,
    );
    expect(asObject(lonely)).toEqual({ alone: 'threshold' });
    expect(lonely.rounds).toBe(0);
    const clean = await complementarySuppression(
      table({ p: 3, a: 1, b: 2 }),
      [{ total: 'p', parts: ['a', 'b'] }],
      DEFAULT_PROTECTION,
    );
    expect(clean.suppressed.size).toBe(0);
    expect(clean.rounds).toBe(0);
  });

  it('keeps independent components independent', async () => {
    // Two separate hierarchies; the primary in one must not cause suppression in the other.
    const cells = table({ p: 100, a: 20, b: 30, c: 50, q: 10, x: 4, y: 6 }, { a: 'threshold' });
    const relations = [
      { total: 'p', parts: ['a', 'b', 'c'] },
      { total: 'q', parts: ['x', 'y'] },
    ];
    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    expect(asObject(result)).toEqual({ a: 'threshold', b: 'complementary' });
  });

  it('rejects duplicate ids, negative values, unknown relation members and inconsistent totals', async () => {
    await expect(
      complementarySuppression(table({ a: 1 }).concat(table({ a: 2 })), [], DEFAULT_PROTECTION),
    ).rejects.toThrow('disclosure: invalid table cells: "a" is given twice');
    await expect(complementarySuppression(table({ a: -1 }), [], DEFAULT_PROTECTION)).rejects.toThrow(
      '"a": values must be finite and >= 0',
    );
    await expect(
      complementarySuppression(table({ p: 1 }), [{ total: 'p', parts: ['nope'] }], DEFAULT_PROTECTION),
    ).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
    await expect(
      complementarySuppression(
        table({ p: 10, a: 3, b: 3 }, { a: 'threshold' }),
        [{ total: 'p', parts: ['a', 'b'] }],
        DEFAULT_PROTECTION,
      ),
    ).rejects.toThrow('disclosure: 1 relation(s) do not hold for the cell values: "p" ≠ "a" + "b"');
    // The values are confidential estimates: an error names the cells, never what they hold.
    await expect(
      complementarySuppression(
        table({ p: 10.5, a: 3.25, b: 3.75 }, { a: 'threshold' }),
        [{ total: 'p', parts: ['a', 'b'] }],
        DEFAULT_PROTECTION,
      ),
    ).rejects.toThrow(/^(?![\s\S]*(10\.5|3\.25|3\.75))/);
  });
});

describe('complementarySuppression: properties', () => {
  const value = fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 1000 }) },
  );
  const primaryOf = fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom<Primary>('threshold', 'dominance', 'p_percent', 'source') },
  );

  interface Node {
    readonly value?: number;
    readonly children?: readonly Node[];
  }
  // `size: 'max'`: fast-check's default bias towards short arrays would rarely build a wide three-level table.
  const node: (depth: number) => fc.Arbitrary<Node> = (depth) =>
    depth === 0
      ? value.map((v) => ({ value: v }))
      : fc.oneof(
          { weight: 1, arbitrary: value.map((v): Node => ({ value: v })) },
          {
            weight: 3,
            arbitrary: fc
              .array(node(depth - 1), { minLength: 1, maxLength: 6, size: 'max' })
              .map((children) => ({ children })),
          },
        );
  /** A hierarchy of 1 to 3 levels below the total, 1 to 6 children each (uneven: any child may be a leaf). */
  const hierarchy = fc
    .constantFrom(0, 1, 2)
    .chain((depth) => fc.array(node(depth), { minLength: 1, maxLength: 6, size: 'max' }))
    .chain((children) => treeTable(children));

  /** Cells `T`, `T.0`, `T.0.1`, … with one relation per node that has children. */
  function treeTable(children: readonly Node[]) {
    const cells: { id: string; value: number }[] = [];
    const relations: Relation[] = [];
    const walk = (n: Node, id: string): number => {
      if (!n.children) {
        cells.push({ id, value: n.value! });
        return n.value!;
      }
      const ids = n.children.map((_, i) => `${id}.${i}`);
      const total = n.children.reduce((sum, child, i) => sum + walk(child, ids[i]!), 0);
      cells.push({ id, value: total });
      relations.push({ total: id, parts: ids });
      return total;
    };
    walk({ children }, 'T');
    return withPrimaries(cells, relations);
  }

  /** Full three-level hierarchies, 3 to 6 children at every node: 40 to 259 cells, like a real extract. */
  const wideHierarchy = fc
    .array(
      fc.array(fc.array(value, { minLength: 3, maxLength: 6, size: 'max' }), {
        minLength: 3,
        maxLength: 6,
        size: 'max',
      }),
      { minLength: 3, maxLength: 6, size: 'max' },
    )
    .chain((majors) =>
      treeTable(
        majors.map((minors) => ({
          children: minors.map((details) => ({ children: details.map((v) => ({ value: v })) })),
        })),
      ),
    );

  /** A rows × columns table with row totals, column totals and the grand total. */
  const twoWayTable = fc
    .record({ rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 1, max: 4 }) })
    .chain(({ rows, cols }) =>
      fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    )
    .chain((grid) => {
      const { cells, relations } = twoWay(grid, {});
      return withPrimaries(cells, relations);
    });

  function withPrimaries(cells: readonly { id: string; value: number }[], relations: Relation[]) {
    return fc.array(primaryOf, { minLength: cells.length, maxLength: cells.length }).map((primaries) => ({
      cells: cells.map((c, i): TableCell => ({ ...c, primary: primaries[i]! })),
      relations,
    }));
  }

  async function check({ cells, relations }: { cells: TableCell[]; relations: Relation[] }) {
    const result = await complementarySuppression(cells, relations, DEFAULT_PROTECTION);
    for (const c of cells) {
      // Primaries ⊆ suppressed, with their own reason; everything added is complementary.
      if (c.primary !== null) expect(result.suppressed.get(c.id)).toBe(c.primary);
      else if (result.suppressed.has(c.id)) expect(result.suppressed.get(c.id)).toBe('complementary');
    }
    expect(await leftOver(cells, relations, result)).toEqual([]);
  }

  it('hierarchies: primaries are suppressed and the audit of the published table finds nothing', async () => {
    await fc.assert(fc.asyncProperty(hierarchy, check), { seed: 5, numRuns: 40 });
  });

  it('full three-level hierarchies (40 to 259 cells): the same', async () => {
    await fc.assert(fc.asyncProperty(wideHierarchy, check), { seed: 5, numRuns: 15 });
  });

  it('2-D tables with margins: primaries are suppressed and the audit finds nothing', async () => {
    await fc.assert(fc.asyncProperty(twoWayTable, check), { seed: 5, numRuns: 60 });
  });
});

/** Cells `x<row>.<col>` (1-based) with row totals `r<row>`, column totals `c<col>` and grand total `g`. */
function twoWay(grid: readonly (readonly number[])[], primaries: Record<string, Primary>) {
  const values: Record<string, number> = {};
  const relations: Relation[] = [];
  const cols = grid[0]!.length;
  let grand = 0;
  grid.forEach((row, i) => {
    row.forEach((v, j) => {
      values[`x${i + 1}.${j + 1}`] = v;
    });
    values[`r${i + 1}`] = row.reduce((s, v) => s + v, 0);
    grand += values[`r${i + 1}`]!;
    relations.push({ total: `r${i + 1}`, parts: row.map((_, j) => `x${i + 1}.${j + 1}`) });
  });
  for (let j = 0; j < cols; j++) {
    values[`c${j + 1}`] = grid.reduce((s, row) => s + row[j]!, 0);
    relations.push({ total: `c${j + 1}`, parts: grid.map((_, i) => `x${i + 1}.${j + 1}`) });
  }
  values['g'] = grand;
  relations.push({ total: 'g', parts: grid.map((_, i) => `r${i + 1}`) });
  relations.push({ total: 'g', parts: Array.from({ length: cols }, (_, j) => `c${j + 1}`) });
  return { cells: table(values, primaries), relations };
}

/** Small seeded generator, so the shuffles are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
