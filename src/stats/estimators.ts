/**
 * Regional totals and means from an employer survey, scaled to the QCEW frame, with variances, 95 % intervals
 * and a publish/caution/withhold verdict (domain reference §2.3–2.4).
 *
 * The variances are those of stratified simple random sampling without replacement. Partnership surveys are
 * rarely probability samples, so every interval here is model-based: it assumes respondents in a cell are like
 * the cell's non-respondents, and says nothing about that assumption. Reports should say so.
 */
import { sampleVariance, weightedMean as simpleWeightedMean, sum, weightedVariance } from 'simple-statistics';
import { SiError } from '../errors.ts';
import { cellIndex, checkRespondents, type FrameCell, type Respondent } from './weights.ts';

/**
 * The 0.975 quantile of the standard normal distribution. Not computed with simple-statistics `probit(0.975)`:
 * its inverse error function is Winitzki's approximation and returns 1.95716, which moves interval ends in the
 * third decimal and breaks agreement with published examples.
 */
export const Z95 = 1.959963984540054;

/** A respondent's answer to one question; `null` for item nonresponse (left out of that estimate only). */
export interface Observation extends Respondent {
  readonly value: number | null;
}

export type EstimateFlagCode =
  | 'single-respondent'
  | 'cell-not-estimated'
  | 'more-respondents-than-frame'
  | 'respondent-sum-exceeds-estimate';

export interface EstimateFlag {
  readonly code: EstimateFlagCode;
  /** The cell concerned; null for the estimate as a whole. */
  readonly cell: string | null;
  readonly message: string;
}

export interface CellEstimate {
  readonly id: string;
  readonly establishments: number;
  readonly employment: number;
  /** Respondents with a value for this question, n_h. */
  readonly respondents: number;
  /** Σ y_j over the cell's respondents. */
  readonly valueSum: number;
  /** Σ x_j over the cell's respondents. */
  readonly respondentEmployment: number;
  /** R̂_h = Σ y / Σ x for the ratio estimator; ȳ_h for the mean and expansion estimators. */
  readonly rate: number | null;
  /** The cell's contribution (a total, or ȳ_h for a mean); null when the cell could not be estimated. */
  readonly estimate: number | null;
  /** The contribution's variance; null when it cannot be estimated (one respondent of several establishments). */
  readonly variance: number | null;
}

export interface TotalEstimate {
  readonly method: 'ratio' | 'expansion';
  readonly total: number;
  readonly se: number;
  /** Model-based 95 % interval; see the estimator for the lower bound. */
  readonly ci95: readonly [number, number];
  /** se / |total|; null when the total is 0. */
  readonly rse: number | null;
  /** Respondents that answered the question. */
  readonly respondents: number;
  /** Σ y_j over respondents: a known lower bound of a total of non-negative counts. */
  readonly respondentSum: number;
  readonly byCell: readonly CellEstimate[];
  readonly flags: readonly EstimateFlag[];
  /** Why the variance is incomplete (cells whose variance could not be estimated), or null. */
  readonly varianceNote: string | null;
}

export interface MeanEstimate {
  /** Establishment-weighted mean over the cells with respondents; null when there are none. */
  readonly mean: number | null;
  readonly se: number | null;
  /** Model-based 95 % interval. */
  readonly ci95: readonly [number, number] | null;
  /** se / |mean|; null when the mean is 0 or missing. */
  readonly rse: number | null;
  readonly respondents: number;
  readonly byCell: readonly CellEstimate[];
  readonly flags: readonly EstimateFlag[];
  readonly varianceNote: string | null;
}

