import type { LayoutColumn, RawColumn, RawTable, TabularLayout, TabularSource } from '../tabular.ts';

/**
 * O*NET database files as published, in both releases:
 *
 * - the official text release (`db_29_0_text/Skills.txt` ...): tab-delimited, never quoted, `n/a` where a value
 *   does not apply;
 * - the Excel release (`Skills.xlsx` ..., or a tab-delimited export of it such as `Skills.tsv`): the same columns
 *   plus `Title` after the O*NET-SOC code and `Scale Name` after the scale id, with empty cells where the text
 *   release writes `n/a`.
 *
 * Files are told apart by name (Skills, Knowledge and Abilities share one layout; the domain comes from the
 * name) and recognised by header. Other O*NET files in a folder (Work Activities, Level Scale Anchors, ...) are
 * left out with a note. Values that can be `n/a` are loaded as text and parsed in staging.
 */

const text = (name: string, description: string): RawColumn => ({ name, type: 'string', description });
const num = (name: string, description: string): RawColumn => ({ name, type: 'float64', description });
const int = (name: string, description: string): RawColumn => ({ name, type: 'int64', description });

const STATS: readonly RawColumn[] = [
  text('n', 'Sample size (text: `n/a` or empty for analyst ratings).'),
  text('standard_error', 'Standard error of the data value (text: may be `n/a` or empty).'),
  text('lower_ci_bound', 'Lower 95% confidence bound (text: may be `n/a` or empty).'),
  text('upper_ci_bound', 'Upper 95% confidence bound (text: may be `n/a` or empty).'),
  text('recommend_suppress', 'Y when O*NET recommends suppressing the value (low precision), N, or `n/a`.'),
];

const TABLES = {
  ratings: {
    name: 'raw_onet_ratings',
    description:
      'O*NET Skills, Knowledge and Abilities ratings as loaded: one row per O*NET-SOC occupation, element and scale (IM importance, LV level).',
    columns: [
      text('onet_soc_code', 'O*NET-SOC code, e.g. 11-1011.00.'),
      text('title', 'Occupation title (Excel release only).'),
      text('element_id', 'Content model element id, e.g. 2.A.1.a.'),
      text('element_name', 'Element name, e.g. Reading Comprehension.'),
      text('scale_id', 'Scale: IM (importance 1-5) or LV (level 0-7).'),
      text('scale_name', 'Scale name (Excel release only).'),
      num('data_value', 'Rating on the scale.'),
      ...STATS,
      text('not_relevant', 'Y when raters judged the element not relevant (LV rows), N, or `n/a` (IM rows).'),
      text('date', 'Month of the rating, MM/YYYY.'),
      text('domain_source', 'Who rated: Analyst, Incumbent, Occupational Expert, ...'),
      text('domain', 'skills, knowledge or abilities (from the file name).'),
    ],
  },
  occupations: {
    name: 'raw_onet_occupations',
    description: 'O*NET Occupation Data: every O*NET-SOC occupation with its title and description.',
    columns: [
      text('onet_soc_code', 'O*NET-SOC code.'),
      text('title', 'Occupation title.'),
      text('description', 'Occupation description.'),
    ],
  },
  scales: {
    name: 'raw_onet_scales',
    description: 'O*NET Scales Reference: each scale with its minimum and maximum.',
    columns: [
      text('scale_id', 'Scale id, e.g. IM.'),
      text('scale_name', 'Scale name.'),
      num('minimum', 'Lowest value of the scale.'),
      num('maximum', 'Highest value of the scale.'),
    ],
  },
  jobZones: {
    name: 'raw_onet_job_zones',
    description: 'O*NET Job Zones: the preparation level (1-5) of each O*NET-SOC occupation.',
    columns: [
      text('onet_soc_code', 'O*NET-SOC code.'),
      text('title', 'Occupation title (Excel release only).'),
      int('job_zone', 'Job Zone 1-5.'),
      text('date', 'Month of the rating, MM/YYYY.'),
      text('domain_source', 'Who assigned it.'),
    ],
  },
  jobZoneReference: {
    name: 'raw_onet_job_zone_reference',
    description: 'O*NET Job Zone Reference: what each Job Zone means.',
    columns: [
      int('job_zone', 'Job Zone 1-5.'),
      text('name', 'Job Zone name.'),
      text('experience', 'Experience usually needed.'),
      text('education', 'Education usually needed.'),
      text('job_training', 'Training usually needed.'),
      text('examples', 'Example occupations.'),
      text('svp_range', 'Specific vocational preparation range.'),
    ],
  },
  related: {
    name: 'raw_onet_related',
    description: 'O*NET Related Occupations: up to 20 curated related occupations per O*NET-SOC occupation.',
    columns: [
      text('onet_soc_code', 'O*NET-SOC code.'),
      text('title', 'Occupation title (Excel release only).'),
      text('related_onet_soc_code', 'O*NET-SOC code of the related occupation.'),
      text('related_title', 'Title of the related occupation (Excel release only).'),
      text('relatedness_tier', 'Primary-Short, Primary-Long or Supplemental.'),
      int('related_index', 'Order of the related occupation in the list (1 = most related).'),
    ],
  },
  education: {
    name: 'raw_onet_education',
    description:
      'O*NET Education, Training, and Experience: distributions of required education (RL), related work experience (RW), on-site training (PT) and on-the-job training (OJ) by category.',
    columns: [
      text('onet_soc_code', 'O*NET-SOC code.'),
      text('title', 'Occupation title (Excel release only).'),
      text('element_id', 'Element id, e.g. 2.D.1.'),
      text('element_name', 'Element name.'),
      text('scale_id', 'RL, RW, PT or OJ.'),
      text('scale_name', 'Scale name (Excel release only).'),
      text('category', 'Category of the scale (1-12 for RL; text: `n/a` for importance rows).'),
      num('data_value', 'Percent of respondents in the category (importance 1-5 for IM rows).'),
      ...STATS,
      text('date', 'Month of the rating, MM/YYYY.'),
      text('domain_source', 'Who rated.'),
    ],
  },
  educationCategories: {
    name: 'raw_onet_education_categories',
    description: 'O*NET Education, Training, and Experience Categories: the meaning of each category.',
    columns: [
      text('element_id', 'Element id.'),
      text('element_name', 'Element name.'),
      text('scale_id', 'Scale id.'),
      text('scale_name', 'Scale name (Excel release only).'),
      int('category', 'Category number.'),
      text('category_description', 'What the category means.'),
    ],
  },
  contentModel: {
    name: 'raw_onet_content_model',
    description: 'O*NET Content Model Reference: every element with its name and description.',
    columns: [
      text('element_id', 'Element id.'),
      text('element_name', 'Element name.'),
      text('description', 'Element description.'),
    ],
  },
} as const satisfies Record<string, RawTable>;

