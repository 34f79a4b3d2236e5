/**
 * BLS OEWS (Occupational Employment and Wage Statistics) files as published (domain-reference §1.5, §1.6, §4.2).
 *
 * Every OEWS download is one table of occupations with employment and wage percentiles, so all of them load into
 * one raw table, `raw_oews`. The files differ in which columns they carry:
 *
 * - national cross-industry files: 20 columns in May 2014-2018 (`OCC_GROUP`), 23 in 2019-2020 (`O_GROUP`,
 *   `JOBS_1000`, `LOC_QUOTIENT`, `PCT_TOTAL`; 2019 in lower case), 24 from 2021 (`PCT_RPT`), and the 32-column
 *   layout from May 2025;
 * - the 32-column layout (`AREA` ... `HOURLY`) of the all-data, state, metro and nonmetro files and of the
 *   national industry files (`natsector`, `nat3d`, `nat4d`, `nat5d_6d`: the staffing patterns);
 * - older state, metro and industry files without the area or industry columns they imply.
 *
 * What a file lacks comes from its name as BLS writes it: the year from `M2023` (`national_M2023_dl.xlsx`,
 * `all_data_M_2023.xlsx`), the area from `national_`, `state_`, `MSA_`, `BOS_`, the industry level from
 * `natsector_`, `nat3d_`, `nat4d_`. National files are the U.S. (area `99`), all industries (NAICS `000000`),
 * all ownerships (`1235`), as the May 2025 national file states in its own columns.
 *
 * Values stay text: numeric columns carry `*` (wage not available), `**` (employment not available), `#` (wage at
 * or above the top-code) and `~` (under 0.5% of establishments report the occupation), and files converted from
 * Excel may write numbers with thousands separators. `stg_oews` types them into values and flags. Downloads
 * saved from Excel leave out trailing empty cells (`ANNUAL`, `HOURLY`), so records may be short.
 *
 * The field-description and update-time files BLS ships beside the data are not data: a folder of downloads
 * loads with them left out (the source ignores files no layout matches, with a note in the log).
 */

import type { ValueRule } from '../load-issues.ts';
import type { LayoutColumn, RawColumn, TabularLayout, TabularSource } from '../tabular.ts';

const RAW_COLUMNS: readonly RawColumn[] = [
  { name: 'year', type: 'string', description: 'OEWS reference year (May estimates), from the file name.' },
  {
    name: 'area',
    type: 'string',
    description: 'OEWS area code: 99 U.S., state FIPS, MSA/NECTA code or nonmetropolitan area code.',
  },
  { name: 'area_title', type: 'string', description: 'Area name.' },
  {
    name: 'area_type',
    type: 'string',
    description: '1 U.S., 2 state, 3 territory, 4 metropolitan area, 6 nonmetropolitan area.',
  },
  { name: 'prim_state', type: 'string', description: 'Primary state of the area ("US" for national).' },
  {
    name: 'naics',
    type: 'string',
    description: 'NAICS code as OEWS writes it: 000000 cross-industry, 31 (sector 31-33), 336000, 3250A1...',
  },
  { name: 'naics_title', type: 'string', description: 'Industry title.' },
  {
    name: 'i_group',
    type: 'string',
    description: 'Industry level: cross-industry, sector, 3-digit ... 6-digit.',
  },
  {
    name: 'own_code',
    type: 'string',
    description:
      'OEWS ownership: 1235 all, 5 private, 123 government, 235, 57, 58, 59 (see field descriptions).',
  },
  { name: 'occ_code', type: 'string', description: 'SOC code (or OEWS-specific code) of the occupation.' },
  { name: 'occ_title', type: 'string', description: 'Occupation title.' },
  {
    name: 'o_group',
    type: 'string',
    description: 'Occupation level: total, major, minor, broad, detailed (OCC_GROUP before 2019).',
  },
  { name: 'tot_emp', type: 'string', description: 'Employment, rounded to 10 (text: may be "**").' },
  { name: 'emp_prse', type: 'string', description: 'Percent relative standard error of employment.' },
  { name: 'jobs_1000', type: 'string', description: 'Jobs in the occupation per 1,000 jobs in the area.' },
  { name: 'loc_quotient', type: 'string', description: "Location quotient of the occupation's employment." },
  { name: 'pct_total', type: 'string', description: 'Percent of industry employment in the occupation.' },
  { name: 'pct_rpt', type: 'string', description: 'Percent of establishments reporting the occupation.' },
  { name: 'h_mean', type: 'string', description: 'Mean hourly wage.' },
  { name: 'a_mean', type: 'string', description: 'Mean annual wage.' },
  { name: 'mean_prse', type: 'string', description: 'Percent relative standard error of the mean wage.' },
  { name: 'h_pct10', type: 'string', description: 'Hourly 10th percentile wage.' },
  { name: 'h_pct25', type: 'string', description: 'Hourly 25th percentile wage.' },
  { name: 'h_median', type: 'string', description: 'Hourly median wage.' },
  { name: 'h_pct75', type: 'string', description: 'Hourly 75th percentile wage.' },
  { name: 'h_pct90', type: 'string', description: 'Hourly 90th percentile wage.' },
  { name: 'a_pct10', type: 'string', description: 'Annual 10th percentile wage.' },
  { name: 'a_pct25', type: 'string', description: 'Annual 25th percentile wage.' },
  { name: 'a_median', type: 'string', description: 'Annual median wage.' },
  { name: 'a_pct75', type: 'string', description: 'Annual 75th percentile wage.' },
  { name: 'a_pct90', type: 'string', description: 'Annual 90th percentile wage.' },
  { name: 'annual', type: 'string', description: '"TRUE" when only annual wages are published.' },
  { name: 'hourly', type: 'string', description: '"TRUE" when only hourly wages are published.' },
];

