import type { ValueRule } from '../load-issues.ts';
import type { LayoutColumn, RawColumn, TabularSource } from '../tabular.ts';

/**
 * IPEDS files as published by NCES (CSV, or an Excel copy).
 *
 * - Completions `c<year>_a.csv` (also `_rv` revisions and extracts such as `c2023_a_processed.csv`): one row per
 *   `UNITID × CIPCODE × MAJORNUM × AWLEVEL` with the grand total of awards `CTOTALT` (and by sex). The raw NCES
 *   file puts an imputation flag `X<name>` before each measure and race/ethnicity columns after; both are
 *   ignored except `XCTOTALT`. `CIPCODE` is text (`01.0101`, the grand total `99`, 2-digit family rows); it is
 *   kept as read and normalised in staging, since copies re-saved by Excel lose the leading zero.
 * - Institution directory `hd<year>.csv` (UTF-8 with a byte-order mark): name, place, county (`COUNTYCD` is a
 *   number, so `1089` for `01089`), multi-institution system (`F1SYSTYP`, `F1SYSNAM`, `F1SYSCOD`) and, in the
 *   years that carry them, the parent/child reporting columns for completions (`PRCH_C`, `IDX_C`).
 * - Flags `flags<year>.csv`: the same parent/child columns in the years the directory lacks them.
 *
 * The collection year comes from the file name (`c2023_a` holds awards of July 2022-June 2023).
 */

const text = (name: string, description: string): RawColumn => ({ name, type: 'string', description });
const int = (name: string, description: string): RawColumn => ({ name, type: 'int64', description });
const col = (column: string, header: string, optional = false): LayoutColumn => ({
  column,
  headers: [header],
  ...(optional ? { optional } : {}),
});

/** The 4-digit year in an IPEDS file name: `c2023_a.csv` → 2023, `HD2022.csv` → 2022. */
const yearAfter =
  (prefix: string) =>
  (name: string): string | null =>
    new RegExp(`^${prefix}(\\d{4})`, 'i').exec(name)?.[1] ?? null;

const UNITID_RULE: ValueRule = {
  column: 'unitid',
  valid: `regexp_full_match(TRIM(unitid), '\\d{6}')`,
  reason: 'not an IPEDS UNITID (6 digits)',
};

/** CIP codes as IPEDS and Excel write them: `01.0101`, `1.0101`, `="01.0101"`, `99`, `01`. */
const CIPCODE_RULE: ValueRule = {
  column: 'cipcode',
  valid: `regexp_full_match(TRIM(cipcode), '=?"?\\d{1,2}(\\.\\d{1,4})?"?')`,
  reason: 'not a CIP code (NN.NNNN, a 2-digit family or 99)',
};

