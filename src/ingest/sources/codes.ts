import type { ValueRule } from '../load-issues.ts';
import type { LayoutColumn, RawColumn, TabularSource } from '../tabular.ts';

/**
 * Code lists and crosswalks as published (CSV, or the Excel workbooks they come in).
 *
 * - NCES CIP 2020-SOC 2018 crosswalk: the `CIP-SOC` sheet (`CIP2020Code, CIP2020Title, SOC2018Code,
 *   SOC2018Title`). It already holds the CIP codes without an occupation (`99-9999 NO MATCH`) and the
 *   occupations without a program (`99.9999 NO MATCH`). The workbook's other sheets repeat these links in
 *   another order or subset (`SOC-CIP`, `New CIP`, `New SOC`, `Added Matches`, `Unmatched ...`) or describe the
 *   file (`File Guide`): they are left out, and so are the same sheets saved as separate CSV files.
 * - NCES `CIPCode2020.csv`: every 2-, 4- and 6-digit CIP code with its title and definition. NCES guards codes
 *   against Excel as `="01.0101"`; staging removes the guard.
 * - BLS SOC 2018 definitions (`soc_2018_definitions.xlsx` or a CSV of it): a title block of up to 7 lines, then
 *   `SOC Group, SOC Code, SOC Title, SOC Definition`. Only `Detailed` rows have a definition, so the other rows
 *   are one field short, which the reader rejects as truncated. Each line is therefore read whole and split in
 *   staging (the file holds no tab characters, and no line breaks inside fields).
 * - Census NAICS 2022 structure (`2022 NAICS Code, 2022 NAICS Title`, 2017 too): titles of codes the U.S.,
 *   Canada and Mexico share end in a `T` marker, removed in staging.
 * - Census county FIPS list `national_county.txt` (2010): no header, `STATE,STATEFP,COUNTYFP,COUNTYNAME,CLASSFP`.
 * - BLS QCEW area titles (`area_titles.csv`: `area_fips, area_title`; copies saved by pandas add an unnamed index
 *   column first, which is ignored).
 */

const text = (name: string, description: string): RawColumn => ({ name, type: 'string', description });
const col = (column: string, headers: readonly string[], optional = false): LayoutColumn => ({
  column,
  headers,
  ...(optional ? { optional } : {}),
});

const pattern = (column: string, regexp: string, reason: string): ValueRule => ({
  column,
  valid: `regexp_full_match(TRIM(${column}), '${regexp}')`,
  reason,
});

/** Codes may carry NCES's Excel guard `="..."`. */
const CIP_RULE = (column: string) =>
  pattern(column, '=?"?\\d{1,2}(\\.\\d{1,4})?"?', 'not a CIP code (NN, NN.NN or NN.NNNN)');
const SOC_RULE = (column: string) => pattern(column, '=?"?\\d{2}-\\d{4}"?', 'not a SOC code (NN-NNNN)');

/** Other sheets of the crosswalk workbook saved as CSV: the same header as CIP-SOC, other content. */
const OTHER_CROSSWALK_SHEETS =
  /SOC-CIP|New[ _-]?CIP|New[ _-]?SOC|Added[ _-]?Matches|Unmatched|File[ _-]?Guide/i;

