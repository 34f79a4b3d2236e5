/**
 * Weighted shares of employers and skill-gap scores from survey ratings (domain reference §1.8, §2.4).
 *
 * Intervals use the Kish effective sample size in place of n, the usual small-sample shortcut for weighted
 * survey data; for non-probability samples they are model-based, not design-based.
 */
import { weightedMean, Z95 } from './estimators.ts';

export interface WeightedAnswer {
  readonly weight: number;
  /** `null` for item nonresponse: left out. */
  readonly value: boolean | null;
}

export interface WeightedProportion {
  /** p̂ = Σ w·1[yes] / Σ w; null when no respondent has a positive weight. */
  readonly p: number | null;
  /** Kish effective sample size (Σw)² / Σw². */
  readonly nEff: number;
  /** Wilson 95 % interval computed with n_eff. */
  readonly ci95: readonly [number, number] | null;
  /** Respondents with an answer and a positive weight. */
  readonly respondents: number;
}

/**
 * Weighted share of employers answering yes (citing a skill, reporting hard-to-fill openings), with a Wilson
 * 95 % interval computed with the Kish effective sample size. Wilson stays inside [0, 1] and behaves at p̂ = 0
 * or 1 and small n, where p̂ ± 1.96 se does not. For an employment-weighted share pass w_j × employees_j.
 *
 * @example
 * weightedProportion([{ weight: 2, value: true }, { weight: 1, value: false }, { weight: 1, value: true }]);
 * // p = 3 / 4 = 0.75, nEff = 4² / 6 = 2.67, respondents 3
 */
export function weightedProportion(items: readonly WeightedAnswer[]): WeightedProportion {
  const m = weightedMean(
    items.map((i) => ({ weight: i.weight, value: i.value === null ? null : Number(i.value) })),
  );
  if (m.mean === null) return { p: null, nEff: 0, ci95: null, respondents: 0 };
  return { p: m.mean, nEff: m.nEff, ci95: wilson(m.mean, m.nEff), respondents: m.respondents };
}

/**
 * Wilson score interval for a proportion p̂ from n (possibly effective, non-integer) observations:
 * (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
 *
 * @example
 * wilson(0.8, 10); // [0.490, 0.943]
 */
export function wilson(p: number, n: number, z: number = Z95): readonly [number, number] {
  if (!(n > 0)) return [0, 1];
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp only the rounding: mathematically the ends are already within [0, 1].
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface SkillRating {
  readonly weight: number;
  /** Importance of the skill, e.g. 1–5; `null` when not answered. */
  readonly importance: number | null;
  /** Proficiency of applicants or new hires on the same scale; `null` when not answered. */
  readonly proficiency: number | null;
}

export interface SkillGap {
  /** Weighted mean gap Σ w (I − P) / Σ w; null without respondents. */
  readonly gap: number | null;
  /** Weighted mean importance. */
  readonly importance: number | null;
  /** Weighted mean proficiency. */
  readonly proficiency: number | null;
  /** Borich mean weighted discrepancy score: mean gap × mean importance; rank skills by it. */
  readonly mwds: number | null;
  /** Standard error of the mean gap, from n_eff; null when n_eff ≤ 1. */
  readonly se: number | null;
  /** Model-based 95 % interval of the mean gap. */
  readonly ci95: readonly [number, number] | null;
  readonly nEff: number;
  /** Respondents who rated both importance and proficiency (with a positive weight). */
  readonly respondents: number;
}

/**
 * Skill-gap scores for one skill (domain reference §1.8): weighted mean gap, weighted mean importance, and the
 * Borich MWDS = mean(I − P) × mean(I). Only respondents who gave both ratings count, so gap, importance and
 * proficiency describe the same employers. The se of the gap is the weighted one with n_eff (see `weightedMean`).
 *
 * @example
 * skillGap([
 *   { weight: 1, importance: 5, proficiency: 3 },
 *   { weight: 1, importance: 4, proficiency: 3 },
 *   { weight: 2, importance: 4, proficiency: null }, // not counted
 * ]);
 * // gap (2 + 1) / 2 = 1.5, importance 4.5, mwds 1.5 × 4.5 = 6.75, respondents 2
 */
export function skillGap(items: readonly SkillRating[]): SkillGap {
  const rated = items.filter(
    (i): i is SkillRating & { importance: number; proficiency: number } =>
      i.importance !== null && i.proficiency !== null,
  );
  const gap = weightedMean(rated.map((i) => ({ weight: i.weight, value: i.importance - i.proficiency })));
  const importance = weightedMean(rated.map((i) => ({ weight: i.weight, value: i.importance })));
  const proficiency = weightedMean(rated.map((i) => ({ weight: i.weight, value: i.proficiency })));
  return {
    gap: gap.mean,
    importance: importance.mean,
    proficiency: proficiency.mean,
    mwds: gap.mean === null || importance.mean === null ? null : gap.mean * importance.mean,
    se: gap.se,
    ci95: gap.ci95,
    nEff: gap.nEff,
    respondents: gap.respondents,
  };
}
