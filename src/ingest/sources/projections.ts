import type { ValueRule } from '../load-issues.ts';
import type { LayoutColumn, RawColumn, TabularLayout, TabularSource } from '../tabular.ts';

/**
 * Employment Projections files as published.
 *
 * - BLS national occupation tables (the sheets of `occupation.xlsx`, or one CSV per sheet): Table 1.10
 *   "Occupational separations and openings" (employment, change, exit and transfer rates, annual average
 *   exits, transfers and openings) and Table 1.2 "Occupational projections and worker characteristics" (typical
 *   education, experience and training). Both have a title line, a header whose texts carry the period with an
 *   en-dash (`Employment change, numeric, 2024–34`), titles indented by two spaces per level, `Summary` and
 *   `Line item` rows, footnotes and a `Source:` line after the data. Employment is in thousands. The other
 *   sheets (index, Tables 1.1, 1.3-1.9, 1.11, 1.12) are left out with a note.
 * - State long-term occupational projections in the California EDD layout (title lines, a header whose cells
 *   span lines and carry footnote marks, 10-year exits, transfers and openings, an `End of worksheet.` line),
 *   with the usual header variants of other states. Whether exits, transfers and openings are 10-year totals or
 *   annual averages is kept from the header when it says so, else found in staging from the openings identity.
 *
 * Header texts hold the projection years, so each projection cycle has its own layout; the years recognised
 * become the period of every row. Numbers are loaded as text: files mark values they do not have (`—`, `N/A`,
 * `(NA)`, `*`) and staging turns those into NULL with a reason.
 */

/** Base years with a layout: every cycle of the separations method (2016-26 on) and some to come. */
const FIRST_BASE_YEAR = 2014;
const LAST_BASE_YEAR = 2044;
/** BLS and state long-term projections run ten years. */
const HORIZON = 10;

const BASE_YEARS = Array.from(
  { length: LAST_BASE_YEAR - FIRST_BASE_YEAR + 1 },
  (_, i) => FIRST_BASE_YEAR + i,
);

/** Marks files carry instead of a number; anything else that is not a number rejects the row. */
export const PROJECTIONS_SPECIAL_VALUES = ['—', '–', '-', 'N/A', 'NA', '(NA)', 'n/a', '*', '**', '#', '(D)'];

const text = (name: string, description: string): RawColumn => ({ name, type: 'string', description });

/** The ways a period is written in headers: `2024–34`, `2024-34`, `2024–2034`, `2024-2034`. */
function periodTexts(base: number, projected: number): string[] {
  const short = String(projected).slice(-2);
  return ['–', '-'].flatMap((dash) => [`${base}${dash}${short}`, `${base}${dash}${projected}`]);
}

const col = (column: string, headers: readonly string[], optional = false): LayoutColumn => ({
  column,
  headers: [...new Set(headers)],
  ...(optional ? { optional } : {}),
});

/**
 * A value rule: numbers (with `$` and thousands separators, or top-coded as `>=$239,200`) and the published
 * marks pass; other text is rejected with its file, line and column.
 */
function numericRule(column: string): ValueRule {
  const marks = PROJECTIONS_SPECIAL_VALUES.map((m) => `'${m.replaceAll("'", "''")}'`).join(', ');
  const digits = `REPLACE(REPLACE(REPLACE(TRIM(${column}), ',', ''), '$', ''), '>=', '')`;
  return {
    column,
    valid: `${column} IS NULL OR TRIM(${column}) IN (${marks}) OR TRY_CAST(${digits} AS DOUBLE) IS NOT NULL`,
    reason: `not a number (or a mark such as ${PROJECTIONS_SPECIAL_VALUES.slice(0, 4).join(' ')})`,
  };
}

const SOC_RULE = (column: string): ValueRule => ({
  column,
  valid: `regexp_full_match(TRIM(${column}), '\\d{2}-\\d{4}')`,
  reason: 'not a SOC code (NN-NNNN)',
});

// ---------------------------------------------------------------------------------------------------------
// BLS national tables