export const IPEDS_SOURCE: TabularSource = {
  id: 'ipeds',
  label: 'IPEDS',
  tables: [
    {
      name: 'raw_ipeds_completions',
      description:
        'IPEDS completions (C_A): awards by institution, CIP program, first or second major and award level.',
      columns: [
        text('unitid', 'IPEDS institution id (UNITID), 6 digits.'),
        text('cipcode', 'CIP code as written in the file (normalised in staging).'),
        int('majornum', 'MAJORNUM: 1 first major, 2 second major.'),
        int('awlevel', 'AWLEVEL: award level code.'),
        int('ctotalt', 'CTOTALT: grand total of awards.'),
        int('ctotalm', 'CTOTALM: awards to men.'),
        int('ctotalw', 'CTOTALW: awards to women.'),
        text('xctotalt', 'XCTOTALT: imputation flag of CTOTALT (raw NCES files only).'),
        text('year', 'IPEDS collection year from the file name (c2023_a: July 2022-June 2023).'),
      ],
    },
    {
      name: 'raw_ipeds_institutions',
      description: 'IPEDS institution directory (HD): name, place, county and system of each institution.',
      columns: [
        text('unitid', 'IPEDS institution id (UNITID).'),
        text('instnm', 'INSTNM: institution name.'),
        text('city', 'CITY.'),
        text('stabbr', 'STABBR: state abbreviation.'),
        text('fips', 'FIPS: state FIPS code as a number (1 for Alabama).'),
        text('countycd', 'COUNTYCD: county FIPS as a number (1089 for 01089); -2 not applicable.'),
        text('countynm', 'COUNTYNM: county name.'),
        text(
          'sector',
          'SECTOR: control and level (1 public 4-year ... 9 private for-profit less-than-2-year).',
        ),
        text('iclevel', 'ICLEVEL: 1 four-year or above, 2 two-year, 3 less than two-year.'),
        text('control', 'CONTROL: 1 public, 2 private not-for-profit, 3 private for-profit.'),
        text('cyactive', 'CYACTIVE: 1 active in the current year.'),
        text('closedat', 'CLOSEDAT: date closed, -2 not applicable.'),
        text('f1systyp', 'F1SYSTYP: 1 part of a multi-institution or multi-campus organisation, 2 not.'),
        text('f1sysnam', 'F1SYSNAM: name of the multi-institution organisation.'),
        text('f1syscod', 'F1SYSCOD: id of the multi-institution organisation.'),
        text('cbsa', 'CBSA: core-based statistical area code.'),
        text('prch_c', 'PRCH_C: parent/child indicator for completions (older HD files).'),
        text('idx_c', 'IDX_C: UNITID of the parent that reports its completions (older HD files).'),
        {
          name: 'longitud',
          type: 'float64',
          description: 'LONGITUD: longitude of the institution.',
        },
        { name: 'latitude', type: 'float64', description: 'LATITUDE: latitude of the institution.' },
        text('year', 'Directory year from the file name (hd2023).'),
      ],
    },
    {
      name: 'raw_ipeds_flags',
      description: 'IPEDS response flags (FLAGS): parent/child reporting of completions.',
      columns: [
        text('unitid', 'IPEDS institution id (UNITID).'),
        text(
          'prch_c',
          'PRCH_C: 1 parent record includes data from child campuses, 2 child record (all data reported with the parent), -2 not applicable.',
        ),
        text('idx_c', 'IDX_C: UNITID of the parent that reports its completions.'),
        text('year', 'Collection year from the file name (flags2023).'),
      ],
    },
  ],
  layouts: [
    {
      id: 'ipeds-completions',
      table: 'raw_ipeds_completions',
      fileName: /^c\d{4}_a/i,
      fromFileName: { year: yearAfter('c') },
      columns: [
        col('unitid', 'UNITID'),
        col('cipcode', 'CIPCODE'),
        col('majornum', 'MAJORNUM'),
        col('awlevel', 'AWLEVEL'),
        col('ctotalt', 'CTOTALT'),
        col('ctotalm', 'CTOTALM', true),
        col('ctotalw', 'CTOTALW', true),
        col('xctotalt', 'XCTOTALT', true),
      ],
      rules: [
        UNITID_RULE,
        CIPCODE_RULE,
        { column: 'majornum', valid: 'majornum IN (1, 2)', reason: 'MAJORNUM is 1 or 2' },
        { column: 'awlevel', valid: 'awlevel BETWEEN 1 AND 21', reason: 'not an IPEDS award level (1-21)' },
        { column: 'ctotalt', valid: 'ctotalt >= 0', reason: 'a count of awards is never negative' },
      ],
    },
    {
      id: 'ipeds-directory',
      table: 'raw_ipeds_institutions',
      fileName: /^hd\d{4}/i,
      fromFileName: { year: yearAfter('hd') },
      columns: [
        col('unitid', 'UNITID'),
        col('instnm', 'INSTNM'),
        col('city', 'CITY'),
        col('stabbr', 'STABBR'),
        col('fips', 'FIPS', true),
        col('countycd', 'COUNTYCD'),
        col('countynm', 'COUNTYNM', true),
        col('sector', 'SECTOR', true),
        col('iclevel', 'ICLEVEL', true),
        col('control', 'CONTROL', true),
        col('cyactive', 'CYACTIVE', true),
        col('closedat', 'CLOSEDAT', true),
        col('f1systyp', 'F1SYSTYP', true),
        col('f1sysnam', 'F1SYSNAM', true),
        col('f1syscod', 'F1SYSCOD', true),
        col('cbsa', 'CBSA', true),
        col('prch_c', 'PRCH_C', true),
        col('idx_c', 'IDX_C', true),
        col('longitud', 'LONGITUD', true),
        col('latitude', 'LATITUDE', true),
      ],
      rules: [
        UNITID_RULE,
        {
          column: 'countycd',
          valid: `regexp_full_match(TRIM(countycd), '\\d{4,5}|-1|-2')`,
          reason: 'not a county FIPS code (4-5 digits, or -1/-2 for not reported/not applicable)',
        },
      ],
    },
    {
      id: 'ipeds-flags',
      table: 'raw_ipeds_flags',
      fileName: /^flags\d{4}/i,
      fromFileName: { year: yearAfter('flags') },
      columns: [col('unitid', 'UNITID'), col('prch_c', 'PRCH_C'), col('idx_c', 'IDX_C')],
      rules: [UNITID_RULE],
    },
  ],
};
