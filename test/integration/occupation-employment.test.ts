import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatQcewCsv, type QcewRow } from '../../src/demo/qcew-writer.ts';
import type { PipelineConfigInput } from '../../src/pipeline/config.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import type { Row } from '../../src/warehouse/warehouse.ts';
import {
  annualQcewCell,
  MICHIANA_COUNTIES,
  MICHIANA_MANUFACTURING,
  QCEW_2016,
  SHARED_DATA,
  sharedDataAvailable,
  usePipelineRun,
} from '../helpers.ts';

// ---------------------------------------------------------------------------------------------------------
// A small economy worked by hand: two counties (the region) and their state (the fit area), 2024 annual.
// ---------------------------------------------------------------------------------------------------------

const SUPPRESSED = { disclosure_code: 'N', annual_avg_emplvl: 0, total_annual_wages: 0 };

/** An annual-average cell of 2024 at $1,000 a week. */
function cell(
  area: string,
  own: string,
  industry: string,
  emp: number,
  extra: Partial<QcewRow> = {},
): QcewRow {
  return annualQcewCell(area, own, industry, emp, 1000, extra);
}

/**
 * Region (01001 + 01003), private: all industries 1,450; manufacturing 31-33 800, of which transportation
 * equipment 336 500 and fabricated metal 332 suppressed in 01003; retail 44-45 300. Local government 150.
 * State 01000: private 10,000; 31-33 4,000 (336 2,000, 332 1,000); 44-45 3,000; local government 1,000.
 */
function qcewRows(suppressManufacturing: boolean): QcewRow[] {
  return [
    cell('US000', '0', '10', 100000),
    cell('US000', '5', '31-33', 10000),
    cell('01000', '0', '10', 11000),
    cell('01000', '5', '10', 10000),
    cell('01000', '5', '31-33', 4000),
    cell('01000', '5', '336', 2000),
    cell('01000', '5', '332', 1000),
    cell('01000', '5', '44-45', 3000),
    cell('01000', '3', '10', 1000),
    cell('01001', '0', '10', 1000),
    cell('01001', '5', '10', 900),
    cell('01001', '5', '31-33', 500),
    cell('01001', '5', '336', 300),
    cell('01001', '5', '332', 100),
    cell('01001', '5', '44-45', 200),
    cell('01001', '3', '10', 100),
    cell('01003', '0', '10', 600),
    cell('01003', '5', '10', 550),
    suppressManufacturing ? cell('01003', '5', '31-33', 0, SUPPRESSED) : cell('01003', '5', '31-33', 300),
    cell('01003', '5', '336', 200),
    cell('01003', '5', '332', 0, SUPPRESSED),
    cell('01003', '5', '44-45', 100),
    cell('01003', '3', '10', 50),
  ];
}

const HEADER_32 =
  'AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY';
const WAGES = '20,41600,1,15,17,19.5,22,26,31200,35360,40560,45760,54080';
const TITLES: Record<string, string> = {
  '11-1021': 'General and Operations Managers',
  '43-9061': 'Office Clerks, General',
  '51-2090': 'Miscellaneous Assemblers and Fabricators',
  '51-4121': 'Welders, Cutters, Solderers, and Brazers',
  '41-2031': 'Retail Salespersons',
  '33-3051': 'Police and Sheriff’s Patrol Officers',
  '51-4041': 'Machinists',
};

/** National staffing patterns (percent of each industry's employment), May 2024. `null` is OEWS's **. */
const PATTERNS: Record<
  string,
  { title: string; group: string; own: string; shares: Record<string, number | null> }
> = {
  '31': {
    title: 'Manufacturing',
    group: 'sector',
    own: '5',
    shares: { '51-2090': 50, '51-4121': 30, '11-1021': 19.5, '51-4041': null },
  },
  '44': { title: 'Retail Trade', group: 'sector', own: '5', shares: { '41-2031': 60, '43-9061': 39 } },
  '99': { title: 'Government', group: 'sector', own: '123', shares: { '33-3051': 70, '43-9061': 29 } },
  '336000': {
    title: 'Transportation Equipment Manufacturing',
    group: '3-digit',
    own: '5',
    shares: { '51-2090': 70, '51-4041': 29.9 },
  },
  '332000': {
    title: 'Fabricated Metal Product Manufacturing',
    group: '3-digit',
    own: '5',
    shares: { '51-4121': 40, '51-4041': 59 },
  },
};

