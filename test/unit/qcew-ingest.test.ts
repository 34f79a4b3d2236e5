import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatQcewCsv, type QcewRow } from '../../src/demo/qcew-writer.ts';
import { memoryLogger } from '../../src/effects.ts';
import { loadQcew, planQcew } from '../../src/ingest/qcew.ts';
import { matchHeader, QCEW_LAYOUTS } from '../../src/ingest/qcew-layouts.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { tempDir } from '../helpers.ts';

function cell(overrides: Partial<Record<string, string | number>> = {}): QcewRow {
  return {
    area_fips: '01001',
    own_code: '5',
    industry_code: '31-33',
    agglvl_code: '74',
    size_code: '0',
    year: '2024',
    qtr: '1',
    disclosure_code: '',
    area_title: 'Autauga County, Alabama',
    qtrly_estabs: 12,
    month1_emplvl: 100,
    month2_emplvl: 101,
    month3_emplvl: 102,
    total_qtrly_wages: 1_300_000,
    annual_avg_estabs: 12,
    annual_avg_emplvl: 101,
    total_annual_wages: 5_200_000,
    lq_disclosure_code: '',
    oty_disclosure_code: '',
    ...overrides,
  };
}

function nthIndex(text: string, char: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(char, at + 1);
  return at;
}

describe('QCEW headers', () => {
  it('recognises the four layouts in both establishment spellings', () => {
    for (const layout of QCEW_LAYOUTS) {
      const current = layout.columns.map((c) => c.name);
      const older = layout.columns.map((c) => c.aliases?.[0] ?? c.name);
      expect(matchHeader(current)).toMatchObject({ layout: { id: layout.id }, countSpelling: false });
      expect(matchHeader(older)).toMatchObject({ layout: { id: layout.id }, countSpelling: true });
    }
    expect(QCEW_LAYOUTS.map((l) => [l.id, l.columns.length])).toEqual([
      ['quarterly', 47],
      ['quarterly-singlefile', 42],
      ['annual', 43],
      ['annual-singlefile', 38],
    ]);
  });

  it('says which column differs in a near-QCEW header, and when a file is something else', () => {
    const names = QCEW_LAYOUTS[0]!.columns.map((c) => c.name);
    names[15] = 'month2_employment';
    expect(matchHeader(names)).toEqual({
      reason:
        'header does not match the QCEW quarterly layout: expected "month2_emplvl" at column 16, found "month2_employment"',
      column: 16,
    });
    expect(matchHeader(['OCC_CODE', 'OCC_TITLE', 'TOT_EMP'])).toEqual({
      reason:
        'header is not a QCEW header (expected area_fips,own_code,industry_code,...; found OCC_CODE,OCC_TITLE,TOT_EMP)',
    });
  });
});