/** Columns holding numbers, or one of the special values. */
const NUMERIC_COLUMNS = [
  'tot_emp',
  'emp_prse',
  'jobs_1000',
  'loc_quotient',
  'pct_total',
  'pct_rpt',
  'h_mean',
  'a_mean',
  'mean_prse',
  'h_pct10',
  'h_pct25',
  'h_median',
  'h_pct75',
  'h_pct90',
  'a_pct10',
  'a_pct25',
  'a_median',
  'a_pct75',
  'a_pct90',
] as const;

const column = (name: string, ...headers: string[]): LayoutColumn => ({
  column: name,
  headers: headers.length ? headers : [name.toUpperCase()],
});
const optional = (name: string, ...headers: string[]): LayoutColumn => ({
  ...column(name, ...headers),
  optional: true,
});

const OCCUPATION = [column('occ_code'), column('occ_title')];
const EMPLOYMENT = [column('tot_emp'), optional('emp_prse')];
const WAGES = [
  column('h_mean'),
  column('a_mean'),
  optional('mean_prse'),
  ...['pct10', 'pct25', 'median', 'pct75', 'pct90'].flatMap((p) => [column(`h_${p}`), column(`a_${p}`)]),
  // Empty for most occupations, so often left out at the end of a record; the header always has them.
  column('annual', 'ANNUAL'),
  column('hourly', 'HOURLY'),
];
const AREA_MEASURES = [optional('jobs_1000'), optional('loc_quotient', 'LOC_QUOTIENT', 'LOC QUOTIENT')];
const INDUSTRY_MEASURES = [optional('pct_total'), optional('pct_rpt')];

