/**
 * Primary disclosure rules for employer data (domain reference §3): which cells are sensitive on their own,
 * before complementary suppression protects them from subtraction.
 *
 * Comparisons are made in integer-friendly form (`largest · 100 > k · total`) rather than against `k / 100 · total`
 * so that a cell exactly at a boundary (largest = 80 of 100) is judged by the rule, not by floating-point noise.
 */

/** The rules a cell must pass to be published. */
export interface PrimaryRules {
  /** Threshold rule: a cell with 0 < contributors < minContributors is sensitive. Default 3. */
  readonly minContributors: number;
  /**
   * (n, k) dominance: sensitive when the n largest contributions exceed k % of the cell total. QCEW's
   * "one employer ≥ 80 %" rule is (1, 80). `null` turns the rule off. Default `{ n: 1, k: 80 }`.
   */
  readonly dominance: { readonly n: 1 | 2; readonly k: number } | null;
  /**
   * p % rule: sensitive when total − largest − second < p/100 · largest, i.e. the second-largest contributor
   * could estimate the largest to within p %. `null` turns the rule off (the default); agencies keep p private.
   */
  readonly pPercent: number | null;
}

/** Recommended defaults for partner extracts (domain reference §3): at least 3 contributors, (1, 80) dominance. */
export const DEFAULT_PRIMARY_RULES: PrimaryRules = Object.freeze({
  minContributors: 3,
  dominance: Object.freeze({ n: 1 as const, k: 80 }),
  pPercent: null,
});

/** Per cell, computed from raw responses; contributions are non-negative magnitudes. */
export interface CellStats {
  /** Distinct contributors (employers, UI accounts) with data in the cell. */
  readonly contributors: number;
  /** Sum of all contributions. */
  readonly total: number;
  /** Largest single contribution (0 when there are none). */
  readonly largest: number;
  /** Second-largest contribution (0 when there are fewer than two contributors). */
  readonly second: number;
}

/** Why a cell is sensitive on its own. */
export type PrimaryReason = 'threshold' | 'dominance' | 'p_percent';

/**
 * Why a cell is published empty: a primary rule, `'source'` (the data provider suppressed it, QCEW "N"), or
 * `'complementary'` (added so that a sensitive cell cannot be derived by subtraction).
 */
export type SuppressionReason = PrimaryReason | 'source' | 'complementary';

/**
 * The first primary rule a cell fails, checked in the order threshold, dominance, p %; `null` when publishable.
 * A cell with 0 contributors (total 0) is not sensitive: no employer's data is in it.
 *
 * @example
 * primaryReason({ contributors: 2, total: 50, largest: 30, second: 20 }, DEFAULT_PRIMARY_RULES); // 'threshold'
 * primaryReason({ contributors: 5, total: 100, largest: 81, second: 10 }, DEFAULT_PRIMARY_RULES); // 'dominance'
 * // QCEW worked example: tertiary 17 of largest 75 is 22.7 %: publishable at p = 20, not at p = 25.
 * primaryReason({ contributors: 6, total: 100, largest: 75, second: 8 }, { ...DEFAULT_PRIMARY_RULES, pPercent: 25 });
 * // 'p_percent'
 */
export function primaryReason(stats: CellStats, rules: PrimaryRules): PrimaryReason | null {
  const { contributors, total, largest, second } = stats;
  if (contributors <= 0) return null;
  if (contributors < rules.minContributors) return 'threshold';
  if (rules.dominance !== null) {
    const top = rules.dominance.n === 1 ? largest : largest + second;
    if (top * 100 > rules.dominance.k * total) return 'dominance';
  }
  if (rules.pPercent !== null && (total - largest - second) * 100 < rules.pPercent * largest)
    return 'p_percent';
  return null;
}
