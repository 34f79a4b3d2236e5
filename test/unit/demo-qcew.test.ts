import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  childrenOf,
  INDUSTRIES,
  INDUSTRY_BY_CODE,
  NATIONAL_BENCHMARKS,
  qcewIndustryTitle,
} from '../../src/demo/naics.ts';
import {
  DEFAULT_DEMO_SEED,
  DEMO_INDUSTRY_CODE,
  DEMO_PARTNERSHIP,
  DEMO_REGION_COUNTIES,
  generateDemoQcew,
  generateScaleQcew,
} from '../../src/demo/qcew.ts';
import {
  createQcewCsvWriter,
  formatDecimal,
  formatQcewCsv,
  qcewHeaderLine,
} from '../../src/demo/qcew-writer.ts';
import { createRandom, deriveSeed } from '../../src/demo/random.ts';
import { matchHeader, QCEW_LAYOUTS } from '../../src/ingest/qcew-layouts.ts';

type Row = Record<string, string> & {
  readonly area_fips: string;
  readonly own_code: string;
  readonly industry_code: string;
  readonly qtr: string;
  readonly disclosure_code: string;
};

const MEASURES = [
  'qtrly_estabs',
  'month1_emplvl',
  'month2_emplvl',
  'month3_emplvl',
  'total_qtrly_wages',
  'taxable_qtrly_wages',
  'qtrly_contributions',
] as const;

const layoutNames = (id: string): string[] =>
  QCEW_LAYOUTS.find((l) => l.id === id)!.columns.map((c) => c.name);

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

async function readRows(file: string): Promise<Row[]> {
  return parse(await fs.readFile(file, 'utf8'), { columns: true }) as Row[];
}

const rowKey = (r: Row): string => `${r.own_code}|${r.industry_code}|${r.qtr}`;

let root: string;
let first: { files: string[]; rows: number };
let second: { files: string[]; rows: number };
let reseeded: { files: string[]; rows: number };
/** Parsed files of the first run by `${year} ${area_fips}`. */
const tables = new Map<string, Row[]>();
const table = (year: number, area: string): Row[] => {
  const rows = tables.get(`${year} ${area}`);
  if (!rows) throw new Error(`no demo file for ${year} ${area}`);
  return rows;
};
const addChild = (children: Map<string, Row[]>, key: string, row: Row): void => {
  const list = children.get(key);
  if (list) list.push(row);
  else children.set(key, [row]);
};
const indexed = (rows: Row[]): Map<string, Row> => new Map(rows.map((r) => [rowKey(r), r]));

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-qcew-'));
  first = await generateDemoQcew({ outDir: path.join(root, 'a') });
  second = await generateDemoQcew({ outDir: path.join(root, 'b'), seed: DEFAULT_DEMO_SEED });
  reseeded = await generateDemoQcew({ outDir: path.join(root, 'c'), seed: 7 });
  for (const file of first.files) {
    const [year, area] = path.basename(file).replace('.q1-q4', '').split(' ') as [string, string];
    tables.set(`${year} ${area}`, await readRows(file));
  }
}, 30_000);

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