const EP_NUMBERS = [
  'employment_base',
  'employment_projected',
  'change_numeric',
  'change_percent',
  'exit_rate',
  'transfer_rate',
  'separations_rate',
  'exits',
  'transfers',
  'separations',
  'openings',
] as const;

const EP_OCCUPATIONS_TABLE = {
  name: 'raw_ep_occupations',
  description:
    'BLS Employment Projections Table 1.10 (occupational separations and openings), one row per occupation as published: employment in thousands, rates in percent, exits, transfers and openings as annual averages in thousands.',
  columns: [
    text(
      'title',
      'National Employment Matrix title as published, with the leading spaces that give its depth.',
    ),
    text('soc_code', 'National Employment Matrix code (SOC 2018, or a BLS aggregate of SOC codes).'),
    text('occupation_type', '"Summary" (a total of the rows under it) or "Line item".'),
    text('employment_base', 'Employment in the base year, thousands.'),
    text('employment_projected', 'Employment in the projected year, thousands.'),
    text('change_numeric', 'Employment change over the period, thousands.'),
    text('change_percent', 'Employment change over the period, percent.'),
    text('exit_rate', 'Labor force exit rate, annual average, percent.'),
    text('transfer_rate', 'Occupational transfer rate, annual average, percent.'),
    text('separations_rate', 'Total occupational separations rate, annual average, percent.'),
    text('exits', 'Labor force exits, annual average, thousands.'),
    text('transfers', 'Occupational transfers, annual average, thousands.'),
    text('separations', 'Total occupational separations, annual average, thousands.'),
    text('openings', 'Occupational openings, annual average, thousands.'),
    text('base_year', 'Base year of the projections, from the header.'),
    text('projected_year', 'Projected year, from the header.'),
  ],
} as const;

const EP_CHARACTERISTICS_TABLE = {
  name: 'raw_ep_characteristics',
  description:
    'BLS Employment Projections Table 1.2 (occupational projections and worker characteristics), as published: typical education, work experience and training, median wage, self-employed share.',
  columns: [
    text('title', 'National Employment Matrix title as published.'),
    text('soc_code', 'National Employment Matrix code.'),
    text('occupation_type', '"Summary" or "Line item".'),
    text('employment_base', 'Employment in the base year, thousands.'),
    text('openings', 'Occupational openings, annual average, thousands.'),
    text('median_wage', 'Median annual wage in the base year, dollars (OEWS).'),
    text('pct_self_employed', 'Percent self employed in the base year.'),
    text('typical_education', 'Typical education needed for entry ("—" for summary rows).'),
    text('work_experience', 'Work experience in a related occupation.'),
    text('job_training', 'Typical on-the-job training needed to attain competency in the occupation.'),
    text('base_year', 'Base year of the projections, from the header.'),
    text('projected_year', 'Projected year, from the header.'),
  ],
} as const;

function yearsFromLayout(base: number, projected: number) {
  return { base_year: () => String(base), projected_year: () => String(projected) };
}

/**
 * What Tables 1.10 and 1.2 share for a projection's base year: a title block of up to three lines, footnotes
 * after the data, the years from the file name, and the occupation columns that lead each row.
 */
function epTableLayout(
  id: string,
  table: string,
  base: number,
  columns: readonly LayoutColumn[],
  rules: TabularLayout['rules'],
): TabularLayout {
  return {
    id: `${id}-${base}`,
    table,
    maxPreamble: 3,
    footer: /^\s*"?\s*(Source:|Footnotes:|Note:|\[\d+\])/,
    fromFileName: yearsFromLayout(base, base + HORIZON),
    columns: [
      col('title', [`${base} National Employment Matrix title`, 'National Employment Matrix title']),
      col('soc_code', [`${base} National Employment Matrix code`, 'National Employment Matrix code']),
      col('occupation_type', ['Occupation type']),
      col('employment_base', [`Employment, ${base}`]),
      ...columns,
    ],
    rules,
  };
}

