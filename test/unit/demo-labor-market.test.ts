import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLaborMarketFile } from '../../src/demo/labor-market.ts';
import { buildDemoLaborMarketFiles, generateDemoLaborMarket } from '../../src/demo/labor-market.ts';
import {
  CIP_CODES,
  CIP_SOC_ROWS,
  LABOR_OCCUPATIONS,
  NAICS_STRUCTURE_ROWS,
  ONET_KNOWLEDGE,
  ONET_SKILLS,
  RELATED_ELSEWHERE,
  SURVEY_SKILL_ELEMENTS,
} from '../../src/demo/labor-market-facts.ts';
import { DEMO_INSTITUTIONS } from '../../src/demo/labor-market-ipeds.ts';
import { buildDemoEconomy, plain, roundHalfAway } from '../../src/demo/labor-market-model.ts';
import { TOP_CODE_ANNUAL, TOP_CODE_HOURLY } from '../../src/demo/labor-market-oews.ts';
import { epRows, table110Fields } from '../../src/demo/labor-market-projections.ts';
import { EP_ROWS, FILLER_OCCUPATIONS } from '../../src/demo/labor-market-soc.ts';
import { DEFAULT_DEMO_SEED, DEMO_PARTNERSHIP } from '../../src/demo/qcew.ts';
import { CRITICAL_JOBS, SKILLS } from '../../src/demo/soc-jobs.ts';
import { SHARED_DATA, sharedDataAvailable } from '../helpers.ts';

const REAL = sharedDataAvailable();
const real = (file: string) => path.join(SHARED_DATA, file);

let files: DemoLaborMarketFile[];
const content = (source: string, name: string): string => {
  const file = files.find((f) => f.source === source && f.name === name);
  if (!file) throw new Error(`no demo file ${source}/${name}`);
  return file.content;
};
const lines = (text: string) => text.replace(/\r?\n$/, '').split(/\r?\n/);
const csvRows = (text: string): string[][] =>
  parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
const parsed = new Map<string, Record<string, string>[]>();
/** Rows of a CSV text by header name (parsed once: the 3-digit industry file has thousands of rows). */
const records = (text: string): Record<string, string>[] => {
  let rows = parsed.get(text);
  if (!rows) {
    rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, relax_column_count: true }) as Record<
      string,
      string
    >[];
    parsed.set(text, rows);
  }
  return rows;
};
const tsvRecords = (text: string): Record<string, string>[] => {
  const [header, ...rest] = lines(text).map((l) => l.split('\t'));
  return rest.map((fields) => Object.fromEntries(header!.map((h, i) => [h, fields[i] ?? ''])));
};
/** First line of a real file with its line ending, as bytes read as latin-1 text (so a BOM shows). */
async function realHead(file: string, count = 1): Promise<string[]> {
  return lines(await fs.readFile(real(file), 'utf8')).slice(0, count);
}

let root: string;
let written: { files: string[]; rows: number };
let again: { files: string[]; rows: number };

beforeAll(async () => {
  files = buildDemoLaborMarketFiles(DEFAULT_DEMO_SEED);
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-labor-'));
  written = await generateDemoLaborMarket({ outDir: path.join(root, 'a'), seed: DEFAULT_DEMO_SEED });
  again = await generateDemoLaborMarket({ outDir: path.join(root, 'b'), seed: DEFAULT_DEMO_SEED });
}, 60_000);

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');

describe('determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    expect(written.files.map((f) => path.relative(path.join(root, 'a'), f))).toEqual(
      again.files.map((f) => path.relative(path.join(root, 'b'), f)),
    );
    expect(written.files.map((f) => path.relative(path.join(root, 'a'), f))).toEqual([
      'oews/national_M2023_dl.csv',
      'oews/natsector_M2023_dl.csv',
      'oews/nat3d_M2023_dl.csv',
      'oews/state_M2023_dl.csv',
      'projections/bls_ep_occupation_2024-34__Table_1.10.csv',
      'projections/bls_ep_occupation_2024-34__Table_1.2.csv',
      'onet/Skills.txt',
      'onet/Knowledge.txt',
      'onet/Occupation Data.txt',
      'onet/Scales Reference.txt',
      'onet/Job Zones.txt',
      'onet/Related Occupations.txt',
      'onet/Education, Training, and Experience.txt',
      'ipeds/hd2023.csv',
      'ipeds/c2023_a.csv',
      'ipeds/flags2023.csv',
      'codes/CIP2020_SOC2018_Crosswalk__CIP-SOC.csv',
      'codes/CIPCode2020.csv',
      'codes/2022_NAICS_Structure.csv',
      'codes/national_county.txt',
      'codes/soc_2018_definitions.csv',
    ]);
    for (let i = 0; i < written.files.length; i++) {
      expect(await sha256(written.files[i]!), written.files[i]).toBe(await sha256(again.files[i]!));
    }
    expect(written.rows).toBe(again.rows);
    // What is on disk is what the builder returns.
    const national = await fs.readFile(written.files[0]!, 'utf8');
    expect(national).toBe(content('oews', 'national_M2023_dl.csv'));
  });

  it('draws other values from another seed, keeping codes and layout', () => {
    const other = buildDemoLaborMarketFiles(7);
    const pick = (set: DemoLaborMarketFile[], name: string) => set.find((f) => f.name === name)!.content;
    for (const name of [
      'national_M2023_dl.csv',
      'Skills.txt',
      'c2023_a.csv',
      'bls_ep_occupation_2024-34__Table_1.10.csv',
    ]) {
      expect(pick(other, name), name).not.toBe(pick(files, name));
      expect(lines(pick(other, name))[0]).toBe(lines(pick(files, name))[0]);
    }
    const codes = (set: DemoLaborMarketFile[]) =>
      csvRows(pick(set, 'national_M2023_dl.csv')).map((r) => r[0]);
    expect(codes(other)).toEqual(codes(files));
    expect(pick(other, 'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv')).toBe(
      pick(files, 'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv'),
    );
  });
});

