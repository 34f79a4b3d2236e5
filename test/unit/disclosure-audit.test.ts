import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditFinding,
  auditBounds,
  auditPublished,
  type CellBounds,
  DEFAULT_PROTECTION,
  type PublishedCell,
  type Relation,
  suppressedBounds,
} from '../../src/disclosure/audit.ts';
import type { SuppressionReason } from '../../src/disclosure/rules.ts';
import { SiError } from '../../src/errors.ts';

/** Bounds as plain [lower, upper] pairs rounded to 6 decimals, for readable expectations. */
function pairs(bounds: ReadonlyMap<string, CellBounds>): Record<string, [number, number]> {
  const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);
  return Object.fromEntries([...bounds].map(([id, b]) => [id, [round(b.lower), round(b.upper)]]));
}

const cell = (id: string, value: number | null, halfWidth?: number): PublishedCell =>
  halfWidth === undefined ? { id, value } : { id, value, halfWidth };

describe('suppressedBounds', () => {
  it('parent 100 with c = 30 published and a, b empty: a and b each lie in [0, 70]', async () => {
    const bounds = await suppressedBounds(
      [cell('p', 100), cell('a', null), cell('b', null), cell('c', 30)],
      [{ total: 'p', parts: ['a', 'b', 'c'] }],
    );
    expect(pairs(bounds)).toEqual({ a: [0, 70], b: [0, 70] });
    expect([...bounds.keys()]).toEqual(['a', 'b']);
  });

  it('a single empty child is pinned to parent minus siblings', async () => {
    const bounds = await suppressedBounds(
      [cell('p', 100), cell('a', null), cell('b', 45), cell('c', 30)],
      [{ total: 'p', parts: ['a', 'b', 'c'] }],
    );
    expect(pairs(bounds)).toEqual({ a: [25, 25] });
  });

  it('combines relations: a 2 × 2 table with margins and one empty rectangle', async () => {
    // Row sums r1 = 50, r2 = 30; column sums c1 = 40, c2 = 40. Cells x11 = 30, x12 = 20, x21 = 10, x22 = 20 with
    // x11, x12, x21, x22 all empty: x11 = t, x12 = 50 − t, x21 = 40 − t, x22 = t − 10, so t ∈ [10, 40].
    const bounds = await suppressedBounds(
      [
        cell('x11', null),
        cell('x12', null),
        cell('x21', null),
        cell('x22', null),
        cell('r1', 50),
        cell('r2', 30),
        cell('c1', 40),
        cell('c2', 40),
        cell('g', 80),
      ],
      [
        { total: 'r1', parts: ['x11', 'x12'] },
        { total: 'r2', parts: ['x21', 'x22'] },
        { total: 'c1', parts: ['x11', 'x21'] },
        { total: 'c2', parts: ['x12', 'x22'] },
        { total: 'g', parts: ['r1', 'r2'] },
      ],
    );
    expect(pairs(bounds)).toEqual({ x11: [10, 40], x12: [10, 40], x21: [0, 30], x22: [0, 30] });
  });

  it('an empty total over empty parts is unbounded above; an empty cell in no relation is [0, ∞)', async () => {
    const bounds = await suppressedBounds(
      [cell('t', null), cell('a', null), cell('b', 5), cell('lonely', null), cell('shown', 7)],
      [{ total: 't', parts: ['a', 'b'] }],
    );
    expect(pairs(bounds)).toEqual({
      a: [0, Number.POSITIVE_INFINITY],
      lonely: [0, Number.POSITIVE_INFINITY],
      t: [5, Number.POSITIVE_INFINITY],
    });
  });

  it('rounded published values widen the bounds by their half-widths', async () => {
    // a = p − b − c with p ∈ [99.5, 100.5], b ∈ [19.95, 20.05], c = 30 exactly: a ∈ [49.45, 50.55].
    const relations = [{ total: 'p', parts: ['a', 'b', 'c'] }];
    const exact = await suppressedBounds(
      [cell('p', 100), cell('a', null), cell('b', 20), cell('c', 30)],
      relations,
    );
    const rounded = await suppressedBounds(
      [cell('p', 100, 0.5), cell('a', null), cell('b', 20, 0.05), cell('c', 30, 0)],
      relations,
    );
    expect(pairs(exact)).toEqual({ a: [50, 50] });
    expect(pairs(rounded)).toEqual({ a: [49.45, 50.55] });
  });

  it('never lets a rounded cell go below zero', async () => {
    // b is published as 0 ± 0.5 but cannot be negative, so a = p − b <= 10 (not 10.5).
    const bounds = await suppressedBounds(
      [cell('p', 10), cell('a', null), cell('b', 0, 0.5)],
      [{ total: 'p', parts: ['a', 'b'] }],
    );
    expect(pairs(bounds)).toEqual({ a: [9.5, 10] });
  });

  it('keeps ids out of the LP text: ids that look like LP syntax or variable names work', async () => {
    const odd = ['x1', 'x0', 'a b:c', '-3 <= y', 'Subject To\nEnd', 'é/ü'];
    const bounds = await suppressedBounds(
      [
        cell(odd[0]!, 100),
        cell(odd[1]!, null),
        cell(odd[2]!, null),
        cell(odd[3]!, 60),
        cell(odd[4]!, null),
        cell(odd[5]!, 7),
      ],
      [
        { total: odd[0]!, parts: [odd[1]!, odd[2]!, odd[3]!] },
        { total: odd[2]!, parts: [odd[4]!, odd[5]!] },
      ],
    );
    // x0 + (a b:c) = 40 and a b:c = (Subject To…) + 7: x0 ∈ [0, 33], a b:c ∈ [7, 40], Subject To… ∈ [0, 33].
    expect(pairs(bounds)).toEqual({ 'a b:c': [7, 40], 'Subject To\nEnd': [0, 33], x0: [0, 33] });
  });

  it('reports an inconsistent table, naming the relation that cannot hold', async () => {
    const run = suppressedBounds(
      [cell('parent', 100), cell('a', 60), cell('b', 50), cell('c', null)],
      [{ total: 'parent', parts: ['a', 'b', 'c'] }],
    );
    await expect(run).rejects.toThrow(SiError);
    await expect(run).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
    await expect(run).rejects.toThrow(
      'disclosure: the published table is inconsistent (no cell values >= 0 satisfy its relations): relation(s) ' +
        'that cannot hold: "parent" (100) = "a" (60) + "b" (50) + "c" (empty)',
    );
  });

  it('names every relation when only their combination is inconsistent', async () => {
    // t = 10 + b >= 10 from one relation, t = 3 + 4 = 7 from the other; each alone could hold.
    const run = suppressedBounds(
      [cell('t', null), cell('a', 10), cell('b', null), cell('c', 3), cell('d', 4)],
      [
        { total: 't', parts: ['a', 'b'] },
        { total: 't', parts: ['c', 'd'] },
      ],
    );
    await expect(run).rejects.toThrow(
      'relations that cannot hold together: "t" (empty) = "a" (10) + "b" (empty); "t" (empty) = "c" (3) + "d" (4)',
    );
  });

  it('accepts a table that is consistent only within its rounding', async () => {
    // 33.3 + 33.3 + 33.3 = 99.9 ≠ 100, but each is ± 0.05: the true values can sum to 100.
    const bounds = await suppressedBounds(
      [cell('t', 100), cell('a', 33.3, 0.05), cell('b', 33.3, 0.05), cell('c', 33.3, 0.05), cell('d', null)],
      [{ total: 't', parts: ['a', 'b', 'c', 'd'] }],
    );
    expect(pairs(bounds)).toEqual({ d: [0, 0.25] });
  });

  it('rejects a relation over an unknown cell, a duplicate id and a negative value', async () => {
    await expect(suppressedBounds([cell('t', 1)], [{ total: 't', parts: ['ghost'] }])).rejects.toThrow(
      'disclosure: 1 cell(s) named in relations are not among the cells given: "ghost"',
    );
    await expect(suppressedBounds([cell('t', 1), cell('t', null)], [])).rejects.toThrow('"t" is given twice');
    await expect(suppressedBounds([cell('t', -1)], [])).rejects.toThrow('"t" has value -1');
  });

  it('needs no LP for a component without empty cells (and returns nothing for it)', async () => {
    const bounds = await suppressedBounds(
      [cell('t', 3), cell('a', 1), cell('b', 2)],
      [{ total: 't', parts: ['a', 'b'] }],
    );
    expect(bounds.size).toBe(0);
  });

  it('property: the bounds always contain the true value, exact or rounded', async () => {
    // Random two-level hierarchies with decimal values, a random subset published empty, the rest published
    // either exactly or rounded to whole numbers (halfWidth 0.5).
    const table = fc
      .array(fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 5 }), {
        minLength: 1,
        maxLength: 5,
      })
      .chain((groups) => {
        const size = 1 + groups.length + groups.flat().length;
        return fc.record({
          groups: fc.constant(groups.map((g) => g.map((x) => x / 100))),
          empty: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
          rounded: fc.boolean(),
        });
      });
    await fc.assert(
      fc.asyncProperty(table, async ({ groups, empty, rounded }) => {
        const truth = new Map<string, number>();
        const relations: Relation[] = [];
        groups.forEach((group, g) => {
          group.forEach((value, i) => {
            truth.set(`d${g}.${i}`, value);
          });
          truth.set(
            `m${g}`,
            group.reduce((s, x) => s + x, 0),
          );
          relations.push({ total: `m${g}`, parts: group.map((_, i) => `d${g}.${i}`) });
        });
        truth.set(
          'total',
          groups.reduce((s, _, g) => s + truth.get(`m${g}`)!, 0),
        );
        relations.push({ total: 'total', parts: groups.map((_, g) => `m${g}`) });
        const published = [...truth].map(([id, value], index) =>
          empty[index] ? cell(id, null) : rounded ? cell(id, Math.round(value), 0.5) : cell(id, value),
        );
        const bounds = await suppressedBounds(published, relations);
        expect(bounds.size).toBe(published.filter((c) => c.value === null).length);
        for (const [id, b] of bounds) {
          const value = truth.get(id)!;
          const tolerance = 1e-6 * Math.max(1, value);
          expect(b.lower).toBeLessThanOrEqual(value + tolerance);
          expect(b.upper).toBeGreaterThanOrEqual(value - tolerance);
        }
      }),
      { seed: 20_250_605, numRuns: 60 },
    );
  });
});