/**
 * Separate ratio estimator of a regional total (JOLTS-style): Ŷ = Σ_h (Σ_{j∈h} y_j / Σ_{j∈h} x_j) · X_h, each
 * cell's respondent rate (openings per employee, say) applied to the cell's QCEW employment.
 *
 * Variance V̂ = Σ_h N_h² (1 − n_h/N_h) s²_{e,h} / n_h with residuals e_j = y_j − R̂_h x_j (domain reference §2.4).
 * A cell that is a census (n_h ≥ N_h) adds no variance. A cell with one respondent of several establishments
 * adds its estimate as stated but no variance, flagged `single-respondent` and named in `varianceNote`, so the
 * se understates the uncertainty. Cells without respondents, or whose respondents report no employment while
 * the frame has some, cannot be scaled: they add nothing and are flagged `cell-not-estimated` (collapse first).
 *
 * The 95 % interval is Ŷ ± 1.96 se, model-based for non-probability samples. When every y_j ≥ 0 (counts), the
 * lower end is raised to the respondents' own sum Σ y_j: those openings were reported, so the true total cannot
 * be below them, and a negative bound for a count is impossible. (If the estimate itself is below that sum,
 * respondents' employment exceeds the frame's; the bound stops at the estimate and the estimate is flagged.)
 *
 * @example
 * const est = ratioEstimate(
 *   [{ id: 'mfg', establishments: 50, employment: 2000 }],
 *   [
 *     { id: 'a', stratum: 'mfg', employment: 100, value: 6 },
 *     { id: 'b', stratum: 'mfg', employment: 50, value: 2 },
 *     { id: 'c', stratum: 'mfg', employment: 50, value: 4 },
 *   ],
 * );
 * // rate 12 / 200 = 0.06 openings per employee; est.total === 0.06 × 2000 = 120
 */
export function ratioEstimate(
  cells: readonly FrameCell[],
  observations: readonly Observation[],
): TotalEstimate {
  return totalEstimate('ratio', cells, observations);
}

/**
 * Expansion estimator of a regional total: Ŷ = Σ_h N_h ȳ_h, the mean per responding establishment times the
 * cell's establishments — the same as Σ w_j y_j with post-stratified weights w_j = N_h / n_h. Stratified SRS
 * variance V̂ = Σ_h N_h² (1 − n_h/N_h) s²_{y,h} / n_h. Cells, flags and the interval's lower bound are handled
 * as in {@link ratioEstimate}; the interval is model-based for non-probability samples.
 *
 * @example
 * expansionEstimate(
 *   [{ id: 'mfg', establishments: 50, employment: 2000 }],
 *   [
 *     { id: 'a', stratum: 'mfg', employment: 100, value: 6 },
 *     { id: 'b', stratum: 'mfg', employment: 50, value: 2 },
 *   ],
 * ).total; // 50 × (6 + 2) / 2 = 200
 */
export function expansionEstimate(
  cells: readonly FrameCell[],
  observations: readonly Observation[],
): TotalEstimate {
  return totalEstimate('expansion', cells, observations);
}

/**
 * Post-stratified mean per establishment: ȳ_ps = Σ_h W_h ȳ_h with W_h = N_h / N over the cells that have
 * respondents (cells without any are flagged and left out of N, which assumes they resemble the rest), and
 * V̂ = Σ_h W_h² (1 − n_h/N_h) s²_h / n_h. Single-respondent cells are handled as in {@link ratioEstimate}. The
 * 95 % interval ȳ ± 1.96 se is model-based for non-probability samples and not clipped to any scale.
 *
 * @example
 * meanEstimate(
 *   [{ id: 'small', establishments: 90, employment: 500 }, { id: 'large', establishments: 10, employment: 1500 }],
 *   ratings, // small rate 3 and 4; large rate 5 and 5
 * ).mean; // 0.9 × 3.5 + 0.1 × 5 = 3.65
 */