/** The OEWS year in a BLS file name: `national_M2023_dl`, `all_data_M_2023`, else any year in the name. */
export function oewsYearFromName(name: string): string | null {
  return (
    /(?:^|[^a-z0-9])M_?((?:19|20)\d{2})(?![0-9])/i.exec(name)?.[1] ??
    /(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/.exec(name)?.[1] ??
    null
  );
}

const constant = (value: string) => () => value;

/** What national cross-industry files are, as the May 2025 national file writes in its own columns. */
const NATIONAL = {
  year: oewsYearFromName,
  area: constant('99'),
  area_title: constant('U.S.'),
  area_type: constant('1'),
  prim_state: constant('US'),
  naics: constant('000000'),
  naics_title: constant('Cross-industry'),
  i_group: constant('cross-industry'),
  own_code: constant('1235'),
};

/** Area files (state, metro, nonmetro) are cross-industry, all ownerships; the area type is in the file name. */
const AREA_FILES = {
  year: oewsYearFromName,
  area_type: (name: string) =>
    /^state_/i.test(name) ? '2' : /^a?MSA_/i.test(name) ? '4' : /^BOS_/i.test(name) ? '6' : null,
  naics: constant('000000'),
  naics_title: constant('Cross-industry'),
  i_group: constant('cross-industry'),
  own_code: constant('1235'),
};

/** National industry files (staffing patterns); the industry level is in the file name. */
const INDUSTRY_FILES = {
  year: oewsYearFromName,
  area: constant('99'),
  area_title: constant('U.S.'),
  area_type: constant('1'),
  prim_state: constant('US'),
  i_group: (name: string) =>
    /^natsector_/i.test(name)
      ? 'sector'
      : /^nat3d_/i.test(name)
        ? '3-digit'
        : /^nat4d_/i.test(name)
          ? '4-digit'
          : null,
};

// File names as BLS writes them. A workbook's sheets are matched as `<name>-<sheet number>.csv`.
const NATIONAL_FILE = /^national_M\d{4}_dl\.(csv|xlsx)$/i;
const AREA_FILE = /^(state|a?MSA|BOS)_M\d{4}_dl\.(csv|xlsx)$/i;
const INDUSTRY_FILE = /^nat[0-9a-z_]*_M\d{4}_dl\.(csv|xlsx)$/i;

const NUMBER = String.raw`-?([0-9][0-9,]*(\.[0-9]*)?|\.[0-9]+)`;

const RULES: readonly ValueRule[] = [
  {
    column: 'occ_code',
    valid: "regexp_full_match(trim(occ_code), '[0-9]{2}-[0-9]{4}')",
    reason: 'not an occupation code (NN-NNNN)',
  },
  {
    column: 'year',
    valid: 'year IS NOT NULL',
    reason: 'no OEWS year: keep the year in the file name as BLS writes it (national_M2023_dl.xlsx)',
  },
  ...NUMERIC_COLUMNS.map(
    (c): ValueRule => ({
      column: c,
      valid: `${c} IS NULL OR regexp_full_match(trim(${c}), '(${NUMBER}|\\*|\\*\\*|#|~|)')`,
      reason: 'not a number or an OEWS special value (*, **, #, ~)',
    }),
  ),
  ...['annual', 'hourly'].map(
    (c): ValueRule => ({
      column: c,
      valid: `${c} IS NULL OR upper(trim(${c})) IN ('TRUE', 'FALSE', '')`,
      reason: 'expected TRUE or empty',
    }),
  ),
];

/** Fields every layout shares: records may be short, the values are checked. */
const common = { table: 'raw_oews', shortRows: 'pad', rules: RULES } as const;

export const OEWS_LAYOUTS: readonly TabularLayout[] = [
  {
    // All-data, state, metro, nonmetro and national industry files (2019+), and the May 2025 national file.
    id: 'oews-32col',
    ...common,
    fromFileName: { year: oewsYearFromName },
    columns: [
      column('area'),
      column('area_title'),
      column('area_type'),
      optional('prim_state'),
      column('naics'),
      column('naics_title'),
      column('i_group'),
      column('own_code'),
      ...OCCUPATION,
      column('o_group', 'O_GROUP', 'OCC_GROUP'),
      ...EMPLOYMENT,
      ...AREA_MEASURES,
      ...INDUSTRY_MEASURES,
      ...WAGES,
    ],
  },
  {
    id: 'oews-national-2021',
    ...common,
    fileName: NATIONAL_FILE,
    fromFileName: NATIONAL,
    columns: [
      ...OCCUPATION,
      column('o_group', 'O_GROUP'),
      ...EMPLOYMENT,
      ...AREA_MEASURES,
      column('pct_total'),
      column('pct_rpt'),
      ...WAGES,
    ],
  },
  {
    id: 'oews-national-2019',
    ...common,
    fileName: NATIONAL_FILE,
    fromFileName: NATIONAL,
    columns: [
      ...OCCUPATION,
      column('o_group', 'O_GROUP'),
      ...EMPLOYMENT,
      ...AREA_MEASURES,
      column('pct_total'),
      ...WAGES,
    ],
  },
  {
    id: 'oews-national-2014',
    ...common,
    fileName: NATIONAL_FILE,
    fromFileName: NATIONAL,
    columns: [...OCCUPATION, column('o_group', 'OCC_GROUP'), ...EMPLOYMENT, ...WAGES],
  },
  {
    // State, metro and nonmetro files before the 32-column layout: AREA, ST, STATE or PRIM_STATE, AREA, AREA_NAME.
    id: 'oews-area-2014',
    ...common,
    fileName: AREA_FILE,
    fromFileName: AREA_FILES,
    columns: [
      column('area'),
      optional('area_title', 'AREA_TITLE', 'AREA_NAME', 'STATE'),
      optional('area_type'),
      optional('prim_state', 'PRIM_STATE', 'ST'),
      ...OCCUPATION,
      column('o_group', 'O_GROUP', 'OCC_GROUP'),
      ...EMPLOYMENT,
      ...AREA_MEASURES,
      ...WAGES,
    ],
  },
  {
    // National industry files before the 32-column layout.
    id: 'oews-industry-2014',
    ...common,
    fileName: INDUSTRY_FILE,
    fromFileName: INDUSTRY_FILES,
    columns: [
      column('naics'),
      column('naics_title'),
      optional('i_group'),
      optional('own_code'),
      ...OCCUPATION,
      column('o_group', 'O_GROUP', 'OCC_GROUP'),
      ...EMPLOYMENT,
      column('pct_total'),
      optional('pct_rpt'),
      ...WAGES,
    ],
  },
];

/** OEWS files as published: one raw table of occupation rows, and the layouts the files come in. */
export const OEWS_SOURCE: TabularSource = {
  id: 'oews',
  label: 'OEWS',
  tables: [
    {
      name: 'raw_oews',
      description:
        'OEWS occupation rows as published (national, state, metro, all-data and national industry files), values as text.',
      columns: RAW_COLUMNS,
    },
  ],
  layouts: OEWS_LAYOUTS,
  ignoreUnknownFiles: true,
};
