import { describe, expect, it } from 'vitest';
import {
  type CellStats,
  DEFAULT_PRIMARY_RULES,
  type PrimaryRules,
  primaryReason,
} from '../../src/disclosure/rules.ts';

/** A cell that passes every default rule: 10 contributors, largest 30 % of the total. */
const spread: CellStats = { contributors: 10, total: 100, largest: 30, second: 20 };
const withP = (pPercent: number | null): PrimaryRules => ({ ...DEFAULT_PRIMARY_RULES, pPercent });

describe('DEFAULT_PRIMARY_RULES', () => {
  it('is the project default: 3 contributors, (1, 80) dominance, p % off', () => {
    expect(DEFAULT_PRIMARY_RULES).toEqual({ minContributors: 3, dominance: { n: 1, k: 80 }, pPercent: null });
    expect(primaryReason(spread, DEFAULT_PRIMARY_RULES)).toBeNull();
  });
});

describe('threshold rule', () => {
  it('suppresses 1 or 2 contributors and publishes 3 at the default', () => {
    const at = (contributors: number) =>
      primaryReason({ contributors, total: 90, largest: 30, second: 30 }, DEFAULT_PRIMARY_RULES);
    expect(at(1)).toBe('threshold');
    expect(at(2)).toBe('threshold');
    expect(at(3)).toBeNull();
  });

  it('follows a configured minimum of 5 (common for surveys)', () => {
    const rules = { ...DEFAULT_PRIMARY_RULES, minContributors: 5 };
    expect(primaryReason({ ...spread, contributors: 4 }, rules)).toBe('threshold');
    expect(primaryReason({ ...spread, contributors: 5 }, rules)).toBeNull();
  });

  it('publishes a cell with no contributors: no employer is in it', () => {
    expect(
      primaryReason({ contributors: 0, total: 0, largest: 0, second: 0 }, DEFAULT_PRIMARY_RULES),
    ).toBeNull();
    expect(
      primaryReason(
        { contributors: 0, total: 0, largest: 0, second: 0 },
        { ...withP(25), minContributors: 5 },
      ),
    ).toBeNull();
  });

  it('comes first: a cell failing threshold and dominance reports threshold', () => {
    expect(
      primaryReason({ contributors: 2, total: 100, largest: 95, second: 5 }, DEFAULT_PRIMARY_RULES),
    ).toBe('threshold');
  });
});

describe('dominance rule', () => {
  it('(1, 80): the largest at exactly 80 % is publishable, above it is not', () => {
    const at = (largest: number) =>
      primaryReason(
        { contributors: 5, total: 100, largest, second: 100 - largest - 5 },
        DEFAULT_PRIMARY_RULES,
      );
    expect(at(79)).toBeNull();
    expect(at(80)).toBeNull();
    expect(at(80.01)).toBe('dominance');
    expect(at(81)).toBe('dominance');
  });

  it('judges exactly at the boundary without floating-point noise', () => {
    // 0.7 × 3 = 2.0999999999999996 in doubles, so a naive `largest > k / 100 * total` would call a largest
    // contribution of exactly 70 % (2.1 of 3) dominant.
    const rules: PrimaryRules = { ...DEFAULT_PRIMARY_RULES, dominance: { n: 1, k: 70 } };
    expect(primaryReason({ contributors: 5, total: 3, largest: 2.1, second: 0.5 }, rules)).toBeNull();
    expect(primaryReason({ contributors: 5, total: 3, largest: 2.1001, second: 0.5 }, rules)).toBe(
      'dominance',
    );
  });

  it('(2, 90): the two largest together are compared', () => {
    const rules: PrimaryRules = { ...DEFAULT_PRIMARY_RULES, dominance: { n: 2, k: 90 } };
    expect(primaryReason({ contributors: 5, total: 100, largest: 60, second: 30 }, rules)).toBeNull();
    expect(primaryReason({ contributors: 5, total: 100, largest: 60, second: 31 }, rules)).toBe('dominance');
    // (1, 80) would have passed both: 60 % is not dominant alone.
    expect(
      primaryReason({ contributors: 5, total: 100, largest: 60, second: 31 }, DEFAULT_PRIMARY_RULES),
    ).toBeNull();
  });

  it('is off when null', () => {
    const rules: PrimaryRules = { ...DEFAULT_PRIMARY_RULES, dominance: null };
    expect(primaryReason({ contributors: 5, total: 100, largest: 97, second: 1 }, rules)).toBeNull();
  });

  it('comes before p %: a cell failing both reports dominance', () => {
    expect(primaryReason({ contributors: 5, total: 100, largest: 90, second: 9 }, withP(25))).toBe(
      'dominance',
    );
  });
});

describe('p % rule', () => {
  it('QCEW worked example: largest 75, second 8, tertiary 17 of 100 (22.7 %): publishable at p = 20, not 25', () => {
    const cell = { contributors: 6, total: 100, largest: 75, second: 8 };
    expect(primaryReason(cell, withP(20))).toBeNull(); // 17 >= 0.20 × 75 = 15
    expect(primaryReason(cell, withP(25))).toBe('p_percent'); // 17 < 0.25 × 75 = 18.75
    expect(primaryReason(cell, withP(null))).toBeNull();
  });

  it('the reference text version with rest 18 (total 101, 24 %): publishable at 20 and 24, not at 25', () => {
    const cell = { contributors: 6, total: 101, largest: 75, second: 8 };
    expect(primaryReason(cell, withP(20))).toBeNull();
    expect(primaryReason(cell, withP(24))).toBeNull(); // 18 < 18 is false: exactly at the boundary
    expect(primaryReason(cell, withP(25))).toBe('p_percent');
  });

  it('is strict at its boundary: tertiary equal to p % of the largest is publishable', () => {
    const rules = withP(20);
    // largest 50, second 10: the rest must not fall below 0.2 × 50 = 10.
    expect(primaryReason({ contributors: 4, total: 70, largest: 50, second: 10 }, rules)).toBeNull();
    expect(primaryReason({ contributors: 4, total: 69.99, largest: 50, second: 10 }, rules)).toBe(
      'p_percent',
    );
  });

  it('catches two contributors that pass dominance once the threshold is lowered', () => {
    // With only two contributors the second knows the first exactly: tertiary 0.
    const rules: PrimaryRules = { minContributors: 1, dominance: { n: 1, k: 80 }, pPercent: 10 };
    expect(primaryReason({ contributors: 2, total: 100, largest: 55, second: 45 }, rules)).toBe('p_percent');
  });
});
