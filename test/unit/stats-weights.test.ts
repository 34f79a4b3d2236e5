import { sum } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/demo/random.ts';
import { SiError } from '../../src/errors.ts';
import {
  collapseStrata,
  postStratify,
  type Respondent,
  responseRates,
  type Stratum,
} from '../../src/stats/weights.ts';

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `counts[k]` respondents in stratum `ids[k]`, each with 10 employees. */
function respondentsIn(ids: readonly string[], counts: readonly number[]): Respondent[] {
  return ids.flatMap((stratum, k) =>
    Array.from({ length: counts[k]! }, (_, i) => ({ id: `${stratum}-r${i}`, stratum, employment: 10 })),
  );
}

const sizeClasses = (group: string, establishments: readonly number[]): Stratum[] =>
  establishments.map((n, i) => ({
    id: `${group}${i + 1}`,
    group,
    order: i + 1,
    establishments: n,
    employment: n * 20,
  }));

/** A random frame of groups × size classes with a few respondents each, some strata empty on either side. */
function randomCase(seed: number): { strata: Stratum[]; respondents: Respondent[] } {
  const random = mulberry32(seed);
  const strata: Stratum[] = [];
  const counts: number[] = [];
  for (const group of ['31', '42', '62', '81']) {
    for (let order = 1; order <= 4; order++) {
      const empty = random() < 0.1;
      const establishments = empty ? 0 : 1 + Math.floor(random() * 80);
      strata.push({
        id: `${group}-${order}`,
        group,
        order,
        establishments,
        employment: empty ? 0 : establishments * (5 + Math.floor(random() * 40)),
      });
      counts.push(Math.min(establishments + (empty ? 1 : 0), Math.floor(random() * 6)));
    }
  }
  return {
    strata,
    respondents: respondentsIn(
      strata.map((s) => s.id),
      counts,
    ),
  };
}