export function meanEstimate(
  cells: readonly FrameCell[],
  observations: readonly Observation[],
): MeanEstimate {
  const { perCell, respondents } = assign(cells, observations);
  const flags: EstimateFlag[] = [];
  const covered = cells.filter((c) => perCell.get(c.id)!.length > 0 && c.establishments > 0);
  const population = sum(covered.map((c) => c.establishments));
  const byCell = cells.map((c) => {
    const obs = perCell.get(c.id)!;
    const ys = obs.map((o) => o.value);
    const base = cellBase(c, obs);
    if (obs.length === 0) {
      if (c.establishments > 0) {
        flags.push(notEstimated(c.id, `cell ${c.id} has no respondents: left out of the mean`));
      }
      return { ...base, rate: null, estimate: null, variance: null };
    }
    const mean = sum(ys) / ys.length;
    // A cell with respondents but no establishments gets no share (and a flag from cellVariance).
    const share = population > 0 ? c.establishments / population : 0;
    const variance = cellVariance(c, ys, share, flags);
    return { ...base, rate: mean, estimate: mean, variance };
  });
  if (population === 0) {
    return { mean: null, se: null, ci95: null, rse: null, respondents, byCell, flags, varianceNote: null };
  }
  const mean = sum(
    byCell.map((c) => (c.estimate === null ? 0 : (c.establishments / population) * c.estimate)),
  );
  const se = Math.sqrt(sum(byCell.map((c) => c.variance ?? 0)));
  return {
    mean,
    se,
    ci95: [mean - Z95 * se, mean + Z95 * se],
    rse: mean === 0 ? null : se / Math.abs(mean),
    respondents,
    byCell,
    flags,
    varianceNote: varianceNote(flags),
  };
}

export interface WeightedValue {
  readonly weight: number;
  /** `null` for item nonresponse: left out. */
  readonly value: number | null;
}

export interface WeightedMean {
  /** Σ w y / Σ w; null when no respondent has a positive weight. */
  readonly mean: number | null;
  /** Kish effective sample size (Σw)² / Σw². */
  readonly nEff: number;
  /** √(Σ w (y − ȳ)² / Σ w / (n_eff − 1)); null when n_eff ≤ 1. */
  readonly se: number | null;
  /** Model-based 95 % interval ȳ ± 1.96 se. */
  readonly ci95: readonly [number, number] | null;
  /** Respondents with a value and a positive weight. */
  readonly respondents: number;
}

/**
 * Weighted mean with a standard error from the Kish effective sample size: the weighted variance with the
 * unbiased correction for reliability weights, n_eff/(n_eff − 1), divided by n_eff. With equal weights this is
 * the textbook s/√n. Ignores strata (use {@link meanEstimate} when cells are known); the interval is
 * model-based for non-probability samples.
 *
 * @example
 * weightedMean([{ weight: 1, value: 2 }, { weight: 1, value: 4 }, { weight: 2, value: 6 }]).mean; // 18 / 4 = 4.5
 */
export function weightedMean(items: readonly WeightedValue[]): WeightedMean {
  checkWeights(items);
  const used = items.filter((i): i is WeightedValue & { value: number } => i.value !== null && i.weight > 0);
  if (used.length === 0) return { mean: null, nEff: 0, se: null, ci95: null, respondents: 0 };
  const values = used.map((i) => i.value);
  const weights = used.map((i) => i.weight);
  const mean = simpleWeightedMean(values, weights);
  const nEff = effectiveSampleSize(weights);
  // Rounding can leave n_eff a hair above 1 for a single respondent; below 1 + 1e-9 there is no spread to use.
  const se = nEff > 1 + 1e-9 ? Math.sqrt(weightedVariance(values, weights) / (nEff - 1)) : null;
  return {
    mean,
    nEff,
    se,
    ci95: se === null ? null : [mean - Z95 * se, mean + Z95 * se],
    respondents: used.length,
  };
}

/**
 * Kish effective sample size n_eff = (Σw)² / Σw²: the simple random sample size with the same precision as
 * these unequal weights. Equal weights give n.
 *
 * @example
 * effectiveSampleSize([1, 1, 2]); // 4² / 6 = 2.67
 */
export function effectiveSampleSize(weights: readonly number[]): number {
  const total = sum(weights);
  const squares = sum(weights.map((w) => w * w));
  return squares > 0 ? (total * total) / squares : 0;
}

export type QualityLevel = 'ok' | 'caution' | 'withheld';

export interface Quality {
  readonly level: QualityLevel;
  /** Why it is not ok; null when it is. */
  readonly reason: string | null;
}

