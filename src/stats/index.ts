/**
 * Survey statistics for employer surveys: weighting to the QCEW frame, totals and means with model-based
 * intervals, weighted shares and skill-gap scores.
 */
export * from './estimators.ts';
export * from './proportions.ts';
export {
  type Cell,
  type CellWeight,
  type CollapseOptions,
  type CollapseResult,
  collapseStrata,
  type FrameCell,
  type Invitee,
  type PostStratification,
  postStratify,
  type Respondent,
  type RespondentWeight,
  type ResponseRateInput,
  type ResponseRates,
  responseRates,
  type Stratum,
  type StratumCoverage,
} from './weights.ts';