function industryFile(codes: string[]): string {
  const lines = [HEADER_32];
  for (const naics of codes) {
    const p = PATTERNS[naics]!;
    lines.push(
      `99,U.S.,1,US,${naics},${p.title},${p.group},${p.own},00-0000,All Occupations,total,100000,1,,,100,100,${WAGES}`,
    );
    for (const [soc, pct] of Object.entries(p.shares)) {
      const share = pct === null ? '**' : String(pct);
      const emp = pct === null ? '**' : String(pct * 1000);
      lines.push(
        `99,U.S.,1,US,${naics},${p.title},${p.group},${p.own},${soc},"${TITLES[soc]}",detailed,${emp},1,,,${share},50,${WAGES}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** National cross-industry employment, May 2024 (the 2021+ national layout). */
const NATIONAL: Record<string, number> = {
  '51-2090': 2000,
  '51-4121': 1000,
  '11-1021': 1500,
  '51-4041': 500,
  '41-2031': 2500,
  '43-9061': 1500,
  '33-3051': 1000,
};
/** Alabama's (state 01) OEWS employment, May 2024: more machinists and fewer assemblers than the patterns. */
const STATE: Record<string, number> = {
  '51-2090': 1500,
  '51-4121': 900,
  '11-1021': 800,
  '51-4041': 1800,
  '41-2031': 1700,
  '43-9061': 1600,
  '33-3051': 700,
};

function nationalFile(): string {
  const header =
    'OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY';
  const total = Object.values(NATIONAL).reduce((a, b) => a + b, 0);
  const lines = [header, `00-0000,All Occupations,total,${total},0.1,,,,,${WAGES}`];
  for (const [soc, emp] of Object.entries(NATIONAL))
    lines.push(`${soc},"${TITLES[soc]}",detailed,${emp},1,,,,,${WAGES}`);
  return `${lines.join('\n')}\n`;
}

function stateFile(): string {
  const lines = [HEADER_32];
  for (const [soc, emp] of Object.entries(STATE)) {
    lines.push(
      `01,Alabama,2,AL,000000,Cross-industry,cross-industry,1235,${soc},"${TITLES[soc]}",detailed,${emp},1,5,1,,,${WAGES}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Shares of the published detailed occupations, rescaled to add to 1. */
function shares(naics: string): Map<string, number> {
  const published = Object.entries(PATTERNS[naics]!.shares).filter(
    (e): e is [string, number] => e[1] !== null,
  );
  const sum = published.reduce((a, [, v]) => a + v, 0);
  return new Map(published.map(([soc, v]) => [soc, v / sum]));
}

/** All-industry pattern: the national file's employment shares. */
function crossIndustry(): Map<string, number> {
  const total = Object.values(NATIONAL).reduce((a, b) => a + b, 0);
  return new Map(Object.entries(NATIONAL).map(([soc, v]) => [soc, v / total]));
}

/** Independent iterative proportional fitting (RAS) to 1e-13, returning the occupation factors. */
function ipfFactors(
  units: { employment: number; pattern: Map<string, number> }[],
  targets: Record<string, number>,
) {
  const cells = units.flatMap((u, i) => [...u.pattern].map(([soc, s]) => ({ i, soc, x: u.employment * s })));
  const socs = [...new Set(cells.map((c) => c.soc))];
  const seed = new Map(socs.map((o) => [o, cells.filter((c) => c.soc === o).reduce((a, c) => a + c.x, 0)]));
  const total = [...seed.values()].reduce((a, b) => a + b, 0);
  const areaTotal = socs.reduce((a, o) => a + targets[o]!, 0);
  const rowTarget = new Map(socs.map((o) => [o, (targets[o]! * total) / areaTotal]));
  const a = new Map(socs.map((o) => [o, 1]));
  const b = units.map(() => 1);
  for (let k = 0; k < 1000; k++) {
    for (const o of socs) {
      const t = cells.filter((c) => c.soc === o).reduce((s, c) => s + c.x * b[c.i]!, 0);
      a.set(o, rowTarget.get(o)! / t);
    }
    let gap = 0;
    units.forEach((u, i) => {
      const t = cells.filter((c) => c.i === i).reduce((s, c) => s + c.x * a.get(c.soc)!, 0);
      gap = Math.max(gap, Math.abs((b[i]! * t) / u.employment - 1));
      b[i] = u.employment / t;
    });
    if (gap < 1e-13) break;
  }
  return a;
}

const files = (suppressManufacturing: boolean) => () => ({
  'qcew.csv': formatQcewCsv('annual-singlefile', qcewRows(suppressManufacturing)),
  'natsector_M2024_dl.csv': industryFile(['31', '44', '99']),
  'nat3d_M2024_dl.csv': industryFile(['336000', '332000']),
  'national_M2024_dl.csv': nationalFile(),
  'state_M2024_dl.csv': stateFile(),
});

const inputs = {
  qcew: { paths: 'qcew.csv', vintage: 'hand-made 2024' },
  oews: { paths: '*_dl.csv', vintage: 'hand-made OEWS 2024' },
};

const partnership: PipelineConfigInput['partnership'] = {
  name: 'Two Counties Manufacturing',
  industry: { name: 'Manufacturing', naics: ['31-33'], detailDigits: 3 },
  region: { name: 'Two Counties', counties: ['01001', '01003'] },
};

describe('occupation employment of a hand-worked region', () => {
  const run = usePipelineRun(() => ({ partnership, inputs }), { files: files(false) });

  it('cuts the industry into units by the staffing files’ detail, keeping suppressed detail in the parent’s residual', async () => {
    const units = await run.warehouse.query(`
      SELECT own_code, industry_code, qcew_employment, employment, carved_from, pattern_naics, pattern_match, in_partnership
      FROM int_occupation_employment_units WHERE geo = 'region' ORDER BY own_code, industry_code`);
    expect(units).toEqual([
      // Local government: the OEWS government pattern.
      {
        own_code: '3',
        industry_code: '10',
        qcew_employment: 150,
        employment: 150,
        carved_from: null,
        pattern_naics: '99',
        pattern_match: 'government',
        in_partnership: false,
      },
      // Private: all industries less the published sectors, with the cross-industry pattern.
      {
        own_code: '5',
        industry_code: '10',
        qcew_employment: 1450,
        employment: 350,
        carved_from: null,
        pattern_naics: '000000',
        pattern_match: 'all industries',
        in_partnership: false,
      },
      // 31-33 less 336; 332 (suppressed in 01003) is in this residual, with the manufacturing pattern.
      {
        own_code: '5',
        industry_code: '31-33',
        qcew_employment: 800,
        employment: 300,
        carved_from: '10',
        pattern_naics: '31',
        pattern_match: 'own industry',
        in_partnership: true,
      },
      {
        own_code: '5',
        industry_code: '332',
        qcew_employment: null,
        employment: null,
        carved_from: null,
        pattern_naics: '332000',
        pattern_match: 'own industry',
        in_partnership: true,
      },
      {
        own_code: '5',
        industry_code: '336',
        qcew_employment: 500,
        employment: 500,
        carved_from: '31-33',
        pattern_naics: '336000',
        pattern_match: 'own industry',
        in_partnership: true,
      },
      {
        own_code: '5',
        industry_code: '44-45',
        qcew_employment: 300,
        employment: 300,
        carved_from: '10',
        pattern_naics: '44',
        pattern_match: 'own industry',
        in_partnership: false,
      },
    ]);
  });

  it('multiplies each unit by its national shares, rescaled to 100, so occupations add up to the industry', async () => {
    const m = shares('31');
    const t = shares('336000');
    const expected: Record<string, number> = {};
    for (const [soc, s] of m) expected[soc] = (expected[soc] ?? 0) + 300 * s;
    for (const [soc, s] of t) expected[soc] = (expected[soc] ?? 0) + 500 * s;
    const rows = await run.warehouse.query<Row>(`
      SELECT soc_code, employment, employment_unfitted, employment_unscaled, method, employment_flag, n_units, n_units_unpublished
      FROM int_occupation_employment ORDER BY soc_code`);
    expect(rows.map((r) => r['soc_code'])).toEqual(['11-1021', '51-2090', '51-4041', '51-4121']);
    for (const r of rows) {
      expect(r['method']).toBe('staffing_pattern');
      expect(r['employment']).toBeCloseTo(expected[r['soc_code'] as string]!, 9);
      expect(r['employment_unfitted']).toBe(r['employment']);
    }
    // Machinists: unpublished (**) in the manufacturing pattern, published in 336.
    expect(rows.find((r) => r['soc_code'] === '51-4041')).toMatchObject({
      employment_flag: 'share_partly_published',
      n_units: 1,
      n_units_unpublished: 1,
      employment_unscaled: 500 * 0.299,
    });
    // The textbook formula on the published shares: 300 × 50% + 500 × 70% assemblers.
    expect(rows.find((r) => r['soc_code'] === '51-2090')!['employment_unscaled']).toBeCloseTo(500, 9);
    const total = rows.reduce((a, r) => a + Number(r['employment']), 0);
    expect(total).toBeCloseTo(800, 9);
  });

  it('shows the wages of the region’s state when its OEWS file is loaded', async () => {
    const [w] = await run.warehouse.query(
      `SELECT area_code, wage_area_source, year, entry_wage_annual, median_wage_annual FROM mart_occupation_wages WHERE soc_code = '51-4121'`,
    );
    // Both counties are in state 01, whose OEWS file is loaded: its wages are the most local.
    expect(w).toEqual({
      area_code: '01',
      wage_area_source: 'state of the region',
      year: '2024',
      entry_wage_annual: 35360,
      median_wage_annual: 40560,
    });
  });
});

describe('occupation employment fitted to the state by iterative proportional fitting', () => {
  const run = usePipelineRun(
    () => ({
      partnership,
      inputs,
      metrics: { occupations: { fitTo: '01' } },
    }),
    { files: files(false) },
  );

  it('fits the state’s economy to its occupation totals and applies its occupation factors to the region', async () => {
    // The state's units: private all-industry residual 3,000 (10,000 - 4,000 - 3,000), 31-33 residual 1,000
    // (4,000 - 2,000 - 1,000), 336 2,000, 332 1,000, 44-45 3,000; local government 1,000.
    const a = ipfFactors(
      [
        { employment: 3000, pattern: crossIndustry() },
        { employment: 1000, pattern: shares('31') },
        { employment: 2000, pattern: shares('336000') },
        { employment: 1000, pattern: shares('332000') },
        { employment: 3000, pattern: shares('44') },
        { employment: 1000, pattern: shares('99') },
      ],
      STATE,
    );
    const fitted = (employment: number, pattern: Map<string, number>) => {
      const weights = [...pattern].map(([soc, s]) => [soc, s * a.get(soc)!] as const);
      const sum = weights.reduce((acc, [, w]) => acc + w, 0);
      return new Map(weights.map(([soc, w]) => [soc, (employment * w) / sum]));
    };
    const expected = new Map<string, number>();
    for (const part of [fitted(300, shares('31')), fitted(500, shares('336000'))]) {
      for (const [soc, v] of part) expected.set(soc, (expected.get(soc) ?? 0) + v);
    }
    const rows = await run.warehouse.query<Row>(`
      SELECT soc_code, employment, employment_unfitted, method, fit_area, fit_year, fit_iterations, fit_converged
      FROM int_occupation_employment ORDER BY soc_code`);
    for (const r of rows) {
      expect(r).toMatchObject({
        method: 'staffing_pattern_ipf',
        fit_area: '01',
        fit_year: '2024',
        fit_converged: true,
      });
      expect(Number(r['employment']) / expected.get(r['soc_code'] as string)!).toBeCloseTo(1, 9);
    }
    // The state has more machinists than the national patterns give it: the region's estimate rises.
    const machinists = rows.find((r) => r['soc_code'] === '51-4041')!;
    expect(Number(machinists['employment'])).toBeGreaterThan(Number(machinists['employment_unfitted']));
    expect(rows.reduce((acc, r) => acc + Number(r['employment']), 0)).toBeCloseTo(800, 6);
    const iterations = Number(rows[0]!['fit_iterations']);
    console.log(`hand-worked fit: ${iterations} iterations`);
    expect(iterations).toBeGreaterThan(1);
    expect(iterations).toBeLessThan(100);
  });
});

describe('occupation employment when QCEW suppresses the industry in the region', () => {
  const run = usePipelineRun(() => ({ partnership, inputs }), { files: files(true) });

  it('gives no employment (not a partial sum, never zero) and says why', async () => {
    const rows = await run.warehouse.query(
      'SELECT DISTINCT employment, employment_unfitted, industry_suppressed, employment_flag FROM int_occupation_employment',
    );
    expect(rows).toEqual([
      {
        employment: null,
        employment_unfitted: null,
        industry_suppressed: true,
        employment_flag: 'industry_suppressed',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The real Michiana region: QCEW 2016 for its eight counties, national staffing patterns of May 2024.
// ---------------------------------------------------------------------------------------------------------

/** Private manufacturing employment of the region in 2016, read from the county files: the mean of 12 months. */
function michianaManufacturing(): number {
  let sum = 0;
  for (const county of MICHIANA_COUNTIES) {
    const file = readdirSync(QCEW_2016).find((f) => f.includes(` ${county} `))!;
    const lines = readFileSync(join(QCEW_2016, file), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`"${county}","5","31-33","`));
    for (const [, , , , size, , , disclosure, ...rest] of parse(lines.join('\n')) as string[][]) {
      if (size !== '0') continue;
      expect(disclosure).toBe('');
      const [m1, m2, m3] = rest.slice(6, 9).map(Number);
      sum += m1! + m2! + m3!;
    }
  }
  return sum / 12;
}

const michiana = (metrics?: PipelineConfigInput['metrics']) => () => ({
  partnership: MICHIANA_MANUFACTURING,
  inputs: {
    qcew: { paths: join(QCEW_2016, '*.csv'), vintage: 'QCEW 2016' },
    oews: {
      paths: [
        join(SHARED_DATA, 'oews/natsector_M2024_dl.csv'),
        join(SHARED_DATA, 'oews/national_M2023_dl.csv'),
      ],
      vintage: 'OEWS May 2023-2024',
    },
  },
  ...(metrics ? { metrics } : {}),
});

describe.runIf(sharedDataAvailable())('occupation employment of the real Michiana region', () => {
  const plain = usePipelineRun(michiana());
  const fitted = usePipelineRun(michiana({ occupations: { fitTo: '99' } }));

  it('adds up to the region’s QCEW manufacturing employment, with and without IPF', async () => {
    const qcew = michianaManufacturing();
    const sums = async (w: DuckdbWarehouse) =>
      (
        await w.query<Row>(`
          SELECT min(method) AS method, sum(employment) AS employment, sum(employment_unfitted) AS unfitted,
                 sum(employment_unscaled) AS unscaled, count(*)::INT AS occupations, count(employment)::INT AS published,
                 min(qcew_period) AS period, min(staffing_year) AS staffing_year, max(fit_iterations) AS iterations,
                 bool_and(fit_converged) AS converged
          FROM int_occupation_employment`)
      )[0]!;
    const a = await sums(plain.warehouse);
    const b = await sums(fitted.warehouse);
    console.log(
      `Michiana manufacturing 2016: QCEW ${qcew.toFixed(2)} jobs; occupations ${Number(a['employment']).toFixed(2)} (staffing pattern), ` +
        `${Number(b['employment']).toFixed(2)} (IPF to U.S. 2023, ${b['iterations']} iterations); published shares alone ${Number(a['unscaled']).toFixed(2)}`,
    );
    expect(qcew).toBeCloseTo(126631.25, 6);
    expect(a).toMatchObject({
      method: 'staffing_pattern',
      period: '2016 (mean of 4 quarters)',
      staffing_year: '2024',
    });
    expect(b).toMatchObject({ method: 'staffing_pattern_ipf', converged: true });
    expect(Number(a['employment'])).toBeCloseTo(qcew, 6);
    expect(Number(b['employment'])).toBeCloseTo(qcew, 6);
    // The published shares of manufacturing add to 99.73% in 2024: the rest is spread over them.
    expect(Number(a['unscaled']) / qcew).toBeCloseTo(0.9973, 6);
    expect(a['occupations']).toBe(b['occupations']);
  });

  it('keeps the staffing-pattern shares before fitting, and moves occupations only a little when fitting to the U.S.', async () => {
    const rows = await fitted.warehouse.query<{ soc_code: string; employment: number; unfitted: number }>(`
      SELECT soc_code, employment, employment_unfitted AS unfitted FROM int_occupation_employment
      WHERE employment IS NOT NULL ORDER BY employment_unfitted DESC LIMIT 10`);
    const plainRows = await plain.warehouse.query<{ soc_code: string; employment: number }>(
      `SELECT soc_code, employment FROM int_occupation_employment WHERE employment IS NOT NULL`,
    );
    const plainBySoc = new Map(plainRows.map((r) => [r.soc_code, r.employment]));
    expect(rows[0]!.soc_code).toBe('51-2090');
    for (const r of rows) {
      expect(r.unfitted).toBeCloseTo(plainBySoc.get(r.soc_code)!, 6);
      // The U.S. economy fitted to U.S. occupation totals changes each large occupation by well under a fifth.
      expect(Math.abs(r.employment / r.unfitted - 1)).toBeLessThan(0.2);
    }
    expect(rows.some((r) => Math.abs(r.employment / r.unfitted - 1) > 0.001)).toBe(true);
  });
});