describe('collapseStrata', () => {
  it('merges a sparse stratum into the nearest size class, then the smaller of two equally near', () => {
    // Respondents by size class 1..4: [0, 5, 1, 4], min 3.
    // A1 (0) goes first: nearest is A2 (distance 1) -> A1+A2 with 5.
    // A3 (1): A1+A2 spans orders 1-2 and A4 is order 4, both 1 away; A4 has fewer respondents (4 < 5) -> A3+A4.
    const strata = sizeClasses('A', [30, 20, 10, 5]);
    const result = collapseStrata(strata, respondentsIn(['A1', 'A2', 'A3', 'A4'], [0, 5, 1, 4]));
    expect(result.cells).toEqual([
      { id: 'A1+A2', members: ['A1', 'A2'], establishments: 50, employment: 1000, respondents: 5 },
      { id: 'A3+A4', members: ['A3', 'A4'], establishments: 15, employment: 300, respondents: 5 },
    ]);
    expect(Object.fromEntries(result.cellOf)).toEqual({
      A1: 'A1+A2',
      A2: 'A1+A2',
      A3: 'A3+A4',
      A4: 'A3+A4',
    });
    expect(result.notes).toEqual([
      'merged A1 (0 respondents, fewer than 3) into A2',
      'merged A3 (1 respondents, fewer than 3) into A4',
      'stratum A1 has no respondents: its 30 establishments and 600 employment are represented by cell A1+A2',
    ]);
  });

  it('merges a whole group that is too small into the smallest other group', () => {
    // B has 1 + 1 respondents: B1+B2 (2) is still short and alone in B, so B joins a group.
    // A has 8 respondents and C 4: C is smaller, so B1+B2 joins C's only cell.
    const strata = [
      ...sizeClasses('A', [10, 10]),
      ...sizeClasses('B', [4, 6]),
      { id: 'C1', group: 'C', order: 1, establishments: 12, employment: 100 },
    ];
    const result = collapseStrata(strata, respondentsIn(['A1', 'A2', 'B1', 'B2', 'C1'], [4, 4, 1, 1, 4]));
    expect(result.cells.map((c) => [c.id, c.respondents, c.establishments])).toEqual([
      ['A1', 4, 10],
      ['A2', 4, 10],
      ['B1+B2+C1', 6, 22],
    ]);
    expect(result.notes[1]).toBe(
      'merged B1+B2 (2 respondents, fewer than 3) into C1 (group B has only 2 respondents in all: joined group C)',
    );
  });

  it('without orders, merges into the smallest cell of the group', () => {
    const strata: Stratum[] = [
      { id: 'x', group: 'G', establishments: 5, employment: 50 },
      { id: 'y', group: 'G', establishments: 9, employment: 90 },
      { id: 'z', group: 'G', establishments: 7, employment: 70 },
    ];
    // x has 1; y has 6 and z 3, so x goes to z.
    const { cells } = collapseStrata(strata, respondentsIn(['x', 'y', 'z'], [1, 6, 3]));
    expect(cells.map((c) => c.id)).toEqual(['x+z', 'y']);
  });

  it('drops strata with neither population nor respondents, and says so', () => {
    const strata = [
      ...sizeClasses('A', [10, 10]),
      { id: 'A3', group: 'A', order: 3, establishments: 0, employment: 0 },
    ];
    const result = collapseStrata(strata, respondentsIn(['A1', 'A2'], [3, 3]));
    expect(result.dropped).toEqual(['A3']);
    expect(result.cellOf.has('A3')).toBe(false);
    expect(result.cells.map((c) => c.id)).toEqual(['A1', 'A2']);
    expect(result.notes).toEqual(['dropped stratum A3: no establishments, no employment and no respondents']);
  });

  it('merges a populated stratum without respondents even when no minimum is asked for', () => {
    const result = collapseStrata(sizeClasses('A', [10, 3]), respondentsIn(['A1', 'A2'], [1, 0]), {
      minRespondents: 0,
    });
    expect(result.cells.map((c) => [c.id, c.establishments])).toEqual([['A1+A2', 13]]);
  });

  it('notes when all respondents together are still too few', () => {
    const result = collapseStrata(sizeClasses('A', [10, 3]), respondentsIn(['A1', 'A2'], [1, 1]));
    expect(result.cells).toHaveLength(1);
    expect(result.notes.at(-1)).toBe(
      'all respondents together are 2, fewer than 3: nothing left to merge with',
    );
  });

  it('is deterministic: shuffled inputs give the same cells, map and notes', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { strata, respondents } = randomCase(seed);
      const expected = collapseStrata(strata, respondents);
      const random = mulberry32(seed + 1000);
      const again = collapseStrata(shuffled(strata, random), shuffled(respondents, random));
      expect(again.cells).toEqual(expected.cells);
      expect([...again.cellOf].sort()).toEqual([...expected.cellOf].sort());
      expect(again.notes).toEqual(expected.notes);
      expect(again.dropped).toEqual(expected.dropped);
    }
  });

  it('never loses population, covers every kept stratum once and leaves no cell short', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { strata, respondents } = randomCase(seed);
      const result = collapseStrata(strata, respondents, { minRespondents: 3 });
      expect(sum(result.cells.map((c) => c.establishments))).toBe(sum(strata.map((s) => s.establishments)));
      expect(sum(result.cells.map((c) => c.employment))).toBe(sum(strata.map((s) => s.employment)));
      expect(sum(result.cells.map((c) => c.respondents))).toBe(respondents.length);
      const members = result.cells.flatMap((c) => c.members);
      expect(new Set(members).size).toBe(members.length);
      expect([...members, ...result.dropped].sort()).toEqual(strata.map((s) => s.id).sort());
      if (result.cells.length > 1) {
        for (const c of result.cells) expect(c.respondents).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('rejects respondents outside the frame, listing every one', () => {
    const call = () =>
      collapseStrata(sizeClasses('A', [10]), [
        { id: 'e1', stratum: 'nope', employment: 3 },
        { id: 'e2', stratum: 'gone', employment: 3 },
      ]);
    expect(call).toThrow(SiError);
    try {
      call();
    } catch (error) {
      expect((error as SiError).code).toBe('E_INPUT_INVALID');
      expect((error as SiError).issues.map((i) => i.value)).toEqual(['nope', 'gone']);
    }
  });
});

