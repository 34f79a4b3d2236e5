/**
 * The BLS QCEW CSV layouts, as published (domain-reference §4.1).
 *
 * Four shapes exist: quarterly or annual, each with the five title columns (by_area and by_industry files)
 * or without them (singlefiles and open-data API slices). Establishment fields are spelled `qtrly_estabs_count`
 * in older files and `qtrly_estabs` in the current layout; both are accepted and loaded under the current name.
 */

export type QcewColumnType = 'text' | 'int' | 'decimal';

export interface QcewColumn {
  /** Canonical (current BLS) name, used in the warehouse. */
  readonly name: string;
  /** Older spellings that mean the same field. */
  readonly aliases?: readonly string[];
  readonly type: QcewColumnType;
}

export type QcewPeriodicity = 'quarterly' | 'annual';

export interface QcewLayout {
  readonly id: string;
  readonly periodicity: QcewPeriodicity;
  readonly hasTitles: boolean;
  readonly columns: readonly QcewColumn[];
}

const text = (name: string): QcewColumn => ({ name, type: 'text' });
const int = (name: string, ...aliases: string[]): QcewColumn => ({ name, type: 'int', aliases });
const dec = (name: string, ...aliases: string[]): QcewColumn => ({ name, type: 'decimal', aliases });

const KEY_COLUMNS: readonly QcewColumn[] = [
  text('area_fips'),
  text('own_code'),
  text('industry_code'),
  text('agglvl_code'),
  text('size_code'),
  text('year'),
  text('qtr'),
  text('disclosure_code'),
];

export const TITLE_COLUMNS: readonly QcewColumn[] = [
  text('area_title'),
  text('own_title'),
  text('industry_title'),
  text('agglvl_title'),
  text('size_title'),
];

const QUARTERLY_MEASURES: readonly QcewColumn[] = [
  int('qtrly_estabs', 'qtrly_estabs_count'),
  int('month1_emplvl'),
  int('month2_emplvl'),
  int('month3_emplvl'),
  int('total_qtrly_wages'),
  int('taxable_qtrly_wages'),
  int('qtrly_contributions'),
  int('avg_wkly_wage'),
  text('lq_disclosure_code'),
  dec('lq_qtrly_estabs', 'lq_qtrly_estabs_count'),
  dec('lq_month1_emplvl'),
  dec('lq_month2_emplvl'),
  dec('lq_month3_emplvl'),
  dec('lq_total_qtrly_wages'),
  dec('lq_taxable_qtrly_wages'),
  dec('lq_qtrly_contributions'),
  dec('lq_avg_wkly_wage'),
  text('oty_disclosure_code'),
  int('oty_qtrly_estabs_chg', 'oty_qtrly_estabs_count_chg'),
  dec('oty_qtrly_estabs_pct_chg', 'oty_qtrly_estabs_count_pct_chg'),
  int('oty_month1_emplvl_chg'),
  dec('oty_month1_emplvl_pct_chg'),
  int('oty_month2_emplvl_chg'),
  dec('oty_month2_emplvl_pct_chg'),
  int('oty_month3_emplvl_chg'),
  dec('oty_month3_emplvl_pct_chg'),
  int('oty_total_qtrly_wages_chg'),
  dec('oty_total_qtrly_wages_pct_chg'),
  int('oty_taxable_qtrly_wages_chg'),
  dec('oty_taxable_qtrly_wages_pct_chg'),
  int('oty_qtrly_contributions_chg'),
  dec('oty_qtrly_contributions_pct_chg'),
  int('oty_avg_wkly_wage_chg'),
  dec('oty_avg_wkly_wage_pct_chg'),
];