describe('seeded random numbers', () => {
  it('repeats the same sequence for a seed and stays in range', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const draws = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const dice = createRandom(1);
    const rolls = Array.from({ length: 2000 }, () => dice.int(1, 6));
    expect(new Set(rolls)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(createRandom(3).pick(['x'])).toBe('x');
    expect(createRandom(3).poisson(0)).toBe(0);
    expect(deriveSeed(1, 'a', 'b')).toBe(deriveSeed(1, 'a', 'b'));
    expect(deriveSeed(1, 'a', 'b')).not.toBe(deriveSeed(1, 'ab'));
  });

  it('draws normals with the requested mean and spread', () => {
    const rnd = createRandom(9);
    const xs = Array.from({ length: 20_000 }, () => rnd.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });
});

describe('NAICS demo codes', () => {
  it('builds the hierarchy from every code up to 10', () => {
    expect(ancestorsOf('3261')).toEqual(['3261', '326', '31-33', '1013', '101', '10']);
    expect(ancestorsOf('455')).toEqual(['455', '44-45', '1021', '102', '10']);
    expect(childrenOf('326')).toEqual(['3261', '3262']);
    expect(qcewIndustryTitle('31-33')).toBe('NAICS 31-33 Manufacturing');
    expect(qcewIndustryTitle('1013')).toBe('1013 Manufacturing');
    expect(qcewIndustryTitle('10')).toBe('10 Total, all industries');
    const levels = (level: string) => INDUSTRIES.filter((i) => i.level === level).map((i) => i.code);
    expect(levels('sector')).toHaveLength(21);
    expect(levels('supersector')).toHaveLength(12);
    expect(levels('subsector').filter((c) => c.startsWith('3'))).toHaveLength(21);
    expect(levels('industry-group').length).toBeGreaterThanOrEqual(25);
  });

  it('has a national private benchmark for every private leaf code', () => {
    const privateLeaves = INDUSTRIES.filter(
      // Public administration and the Postal Service are government only.
      (i) => childrenOf(i.code).length === 0 && !i.code.startsWith('92') && i.code !== '491',
    ).map((i) => i.code);
    const benchmarked = NATIONAL_BENCHMARKS.filter((b) => b.own === '5').map((b) => b.code);
    expect(new Set(benchmarked)).toEqual(new Set(privateLeaves));
  });
});

describe('QCEW CSV writer', () => {
  it('quotes text, leaves numbers bare and rounds LQs to 2 and percent changes to 1 decimal', () => {
    const text = formatQcewCsv(
      'quarterly-singlefile',
      [
        {
          area_fips: '01001',
          own_code: '0',
          industry_code: '31-33',
          qtrly_estabs: 12,
          month1_emplvl: 1234.4,
          lq_qtrly_estabs: 1.005,
          lq_month1_emplvl: '0',
          oty_month1_emplvl_pct_chg: -0.04,
          oty_avg_wkly_wage_pct_chg: 12.35,
          area_title: 'ignored: not a singlefile column',
        },
      ],
      { lineEnding: '\n' },
    );
    const [header, line, end] = text.split('\n');
    expect(header).toBe(
      layoutNames('quarterly-singlefile')
        .map((n) => `"${n}"`)
        .join(','),
    );
    expect(end).toBe('');
    expect(line).toMatch(/^"01001","0","31-33","","","","","",12,1234,/);
    const fields = line!.split(',');
    expect(fields).toHaveLength(42);
    expect(fields[17]).toBe(formatDecimal(1.005, 2));
    expect(fields[18]).toBe('0');
    expect(fields[29]).toBe('0.0');
    expect(fields[41]).toBe((12.35).toFixed(1));
  });

  it('writes the older _count spelling, CRLF by default, and streams rows to a file', async () => {
    expect(qcewHeaderLine('quarterly', { countSpelling: true })).toContain(
      '"qtrly_estabs_count","month1_emplvl"',
    );
    expect(qcewHeaderLine('annual-singlefile', { countSpelling: true })).toContain(
      '"oty_annual_avg_estabs_count_chg"',
    );
    expect(formatQcewCsv('quarterly', [])).toMatch(/"oty_avg_wkly_wage_pct_chg"\r\n$/);
    expect(formatQcewCsv('annual', [{ area_title: 'Say "hi"' }])).toContain('"Say ""hi"""');
    expect(() => formatQcewCsv('nope', [])).toThrow(/unknown QCEW layout/);

    const file = path.join(root, 'writer.csv');
    const out = createQcewCsvWriter(file, 'quarterly', { countSpelling: true });
    for (let i = 0; i < 3; i++) await out.write({ area_fips: '57001', qtrly_estabs: i, month1_emplvl: 'x' });
    const { rows, bytes } = await out.close();
    const text = await fs.readFile(file, 'utf8');
    expect(rows).toBe(3);
    expect(bytes).toBe(Buffer.byteLength(text));
    const parsed = parse(text, { columns: true }) as Row[];
    expect(parsed.map((r) => r.qtrly_estabs_count)).toEqual(['0', '1', '2']);
    expect(parsed[0]!.month1_emplvl).toBe('x');
  });
});

describe('demo QCEW files', () => {
  it('writes one BLS-named file per area and year, byte-identical for the same seed', async () => {
    const names = first.files.map((f) => path.basename(f));
    expect(names).toHaveLength(21);
    expect(names).toContain('2024.q1-q4 57001 Alder County, Lakeshore.csv');
    expect(names).toContain('2022.q1-q4 57000 Lakeshore -- Statewide.csv');
    expect(names).toContain('2023.q1-q4 US000 U.S. TOTAL.csv');
    expect(names).toEqual([...names].sort());
    expect(second.files.map((f) => path.basename(f))).toEqual(names);
    expect(second.rows).toBe(first.rows);
    for (let i = 0; i < first.files.length; i++) {
      expect(await sha256(second.files[i]!)).toBe(await sha256(first.files[i]!));
    }
    const counted = [...tables.values()].reduce((sum, rows) => sum + rows.length, 0);
    expect(counted).toBe(first.rows);
  });

  it('differs for a different seed', async () => {
    const a = await sha256(first.files[1]!);
    const c = await sha256(reseeded.files[1]!);
    expect(path.basename(reseeded.files[1]!)).toBe(path.basename(first.files[1]!));
    expect(c).not.toBe(a);
  });

  it('uses the quarterly layout header, BLS quoting and CRLF line endings', async () => {
    const text = await fs.readFile(
      first.files.find((f) => f.endsWith('2022.q1-q4 57000 Lakeshore -- Statewide.csv'))!,
      'utf8',
    );
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    const header = parse(lines[0]!)[0] as string[];
    expect(header).toEqual(layoutNames('quarterly'));
    const match = matchHeader(header);
    expect(match.layout?.id).toBe('quarterly');
    expect(lines[0]!.startsWith('"area_fips","own_code","industry_code"')).toBe(true);
    expect(lines[1]).toMatch(
      /^"57000","0","10","50","0","2022","1","","Lakeshore -- Statewide","Total Covered","10 Total, all industries","State, Total Covered","All establishment sizes",\d+,\d+,\d+,\d+,\d+,\d+,\d+,\d+,"",1\.00,1\.00,1\.00,1\.00,1\.00,1\.00,1\.00,1\.00,"",-?\d+,-?\d+\.\d,/,
    );
    const suppressed = lines.find((l) => l.includes(',"N",'));
    if (suppressed) expect(suppressed).toMatch(/,"N",\d+\.\d\d,0,0,0,0,0,0,0,"N",-?\d+,-?\d+\.\d,0,0,0,0,/);
  });

  it('describes the partnership region and industry', () => {
    expect(DEMO_REGION_COUNTIES.map((c) => c.fips)).toEqual([...DEMO_PARTNERSHIP.regionCountyFips]);
    expect(DEMO_PARTNERSHIP.counties.filter((c) => !c.inRegion).map((c) => c.fips)).toEqual(['57009']);
    expect(DEMO_INDUSTRY_CODE).toBe('31-33');
    for (const county of DEMO_PARTNERSHIP.counties) {
      expect(table(2024, county.fips)[0]!.area_title).toBe(`${county.name}, Lakeshore`);
    }
  });

  it('has realistic sizes, ownerships and agglvl codes', () => {
    for (const county of DEMO_PARTNERSHIP.counties) {
      const rows = table(2024, county.fips);
      const total = rows.find((r) => r.own_code === '0')!;
      expect(Number(total.month3_emplvl)).toBeGreaterThan(20_000);
      expect(Number(total.month3_emplvl)).toBeLessThan(150_000);
      expect(new Set(rows.map((r) => r.own_code))).toEqual(new Set(['0', '1', '2', '3', '5']));
      expect(rows.filter((r) => r.own_code === '0').map((r) => r.industry_code)).toEqual([
        '10',
        '10',
        '10',
        '10',
      ]);
      const depth = { total: 1, domain: 2, supersector: 3, sector: 4, subsector: 5, 'industry-group': 6 };
      const wrong = rows.filter((r) => {
        const level = r.own_code === '0' ? 0 : depth[INDUSTRY_BY_CODE.get(r.industry_code)!.level];
        return r.agglvl_code !== String(70 + level);
      });
      expect(wrong).toEqual([]);
    }
    const state = table(2024, '57000');
    expect(state.filter((r) => r.own_code === '8').map((r) => `${r.industry_code}/${r.agglvl_code}`)).toEqual(
      Array(4).fill('10/96'),
    );
    const nation = table(2024, 'US000');
    expect(nation.some((r) => r.own_code === '8')).toBe(false);
    expect(new Set(nation.filter((r) => r.own_code === '5').map((r) => r.agglvl_code))).toEqual(
      new Set(['11', '12', '13', '14', '15', '16']),
    );
    const us = Number(nation.find((r) => r.own_code === '0')!.month3_emplvl);
    expect(us).toBeGreaterThan(140e6);
    expect(us).toBeLessThan(165e6);
    const wages = nation.filter((r) => r.own_code === '5').map((r) => Number(r.avg_wkly_wage));
    expect(Math.min(...wages)).toBeGreaterThan(400);
    expect(Math.max(...wages)).toBeLessThan(6000);
  });

  it('keeps every parent equal to the sum of its children where all are disclosed', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const rows of tables.values()) {
      const byKey = indexed(rows);
      const children = new Map<string, Row[]>();
      for (const r of rows) {
        if (r.own_code === '0' || r.own_code === '8') continue;
        const parent = INDUSTRY_BY_CODE.get(r.industry_code)!.parent;
        const key = parent === undefined ? `0|10|${r.qtr}` : `${r.own_code}|${parent}|${r.qtr}`;
        addChild(children, key, r);
        if (['1', '2', '3'].includes(r.own_code) && parent === undefined && byKey.has(`8|10|${r.qtr}`)) {
          addChild(children, `8|10|${r.qtr}`, r);
        }
      }
      for (const [key, kids] of children) {
        const parent = byKey.get(key);
        if (!parent) {
          problems.push(`${key}: no parent row`);
          continue;
        }
        // Establishment counts are published even for suppressed cells, so they must always add up.
        const estabs = kids.reduce((s, k) => s + Number(k.qtrly_estabs), 0);
        if (estabs !== Number(parent.qtrly_estabs)) problems.push(`${parent.area_fips} ${key} qtrly_estabs`);
        if (parent.disclosure_code !== '' || kids.some((k) => k.disclosure_code !== '')) continue;
        for (const measure of MEASURES) {
          const sum = kids.reduce((s, k) => s + Number(k[measure]), 0);
          if (sum !== Number(parent[measure])) problems.push(`${parent.area_fips} ${key} ${measure}`);
        }
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
  });

  it('makes the state the sum of its counties', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const year of [2022, 2023, 2024]) {
      const counties = DEMO_PARTNERSHIP.counties.map((c) => indexed(table(year, c.fips)));
      for (const s of table(year, '57000')) {
        if (s.own_code === '8' || s.disclosure_code !== '') continue;
        const parts = counties.map((c) => c.get(rowKey(s)));
        if (parts.some((p) => p !== undefined && p.disclosure_code !== '')) continue;
        for (const measure of MEASURES) {
          const sum = parts.reduce((total, p) => total + Number(p?.[measure] ?? 0), 0);
          if (sum !== Number(s[measure])) problems.push(`${year} ${rowKey(s)} ${measure}`);
        }
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it('computes average weekly wages and over-the-year changes as BLS does', () => {
    const problems: string[] = [];
    for (const rows of tables.values()) {
      for (const r of rows) {
        if (r.disclosure_code !== '') continue;
        const average = (Number(r.month1_emplvl) + Number(r.month2_emplvl) + Number(r.month3_emplvl)) / 3;
        const weekly = Math.round(Number(r.total_qtrly_wages) / average / 13);
        if (Number(r.avg_wkly_wage) !== weekly) problems.push(`${r.area_fips} ${rowKey(r)} avg_wkly_wage`);
      }
    }
    let checked = 0;
    for (const area of [...DEMO_PARTNERSHIP.counties.map((c) => c.fips), '57000', 'US000']) {
      const before = indexed(table(2023, area));
      for (const r of table(2024, area)) {
        const where = `${area} ${rowKey(r)}`;
        const prior = before.get(rowKey(r));
        if (!prior) {
          problems.push(`${where}: no 2023 row`);
          continue;
        }
        if (Number(r.oty_qtrly_estabs_chg) !== Number(r.qtrly_estabs) - Number(prior.qtrly_estabs)) {
          problems.push(`${where} oty_qtrly_estabs_chg`);
        }
        const hidden = prior.disclosure_code !== '' || r.disclosure_code !== '';
        if (r.oty_disclosure_code !== (hidden ? 'N' : '')) problems.push(`${where} oty_disclosure_code`);
        if (hidden) continue;
        const change = Number(r.month3_emplvl) - Number(prior.month3_emplvl);
        const percent = (100 * change) / Number(prior.month3_emplvl);
        if (Number(r.oty_month3_emplvl_chg) !== change) problems.push(`${where} oty_month3_emplvl_chg`);
        if (Math.abs(Number(r.oty_month3_emplvl_pct_chg) - percent) > 0.05 + 1e-9) {
          problems.push(`${where} oty_month3_emplvl_pct_chg`);
        }
        if (!/^-?\d+\.\d$/.test(r.oty_month3_emplvl_pct_chg!)) problems.push(`${where} pct format`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('publishes county and state LQs by the BLS formula against the U.S. file', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const year of [2022, 2023, 2024]) {
      const nation = indexed(table(year, 'US000'));
      for (const area of [...DEMO_PARTNERSHIP.counties.map((c) => c.fips), '57000']) {
        const rows = table(year, area);
        const totals = indexed(rows);
        for (const r of rows) {
          if (r.lq_disclosure_code !== '' || r.own_code === '8') continue;
          const areaTotal = totals.get(`0|10|${r.qtr}`)!;
          const us = nation.get(rowKey(r))!;
          const usTotal = nation.get(`0|10|${r.qtr}`)!;
          const expected =
            Number(r.month3_emplvl) /
            Number(areaTotal.month3_emplvl) /
            (Number(us.month3_emplvl) / Number(usTotal.month3_emplvl));
          const published = r.lq_month3_emplvl!;
          if (!/^\d+\.\d\d$/.test(published) || Math.abs(Number(published) - expected) > 0.005 + 1e-9) {
            problems.push(`${year} ${area} ${rowKey(r)}: published ${published}, formula ${expected}`);
          }
          checked++;
        }
      }
      const nationLqs = new Set(table(year, 'US000').map((r) => r.lq_month3_emplvl));
      expect(nationLqs).toEqual(new Set(['1.00']));
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(5000);
  });

  it('concentrates manufacturing in the region (LQ 2.5-4 in 2024 Q4, month 3)', () => {
    const nation = indexed(table(2024, 'US000'));
    let mfg = 0;
    let total = 0;
    for (const county of DEMO_REGION_COUNTIES) {
      const rows = indexed(table(2024, county.fips));
      const sector = rows.get(`5|${DEMO_INDUSTRY_CODE}|4`)!;
      expect(sector.disclosure_code).toBe('');
      mfg += Number(sector.month3_emplvl);
      total += Number(rows.get('0|10|4')!.month3_emplvl);
      const privateTotal = Number(rows.get('5|10|4')!.month3_emplvl);
      expect(Number(sector.month3_emplvl) / privateTotal).toBeGreaterThan(0.2);
      expect(Number(sector.month3_emplvl) / privateTotal).toBeLessThan(0.4);
    }
    const lq =
      mfg /
      total /
      (Number(nation.get(`5|${DEMO_INDUSTRY_CODE}|4`)!.month3_emplvl) /
        Number(nation.get('0|10|4')!.month3_emplvl));
    expect(lq).toBeGreaterThan(2.5);
    expect(lq).toBeLessThan(4);
  });

  it('suppresses like BLS: all-zero N rows, 3-establishment rule, no cell derivable by subtraction', () => {
    const zeroFields = [
      'month1_emplvl',
      'month2_emplvl',
      'month3_emplvl',
      'total_qtrly_wages',
      'taxable_qtrly_wages',
      'qtrly_contributions',
      'avg_wkly_wage',
      'lq_month1_emplvl',
      'lq_month2_emplvl',
      'lq_month3_emplvl',
      'lq_total_qtrly_wages',
      'lq_taxable_qtrly_wages',
      'lq_qtrly_contributions',
      'lq_avg_wkly_wage',
      'oty_month1_emplvl_chg',
      'oty_month1_emplvl_pct_chg',
      'oty_month3_emplvl_chg',
      'oty_total_qtrly_wages_chg',
      'oty_avg_wkly_wage_pct_chg',
    ];
    const problems: string[] = [];
    for (const [name, rows] of tables) {
      const byKey = indexed(rows);
      if (name.endsWith('US000') && rows.some((r) => r.disclosure_code !== ''))
        problems.push(`${name}: suppressed`);
      for (const r of rows) {
        const where = `${name} ${rowKey(r)}`;
        if (r.disclosure_code === '') {
          // Federal government and the all-ownership total are exempt from primary suppression.
          if (r.own_code !== '0' && r.own_code !== '1' && Number(r.qtrly_estabs) < 3)
            problems.push(`${where} < 3`);
          continue;
        }
        if (r.disclosure_code !== 'N') problems.push(`${where} code ${r.disclosure_code}`);
        if (r.lq_disclosure_code !== 'N' || r.oty_disclosure_code !== 'N')
          problems.push(`${where} lq/oty code`);
        for (const field of zeroFields) if (r[field] !== '0') problems.push(`${where} ${field}=${r[field]}`);
        if (!(Number(r.qtrly_estabs) > 0)) problems.push(`${where} estabs`);
      }
      // Every additive relation in the file (parent = sum of children) has 0 or at least 2 suppressed members.
      const children = new Map<string, Row[]>();
      for (const r of rows) {
        if (r.own_code === '0' || r.own_code === '8') continue;
        const parent = INDUSTRY_BY_CODE.get(r.industry_code)!.parent;
        addChild(children, parent === undefined ? `0|10|${r.qtr}` : `${r.own_code}|${parent}|${r.qtr}`, r);
      }
      for (const [key, kids] of children) {
        const parentHidden = byKey.get(key)!.disclosure_code === 'N';
        const hidden = kids.filter((k) => k.disclosure_code === 'N').length;
        const where = `${name} ${key}: ${hidden} of ${kids.length} children suppressed, parent ${parentHidden ? 'N' : 'disclosed'}`;
        if (
          kids.length === 1 ? (hidden === 1) !== parentHidden : hidden === 1 || (parentHidden && hidden < 2)
        ) {
          problems.push(where);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('suppresses a plausible share of county detail, more in small counties', () => {
    const share = (area: string): number => {
      const detail = table(2024, area).filter((r) => r.industry_code !== '10');
      return detail.filter((r) => r.disclosure_code === 'N').length / detail.length;
    };
    const shares = DEMO_PARTNERSHIP.counties.map((c) => share(c.fips));
    for (const s of shares) {
      expect(s).toBeGreaterThan(0.05);
      expect(s).toBeLessThan(0.35);
    }
    expect(share('57001')).toBeLessThan(share('57007'));
    expect(share('57000')).toBeLessThan(share('57001'));
  });
});

describe('scale QCEW file', () => {
  it('streams the singlefile layout with 4 quarters per row kind and a few suppressed rows', async () => {
    const file = path.join(root, 'scale.csv');
    const result = await generateScaleQcew({ outFile: file, areas: 5, seed: 11 });
    const text = await fs.readFile(file, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(text));
    const records = parse(text) as string[][];
    expect(records[0]).toEqual(layoutNames('quarterly-singlefile'));
    const rows = records.slice(1);
    expect(rows).toHaveLength(result.rows);
    expect(result.rows % 4).toBe(0);
    expect(result.rows).toBeGreaterThan(5 * 4 * 300);
    expect(result.rows).toBeLessThan(5 * 4 * 2500);
    expect(new Set(rows.map((r) => r[0]))).toHaveProperty('size', 5);
    expect(rows.filter((r) => r.length !== 42)).toEqual([]);
    const suppressed = rows.filter((r) => r[7] === 'N');
    expect(suppressed.length / rows.length).toBeGreaterThan(0.01);
    expect(suppressed.length / rows.length).toBeLessThan(0.1);
    expect(suppressed.filter((r) => r.slice(9, 16).join(',') !== '0,0,0,0,0,0,0')).toEqual([]);
    expect(text.split('\r\n')[1]).toMatch(/^"80001","0","10","70","0","2024","1","",\d+,/);
    expect(
      text
        .split('\r\n')
        .slice(1, -1)
        .every((l) => /^"\d{5}","\d","[\d-]+","7\d","0","2024","[1-4]","N?",/.test(l)),
    ).toBe(true);
  });

  it('writes titles in the quarterly layout and is deterministic', async () => {
    const a = path.join(root, 'scale-a.csv');
    const b = path.join(root, 'scale-b.csv');
    await generateScaleQcew({ outFile: a, areas: 2, seed: 5, layoutId: 'quarterly' });
    await generateScaleQcew({ outFile: b, areas: 2, seed: 5, layoutId: 'quarterly' });
    expect(await sha256(a)).toBe(await sha256(b));
    const records = parse(await fs.readFile(a, 'utf8'), { columns: true }) as Row[];
    expect(records[0]!.area_title).toBe('Scale County 80001');
    expect(records.every((r) => Object.keys(r).length === 47)).toBe(true);
    await expect(generateScaleQcew({ outFile: a, layoutId: 'annual' })).rejects.toThrow(/quarterly/);
  });
});
