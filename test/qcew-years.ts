/**
 * Builds multi-year QCEW test files: small hand-made cells for worked examples, and a previous year
 * reconstructed from a real file's over-the-year (oty_) columns. Rows are written with `formatQcewCsv`.
 */
import type { QcewRow } from '../src/demo/qcew-writer.ts';

/** One cell of a worked example: an annual average, or the months of each quarter. */
export interface CellSpec {
  readonly area: string;
  readonly own: string;
  readonly industry: string;
  readonly year: string;
  /** Average weekly wage the cell's total wages are built from. */
  readonly weekly: number;
  /** BLS did not disclose the cell: its values are written as zeros with disclosure code N. */
  readonly suppressed?: boolean;
}

function agglvl(area: string, own: string, industry: string): string {
  const base = area.startsWith('US') ? 10 : 70;
  if (own === '0' && industry === '10') return String(base);
  return String(base + (industry.includes('-') ? 4 : industry.length + 2));
}

/** The fields every row of a cell carries: what names it, and its disclosure codes (N throughout when suppressed). */
function cellFields(spec: CellSpec): QcewRow {
  const hidden = spec.suppressed === true;
  return {
    area_fips: spec.area,
    own_code: spec.own,
    industry_code: spec.industry,
    agglvl_code: agglvl(spec.area, spec.own, spec.industry),
    size_code: '0',
    year: spec.year,
    disclosure_code: hidden ? 'N' : '',
    lq_disclosure_code: hidden ? 'N' : '',
    oty_disclosure_code: hidden ? 'N' : '',
  };
}

/**
 * An annual-average cell (annual layouts), with total wages giving the stated weekly wage.
 *
 * @example annualRow({ area: '01001', own: '5', industry: '31-33', year: '2021', weekly: 1000 }, 60, 5, { oty: 5 })
 */
export function annualRow(
  spec: CellSpec,
  emp: number,
  estabs: number,
  change: { readonly oty?: number; readonly otyWages?: number } = {},
): QcewRow {
  const hidden = spec.suppressed === true;
  return {
    ...cellFields(spec),
    qtr: 'A',
    annual_avg_estabs: estabs,
    annual_avg_emplvl: hidden ? 0 : emp,
    total_annual_wages: hidden ? 0 : emp * spec.weekly * 52,
    annual_avg_wkly_wage: hidden ? 0 : spec.weekly,
    oty_annual_avg_emplvl_chg: hidden ? 0 : change.oty,
    oty_total_annual_wages_chg: hidden ? 0 : change.otyWages,
  };
}

/** One quarter of a cell: its three monthly levels, establishments and, optionally, their over-the-year changes. */
export interface QuarterSpec {
  readonly months: readonly [number, number, number];
  readonly estabs: number;
  readonly oty?: readonly [number, number, number];
}

/**
 * The quarterly rows of a cell (quarterly layouts), quarters numbered from 1 in the order given. Wages are
 * the quarter's average employment × weekly wage × 13.
 *
 * @example quarterRows(spec, [{ months: [53, 54, 55], estabs: 5 }, ...])
 */
export function quarterRows(spec: CellSpec, quarters: readonly QuarterSpec[]): QcewRow[] {
  const hidden = spec.suppressed === true;
  return quarters.map((q, i) => {
    const avg = (q.months[0] + q.months[1] + q.months[2]) / 3;
    return {
      ...cellFields(spec),
      qtr: String(i + 1),
      qtrly_estabs: q.estabs,
      month1_emplvl: hidden ? 0 : q.months[0],
      month2_emplvl: hidden ? 0 : q.months[1],
      month3_emplvl: hidden ? 0 : q.months[2],
      total_qtrly_wages: hidden ? 0 : Math.round(avg * spec.weekly * 13),
      avg_wkly_wage: hidden ? 0 : spec.weekly,
      oty_month1_emplvl_chg: q.oty?.[0],
      oty_month2_emplvl_chg: q.oty?.[1],
      oty_month3_emplvl_chg: q.oty?.[2],
    };
  });
}

/** A number of a real QCEW CSV field, or undefined when empty. */
function num(row: Readonly<Record<string, string>>, ...names: string[]): number | undefined {
  for (const name of names) {
    const text = row[name];
    if (text !== undefined && text !== '') return Number(text);
  }
  return undefined;
}

const HIDDEN = new Set(['N', '-']);

/**
 * The previous year of a real quarterly by-area file, rebuilt from its over-the-year columns: each level of
 * the previous year is this year's level minus BLS's over-the-year change (`month1_emplvl − oty_month1_emplvl_chg`,
 * wages and establishments alike). A cell whose level or change BLS did not disclose becomes a suppressed cell
 * (disclosure code N, zeros, as BLS writes them): its previous year is unknown, never zero. Establishment counts
 * are rebuilt whenever their change is published. The rebuilt rows carry no LQ or over-the-year columns.
 *
 * @example previousYearFromOty(parse(csvText, { columns: true })) // rows of 2015 from a 2016 file
 */
export function previousYearFromOty(rows: readonly Readonly<Record<string, string>>[]): QcewRow[] {
  return rows.map((r) => {
    const hidden = HIDDEN.has(r['disclosure_code'] ?? '') || HIDDEN.has(r['oty_disclosure_code'] ?? '');
    const estabs = num(r, 'qtrly_estabs', 'qtrly_estabs_count');
    const estabsChg = num(r, 'oty_qtrly_estabs_chg', 'oty_qtrly_estabs_count_chg');
    const previous = (field: string): number | undefined => {
      const level = num(r, field);
      const change = num(r, `oty_${field}_chg`);
      return level === undefined || change === undefined ? undefined : level - change;
    };
    return {
      area_fips: r['area_fips'],
      own_code: r['own_code'],
      industry_code: r['industry_code'],
      agglvl_code: r['agglvl_code'],
      size_code: r['size_code'],
      year: String(Number(r['year']) - 1),
      qtr: r['qtr'],
      disclosure_code: hidden ? 'N' : '',
      area_title: r['area_title'],
      own_title: r['own_title'],
      industry_title: r['industry_title'],
      agglvl_title: r['agglvl_title'],
      size_title: r['size_title'],
      qtrly_estabs: estabs !== undefined && estabsChg !== undefined ? estabs - estabsChg : undefined,
      month1_emplvl: hidden ? 0 : previous('month1_emplvl'),
      month2_emplvl: hidden ? 0 : previous('month2_emplvl'),
      month3_emplvl: hidden ? 0 : previous('month3_emplvl'),
      total_qtrly_wages: hidden ? 0 : previous('total_qtrly_wages'),
      lq_disclosure_code: hidden ? 'N' : '',
      oty_disclosure_code: '',
    };
  });
}
