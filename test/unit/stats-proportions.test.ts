import { describe, expect, it } from 'vitest';
import { SiError } from '../../src/errors.ts';
import { skillGap, weightedProportion, wilson } from '../../src/stats/proportions.ts';

const round3 = (interval: readonly [number, number] | null) =>
  interval?.map((x) => Math.round(x * 1000) / 1000) ?? null;

describe('wilson', () => {
  it('matches the textbook example: 8 successes of 10 at 95 % is 0.490 to 0.943', () => {
    // z² = 3.8415; centre (0.8 + 3.8415/20) / (1 + 3.8415/10) = 0.99207 / 1.38415 = 0.71674;
    // half 1.95996/1.38415 × √(0.8 × 0.2/10 + 3.8415/400) = 1.41600 × 0.16001 = 0.22657.
    expect(round3(wilson(0.8, 10))).toEqual([0.49, 0.943]);
  });

  it('matches Newcombe (1998, Statistics in Medicine 17:857), Table I, method 3', () => {
    const at4 = (successes: number, n: number) =>
      wilson(successes / n, n).map((x) => Math.round(x * 10000) / 10000);
    expect(at4(81, 263)).toEqual([0.2553, 0.3662]);
    expect(at4(15, 148)).toEqual([0.0624, 0.1605]);
    expect(at4(0, 20)).toEqual([0, 0.1611]);
    expect(at4(1, 29)).toEqual([0.0061, 0.1718]);
  });
});

describe('weightedProportion', () => {
  it('with equal weights is the plain share with the plain Wilson interval', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ weight: 4.2, value: i < 8 }));
    const result = weightedProportion(items);
    expect(result.p).toBeCloseTo(0.8, 12);
    expect(result.nEff).toBeCloseTo(10, 12);
    expect(round3(result.ci95)).toEqual([0.49, 0.943]);
    expect(result.respondents).toBe(10);
  });

  it('weights the share and sizes the interval by the Kish effective sample size', () => {
    // Yes weights 2 + 1 = 3 of 4: p = 0.75; n_eff = 4² / (4 + 1 + 1) = 2.667.
    const result = weightedProportion([
      { weight: 2, value: true },
      { weight: 1, value: false },
      { weight: 1, value: true },
      { weight: 5, value: null },
      { weight: 0, value: false },
    ]);
    expect(result.p).toBe(0.75);
    expect(result.nEff).toBeCloseTo(8 / 3, 12);
    expect(result.ci95).toEqual(wilson(0.75, 8 / 3));
    // Unanswered and zero-weight employers are not counted.
    expect(result.respondents).toBe(3);
  });

  it('keeps the interval inside [0, 1] when everyone agrees, and is empty without answers', () => {
    const all = weightedProportion([
      { weight: 1, value: true },
      { weight: 3, value: true },
    ]);
    expect(all.p).toBe(1);
    expect(all.ci95![1]).toBe(1);
    expect(all.ci95![0]).toBeGreaterThan(0);
    expect(weightedProportion([{ weight: 1, value: null }])).toEqual({
      p: null,
      nEff: 0,
      ci95: null,
      respondents: 0,
    });
  });

  it('rejects negative weights', () => {
    expect(() => weightedProportion([{ weight: -1, value: true }])).toThrow(SiError);
  });
});

describe('skillGap', () => {
  it('gives the weighted gap, importance and Borich MWDS over employers who rated both', () => {
    // Counted (w, I, P): (1, 5, 3), (1, 4, 3), (2, 3, 2); gaps 2, 1, 1; Σw = 4.
    // gap = (2 + 1 + 2 × 1) / 4 = 1.25; importance = (5 + 4 + 6) / 4 = 3.75; proficiency = (3 + 3 + 4) / 4 = 2.5.
    // MWDS = 1.25 × 3.75 = 4.6875.
    // n_eff = 4² / (1 + 1 + 4) = 2.667; weighted variance of the gap (0.75² + 0.25² + 2 × 0.25²) / 4 = 0.1875;
    // se = √(0.1875 / 1.667) = √0.1125 = 0.3354.
    const result = skillGap([
      { weight: 1, importance: 5, proficiency: 3 },
      { weight: 1, importance: 4, proficiency: 3 },
      { weight: 2, importance: 3, proficiency: 2 },
      { weight: 2, importance: 4, proficiency: null },
      { weight: 3, importance: null, proficiency: 1 },
    ]);
    expect(result.gap).toBe(1.25);
    expect(result.importance).toBe(3.75);
    expect(result.proficiency).toBe(2.5);
    expect(result.mwds).toBe(4.6875);
    expect(result.nEff).toBeCloseTo(8 / 3, 12);
    expect(result.se).toBeCloseTo(Math.sqrt(0.1125), 12);
    expect(result.ci95![0]).toBeCloseTo(1.25 - 1.959963984540054 * Math.sqrt(0.1125), 12);
    expect(result.respondents).toBe(3);
  });

  it('is empty when nobody rated both', () => {
    expect(skillGap([{ weight: 1, importance: 4, proficiency: null }])).toEqual({
      gap: null,
      importance: null,
      proficiency: null,
      mwds: null,
      se: null,
      ci95: null,
      nEff: 0,
      respondents: 0,
    });
  });
});