describe('formatting helpers', () => {
  it('rounds half away from zero and writes numbers as a spreadsheet saves them', () => {
    expect(roundHalfAway(0.25, 1)).toBe(0.3);
    expect(roundHalfAway(-1.25, 1)).toBe(-1.3);
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect(plain(58.4, 2)).toBe('58.4');
    expect(plain(-0.04, 1)).toBe('0');
    expect(plain(299.55, 1)).toBe('299.6');
  });
});

describe.runIf(REAL)('headers equal the published files', () => {
  it('OEWS national and all-data layouts', async () => {
    const [national] = await realHead('oews/national_M2023_dl.csv');
    expect(lines(content('oews', 'national_M2023_dl.csv'))[0]).toBe(national);
    const [allData] = await realHead('oews/natsector_M2023_dl.csv');
    for (const name of ['natsector_M2023_dl.csv', 'nat3d_M2023_dl.csv', 'state_M2023_dl.csv']) {
      expect(lines(content('oews', name))[0], name).toBe(allData);
    }
    expect((await realHead('oews/national_M2025_dl.csv'))[0]).toBe(allData);
  });

  it('Employment Projections: title, header and the lines after the data', async () => {
    for (const table of ['1.10', '1.2']) {
      const name = `bls_ep_occupation_2024-34__Table_${table}.csv`;
      const published = lines(await fs.readFile(real(`projections/${name}`), 'utf8'));
      const demo = lines(content('projections', name));
      expect(demo.slice(0, 2), name).toEqual(published.slice(0, 2));
      const notes = table === '1.10' ? 1 : 3;
      expect(demo.slice(-notes), name).toEqual(published.slice(-notes));
    }
  });

  it('O*NET text release: the Excel release header without its Title and Scale Name columns', async () => {
    const excelOnly = new Set(['Title', 'Scale Name', 'Related Title']);
    const pairs: [string, string][] = [
      ['Skills.txt', 'Skills.tsv'],
      ['Knowledge.txt', 'Knowledge.tsv'],
      ['Job Zones.txt', 'Job Zones.tsv'],
      ['Related Occupations.txt', 'Related Occupations.tsv'],
      ['Education, Training, and Experience.txt', 'Education, Training, and Experience.tsv'],
    ];
    for (const [demo, published] of pairs) {
      const [header] = await realHead(`onet_29/${published}`);
      const text = header!.split('\t').filter((h) => !excelOnly.has(h));
      expect(lines(content('onet', demo))[0]!.split('\t'), demo).toEqual(text);
    }
    // Occupation Data keeps its Title; Scales Reference is the published list itself.
    expect(lines(content('onet', 'Occupation Data.txt'))[0]).toBe(
      (await realHead('onet_29/Occupation Data.tsv'))[0],
    );
    expect(content('onet', 'Scales Reference.txt')).toBe(
      await fs.readFile(real('onet_29/Scales Reference.tsv'), 'utf8'),
    );
  });

  it('IPEDS: the directory with its byte-order mark and CRLF, completions as extracted', async () => {
    const hd = await fs.readFile(real('ipeds/hd2023.csv'));
    const firstLine = hd.subarray(0, hd.indexOf('\n') + 1);
    const demoHd = Buffer.from(content('ipeds', 'hd2023.csv'));
    expect(demoHd.subarray(0, firstLine.length).equals(firstLine)).toBe(true);
    expect(demoHd.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(
      content('ipeds', 'hd2023.csv')
        .split('\n')
        .every((l, i, all) => i === all.length - 1 || l.endsWith('\r')),
    ).toBe(true);
    const [completions] = await realHead('ipeds/c2023_a_processed.csv');
    expect(lines(content('ipeds', 'c2023_a.csv'))[0]).toBe(completions);
  });

  it('code lists', async () => {
    for (const name of [
      'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv',
      'CIPCode2020.csv',
      '2022_NAICS_Structure.csv',
    ]) {
      expect(lines(content('codes', name))[0], name).toBe((await realHead(`crosswalks/${name}`))[0]);
    }
    // The SOC list: title block and header; groups without a definition field, detailed ones with one.
    const soc = lines(content('codes', 'soc_2018_definitions.csv'));
    expect(soc.slice(0, 3)).toEqual(await realHead('crosswalks/soc_2018_definitions.csv', 3));
    expect(soc[3]).toBe('Major,11-0000,Management Occupations');
    // The county list has no header, CRLF line endings and the Census field layout.
    const published = (await fs.readFile(real('geo/national_county.txt'), 'utf8')).split('\r\n')[0]!;
    expect(published).toBe('AL,01,001,Autauga County,H1');
    const demo = content('codes', 'national_county.txt');
    expect(demo.split('\r\n').slice(0, -1)).toEqual([
      'LK,57,001,Alder County,H1',
      'LK,57,003,Birch County,H1',
      'LK,57,005,Cedar County,H1',
      'LK,57,007,Dunmore County,H1',
      'LK,57,009,Elm County,H1',
    ]);
  });
});

describe.runIf(REAL)('codes and titles are the real ones', () => {
  it('OEWS codes, titles and groups appear in the May 2023 national file', async () => {
    const published = new Set(
      csvRows(await fs.readFile(real('oews/national_M2023_dl.csv'), 'utf8')).map(
        (r) => `${r[0]}|${r[1]}|${r[2]}`,
      ),
    );
    const demo = csvRows(content('oews', 'national_M2023_dl.csv')).slice(1);
    expect(demo.length).toBeGreaterThan(60);
    for (const r of demo)
      expect(published.has(`${r[0]}|${r[1]}|${r[2]}`), r.slice(0, 3).join(' ')).toBe(true);
    // Team assemblers are published inside 51-2090, broad and detailed, as OEWS does.
    expect(demo.filter((r) => r[0] === '51-2090').map((r) => r[2])).toEqual(['broad', 'detailed']);
  });

  it('Employment Projections rows match Table 1.10 titles, codes, indentation and row types', async () => {
    const published = new Set(
      csvRows(await fs.readFile(real('projections/bls_ep_occupation_2024-34__Table_1.10.csv'), 'utf8')).map(
        (r) => `${r[0]}|${r[1]}|${r[2]}`,
      ),
    );
    for (const [code, title, type] of EP_ROWS)
      expect(published.has(`${title}|${code}|${type}`), code).toBe(true);
  });

  it('O*NET occupations, related occupations and content model elements exist in O*NET 29', async () => {
    const occupations = new Map(
      tsvRecords(await fs.readFile(real('onet_29/Occupation Data.tsv'), 'utf8')).map((r) => [
        r['O*NET-SOC Code']!,
        r['Title']!,
      ]),
    );
    for (const r of tsvRecords(content('onet', 'Occupation Data.txt'))) {
      expect(occupations.get(r['O*NET-SOC Code']!), r['O*NET-SOC Code']).toBe(r['Title']);
    }
    for (const { code } of RELATED_ELSEWHERE) expect(occupations.has(code), code).toBe(true);
    const model = new Map(
      tsvRecords(await fs.readFile(real('onet_29/Content Model Reference.tsv'), 'utf8')).map((r) => [
        r['Element ID']!,
        r['Element Name']!,
      ]),
    );
    for (const [id, name] of [...ONET_SKILLS, ...ONET_KNOWLEDGE]) expect(model.get(id), id).toBe(name);
    const rated = async (file: string) =>
      new Set(lines(await fs.readFile(real(`onet_29/${file}`), 'utf8')).map((l) => l.split('\t')[2]));
    expect(new Set(ONET_SKILLS.map(([id]) => id))).toEqual(
      new Set([...(await rated('Skills.tsv'))].filter((x) => x !== 'Element ID')),
    );
    expect(new Set(ONET_KNOWLEDGE.map(([id]) => id))).toEqual(
      new Set([...(await rated('Knowledge.tsv'))].filter((x) => x !== 'Element ID')),
    );
  });

  it('CIP-SOC crosswalk rows, CIP codes and NAICS titles are copied exactly', async () => {
    const crosswalk = new Set(
      lines(await fs.readFile(real('crosswalks/CIP2020_SOC2018_Crosswalk__CIP-SOC.csv'), 'utf8')),
    );
    for (const line of lines(content('codes', 'CIP2020_SOC2018_Crosswalk__CIP-SOC.csv'))) {
      expect(crosswalk.has(line), line).toBe(true);
    }
    // Every SOC the crosswalk links to the demo's programs is there, not only the demo's occupations.
    const programs = new Set(CIP_SOC_ROWS.map(([cip]) => cip));
    const published = csvRows(
      await fs.readFile(real('crosswalks/CIP2020_SOC2018_Crosswalk__CIP-SOC.csv'), 'utf8'),
    ).filter((r) => programs.has(r[0]!));
    expect(published).toHaveLength(CIP_SOC_ROWS.length);
    const cipCodes = new Map(
      records(await fs.readFile(real('crosswalks/CIPCode2020.csv'), 'utf8')).map((r) => [r['CIPCode']!, r]),
    );
    for (const [code, title, textChange] of CIP_CODES) {
      const r = cipCodes.get(code);
      expect(r?.['CIPTitle'], code).toBe(title);
      expect(r?.['TextChange'], code).toBe(textChange);
      expect(r?.['Action'], code).toBe('No substantive changes');
    }
    // SOC rows: group, code and title as BLS lists them, the definition its first sentence.
    const socRows = csvRows(await fs.readFile(real('crosswalks/soc_2018_definitions.csv'), 'utf8')).slice(3);
    const socByCode = new Map(socRows.map((r) => [r[1]!, r]));
    const demoSoc = csvRows(content('codes', 'soc_2018_definitions.csv')).slice(3);
    expect(demoSoc.length).toBeGreaterThan(300);
    for (const r of demoSoc) {
      const published = socByCode.get(r[1]!);
      expect(published?.slice(0, 3), r[1]).toEqual(r.slice(0, 3));
      if (r[0] === 'Detailed') expect(published![3]!.startsWith(r[3]!), r[1]).toBe(true);
      else expect(r).toHaveLength(3);
    }
    // Every detailed occupation of the OEWS, projections and crosswalk files is there, with its groups.
    const socCodes = new Set(demoSoc.map((r) => r[1]));
    for (const [, soc] of CIP_SOC_ROWS) expect(socCodes.has(soc), soc).toBe(true);
    // (OEWS also publishes a few combinations of SOC codes, such as 21-1018, that the SOC list does not hold.)
    for (const o of FILLER_OCCUPATIONS) {
      if (socByCode.get(o.soc)?.[0] === 'Detailed') expect(socCodes.has(o.soc), o.soc).toBe(true);
    }
    expect(socCodes.has('51-2092')).toBe(true);
    const naics = new Set(lines(await fs.readFile(real('crosswalks/2022_NAICS_Structure.csv'), 'utf8')));
    for (const line of lines(content('codes', '2022_NAICS_Structure.csv')))
      expect(naics.has(line), line).toBe(true);
    expect(NAICS_STRUCTURE_ROWS.length).toBeGreaterThan(50);
  });
});

describe('OEWS values', () => {
  const oewsFiles = [
    'national_M2023_dl.csv',
    'natsector_M2023_dl.csv',
    'nat3d_M2023_dl.csv',
    'state_M2023_dl.csv',
  ];
  const numeric = (value: string | undefined): number | undefined =>
    value === '#'
      ? Number.POSITIVE_INFINITY
      : value === undefined || value === '' || value === '*'
        ? undefined
        : Number(value);

  it('lists wage percentiles in increasing order, hourly and annual', () => {
    let rows = 0;
    for (const name of oewsFiles) {
      for (const r of records(content('oews', name))) {
        for (const unit of ['H', 'A']) {
          const values = ['PCT10', 'PCT25', 'MEDIAN', 'PCT75', 'PCT90'].map((p) =>
            numeric(r[`${unit}_${p}`]),
          );
          if (values.some((v) => v === undefined)) {
            expect(
              values.every((v) => v === undefined),
              `${name} ${r['OCC_CODE']}`,
            ).toBe(true);
            continue;
          }
          // Top-coded percentiles (#) are all at or above the top code, so two in a row are not ordered.
          for (let i = 1; i < values.length; i++) {
            if (values[i - 1] === Number.POSITIVE_INFINITY) {
              expect(values[i], `${name} ${r['NAICS']} ${r['OCC_CODE']} ${unit}`).toBe(
                Number.POSITIVE_INFINITY,
              );
              continue;
            }
            expect(values[i]!, `${name} ${r['NAICS']} ${r['OCC_CODE']} ${unit}`).toBeGreaterThan(
              values[i - 1]!,
            );
          }
          rows++;
        }
      }
    }
    expect(rows).toBeGreaterThan(2000);
  });

  it('keeps detailed staffing shares of each industry at or under 100 percent, parents above children', () => {
    for (const name of ['natsector_M2023_dl.csv', 'nat3d_M2023_dl.csv']) {
      const byIndustry = new Map<string, Record<string, string>[]>();
      for (const r of records(content('oews', name))) {
        const list = byIndustry.get(r['NAICS']!) ?? [];
        list.push(r);
        byIndustry.set(r['NAICS']!, list);
      }
      expect(byIndustry.size).toBe(name.startsWith('natsector') ? 1 : 21);
      for (const [naics, rows] of byIndustry) {
        const detailed = rows.filter((r) => r['O_GROUP'] === 'detailed' && r['PCT_TOTAL'] !== '**');
        const share = detailed.reduce((s, r) => s + Number(r['PCT_TOTAL']), 0);
        expect(share, `${name} ${naics}`).toBeLessThanOrEqual(100);
        expect(share, `${name} ${naics}`).toBeGreaterThan(5);
        const total = rows.find((r) => r['O_GROUP'] === 'total')!;
        expect(total['PCT_TOTAL']).toBe('100');
        const majors = rows.filter((r) => r['O_GROUP'] === 'major');
        expect(majors.reduce((s, r) => s + Number(r['TOT_EMP']), 0)).toBeLessThanOrEqual(
          Number(total['TOT_EMP']),
        );
        for (const d of detailed) {
          const major = majors.find((m) => m['OCC_CODE']!.slice(0, 2) === d['OCC_CODE']!.slice(0, 2))!;
          expect(Number(d['TOT_EMP'])).toBeLessThanOrEqual(Number(major['TOT_EMP']));
        }
      }
    }
  });

  it('national manufacturing by sector equals the sum of its subsectors before rounding', () => {
    const sector = records(content('oews', 'natsector_M2023_dl.csv'));
    const subsectors = records(content('oews', 'nat3d_M2023_dl.csv'));
    const machinists = (rows: Record<string, string>[]) =>
      rows.filter((r) => r['OCC_CODE'] === '51-4041' && r['O_GROUP'] === 'detailed');
    const sum = machinists(subsectors).reduce((s, r) => s + Number(r['TOT_EMP']), 0);
    const published = Number(machinists(sector)[0]!['TOT_EMP']);
    // Each subsector is rounded to the nearest 10.
    expect(Math.abs(sum - published)).toBeLessThanOrEqual(5 * machinists(subsectors).length + 10);
    const total = subsectors
      .filter((r) => r['O_GROUP'] === 'total')
      .reduce((s, r) => s + Number(r['TOT_EMP']), 0);
    expect(Math.abs(total - Number(sector[0]!['TOT_EMP']))).toBeLessThanOrEqual(21 * 5 + 10);
  });

  it('carries the special values OEWS publishes: **, *, #, ~', () => {
    const nat3d = records(content('oews', 'nat3d_M2023_dl.csv'));
    const noEmployment = nat3d.filter((r) => r['TOT_EMP'] === '**');
    expect(noEmployment.map((r) => `${r['NAICS']} ${r['OCC_CODE']}`)).toEqual([
      '313000 47-2111',
      '316000 51-9161',
    ]);
    for (const r of noEmployment) {
      expect([r['EMP_PRSE'], r['PCT_TOTAL'], r['PCT_RPT']]).toEqual(['**', '**', '**']);
      expect(Number(r['H_MEDIAN'])).toBeGreaterThan(10);
    }
    const noWage = nat3d.filter((r) => r['H_MEAN'] === '*');
    for (const r of noWage) {
      expect(Number(r['TOT_EMP'])).toBeLessThan(50);
      expect(r['A_PCT90']).toBe('*');
    }
    expect(nat3d.some((r) => r['PCT_RPT'] === '~')).toBe(true);
    const national = records(content('oews', 'national_M2023_dl.csv'));
    const managers = national.find((r) => r['OCC_CODE'] === '11-1021')!;
    expect(managers['H_PCT90']).toBe('#');
    expect(managers['A_PCT90']).toBe('#');
    expect(Number(managers['H_PCT75'])).toBeLessThan(TOP_CODE_HOURLY);
    expect(Number(managers['A_PCT75'])).toBeLessThan(TOP_CODE_ANNUAL);
  });

  it('ends rows at their last value, like the published CSV copies, and writes annual = hourly × 2,080', () => {
    const national = lines(content('oews', 'national_M2023_dl.csv'));
    expect(national.slice(1).every((l) => !l.endsWith(','))).toBe(true);
    let annualOnly = 0;
    for (const r of records(content('oews', 'national_M2023_dl.csv'))) {
      // Teachers are paid by the year: annual wages only, ANNUAL=TRUE and * for every hourly wage.
      if (r['ANNUAL'] === 'TRUE') {
        annualOnly++;
        expect([r['H_MEAN'], r['H_PCT10'], r['H_MEDIAN'], r['H_PCT90']]).toEqual(['*', '*', '*', '*']);
        expect(Number(r['A_MEDIAN'])).toBeGreaterThan(25_000);
        continue;
      }
      expect(r['ANNUAL']).toBeUndefined();
      if (r['H_MEDIAN'] === '#') continue;
      expect(Math.abs(Number(r['A_MEDIAN']) - Number(r['H_MEDIAN']) * 2080)).toBeLessThanOrEqual(15);
    }
    expect(annualOnly).toBeGreaterThan(0);
  });

  it('gives Lakeshore a state file whose location quotients compare it with the national file', () => {
    const state = records(content('oews', 'state_M2023_dl.csv'));
    const national = records(content('oews', 'national_M2023_dl.csv'));
    expect(
      new Set(state.map((r) => `${r['AREA']} ${r['AREA_TITLE']} ${r['AREA_TYPE']} ${r['PRIM_STATE']}`)),
    ).toEqual(new Set([`57 ${DEMO_PARTNERSHIP.state.name} 2 LK`]));
    const stateTotal = Number(state[0]!['TOT_EMP']);
    const nationalTotal = Number(national[0]!['TOT_EMP']);
    const molding = (rows: Record<string, string>[]) => rows.find((r) => r['OCC_CODE'] === '51-4072')!;
    const quotient =
      Number(molding(state)['TOT_EMP']) / stateTotal / (Number(molding(national)['TOT_EMP']) / nationalTotal);
    expect(Number(molding(state)['LOC_QUOTIENT'])).toBeCloseTo(quotient, 1);
    // A manufacturing state: production jobs are concentrated there.
    expect(quotient).toBeGreaterThan(2);
    expect(Number(molding(state)['JOBS_1000'])).toBeCloseTo(
      (1000 * Number(molding(state)['TOT_EMP'])) / stateTotal,
      1,
    );
  });
});

describe('Employment Projections values', () => {
  it('publishes openings = exits + transfers + change / 10 on every row, within rounding', () => {
    const rows = csvRows(content('projections', 'bls_ep_occupation_2024-34__Table_1.10.csv')).slice(2, -1);
    expect(rows).toHaveLength(EP_ROWS.length);
    const lineItems = rows.filter((r) => r[2] === 'Line item');
    expect(lineItems).toHaveLength(LABOR_OCCUPATIONS.length + FILLER_OCCUPATIONS.length);
    for (const r of rows) {
      const [
        base,
        projected,
        change,
        ,
        exitRate,
        transferRate,
        rate,
        exits,
        transfers,
        separations,
        openings,
      ] = r.slice(3).map(Number) as number[];
      // Three values rounded to 0.05 and a tenth of a fourth: at most 0.155 apart.
      expect(Math.abs(openings! - (exits! + transfers! + change! / 10)), r[1]).toBeLessThanOrEqual(0.155);
      expect(Math.abs(separations! - (exits! + transfers!)), r[1]).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(Math.abs(change! - (projected! - base!)), r[1]).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(Math.abs(rate! - (exitRate! + transferRate!)), r[1]).toBeLessThanOrEqual(0.1 + 1e-9);
      // Rates apply to the decade's average employment.
      expect(Math.abs(exits! - ((exitRate! / 100) * (base! + projected!)) / 2), r[1]).toBeLessThanOrEqual(
        0.05 + (0.0005 * (base! + projected!)) / 2 + 1e-9,
      );
    }
  });

  it('rounds each unrounded value half away from zero, from values that satisfy the identity exactly', () => {
    const economy = buildDemoEconomy(DEFAULT_DEMO_SEED);
    for (const row of epRows(economy)) {
      expect(row.openings).toBeCloseTo(row.exits + row.transfers + row.change / 10, 9);
      const fields = table110Fields(row);
      expect(fields[13]).toBe(String(roundHalfAway(row.openings, 1) || 0));
      expect(fields[10]).toBe(String(roundHalfAway(row.exits, 1) || 0));
    }
    // Summary rows add up the rows right under them plus the rest of their group.
    const rows = epRows(economy);
    const production = rows.find((r) => r.code === '51-0000')!;
    const under = rows.filter((r) => /^ {4}\S/.test(r.title) && r.code.startsWith('51-'));
    expect(under.reduce((s, r) => s + r.base, 0)).toBeLessThan(production.base);
    const cnc = rows.find((r) => r.code === '51-9160')!;
    const cncItems = rows.filter((r) => r.code === '51-9161' || r.code === '51-9162');
    expect(cnc.base).toBeCloseTo(cncItems[0]!.base + cncItems[1]!.base, 9);
  });

  it('gives Table 1.2 the same rows with typical education for line items and dashes for summaries', () => {
    const table12 = csvRows(content('projections', 'bls_ep_occupation_2024-34__Table_1.2.csv')).slice(2, -3);
    const table110 = csvRows(content('projections', 'bls_ep_occupation_2024-34__Table_1.10.csv')).slice(
      2,
      -1,
    );
    expect(table12.map((r) => r.slice(0, 5))).toEqual(table110.map((r) => r.slice(0, 5)));
    const engineers = table12.find((r) => r[1] === '17-2112')!;
    expect(engineers.slice(12)).toEqual(["Bachelor's degree", 'None', 'None', 'OOH Content']);
    const production = table12.find((r) => r[1] === '51-0000')!;
    expect(production.slice(12)).toEqual(['—', '—', '—', '—']);
    expect(Number(production[11])).toBeGreaterThan(30_000);
  });
});

describe('O*NET values', () => {
  it('rates every skill and knowledge area on both scales, with n/a, Not Relevant and Recommend Suppress', () => {
    const skills = tsvRecords(content('onet', 'Skills.txt'));
    const knowledge = tsvRecords(content('onet', 'Knowledge.txt'));
    const occupations = LABOR_OCCUPATIONS.flatMap((o) => o.onet).length;
    expect(skills).toHaveLength(occupations * 35 * 2);
    expect(knowledge).toHaveLength(occupations * 33 * 2);
    for (const r of [...skills, ...knowledge]) {
      const value = Number(r['Data Value']);
      expect(r['Data Value']).toMatch(/^\d\.\d\d$/);
      expect(r['Standard Error']).toMatch(/^\d\.\d{4}$/);
      if (r['Scale ID'] === 'IM') {
        expect(value).toBeGreaterThanOrEqual(1);
        expect(value).toBeLessThanOrEqual(5);
        expect(r['Not Relevant']).toBe('n/a');
      } else {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(7);
        expect(['Y', 'N']).toContain(r['Not Relevant']);
      }
      expect(Number(r['Lower CI Bound'])).toBeLessThanOrEqual(value);
      expect(Number(r['Upper CI Bound'])).toBeGreaterThanOrEqual(value);
    }
    expect(skills.some((r) => r['Not Relevant'] === 'Y')).toBe(true);
    expect(knowledge.some((r) => r['Recommend Suppress'] === 'Y')).toBe(true);
    // Machinists need mechanical knowledge more than managers do; managers need to manage people.
    const im = (rows: typeof skills, code: string, id: string) =>
      Number(
        rows.find((r) => r['O*NET-SOC Code'] === code && r['Element ID'] === id && r['Scale ID'] === 'IM')![
          'Data Value'
        ],
      );
    expect(im(knowledge, '51-4041.00', '2.C.3.e')).toBeGreaterThan(im(knowledge, '11-1021.00', '2.C.3.e'));
    expect(im(skills, '11-1021.00', '2.B.5.d')).toBeGreaterThan(im(skills, '51-4041.00', '2.B.5.d'));
  });

  it('maps every survey skill to O*NET elements in the files', () => {
    expect(Object.keys(SURVEY_SKILL_ELEMENTS).sort()).toEqual(SKILLS.map((s) => s.id).sort());
    const ids = new Set([...ONET_SKILLS, ...ONET_KNOWLEDGE].map(([id]) => id));
    for (const elements of Object.values(SURVEY_SKILL_ELEMENTS))
      for (const id of elements) expect(ids.has(id)).toBe(true);
  });

  it('covers every critical job of the survey, directly or through the OEWS aggregate', () => {
    const onet = new Set(tsvRecords(content('onet', 'Occupation Data.txt')).map((r) => r['O*NET-SOC Code']));
    const oews = new Set(records(content('oews', 'national_M2023_dl.csv')).map((r) => r['OCC_CODE']));
    for (const job of CRITICAL_JOBS) {
      expect(onet.has(`${job.soc}.00`), job.soc).toBe(true);
      const published = LABOR_OCCUPATIONS.find((o) => o.soc === job.soc || o.surveySoc === job.soc)!.soc;
      expect(oews.has(published), job.soc).toBe(true);
    }
  });

  it('lists 20 related occupations each, ranked in tiers, and Job Zones 1-5', () => {
    const related = tsvRecords(content('onet', 'Related Occupations.txt'));
    const byCode = new Map<string, typeof related>();
    for (const r of related)
      byCode.set(r['O*NET-SOC Code']!, [...(byCode.get(r['O*NET-SOC Code']!) ?? []), r]);
    for (const [code, list] of byCode) {
      expect(list.map((r) => Number(r['Index']))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(list.filter((r) => r['Relatedness Tier'] === 'Primary-Short')).toHaveLength(5);
      expect(list.filter((r) => r['Relatedness Tier'] === 'Supplemental')).toHaveLength(10);
      expect(list.some((r) => r['Related O*NET-SOC Code'] === code)).toBe(false);
    }
    // CNC operators are most like the other machine-tool jobs.
    const cnc = byCode
      .get('51-9161.00')!
      .slice(0, 5)
      .map((r) => r['Related O*NET-SOC Code']);
    expect(cnc).toContain('51-4041.00');
    const zones = tsvRecords(content('onet', 'Job Zones.txt'));
    expect(zones.find((r) => r['O*NET-SOC Code'] === '17-2112.00')!['Job Zone']).toBe('4');
    expect(zones.find((r) => r['O*NET-SOC Code'] === '53-7062.00')!['Job Zone']).toBe('2');
  });

  it('gives education, training and experience distributions summing to 100', () => {
    const rows = tsvRecords(content('onet', 'Education, Training, and Experience.txt'));
    const sums = new Map<string, number>();
    for (const r of rows) {
      const key = `${r['O*NET-SOC Code']} ${r['Scale ID']}`;
      sums.set(key, (sums.get(key) ?? 0) + Number(r['Data Value']));
      if (r['Data Value'] === '0.00')
        expect([r['Lower CI Bound'], r['Upper CI Bound']]).toEqual(['n/a', 'n/a']);
    }
    for (const [key, total] of sums) expect(total, key).toBeCloseTo(100, 6);
    expect(rows.filter((r) => r['O*NET-SOC Code'] === '51-4041.00' && r['Scale ID'] === 'RL')).toHaveLength(
      12,
    );
  });
});

describe('IPEDS and code lists', () => {
  it('totals each award level in the 99 rows and keeps programs to the crosswalk', () => {
    const rows = records(content('ipeds', 'c2023_a.csv'));
    const crosswalk = new Set(CIP_SOC_ROWS.map(([cip]) => cip));
    const totals = new Map<string, number>();
    for (const r of rows) {
      expect(r['MAJORNUM']).toBe('1');
      expect(Number(r['CTOTALT'])).toBe(Number(r['CTOTALM']) + Number(r['CTOTALW']));
      if (r['CIPCODE'] === '99') {
        expect(r['IS_CIP_6DIGIT']).toBe('false');
        continue;
      }
      expect(r['IS_CIP_6DIGIT']).toBe('true');
      expect(crosswalk.has(r['CIPCODE']!), r['CIPCODE']).toBe(true);
      const key = `${r['UNITID']} ${r['AWLEVEL']}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(r['CTOTALT']));
    }
    for (const r of rows.filter((x) => x['CIPCODE'] === '99')) {
      expect(Number(r['CTOTALT'])).toBe(totals.get(`${r['UNITID']} ${r['AWLEVEL']}`));
    }
    expect(rows.some((r) => r['CIPCODE'] !== '99' && r['CTOTALT'] === '0')).toBe(true);
  });

  it('puts a system campus in the region whose completions its main campus outside the region reports', () => {
    const directory = records(content('ipeds', 'hd2023.csv'));
    expect(directory).toHaveLength(DEMO_INSTITUTIONS.length);
    for (const r of directory) expect(Object.keys(r)).toHaveLength(73);
    const region = new Set<string>(DEMO_PARTNERSHIP.regionCountyFips);
    const main = directory.find((r) => r['UNITID'] === '570105')!;
    const campus = directory.find((r) => r['UNITID'] === '570106')!;
    expect(region.has(main['COUNTYCD']!)).toBe(false);
    expect(region.has(campus['COUNTYCD']!)).toBe(true);
    expect([main['F1SYSTYP'], campus['F1SYSTYP']]).toEqual(['1', '1']);
    expect(main['F1SYSNAM']).toBe(campus['F1SYSNAM']);
    const reporting = new Set(records(content('ipeds', 'c2023_a.csv')).map((r) => r['UNITID']));
    expect(reporting.has('570105')).toBe(true);
    expect(reporting.has('570106')).toBe(false);
    // The response flags say so: the main campus reports for its children, the Dunmore campus with its parent.
    const flags = new Map(records(content('ipeds', 'flags2023.csv')).map((r) => [r['UNITID'], r]));
    expect([flags.get('570105')!['PRCH_C'], flags.get('570105')!['IDX_C']]).toEqual(['1', '-2']);
    expect([flags.get('570106')!['PRCH_C'], flags.get('570106')!['IDX_C']]).toEqual(['2', '570105']);
    expect(flags.get('570101')!['PRCH_C']).toBe('-2');
    expect(directory.filter((r) => region.has(r['COUNTYCD']!)).map((r) => r['UNITID'])).toEqual([
      '570101',
      '570102',
      '570103',
      '570104',
      '570106',
    ]);
  });

  it('lists CIP families, series and programs, and NAICS codes the demo QCEW uses', () => {
    const cips = records(content('codes', 'CIPCode2020.csv'));
    expect(cips.filter((r) => r['CIPCode']!.length === 7).map((r) => r['CIPCode'])).toEqual([
      ...new Set(CIP_SOC_ROWS.map(([cip]) => cip)),
    ]);
    for (const r of cips) expect(r['CIPFamily']).toBe(r['CIPCode']!.slice(0, 2));
    const naics = csvRows(content('codes', '2022_NAICS_Structure.csv')).slice(1);
    expect(naics[0]).toEqual(['31-33', 'ManufacturingT']);
    expect(naics.find((r) => r[0] === '3362')).toEqual([
      '3362',
      'Motor Vehicle Body and Trailer ManufacturingT ',
    ]);
  });
});
