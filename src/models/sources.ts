import { TABULAR_SOURCES } from '../ingest/sources/index.ts';
import type { ColumnType } from '../warehouse/dialect.ts';

export interface SourceColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface SourceDef {
  readonly table: string;
  readonly description: string;
  /** Declared for seeds the pipeline writes from its configuration; loaded sources define their own. */
  readonly columns?: readonly SourceColumn[];
}

/**
 * Tables models read with `{{ source "name" }}`: raw tables written by ingest, and small seed tables the
 * pipeline writes from its configuration (so values such as the region's counties reach SQL as data,
 * never spliced into SQL text).
 */
export const SOURCES = {
  qcew_quarterly: {
    table: 'raw_qcew_quarterly',
    description: 'QCEW quarterly files as loaded (every layout).',
  },
  qcew_annual: { table: 'raw_qcew_annual', description: 'QCEW annual files as loaded (every layout).' },
  region_counties: {
    table: 'cfg_region_counties',
    description: 'The counties of the partnership region.',
    columns: [{ name: 'county_fips', type: 'string' }],
  },
  industry_selection: {
    table: 'cfg_industry_selection',
    description:
      'The industry of the partnership: each configured NAICS code and the code prefixes under it, with the profile detail.',
    columns: [
      { name: 'naics_code', type: 'string' },
      { name: 'prefix', type: 'string' },
      { name: 'detail_digits', type: 'int64' },
    ],
  },
  ownership: {
    table: 'cfg_ownership',
    description: 'QCEW ownership codes profiled.',
    columns: [{ name: 'own_code', type: 'string' }],
  },
  settings: {
    table: 'cfg_settings',
    description: 'One row of pipeline settings models read: region name, LQ reference area.',
    columns: [
      { name: 'region_name', type: 'string' },
      { name: 'reference_area', type: 'string' },
    ],
  },
  survey_responses: {
    table: 'raw_survey_responses',
    description: 'Survey responses as read (one row per submission).',
  },
  survey_jobs: {
    table: 'raw_survey_jobs',
    description: 'Job blocks of survey responses, coded to SOC 2018.',
  },
  survey_skills: { table: 'raw_survey_skills', description: 'Skill ratings of survey responses.' },
  survey_choices: { table: 'raw_survey_choices', description: 'Multi-select answers of survey responses.' },
  survey_options: {
    table: 'raw_survey_options',
    description: 'Labels of the options and skills of each wave.',
  },
  survey_invited: {
    table: 'raw_survey_invited',
    description: 'Employers invited to each wave (keys hashed).',
  },
  survey_waves: {
    table: 'cfg_survey_waves',
    description: 'The survey waves of the pipeline and the QCEW year each is weighted to.',
    columns: [
      { name: 'wave', type: 'string' },
      { name: 'position', type: 'int64' },
      { name: 'frame_year', type: 'string' },
    ],
  },
  survey_settings: {
    table: 'cfg_survey_settings',
    description: 'One row: the NAICS digits of the weighting strata.',
    columns: [{ name: 'strata_digits', type: 'int64' }],
  },
  metric_settings: {
    table: 'cfg_metric_settings',
    description: 'One row of labor-market metric settings (see `metrics` in the pipeline configuration).',
    columns: [
      { name: 'staffing_year', type: 'string' },
      { name: 'fit_area', type: 'string' },
      { name: 'projections_state', type: 'string' },
      { name: 'entry_percentile', type: 'int64' },
      { name: 'wage_area', type: 'string' },
      { name: 'supply_allocation', type: 'string' },
      { name: 'institutions_listed', type: 'bool' },
      { name: 'pathway_min_gain', type: 'float64' },
      { name: 'pathway_limit', type: 'int64' },
    ],
  },
  award_levels: {
    table: 'cfg_award_levels',
    description: 'IPEDS award levels (AWLEVEL) counted as supply.',
    columns: [{ name: 'award_level', type: 'int64' }],
  },
  institutions: {
    table: 'cfg_institutions',
    description: 'IPEDS UNITIDs the partnership lists as its providers (empty: chosen by county).',
    columns: [{ name: 'unitid', type: 'string' }],
  },
  entry_job_zones: {
    table: 'cfg_entry_job_zones',
    description: 'O*NET Job Zones counted as entry level for career pathways.',
    columns: [{ name: 'job_zone', type: 'int64' }],
  },
  soc_aggregates: {
    table: 'cfg_soc_aggregates',
    description:
      'SOC 2018 detailed codes OEWS and Employment Projections publish only under a BLS aggregate (soc_code → oews_soc_code).',
    columns: [
      { name: 'soc_code', type: 'string' },
      { name: 'oews_soc_code', type: 'string' },
      { name: 'oews_soc_title', type: 'string' },
    ],
  },
  priority_weights: {
    table: 'cfg_priority_weights',
    description: 'Weight of each priority-score component, rescaled to sum to 1.',
    columns: [
      { name: 'component', type: 'string' },
      { name: 'weight', type: 'float64' },
    ],
  },
} as const satisfies Record<string, SourceDef>;

/**
 * Raw tables of the public sources read by the generic loader: `{{ source "oews_occupations" }}` reads
 * `raw_oews_occupations`.
 */
export const TABULAR_SOURCE_TABLES: Readonly<Record<string, SourceDef>> = Object.fromEntries(
  TABULAR_SOURCES.flatMap((s) =>
    s.tables.map((t) => [t.name.replace(/^raw_/, ''), { table: t.name, description: t.description }]),
  ),
);

/** Every table models may read as a source. */
export const ALL_SOURCES: Readonly<Record<string, SourceDef>> = { ...SOURCES, ...TABULAR_SOURCE_TABLES };

export type SourceName = keyof typeof SOURCES;