export const CODES_SOURCE: TabularSource = {
  id: 'codes',
  label: 'code lists',
  ignoreUnknownFiles: true,
  tables: [
    {
      name: 'raw_cip_soc',
      description: 'NCES CIP 2020 to SOC 2018 crosswalk, CIP-SOC sheet: one row per program-occupation link.',
      columns: [
        text('cip_code', 'CIP2020Code as written (99.9999 for an occupation without a program).'),
        text('cip_title', 'CIP2020Title.'),
        text('soc_code', 'SOC2018Code as written (99-9999 for a program without an occupation).'),
        text('soc_title', 'SOC2018Title.'),
      ],
    },
    {
      name: 'raw_cip_codes',
      description: 'NCES CIP 2020 codes (CIPCode2020.csv): 2-, 4- and 6-digit programs with titles.',
      columns: [
        text('cip_family', 'CIPFamily: the 2-digit family.'),
        text('cip_code', 'CIPCode as written (NCES writes ="01.0101").'),
        text(
          'action',
          'Action against CIP 2010: No substantive changes, New, Moved from, Moved to, Deleted.',
        ),
        text('text_change', 'TextChange: yes when the text changed from CIP 2010.'),
        text('cip_title', 'CIPTitle.'),
        text('cip_definition', 'CIPDefinition.'),
        text('cross_references', 'CrossReferences.'),
        text('examples', 'Examples.'),
      ],
    },
    {
      name: 'raw_soc_definitions',
      description:
        'BLS SOC 2018 definitions, one record per line as read (group, code, title and definition are split in staging).',
      columns: [text('record', 'The line: SOC Group,SOC Code,SOC Title[,SOC Definition] in CSV quoting.')],
    },
    {
      name: 'raw_naics_codes',
      description:
        'Census NAICS structure: codes and titles from sectors (2 digits) to national industries (6).',
      columns: [
        text('naics_code', 'NAICS code as written (sectors "31-33", "44-45", "48-49").'),
        text(
          'naics_title',
          'Title as written; a trailing T marks codes shared by the U.S., Canada and Mexico.',
        ),
        text('naics_version', 'NAICS vintage from the file name or header (2022).'),
      ],
    },
    {
      name: 'raw_county_fips',
      description:
        'Census county FIPS list (national_county.txt): every county and equivalent, territories too.',
      columns: [
        text('state', 'STATE: postal abbreviation.'),
        text('state_fips', 'STATEFP: 2-digit state FIPS.'),
        text('county_fips', 'COUNTYFP: 3-digit county FIPS within the state.'),
        text('county_name', 'COUNTYNAME.'),
        text('class_fp', 'CLASSFP: Census class code (H1 active county, C7 independent city, ...).'),
      ],
    },
    {
      name: 'raw_qcew_area_titles',
      description: 'BLS QCEW area codes and titles (area_titles.csv).',
      columns: [text('area_fips', 'QCEW area code.'), text('area_title', 'Area title.')],
    },
  ],
  layouts: [
    {
      id: 'cip-soc-crosswalk',
      table: 'raw_cip_soc',
      sheet: /^CIP-SOC$/i,
      fileName: new RegExp(`^(?!.*(${OTHER_CROSSWALK_SHEETS.source}))`, 'i'),
      maxPreamble: 3,
      columns: [
        col('cip_code', ['CIP2020Code']),
        col('cip_title', ['CIP2020Title']),
        col('soc_code', ['SOC2018Code']),
        col('soc_title', ['SOC2018Title']),
      ],
      rules: [CIP_RULE('cip_code'), SOC_RULE('soc_code')],
    },
    {
      id: 'cip-2020-codes',
      table: 'raw_cip_codes',
      maxPreamble: 3,
      columns: [
        col('cip_family', ['CIPFamily']),
        col('cip_code', ['CIPCode']),
        col('action', ['Action']),
        col('text_change', ['TextChange'], true),
        col('cip_title', ['CIPTitle']),
        col('cip_definition', ['CIPDefinition'], true),
        col('cross_references', ['CrossReferences'], true),
        col('examples', ['Examples'], true),
      ],
      rules: [CIP_RULE('cip_code')],
    },
    {
      id: 'soc-2018-definitions',
      table: 'raw_soc_definitions',
      delimiter: '\t',
      unquoted: true,
      maxPreamble: 10,
      columns: [col('record', ['SOC Group,SOC Code,SOC Title,SOC Definition'])],
      rules: [
        {
          column: 'record',
          valid: `record IS NULL OR TRIM(record) = '' OR regexp_matches(record, '^(Major|Minor|Broad|Detailed),\\d{2}-\\d{4},.')`,
          reason: 'not a line of the SOC list (group, NN-NNNN code, title)',
        },
      ],
    },
    {
      id: 'naics-structure',
      table: 'raw_naics_codes',
      maxPreamble: 3,
      fromFileName: { naics_version: (name) => /(20\d\d)/.exec(name)?.[1] ?? null },
      columns: [
        col('naics_code', [
          '2022 NAICS Code',
          '2022 NAICS US Code',
          '2017 NAICS Code',
          '2017 NAICS US Code',
          'NAICS Code',
        ]),
        col('naics_title', [
          '2022 NAICS Title',
          '2022 NAICS US Title',
          '2017 NAICS Title',
          '2017 NAICS US Title',
          'NAICS Title',
        ]),
      ],
      rules: [
        pattern(
          'naics_code',
          '\\d{2,6}|\\d{2}-\\d{2}',
          'not a NAICS code (2-6 digits, or a range such as 31-33)',
        ),
      ],
    },
    {
      id: 'census-county-fips',
      table: 'raw_county_fips',
      headerless: true,
      fileName: /^national_county.*\.txt$/i,
      columns: [
        col('state', ['STATE']),
        col('state_fips', ['STATEFP']),
        col('county_fips', ['COUNTYFP']),
        col('county_name', ['COUNTYNAME']),
        col('class_fp', ['CLASSFP']),
      ],
      rules: [
        pattern('state_fips', '\\d{2}', 'not a 2-digit state FIPS code'),
        pattern('county_fips', '\\d{3}', 'not a 3-digit county FIPS code'),
      ],
    },
    {
      id: 'qcew-area-titles',
      table: 'raw_qcew_area_titles',
      columns: [col('area_fips', ['area_fips']), col('area_title', ['area_title'])],
      rules: [pattern('area_fips', '[0-9A-Z]{5}', 'not a QCEW area code (5 characters)')],
    },
  ],
};