describe('auditBounds', () => {
  const truth = (entries: [string, number, SuppressionReason][]) =>
    new Map(entries.map(([id, value, reason]) => [id, { value, reason }]));
  const bounds = (entries: [string, number, number][]) =>
    new Map(entries.map(([id, lower, upper]) => [id, { id, lower, upper }]));
  const problems = (findings: AuditFinding[]) => findings.map((f) => [f.id, f.problem]);

  it('passes a primary whose bounds reach exactly ± 15 % and fails one just inside', () => {
    const t = truth([['a', 100, 'dominance']]);
    expect(auditBounds(bounds([['a', 85, 115]]), t, DEFAULT_PROTECTION)).toEqual([]);
    expect(auditBounds(bounds([['a', 0, 114.9]]), t, DEFAULT_PROTECTION)).toEqual([
      { id: 'a', reason: 'dominance', value: 100, lower: 0, upper: 114.9, problem: 'within_protection' },
    ]);
    expect(problems(auditBounds(bounds([['a', 85.1, 1000]]), t, DEFAULT_PROTECTION))).toEqual([
      ['a', 'within_protection'],
    ]);
    expect(problems(auditBounds(bounds([['a', 85.1, 1000]]), t, { protection: 10 }))).toEqual([]);
  });

  it('asks a complementary cell only not to be exact; any suppressed cell pinned exactly is a finding', () => {
    const t = truth([
      ['c', 40, 'complementary'],
      ['pinned', 40, 'complementary'],
      ['zero', 0, 'threshold'],
    ]);
    const found = auditBounds(
      bounds([
        ['c', 39.5, 40.5],
        ['pinned', 40, 40],
        ['zero', 0, 0],
      ]),
      t,
      DEFAULT_PROTECTION,
    );
    expect(problems(found)).toEqual([
      ['pinned', 'exact'],
      ['zero', 'exact'],
    ]);
  });

  it('protects source-suppressed cells like primaries', () => {
    const found = auditBounds(bounds([['q', 10, 11]]), truth([['q', 10, 'source']]), DEFAULT_PROTECTION);
    expect(problems(found)).toEqual([['q', 'within_protection']]);
  });

  it('counts an interval no wider than the solver slack as exact', () => {
    const t = truth([['a', 5, 'threshold']]);
    const wide = new Map([['a', { id: 'a', lower: 4.99, upper: 5.01 }]]);
    const slack = new Map([['a', { id: 'a', lower: 4.99, upper: 5.01, slack: 0.05 }]]);
    expect(problems(auditBounds(wide, t, DEFAULT_PROTECTION))).toEqual([['a', 'within_protection']]);
    expect(problems(auditBounds(slack, t, DEFAULT_PROTECTION))).toEqual([['a', 'exact']]);
  });

  it('skips cells it has no truth for', () => {
    expect(auditBounds(bounds([['unknown', 3, 3]]), truth([]), DEFAULT_PROTECTION)).toEqual([]);
  });
});