/** The header text each raw column has in the files. */
const HEADERS: Readonly<Record<string, string>> = {
  onet_soc_code: 'O*NET-SOC Code',
  title: 'Title',
  element_id: 'Element ID',
  element_name: 'Element Name',
  scale_id: 'Scale ID',
  scale_name: 'Scale Name',
  data_value: 'Data Value',
  n: 'N',
  standard_error: 'Standard Error',
  lower_ci_bound: 'Lower CI Bound',
  upper_ci_bound: 'Upper CI Bound',
  recommend_suppress: 'Recommend Suppress',
  not_relevant: 'Not Relevant',
  date: 'Date',
  domain_source: 'Domain Source',
  description: 'Description',
  minimum: 'Minimum',
  maximum: 'Maximum',
  job_zone: 'Job Zone',
  name: 'Name',
  experience: 'Experience',
  education: 'Education',
  job_training: 'Job Training',
  examples: 'Examples',
  svp_range: 'SVP Range',
  related_onet_soc_code: 'Related O*NET-SOC Code',
  related_title: 'Related Title',
  relatedness_tier: 'Relatedness Tier',
  related_index: 'Index',
  category: 'Category',
  category_description: 'Category Description',
};

/** `Skills.txt`, `Skills.tsv`, `Skills.csv` and the workbook `Skills.xlsx`. */
function named(...bases: string[]): RegExp {
  const alternatives = bases.map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`^(?:${alternatives})\\.(?:txt|tsv|csv|xlsx)$`, 'i');
}

const SOC_CODE_RULE = (column: string) => ({
  column,
  valid: `regexp_full_match(${column}, '\\d{2}-\\d{4}\\.\\d{2}')`,
  reason: 'not an O*NET-SOC code (NN-NNNN.NN)',
});
const YES_NO_RULE = (column: string) => ({
  column,
  valid: `${column} IS NULL OR ${column} IN ('Y', 'N', 'n/a')`,
  reason: 'expected Y, N or n/a',
});
const NUMBER_OR_NA_RULE = (column: string) => ({
  column,
  valid: `${column} IS NULL OR ${column} = 'n/a' OR TRY_CAST(${column} AS DOUBLE) IS NOT NULL`,
  reason: 'expected a number or n/a',
});
const NOT_EMPTY_RULE = (column: string, what: string) => ({
  column,
  valid: `${column} IS NOT NULL AND trim(${column}) <> ''`,
  reason: `${what} is missing`,
});

interface FileSpec {
  readonly id: string;
  readonly table: RawTable;
  readonly fileName: RegExp;
  readonly rules?: TabularLayout['rules'];
  readonly fromFileName?: TabularLayout['fromFileName'];
  /** Columns only the Excel release has (`Title`, `Scale Name`): the text release lacks them. */
  readonly excelOnly?: readonly string[];
}

/**
 * The three layouts of one O*NET file: the Excel release exported as tab-delimited text (with Title and Scale
 * Name), the official text release (without them), and an Excel workbook's sheet (written out as CSV by the
 * loader). The Excel layouts come first: an Excel file also holds every column of the text layout.
 */
