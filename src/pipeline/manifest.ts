import type { DisclosureAudit } from '../disclosure/audit-outputs.ts';
import type { Issue } from '../errors.ts';
import type { SurveyWaveSummary } from '../ingest/survey/ingest.ts';
import type { CheckResult } from '../models/checks.ts';
import type { WaveWeighting } from '../stats/survey-marts.ts';

export const STAGES = ['ingest', 'stage', 'model', 'metrics', 'check', 'publish'] as const;
export type StageName = (typeof STAGES)[number];

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface StageRecord {
  readonly name: StageName;
  /** `reused`: not run this time; its tables are the previous run's. */
  status: 'succeeded' | 'failed' | 'skipped' | 'reused';
  startedAt?: string;
  ms?: number;
  /** Rows per table the stage wrote. */
  rows: Record<string, number>;
  detail?: string;
}

export interface InputRecord {
  readonly source: string;
  /** As users see it (relative to the working directory when shorter). */
  readonly path: string;
  readonly vintage: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly layout: string | null;
  readonly rows: number;
  /** `not_loaded`: the file is good, but another file's rejection stopped the load. */
  readonly status: 'loaded' | 'rejected' | 'not_loaded' | 'ignored';
  /** Problems found in the file. */
  readonly problems: number;
  /** The run that read the file: this run, or the earlier one whose tables this run reuses. */
  readonly loadedBy: string;
}

export interface OutputRecord {
  /** Relative to the run's output folder. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface CodeVersion {
  readonly version: string;
  readonly git?: string;
  /** sha256 over the SQL models and report templates the run used. */
  readonly modelsHash: string;
}

/** Everything a run did: stored in the warehouse (`_si_runs`) and written beside its outputs. */
export interface RunManifest {
  readonly manifestVersion: 1;
  readonly runId: string;
  readonly pipeline: { readonly name: string; readonly file: string; readonly configHash: string };
  readonly code: CodeVersion;
  readonly requested: { readonly from?: StageName; readonly only?: StageName };
  readonly startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  status: RunStatus;
  stages: StageRecord[];
  inputs: InputRecord[];
  /** Rejected input rows and files, with file, line, column and reason (first 1,000). */
  rejects: Issue[];
  rejectsTotal: number;
  models: { name: string; layer: string; rows: number; ms: number }[];
  /** Survey waves read and how they were weighted (counts only: answers never enter the manifest). */
  surveys?: {
    /** What the ingest read; absent when this run reused an earlier run's survey tables. */
    read?: {
      waves: readonly SurveyWaveSummary[];
      rejectedCells: number;
      flaggedCells: number;
      responsesLeftOut: number;
      socMethods: Readonly<Record<string, number>>;
      titlesToReview: number;
    };
    /** How each wave was weighted: frame, estimator, cells, weights, response rates. */
    weighting: readonly WaveWeighting[];
  };
  checks: CheckResult[];
  /**
   * Disclosure control of the survey cells: the public part of the rules (p and the protection interval stay
   * private) and the audit of the published files.
   */
  disclosure?: {
    readonly rules: {
      readonly minContributors: number;
      readonly dominance: { readonly n: number; readonly k: number } | null;
      readonly pPercent: 'on' | 'off';
      readonly complementary: boolean;
      readonly rounding: number | null;
    };
    readonly audit: DisclosureAudit;
  };
  outputs: OutputRecord[];
  /** Folder the run published to, when it published. */
  publishedTo?: string;
  error?: { code: string; message: string; issues?: readonly Issue[] };
}