/** What {@link quality} reads: any estimate of this module fits. */
export interface QualityInput {
  readonly respondents: number;
  readonly rse?: number | null;
  readonly se?: number | null;
  readonly varianceNote?: string | null;
}

export interface QualityOptions {
  /** Fewer respondents than this: withheld. */
  readonly minRespondents?: number;
  /** Relative standard error above this: caution. */
  readonly maxRse?: number;
}

/**
 * Whether an estimate can be published: `withheld` with fewer than `minRespondents` respondents; `caution` when
 * the variance could not be (fully) estimated or the RSE exceeds `maxRse`; otherwise `ok`. Boundaries pass:
 * exactly `minRespondents` respondents, or an RSE of exactly `maxRse`, is not penalised. The disclosure rules
 * (§3) are separate and still apply.
 *
 * @example
 * quality({ respondents: 12, rse: 0.62, varianceNote: null }); // { level: 'caution', reason: 'RSE 0.62 above 0.5' }
 */
export function quality(estimate: QualityInput, options: QualityOptions = {}): Quality {
  const minRespondents = options.minRespondents ?? 3;
  const maxRse = options.maxRse ?? 0.5;
  if (estimate.respondents < minRespondents) {
    return {
      level: 'withheld',
      reason: `${estimate.respondents} respondents, fewer than ${minRespondents}`,
    };
  }
  if (estimate.varianceNote) return { level: 'caution', reason: estimate.varianceNote };
  if (estimate.se === null) return { level: 'caution', reason: 'variance could not be estimated' };
  if (estimate.rse === null && (estimate.se ?? 0) > 0) {
    return { level: 'caution', reason: 'RSE undefined: the estimate is 0 but its se is not' };
  }
  if (estimate.rse != null && estimate.rse > maxRse) {
    // Two decimals, or more when two would read as the limit itself ("RSE 0.5 above 0.5").
    const shown = round2(estimate.rse) > maxRse ? round2(estimate.rse) : Number(estimate.rse.toPrecision(3));
    return { level: 'caution', reason: `RSE ${shown} above ${maxRse}` };
  }
  return { level: 'ok', reason: null };
}

function totalEstimate(
  method: 'ratio' | 'expansion',
  cells: readonly FrameCell[],
  observations: readonly Observation[],
): TotalEstimate {
  const { perCell, respondents, used } = assign(cells, observations);
  const flags: EstimateFlag[] = [];
  const byCell: CellEstimate[] = cells.map((c) => {
    const obs = perCell.get(c.id)!;
    const base = cellBase(c, obs);
    const empty = c.establishments === 0 && c.employment === 0;
    if (obs.length === 0) {
      if (!empty) {
        flags.push(notEstimated(c.id, `cell ${c.id} has no respondents: its population adds nothing`));
      }
      return { ...base, rate: null, estimate: empty ? 0 : null, variance: empty ? 0 : null };
    }
    if (method === 'expansion') {
      const ys = obs.map((o) => o.value);
      return {
        ...base,
        rate: base.valueSum / obs.length,
        estimate: c.establishments * (base.valueSum / obs.length),
        variance: cellVariance(c, ys, c.establishments, flags),
      };
    }
    if (base.respondentEmployment === 0) {
      if (c.employment === 0) return { ...base, rate: null, estimate: 0, variance: 0 };
      flags.push(
        notEstimated(c.id, `cell ${c.id}: respondents report no employment, so the rate cannot be scaled`),
      );
      return { ...base, rate: null, estimate: null, variance: null };
    }
    const rate = base.valueSum / base.respondentEmployment;
    // Σ e_j = 0 by construction, so the sample variance of e is the residual variance about the ratio line.
    const residuals = obs.map((o) => o.value - rate * o.employment);
    return {
      ...base,
      rate,
      estimate: rate * c.employment,
      variance: cellVariance(c, residuals, c.establishments, flags),
    };
  });

  const total = sum(byCell.map((c) => c.estimate ?? 0));
  const se = Math.sqrt(sum(byCell.map((c) => c.variance ?? 0)));
  const values = used.map((o) => o.value);
  const respondentSum = sum(values);
  let lower = total - Z95 * se;
  if (values.every((y) => y >= 0)) {
    // Tolerance: the ratio estimate of a census equals the respondents' sum up to rounding.
    if (respondentSum > total + 1e-9 * Math.max(1, Math.abs(total))) {
      flags.push({
        code: 'respondent-sum-exceeds-estimate',
        cell: null,
        message: `respondents reported ${respondentSum}, more than the estimate ${total}: their employment or count exceeds the frame's`,
      });
    }
    lower = Math.max(lower, Math.min(respondentSum, total));
  }
  return {
    method,
    total,
    se,
    ci95: [lower, total + Z95 * se],
    rse: total === 0 ? null : se / Math.abs(total),
    respondents,
    respondentSum,
    byCell,
    flags,
    varianceNote: varianceNote(flags),
  };
}