describe('QCEW ingest', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let warehouse: DuckdbWarehouse;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    warehouse = await DuckdbWarehouse.open({ path: ':memory:' });
  });
  afterEach(async () => {
    await warehouse.close();
    await cleanup();
  });

  async function file(name: string, content: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  async function load(paths: string[], onBadFile: 'fail' | 'skip' = 'fail') {
    const plan = await planQcew([{ paths, vintage: 'test', onBadFile }]);
    return loadQcew(plan, { warehouse, logger: memoryLogger(), tag: 'test' });
  }

  it('loads every layout into typed raw tables with codes kept as text', async () => {
    const paths = [
      await file('q.csv', formatQcewCsv('quarterly', [cell(), cell({ qtr: '2' })], { countSpelling: true })),
      await file(
        'qs.csv',
        formatQcewCsv('quarterly-singlefile', [cell({ area_fips: '01003', industry_code: '336' })], {
          lineEnding: '\n',
        }),
      ),
      await file('a.csv', formatQcewCsv('annual', [cell({ qtr: 'A' })])),
      await file('as.csv', formatQcewCsv('annual-singlefile', [cell({ qtr: 'A', area_fips: 'C2114' })])),
    ];
    const result = await load(paths);
    expect(result.issues).toEqual([]);
    expect(result.tables).toEqual([
      { name: 'raw_qcew_quarterly', rows: 3 },
      { name: 'raw_qcew_annual', rows: 2 },
    ]);
    expect(result.files.map((f) => [f.layout?.id, f.rows, f.status])).toEqual([
      ['annual', 1, 'loaded'],
      ['annual-singlefile', 1, 'loaded'],
      ['quarterly', 2, 'loaded'],
      ['quarterly-singlefile', 1, 'loaded'],
    ]);
    const rows = await warehouse.query(
      'SELECT area_fips, industry_code, qtr, qtrly_estabs, month3_emplvl, area_title FROM raw_qcew_quarterly ORDER BY area_fips, qtr',
    );
    expect(rows).toEqual([
      {
        area_fips: '01001',
        industry_code: '31-33',
        qtr: '1',
        qtrly_estabs: 12,
        month3_emplvl: 102,
        area_title: 'Autauga County, Alabama',
      },
      {
        area_fips: '01001',
        industry_code: '31-33',
        qtr: '2',
        qtrly_estabs: 12,
        month3_emplvl: 102,
        area_title: 'Autauga County, Alabama',
      },
      {
        area_fips: '01003',
        industry_code: '336',
        qtr: '1',
        qtrly_estabs: 12,
        month3_emplvl: 102,
        area_title: null,
      },
    ]);
    const types = await warehouse.tableColumns('raw_qcew_quarterly');
    expect(
      types.filter((c) =>
        ['area_fips', 'own_code', 'industry_code', 'qtrly_estabs', 'lq_month3_emplvl'].includes(c.name),
      ),
    ).toEqual([
      { name: 'area_fips', type: 'VARCHAR' },
      { name: 'own_code', type: 'VARCHAR' },
      { name: 'industry_code', type: 'VARCHAR' },
      { name: 'qtrly_estabs', type: 'BIGINT' },
      { name: 'lq_month3_emplvl', type: 'DOUBLE' },
    ]);
  });

  it('rejects a bad value, a truncated file and a file that is not QCEW, naming file, line, column and value', async () => {
    const good = formatQcewCsv('quarterly', [cell(), cell({ qtr: '2' }), cell({ qtr: '3' })]);
    const paths = [
      await file(
        'bad-value.csv',
        formatQcewCsv('quarterly', [cell(), cell({ qtr: '2', qtrly_estabs: '12x' }), cell({ qtr: '7' })]),
      ),
      // Cut in the middle of the last line, as an interrupted download would.
      await file('truncated.csv', good.slice(0, good.lastIndexOf('\r\n', good.length - 3) + 60)),
      // Cut at a field boundary: the last line is short of fields (its area title holds a comma).
      await file('short.csv', good.slice(0, nthIndex(good, ',', 47 * 3 + 20))),
      await file('oews.csv', 'OCC_CODE,OCC_TITLE,TOT_EMP\n51-4041,Machinists,300000\n'),
      await file('empty.csv', ''),
      await file('header-only.csv', formatQcewCsv('quarterly', [])),
    ];
    const result = await load(paths);
    expect(result.ok).toBe(false);
    expect(result.tables).toEqual([]);
    expect(result.files.map((f) => f.status)).toEqual(Array(6).fill('rejected'));
    const issues = result.issues.map((i) => ({
      file: i.file?.replace(`${dir}/`, ''),
      line: i.line,
      column: i.column,
      message: i.message,
      value: i.value,
    }));
    expect(issues).toEqual([
      {
        file: 'bad-value.csv',
        line: 3,
        column: 14,
        message: 'qtrly_estabs: expected a whole number',
        value: '12x',
      },
      {
        file: 'bad-value.csv',
        line: 4,
        column: 7,
        message: 'qtr: expected a quarter 1-4 in a quarterly file',
        value: '7',
      },
      { file: 'empty.csv', line: 1, column: undefined, message: 'file is empty', value: undefined },
      {
        file: 'header-only.csv',
        line: 2,
        column: undefined,
        message: 'file has a header but no data rows',
        value: undefined,
      },
      {
        file: 'oews.csv',
        line: 1,
        column: undefined,
        message:
          'not a QCEW file: header is not a QCEW header (expected area_fips,own_code,industry_code,...; found OCC_CODE,OCC_TITLE,TOT_EMP)',
        value: undefined,
      },
      {
        file: 'short.csv',
        line: 4,
        column: 20,
        message: 'line has 20 of 47 fields (a truncated file?)',
        value: undefined,
      },
      {
        file: 'truncated.csv',
        line: 4,
        column: expect.any(Number),
        message: 'area_title: unterminated or misplaced quote (a truncated file?)',
        value: undefined,
      },
    ]);
    expect(await warehouse.tableExists('raw_qcew_quarterly')).toBe(false);
  });

  it('keeps the previously loaded tables whole when a later load fails', async () => {
    await load([await file('good.csv', formatQcewCsv('quarterly', [cell(), cell({ qtr: '2' })]))]);
    const bad = await file('bad.csv', formatQcewCsv('quarterly', [cell({ month3_emplvl: '-5' })]));
    const result = await load([join(dir, 'good.csv'), bad]);
    expect(result.ok).toBe(false);
    expect(result.files.map((f) => [f.display.replace(`${dir}/`, ''), f.status, f.rows])).toEqual([
      ['bad.csv', 'rejected', 0],
      ['good.csv', 'not_loaded', 0],
    ]);
    expect(await warehouse.rowCount('raw_qcew_quarterly')).toBe(2);
    const tables = await warehouse.listTables();
    expect(tables).toEqual(['raw_qcew_annual', 'raw_qcew_quarterly']);
  });

  it('loads the good files and reports the bad ones when configured to skip', async () => {
    const paths = [
      await file('good.csv', formatQcewCsv('quarterly', [cell(), cell({ qtr: '2' })])),
      await file('bad.csv', formatQcewCsv('quarterly', [cell({ area_fips: '123' })])),
    ];
    const result = await load(paths, 'skip');
    expect(result.files.map((f) => [f.display.replace(`${dir}/`, ''), f.status, f.rows])).toEqual([
      ['bad.csv', 'rejected', 0],
      ['good.csv', 'loaded', 2],
    ]);
    expect(result.issues).toMatchObject([
      { line: 2, column: 1, message: 'area_fips: expected a 5-character QCEW area code', value: '123' },
    ]);
    expect(await warehouse.rowCount('raw_qcew_quarterly')).toBe(2);
  });

  it('counts every bad value of every file, listing the first ones of each', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => cell({ month1_emplvl: -1 - i }));
    const paths = [
      await file('a-many.csv', formatQcewCsv('quarterly', many)),
      await file('b-one.csv', formatQcewCsv('quarterly', [cell(), cell({ qtr: '7' })])),
    ];
    const result = await load(paths, 'skip');
    expect(result.problems).toBe(1501);
    expect(result.files.map((f) => [f.status, f.problems])).toEqual([
      ['rejected', 1500],
      ['rejected', 1],
    ]);
    const listed = result.issues.filter((i) => i.file?.endsWith('a-many.csv'));
    expect(listed).toHaveLength(21);
    expect(listed[0]).toMatchObject({ line: 2, column: 15, value: '-1' });
    expect(listed[20]!.message).toBe('… and 1,480 more problem(s) in this file');
    expect(result.issues.find((i) => i.file?.endsWith('b-one.csv'))).toMatchObject({
      line: 3,
      column: 7,
      value: '7',
    });
    expect(await warehouse.rowCount('raw_qcew_quarterly')).toBe(0);
  });

  it('names a path or glob that matches nothing', async () => {
    const plan = await planQcew([
      { paths: [join(dir, 'nothing-*.csv'), join(dir, 'missing.csv')], vintage: 'x', onBadFile: 'fail' },
    ]);
    expect(plan.missing.map((m) => m.message)).toEqual(['qcew: no file matches', 'qcew: file not found']);
  });
});