function epOccupationsLayout(base: number): TabularLayout {
  const projected = base + HORIZON;
  const periods = periodTexts(base, projected);
  const overPeriod = (label: string) => periods.map((p) => `${label}, ${p}`);
  const annual = (label: string) => periods.map((p) => `${label}, ${p} annual average`);
  return epTableLayout(
    'ep-table-1.10',
    EP_OCCUPATIONS_TABLE.name,
    base,
    [
      col('employment_projected', [`Employment, ${projected}`]),
      col('change_numeric', overPeriod('Employment change, numeric')),
      col('change_percent', overPeriod('Employment change, percent')),
      col('exit_rate', annual('Labor force exit rate')),
      col('transfer_rate', annual('Occupational transfer rate')),
      col('separations_rate', annual('Total occupational separations rate'), true),
      col('exits', annual('Labor force exits')),
      col('transfers', annual('Occupational transfers')),
      col('separations', annual('Total occupational separations'), true),
      col('openings', annual('Occupational openings')),
    ],
    [SOC_RULE('soc_code'), ...EP_NUMBERS.map(numericRule)],
  );
}

function epCharacteristicsLayout(base: number): TabularLayout {
  const periods = periodTexts(base, base + HORIZON);
  return epTableLayout(
    'ep-table-1.2',
    EP_CHARACTERISTICS_TABLE.name,
    base,
    [
      col(
        'openings',
        periods.map((p) => `Occupational openings, ${p} annual average`),
        true,
      ),
      col('median_wage', [`Median annual wage, dollars, ${base}`, `Median annual wage, ${base}`], true),
      col('pct_self_employed', [`Percent self employed, ${base}`], true),
      col('typical_education', ['Typical education needed for entry']),
      col('work_experience', ['Work experience in a related occupation'], true),
      col(
        'job_training',
        ['Typical on-the-job training needed to attain competency in the occupation'],
        true,
      ),
    ],
    [
      SOC_RULE('soc_code'),
      ...['employment_base', 'openings', 'median_wage', 'pct_self_employed'].map(numericRule),
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------
// State long-term projections

const STATE_TABLE = {
  name: 'raw_state_projections',
  description:
    'State long-term occupational projections as published (California EDD layout and common variants): employment in jobs; exits, transfers and openings as the file gives them (EDD: 10-year totals).',
  columns: [
    text('state_fips', 'State FIPS code: from a column, or from the file name (`ca_...` is California, 06).'),
    text('area_name', 'Area of the projections when the file has an area column (else statewide).'),
    text('soc_level', 'SOC level as published (EDD: 1 total, 2 major, 3 minor, 4 detailed).'),
    text('soc_code', 'SOC code.'),
    text('title', 'Occupation title.'),
    text('employment_base', 'Employment in the base year, jobs.'),
    text('employment_projected', 'Employment in the projected year, jobs.'),
    text('change_numeric', 'Employment change over the period, jobs.'),
    text('change_percent', 'Percent change as published (EDD: a fraction, 0.088 = 8.8%).'),
    text('exits', 'Labor force exits as published (EDD: total over the period).'),
    text('transfers', 'Occupational transfers as published (EDD: total over the period).'),
    text('openings', 'Total job openings as published (EDD: total over the period).'),
    text(
      'published_basis',
      '"annual" when the header says exits, transfers and openings are annual averages; empty when it does not say.',
    ),
    text('median_hourly_wage', 'Median hourly wage, dollars (EDD: 0 when not estimated).'),
    text('median_annual_wage', 'Median annual wage, dollars (EDD: 0 when not estimated).'),
    text('typical_education', 'Typical entry-level education (BLS category).'),
    text('work_experience', 'Work experience in a related occupation (BLS category).'),
    text('job_training', 'Typical on-the-job training (BLS category).'),
    text('base_year', 'Base year: from the header, a column, or the file name.'),
    text('projected_year', 'Projected year: from the header, a column, or the file name.'),
  ],
} as const;

/** State and territory FIPS codes by postal abbreviation. */
const STATE_FIPS: Readonly<Record<string, string>> = {
  AL: '01',
  AK: '02',
  AZ: '04',
  AR: '05',
  CA: '06',
  CO: '08',
  CT: '09',
  DE: '10',
  DC: '11',
  FL: '12',
  GA: '13',
  HI: '15',
  ID: '16',
  IL: '17',
  IN: '18',
  IA: '19',
  KS: '20',
  KY: '21',
  LA: '22',
  ME: '23',
  MD: '24',
  MA: '25',
  MI: '26',
  MN: '27',
  MS: '28',
  MO: '29',
  MT: '30',
  NE: '31',
  NV: '32',
  NH: '33',
  NJ: '34',
  NM: '35',
  NY: '36',
  NC: '37',
  ND: '38',
  OH: '39',
  OK: '40',
  OR: '41',
  PA: '42',
  RI: '44',
  SC: '45',
  SD: '46',
  TN: '47',
  TX: '48',
  UT: '49',
  VT: '50',
  VA: '51',
  WA: '53',
  WV: '54',
  WI: '55',
  WY: '56',
  PR: '72',
};

const STATE_NAMES: Readonly<Record<string, string>> = {
  alabama: 'AL',
  alaska: 'AK',
  arizona: 'AZ',
  arkansas: 'AR',
  california: 'CA',
  colorado: 'CO',
  connecticut: 'CT',
  delaware: 'DE',
  'district of columbia': 'DC',
  florida: 'FL',
  georgia: 'GA',
  hawaii: 'HI',
  idaho: 'ID',
  illinois: 'IL',
  indiana: 'IN',
  iowa: 'IA',
  kansas: 'KS',
  kentucky: 'KY',
  louisiana: 'LA',
  maine: 'ME',
  maryland: 'MD',
  massachusetts: 'MA',
  michigan: 'MI',
  minnesota: 'MN',
  mississippi: 'MS',
  missouri: 'MO',
  montana: 'MT',
  nebraska: 'NE',
  nevada: 'NV',
  'new hampshire': 'NH',
  'new jersey': 'NJ',
  'new mexico': 'NM',
  'new york': 'NY',
  'north carolina': 'NC',
  'north dakota': 'ND',
  ohio: 'OH',
  oklahoma: 'OK',
  oregon: 'OR',
  pennsylvania: 'PA',
  'rhode island': 'RI',
  'south carolina': 'SC',
  'south dakota': 'SD',
  tennessee: 'TN',
  texas: 'TX',
  utah: 'UT',
  vermont: 'VT',
  virginia: 'VA',
  washington: 'WA',
  'west virginia': 'WV',
  wisconsin: 'WI',
  wyoming: 'WY',
  'puerto rico': 'PR',
};

/**
 * The state a projections file is about, from its name: a leading postal abbreviation (`ca_edd_...`,
 * `TX-occupational-projections.xlsx`) or a state's name (`indiana_long_term_2022-2032.csv`).
 *
 * @example stateFipsFromFileName('ca_edd_long_term_occ_projections_2023-2033__Occupational.csv') // '06'
 */
export function stateFipsFromFileName(name: string): string | null {
  const lower = name.toLowerCase();
  const first = /^([a-z]{2})(?:[^a-z]|$)/.exec(lower)?.[1]?.toUpperCase();
  if (first && STATE_FIPS[first]) return STATE_FIPS[first]!;
  const words = ` ${lower.replace(/[^a-z]+/g, ' ')} `;
  // Longest names first, so "west virginia" is not read as "virginia".
  for (const stateName of Object.keys(STATE_NAMES).sort((a, b) => b.length - a.length)) {
    if (words.includes(` ${stateName} `)) return STATE_FIPS[STATE_NAMES[stateName]!]!;
  }
  return null;
}

/**
 * Base and projected years from a file name holding a period: `2023-2033`, `2023_2033`, `2023-33`.
 *
 * @example periodFromFileName('ca_edd_long_term_occ_projections_2023-2033__Occupational.csv') // ['2023', '2033']
 */
export function periodFromFileName(name: string): [string, string] | null {
  const m = /(?:^|\D)((?:19|20)\d{2})\s*[-–_]\s*((?:19|20)?\d{2})(?:\D|$)/.exec(name);
  if (!m) return null;
  const base = m[1]!;
  const end = m[2]!.length === 2 ? `${base.slice(0, 2)}${m[2]}` : m[2]!;
  return Number(end) > Number(base) ? [base, end] : null;
}

const STATE_COMMON: readonly LayoutColumn[] = [
  col('state_fips', ['State FIPS', 'STFIPS', 'State FIPS Code', 'ST_FIPS', 'FIPS'], true),
  col('area_name', ['Area Name', 'AREANAME', 'Area Title', 'Area'], true),
  col('soc_level', ['SOC Level', 'Occupation Level', 'Level'], true),
  col('soc_code', [
    'SOC Code',
    'SOC',
    'Occupation Code',
    'Occupational Code',
    'SOC Code (2018)',
    'OCC_CODE',
    'Code',
  ]),
  col('title', [
    'Occupational Title',
    'Occupation Title',
    'Occupation',
    'Occupation Name',
    'SOC Title',
    'OCC_TITLE',
    'Title',
    'Name',
  ]),
  col('median_hourly_wage', ['Median Hourly Wages', 'Median Hourly Wage', 'Median Wage (Hourly)'], true),
  col('median_annual_wage', ['Median Annual Wages', 'Median Annual Wage', 'Median Wage (Annual)'], true),
  col(
    'typical_education',
    [
      'Entry Level Education',
      'Typical Entry Level Education',
      'Typical Education Needed for Entry',
      'Education',
    ],
    true,
  ),
  col('work_experience', ['Work Experience', 'Work Experience in a Related Occupation'], true),
  col(
    'job_training',
    ['On-the-Job Training', 'Typical On-the-Job Training', 'Typical On-the-Job Training Needed'],
    true,
  ),
];

/** Exits, transfers and openings whose header does not say annual or total (EDD: 10-year totals). */
const SEPARATIONS_PLAIN: readonly LayoutColumn[] = [
  col('exits', ['Exits', 'Labor Force Exits', 'Total Exits', 'Exits Total']),
  col('transfers', ['Transfers', 'Occupational Transfers', 'Total Transfers', 'Transfers Total']),
  col('openings', [
    'Total Job Openings',
    'Total Openings',
    'Job Openings',
    'Openings',
    'Total Occupational Openings',
  ]),
];

/** Exits, transfers and openings whose header says they are annual averages. */
const SEPARATIONS_ANNUAL: readonly LayoutColumn[] = [
  col('exits', [
    'Annual Exits',
    'Average Annual Exits',
    'Annual Average Exits',
    'Exits, Annual Average',
    'Labor Force Exits, Annual Average',
  ]),
  col('transfers', [
    'Annual Transfers',
    'Average Annual Transfers',
    'Annual Average Transfers',
    'Transfers, Annual Average',
    'Occupational Transfers, Annual Average',
  ]),
  col('openings', [
    'Annual Openings',
    'Average Annual Openings',
    'Annual Average Openings',
    'Total Annual Openings',
    'Annual Job Openings',
    'Average Annual Job Openings',
    'Total Openings, Annual Average',
    'Occupational Openings, Annual Average',
  ]),
];

const STATE_RULES: readonly ValueRule[] = [
  SOC_RULE('soc_code'),
  ...[
    'employment_base',
    'employment_projected',
    'change_numeric',
    'change_percent',
    'exits',
    'transfers',
    'openings',
    'median_hourly_wage',
    'median_annual_wage',
  ].map(numericRule),
];

const STATE_FOOTER = /^\s*"?\s*(End of worksheet|Source:|Note:|Notes:|Footnotes:|\[\d+\])/i;

/** A state file whose headers carry the years (EDD: `Base Year Employment Estimate 2023`). */
function stateLayout(base: number, annual: boolean): TabularLayout {
  const projected = base + HORIZON;
  const periods = periodTexts(base, projected).concat(['–', '-'].map((d) => `${base} ${d} ${projected}`));
  return {
    id: `state-projections${annual ? '-annual' : ''}-${base}`,
    table: STATE_TABLE.name,
    maxPreamble: 6,
    footer: STATE_FOOTER,
    fromFileName: {
      state_fips: stateFipsFromFileName,
      published_basis: () => (annual ? 'annual' : null),
      ...yearsFromLayout(base, projected),
    },
    columns: [
      ...STATE_COMMON,
      col('employment_base', [
        `Base Year Employment Estimate ${base}`,
        `Base Year Employment ${base}`,
        `Base Employment ${base}`,
        `Estimated Employment ${base}`,
        `${base} Estimated Employment`,
        `${base} Base Employment`,
        `Employment ${base}`,
        `${base} Employment`,
        `Employment, ${base}`,
      ]),
      col('employment_projected', [
        `Projected Year Employment Estimate ${projected}`,
        `Projected Year Employment ${projected}`,
        `Projected Employment ${projected}`,
        `${projected} Projected Employment`,
        `Employment ${projected}`,
        `${projected} Employment`,
        `Employment, ${projected}`,
      ]),
      col(
        'change_numeric',
        periods
          .flatMap((p) => [
            `Numeric Change ${p}`,
            `Change ${p}`,
            `Employment Change ${p}`,
            `Numeric Change, ${p}`,
          ])
          .concat(['Numeric Change', 'Change', 'Employment Change']),
      ),
      col(
        'change_percent',
        periods
          .flatMap((p) => [
            `Percent-age Change ${p}`,
            `Percentage Change ${p}`,
            `Percent Change ${p}`,
            `Percent Change, ${p}`,
          ])
          .concat(['Percent-age Change', 'Percentage Change', 'Percent Change']),
        true,
      ),
      ...(annual ? SEPARATIONS_ANNUAL : SEPARATIONS_PLAIN),
    ],
    rules: STATE_RULES,
  };
}

/**
 * A state file whose headers do not carry the years: they come from `Base Year` / `Projected Year` columns or
 * the file name (`..._2023-2033...`).
 */
function stateGenericLayout(annual: boolean): TabularLayout {
  const fromName = (i: 0 | 1) => (name: string) => periodFromFileName(name)?.[i] ?? null;
  return {
    id: `state-projections${annual ? '-annual' : ''}`,
    table: STATE_TABLE.name,
    maxPreamble: 6,
    footer: STATE_FOOTER,
    fromFileName: {
      state_fips: stateFipsFromFileName,
      published_basis: () => (annual ? 'annual' : null),
      base_year: fromName(0),
      projected_year: fromName(1),
    },
    columns: [
      ...STATE_COMMON,
      col('base_year', ['Base Year', 'BASEYEAR'], true),
      col('projected_year', ['Projected Year', 'PROJYEAR', 'Projection Year'], true),
      col('employment_base', [
        'Base Year Employment Estimate',
        'Base Year Employment',
        'Base Employment',
        'Estimated Employment',
        'Base',
      ]),
      col('employment_projected', [
        'Projected Year Employment Estimate',
        'Projected Year Employment',
        'Projected Employment',
        'Projection',
        'Projected',
      ]),
      col('change_numeric', ['Numeric Change', 'Change', 'Employment Change']),
      col('change_percent', ['Percent-age Change', 'Percentage Change', 'Percent Change'], true),
      ...(annual ? SEPARATIONS_ANNUAL : SEPARATIONS_PLAIN),
    ],
    rules: STATE_RULES,
  };
}

export const PROJECTIONS_SOURCE: TabularSource = {
  id: 'projections',
  label: 'Employment Projections',
  tables: [EP_OCCUPATIONS_TABLE, EP_CHARACTERISTICS_TABLE, STATE_TABLE],
  layouts: [
    ...BASE_YEARS.map(epOccupationsLayout),
    ...BASE_YEARS.map(epCharacteristicsLayout),
    ...BASE_YEARS.flatMap((y) => [stateLayout(y, true), stateLayout(y, false)]),
    stateGenericLayout(true),
    stateGenericLayout(false),
  ],
  // The BLS workbook and its CSV export hold a dozen tables; only Tables 1.10 and 1.2 are read.
  ignoreUnknownFiles: true,
};