type Answered = Observation & { readonly value: number };

function assign(
  cells: readonly FrameCell[],
  observations: readonly Observation[],
): { perCell: Map<string, Answered[]>; respondents: number; used: Answered[] } {
  const index = cellIndex(cells);
  checkRespondents(observations, index);
  const bad = observations.filter((o) => o.value !== null && !Number.isFinite(o.value));
  if (bad.length > 0) {
    throw new SiError('E_INPUT_INVALID', `respondents: ${bad.length} value(s) are not finite numbers`, {
      issues: bad.map((o) => ({
        code: 'invalid_value',
        message: `respondent ${o.id}: value is not a number`,
      })),
    });
  }
  const perCell = new Map<string, Answered[]>(cells.map((c) => [c.id, []]));
  const used = observations.filter((o): o is Answered => o.value !== null);
  for (const o of used) perCell.get(index.get(o.stratum)!.id)!.push(o);
  return { perCell, respondents: used.length, used };
}

function cellBase(c: FrameCell, obs: readonly Answered[]) {
  return {
    id: c.id,
    establishments: c.establishments,
    employment: c.employment,
    respondents: obs.length,
    valueSum: sum(obs.map((o) => o.value)),
    respondentEmployment: sum(obs.map((o) => o.employment)),
  };
}

/**
 * scale² (1 − n/N) s² / n for one cell; scale is N_h for totals and W_h for means. Null (and flagged) when one
 * respondent stands for several establishments; 0 for a census.
 */
function cellVariance(
  c: FrameCell,
  values: readonly number[],
  scale: number,
  flags: EstimateFlag[],
): number | null {
  const n = values.length;
  const N = c.establishments;
  if (n > N) {
    flags.push({
      code: 'more-respondents-than-frame',
      cell: c.id,
      message: `cell ${c.id} has ${n} respondents but ${N} establishments: treated as a census`,
    });
  }
  const fpc = Math.max(0, 1 - n / N);
  if (fpc === 0) return 0;
  if (n < 2) {
    flags.push({
      code: 'single-respondent',
      cell: c.id,
      message: `cell ${c.id} has one respondent of ${N} establishments: its estimate is used as stated, without a variance`,
    });
    return null;
  }
  return (scale * scale * fpc * sampleVariance(values)) / n;
}

function notEstimated(cell: string, message: string): EstimateFlag {
  return { code: 'cell-not-estimated', cell, message };
}

function varianceNote(flags: readonly EstimateFlag[]): string | null {
  const single = flags.filter((f) => f.code === 'single-respondent').map((f) => f.cell);
  if (single.length === 0) return null;
  return `variance omits ${single.length} cell(s) with a single respondent (${single.join(', ')}): the se understates the uncertainty`;
}

function checkWeights(items: readonly WeightedValue[]): void {
  const bad = items.filter(
    (i) => !Number.isFinite(i.weight) || i.weight < 0 || (i.value !== null && !Number.isFinite(i.value)),
  );
  if (bad.length > 0) {
    throw new SiError(
      'E_INPUT_INVALID',
      `${bad.length} item(s) with a negative weight or a non-finite number`,
    );
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