describe('auditPublished', () => {
  it('primary 90 with sibling 10 under a published parent 100 is within protection (a <= 100 < 103.5)', async () => {
    const findings = await auditPublished(
      [cell('p', 100), cell('a', null), cell('b', null)],
      [{ total: 'p', parts: ['a', 'b'] }],
      new Map<string, { value: number; reason: SuppressionReason }>([
        ['a', { value: 90, reason: 'dominance' }],
        ['b', { value: 10, reason: 'complementary' }],
      ]),
      DEFAULT_PROTECTION,
    );
    expect(findings.map((f) => [f.id, f.problem, Math.round(f.lower), Math.round(f.upper)])).toEqual([
      ['a', 'within_protection', 0, 100],
    ]);
  });

  it('finds a derivable cell even when the parent is huge next to it (the widening does not hide it)', async () => {
    // A relative 1e-9 widening of 10,000,000 is 0.01 per published cell: the LP interval of the empty cell
    // is a few hundredths wide although it is derivable exactly.
    const findings = await auditPublished(
      [cell('p', 10_000_000), cell('a', null), cell('b', 9_999_995)],
      [{ total: 'p', parts: ['a', 'b'] }],
      new Map<string, { value: number; reason: SuppressionReason }>([
        ['a', { value: 5, reason: 'threshold' }],
      ]),
      { protection: 0 },
    );
    expect(findings.map((f) => [f.id, f.problem])).toEqual([['a', 'exact']]);
  });
});