describe('postStratify', () => {
  const cells = [
    { id: 'A', members: ['A'], establishments: 10, employment: 200, respondents: 3 },
    { id: 'B+C', members: ['B', 'C'], establishments: 7, employment: 700, respondents: 2 },
  ];
  const respondents: Respondent[] = [
    { id: 'a1', stratum: 'A', employment: 10 },
    { id: 'a2', stratum: 'A', employment: 20 },
    { id: 'a3', stratum: 'A', employment: 30 },
    { id: 'b1', stratum: 'B', employment: 100 },
    { id: 'c1', stratum: 'C', employment: 300 },
  ];

  it('gives w = N_h / r_h, and the weights add up to the frame establishments', () => {
    const result = postStratify(cells, respondents);
    // A: 10 / 3 each; B+C: 7 / 2 = 3.5 each; 3 × 10/3 + 2 × 3.5 = 17.
    expect(result.weights.map((w) => [w.id, w.cell, w.weight])).toEqual([
      ['a1', 'A', 10 / 3],
      ['a2', 'A', 10 / 3],
      ['a3', 'A', 10 / 3],
      ['b1', 'B+C', 3.5],
      ['c1', 'B+C', 3.5],
    ]);
    expect(result.totalWeight).toBe(17);
    // A: Σx = 60, Σwx = 60 × 10/3 = 200 (respondents typical); B+C: Σx = 400, Σwx = 1400 (twice the frame's 700).
    expect(result.cells.map((c) => [c.id, c.respondentEmployment, c.weightedEmployment])).toEqual([
      ['A', 60, 200],
      ['B+C', 400, 1400],
    ]);
    expect(result.notes).toEqual([]);
  });

  it('sums to the population count on collapsed random frames', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { strata, respondents: rs } = randomCase(seed);
      const { cells: collapsed } = collapseStrata(strata, rs);
      const result = postStratify(collapsed, rs);
      const population = sum(strata.map((s) => s.establishments));
      if (rs.length > 0) expect(result.totalWeight).toBeCloseTo(population, 9);
      for (const c of result.cells) {
        const inCell = result.weights.filter((w) => w.cell === c.id);
        if (c.respondents > 0) expect(sum(inCell.map((w) => w.weight))).toBeCloseTo(c.establishments, 9);
      }
    }
  });

  it('notes a cell without respondents, whose establishments the weights cannot reach', () => {
    const result = postStratify(cells, respondents.slice(0, 3));
    expect(result.totalWeight).toBe(10);
    expect(result.notes).toEqual([
      'cell B+C has no respondents: its 7 establishments are not represented (collapse first)',
    ]);
  });
});

describe('responseRates', () => {
  const frame = [
    { id: 'S1', establishments: 20, employment: 1000 },
    { id: 'S2', establishments: 5, employment: 500 },
  ];
  const respondents: Respondent[] = [
    { id: 'a', stratum: 'S1', employment: 90 },
    { id: 'e', stratum: 'S1', employment: 25 },
    { id: 'z', stratum: 'S2', employment: 30 },
  ];

  it('computes RR1 over eligible and unknown invitees, and the employment-weighted rate from the list', () => {
    const rates = responseRates({
      invited: [
        { id: 'a', employment: 100 },
        { id: 'b', employment: 50 },
        { id: 'c', employment: 10, eligibility: 'ineligible' },
        { id: 'd', employment: 40, eligibility: 'unknown' },
        { id: 'e', employment: 20 },
      ],
      respondents,
      frame,
    });
    // Eligible: a, b, d (unknown stays in RR1's denominator), e = 4. Invited respondents: a, e. RR1 = 2 / 4.
    // Employment rate from the list: (100 + 20) / (100 + 50 + 40 + 20) = 120 / 210.
    // Coverage: 3 / 25 establishments; (90 + 25 + 30) / 1500 = 145 / 1500 employment.
    expect(rates).toMatchObject({
      invited: 5,
      eligible: 4,
      respondents: 3,
      respondentsNotInvited: 1,
      rr1: 0.5,
      employmentRate: 120 / 210,
      employmentBase: 'invited',
      establishmentCoverage: 3 / 25,
      employmentCoverage: 145 / 1500,
    });
    expect(rates.byStratum.map((s) => [s.id, s.establishmentCoverage, s.employmentCoverage])).toEqual([
      ['S1', 2 / 20, 115 / 1000],
      ['S2', 1 / 5, 30 / 500],
    ]);
  });

  it('counts an invitee listed as ineligible who responded as eligible', () => {
    const rates = responseRates({
      invited: [
        { id: 'a', employment: 100, eligibility: 'ineligible' },
        { id: 'b', employment: 100 },
      ],
      respondents: respondents.slice(0, 1),
      frame,
    });
    expect([rates.eligible, rates.rr1, rates.employmentRate]).toEqual([2, 0.5, 0.5]);
  });

  it('without an invitation list, rates employment against the frame', () => {
    const rates = responseRates({ respondents, frame });
    expect(rates).toMatchObject({
      invited: null,
      rr1: null,
      respondentsNotInvited: null,
      employmentRate: 145 / 1500,
      employmentBase: 'frame',
      employmentCoverage: 145 / 1500,
    });
  });
});