const ANNUAL_MEASURES: readonly QcewColumn[] = [
  int('annual_avg_estabs', 'annual_avg_estabs_count'),
  int('annual_avg_emplvl'),
  int('total_annual_wages'),
  int('taxable_annual_wages'),
  int('annual_contributions'),
  int('annual_avg_wkly_wage'),
  int('avg_annual_pay'),
  text('lq_disclosure_code'),
  dec('lq_annual_avg_estabs', 'lq_annual_avg_estabs_count'),
  dec('lq_annual_avg_emplvl'),
  dec('lq_total_annual_wages'),
  dec('lq_taxable_annual_wages'),
  dec('lq_annual_contributions'),
  dec('lq_annual_avg_wkly_wage'),
  dec('lq_avg_annual_pay'),
  text('oty_disclosure_code'),
  int('oty_annual_avg_estabs_chg', 'oty_annual_avg_estabs_count_chg'),
  dec('oty_annual_avg_estabs_pct_chg', 'oty_annual_avg_estabs_count_pct_chg'),
  int('oty_annual_avg_emplvl_chg'),
  dec('oty_annual_avg_emplvl_pct_chg'),
  int('oty_total_annual_wages_chg'),
  dec('oty_total_annual_wages_pct_chg'),
  int('oty_taxable_annual_wages_chg'),
  dec('oty_taxable_annual_wages_pct_chg'),
  int('oty_annual_contributions_chg'),
  dec('oty_annual_contributions_pct_chg'),
  int('oty_annual_avg_wkly_wage_chg'),
  dec('oty_annual_avg_wkly_wage_pct_chg'),
  int('oty_avg_annual_pay_chg'),
  dec('oty_avg_annual_pay_pct_chg'),
];

export const QCEW_LAYOUTS: readonly QcewLayout[] = [
  {
    id: 'quarterly',
    periodicity: 'quarterly',
    hasTitles: true,
    columns: [...KEY_COLUMNS, ...TITLE_COLUMNS, ...QUARTERLY_MEASURES],
  },
  {
    id: 'quarterly-singlefile',
    periodicity: 'quarterly',
    hasTitles: false,
    columns: [...KEY_COLUMNS, ...QUARTERLY_MEASURES],
  },
  {
    id: 'annual',
    periodicity: 'annual',
    hasTitles: true,
    columns: [...KEY_COLUMNS, ...TITLE_COLUMNS, ...ANNUAL_MEASURES],
  },
  {
    id: 'annual-singlefile',
    periodicity: 'annual',
    hasTitles: false,
    columns: [...KEY_COLUMNS, ...ANNUAL_MEASURES],
  },
];

/** Columns of the raw warehouse table for a periodicity: every field, titles nullable. */
export function rawColumns(periodicity: QcewPeriodicity): readonly QcewColumn[] {
  const layout = QCEW_LAYOUTS.find((l) => l.periodicity === periodicity && l.hasTitles);
  if (!layout) throw new Error(`no layout for ${periodicity}`);
  return layout.columns;
}

export interface HeaderMatch {
  readonly layout: QcewLayout;
  /** Whether the file uses the older `*_estabs_count` spelling. */
  readonly countSpelling: boolean;
}

export interface HeaderMismatch {
  readonly layout?: undefined;
  /** Why the header is not a QCEW header, naming the closest layout and its first difference. */
  readonly reason: string;
  /** 1-based column of the first difference, when a close layout was found. */
  readonly column?: number;
}

/**
 * Identify the layout of a QCEW CSV from its header fields.
 *
 * @example matchHeader(['area_fips', 'own_code', ...]) // { layout: { id: 'quarterly', ... }, countSpelling: true }
 */
export function matchHeader(fields: readonly string[]): HeaderMatch | HeaderMismatch {
  const names = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
  let best: { layout: QcewLayout; column: number; expected: string; found: string | undefined } | undefined;
  for (const layout of QCEW_LAYOUTS) {
    let countSpelling = false;
    let mismatchAt = -1;
    for (let i = 0; i < layout.columns.length; i++) {
      const column = layout.columns[i]!;
      const found = names[i];
      if (found === column.name) continue;
      if (found !== undefined && column.aliases?.includes(found)) {
        countSpelling = true;
        continue;
      }
      mismatchAt = i;
      break;
    }
    if (mismatchAt === -1 && names.length === layout.columns.length) {
      return { layout, countSpelling };
    }
    const at = mismatchAt === -1 ? layout.columns.length : mismatchAt;
    if (!best || at > best.column) {
      best = {
        layout,
        column: at,
        expected: layout.columns[at]?.name ?? '(end of header)',
        found: names[at],
      };
    }
  }
  if (!best || best.column < 3) {
    return {
      reason: `header is not a QCEW header (expected area_fips,own_code,industry_code,...; found ${preview(names)})`,
    };
  }
  const found = best.found === undefined ? 'nothing' : `"${best.found}"`;
  return {
    reason: `header does not match the QCEW ${best.layout.id} layout: expected "${best.expected}" at column ${best.column + 1}, found ${found}`,
    column: best.column + 1,
  };
}

function preview(names: readonly string[]): string {
  const head = names.slice(0, 3).join(',');
  return head.length > 60 ? `${head.slice(0, 60)}...` : head || '(empty line)';
}