function layoutsFor(spec: FileSpec): TabularLayout[] {
  const own = spec.table.columns.filter((c) => HEADERS[c.name] !== undefined);
  const column = (c: RawColumn): LayoutColumn => ({ column: c.name, headers: [HEADERS[c.name]!] });
  const excel = own.map(column);
  const excelOnly = new Set(spec.excelOnly ?? []);
  const textOnly = own.filter((c) => !excelOnly.has(c.name)).map(column);
  const hasExcelColumns = excelOnly.size > 0;
  const common = {
    table: spec.table.name,
    fileName: spec.fileName,
    ...(spec.rules ? { rules: spec.rules } : {}),
    ...(spec.fromFileName ? { fromFileName: spec.fromFileName } : {}),
  };
  const tab = { delimiter: '\t' as const, unquoted: true };
  return [
    ...(hasExcelColumns ? [{ id: `${spec.id}-excel`, ...common, ...tab, columns: excel }] : []),
    { id: `${spec.id}-text`, ...common, ...tab, columns: textOnly },
    { id: `${spec.id}-xlsx`, ...common, columns: excel },
  ];
}

/** skills, knowledge or abilities, from a file name such as `Skills.txt` or `Knowledge.xlsx`. */
export function onetDomainOf(fileName: string): string | null {
  return /^(skills|knowledge|abilities)\b/i.exec(fileName)?.[1]?.toLowerCase() ?? null;
}

/** O*NET database files (text or Excel release): raw tables and the layouts they come in. */
export const ONET_SOURCE: TabularSource = {
  id: 'onet',
  label: 'O*NET',
  ignoreUnknownFiles: true,
  tables: Object.values(TABLES),
  layouts: [
    ...layoutsFor({
      id: 'onet-ratings',
      excelOnly: ['title', 'scale_name'],
      table: TABLES.ratings,
      fileName: named('Skills', 'Knowledge', 'Abilities'),
      fromFileName: { domain: onetDomainOf },
      rules: [
        SOC_CODE_RULE('onet_soc_code'),
        NOT_EMPTY_RULE('element_id', 'the element id'),
        { column: 'scale_id', valid: `scale_id IN ('IM', 'LV')`, reason: 'expected scale IM or LV' },
        { column: 'data_value', valid: 'data_value IS NOT NULL', reason: 'the data value is missing' },
        NUMBER_OR_NA_RULE('n'),
        NUMBER_OR_NA_RULE('standard_error'),
        NUMBER_OR_NA_RULE('lower_ci_bound'),
        NUMBER_OR_NA_RULE('upper_ci_bound'),
        YES_NO_RULE('recommend_suppress'),
        YES_NO_RULE('not_relevant'),
      ],
    }),
    ...layoutsFor({
      id: 'onet-occupations',
      table: TABLES.occupations,
      fileName: named('Occupation Data'),
      rules: [SOC_CODE_RULE('onet_soc_code'), NOT_EMPTY_RULE('title', 'the title')],
    }),
    ...layoutsFor({
      id: 'onet-scales',
      table: TABLES.scales,
      fileName: named('Scales Reference'),
      rules: [
        NOT_EMPTY_RULE('scale_id', 'the scale id'),
        {
          column: 'maximum',
          valid: 'minimum IS NOT NULL AND maximum > minimum',
          reason: 'the maximum must exceed the minimum',
        },
      ],
    }),
    ...layoutsFor({
      id: 'onet-job-zones',
      excelOnly: ['title'],
      table: TABLES.jobZones,
      fileName: named('Job Zones'),
      rules: [
        SOC_CODE_RULE('onet_soc_code'),
        { column: 'job_zone', valid: 'job_zone BETWEEN 1 AND 5', reason: 'expected a Job Zone 1-5' },
      ],
    }),
    ...layoutsFor({
      id: 'onet-job-zone-reference',
      table: TABLES.jobZoneReference,
      fileName: named('Job Zone Reference'),
      rules: [{ column: 'job_zone', valid: 'job_zone BETWEEN 1 AND 5', reason: 'expected a Job Zone 1-5' }],
    }),
    ...layoutsFor({
      id: 'onet-related',
      excelOnly: ['title', 'related_title'],
      table: TABLES.related,
      fileName: named('Related Occupations'),
      rules: [
        SOC_CODE_RULE('onet_soc_code'),
        SOC_CODE_RULE('related_onet_soc_code'),
        NOT_EMPTY_RULE('relatedness_tier', 'the relatedness tier'),
      ],
    }),
    ...layoutsFor({
      id: 'onet-education',
      excelOnly: ['title', 'scale_name'],
      table: TABLES.education,
      fileName: named('Education, Training, and Experience'),
      rules: [
        SOC_CODE_RULE('onet_soc_code'),
        { column: 'data_value', valid: 'data_value IS NOT NULL', reason: 'the data value is missing' },
        NUMBER_OR_NA_RULE('category'),
        NUMBER_OR_NA_RULE('n'),
        YES_NO_RULE('recommend_suppress'),
      ],
    }),
    ...layoutsFor({
      id: 'onet-education-categories',
      excelOnly: ['scale_name'],
      table: TABLES.educationCategories,
      fileName: named('Education, Training, and Experience Categories'),
    }),
    ...layoutsFor({
      id: 'onet-content-model',
      table: TABLES.contentModel,
      fileName: named('Content Model Reference'),
      rules: [NOT_EMPTY_RULE('element_id', 'the element id')],
    }),
  ],
};
