import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/effects.ts';
import {
  createEmptyTables,
  disposePlan,
  loadTabular,
  normalizeHeader,
  planTabular,
  type TabularSource,
} from '../../src/ingest/tabular.ts';
import type { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { useTempWarehouse } from '../helpers.ts';

/** A small source shaped like the real ones: a projections table with titles, a two-line header and notes. */
const SOURCE: TabularSource = {
  id: 'things',
  label: 'Things',
  tables: [
    {
      name: 'raw_things',
      description: 'test rows',
      columns: [
        { name: 'code', type: 'string', description: 'code' },
        { name: 'title', type: 'string', description: 'title' },
        { name: 'employment', type: 'float64', description: 'jobs' },
        { name: 'year', type: 'string', description: 'from the file name' },
      ],
    },
    {
      name: 'raw_labels',
      description: 'headerless code list',
      columns: [
        { name: 'code', type: 'string', description: 'code' },
        { name: 'label', type: 'string', description: 'label' },
      ],
    },
  ],
  layouts: [
    {
      id: 'things-csv',
      table: 'raw_things',
      maxPreamble: 3,
      footer: /^"?(Source:|End of worksheet)/,
      fromFileName: { year: (name) => /(\d{4})/.exec(name)?.[1] ?? null },
      columns: [
        { column: 'code', headers: ['Code', 'occ_code'] },
        { column: 'title', headers: ['Title'] },
        { column: 'employment', headers: ['Employment, 2024–34'] },
      ],
      rules: [
        { column: 'code', valid: `regexp_full_match(code, '\\d{2}-\\d{4}')`, reason: 'not a SOC code' },
      ],
    },
    {
      id: 'things-tsv',
      table: 'raw_things',
      delimiter: '\t',
      unquoted: true,
      fromFileName: { year: () => '1999' },
      columns: [
        { column: 'code', headers: ['O*NET-SOC Code'] },
        { column: 'title', headers: ['Title'] },
        { column: 'employment', headers: ['Data Value'] },
      ],
    },
    {
      id: 'labels',
      table: 'raw_labels',
      headerless: true,
      fileName: /^labels\.txt$/,
      columns: [
        { column: 'code', headers: ['1'] },
        { column: 'label', headers: ['2'] },
      ],
    },
  ],
};

describe('tabular loading', () => {
  let dir: string;
  let warehouse: DuckdbWarehouse;
  useTempWarehouse((temp) => {
    ({ dir, warehouse } = temp);
  });

  async function load(paths: string[], onBadFile: 'fail' | 'skip' = 'fail', source = SOURCE) {
    const plan = await planTabular(source, [{ paths, vintage: 'v1', onBadFile }], (p) =>
      p.slice(dir.length + 1),
    );
    try {
      return { plan, result: await loadTabular(plan, { warehouse, logger: silentLogger, tag: 't' }) };
    } finally {
      await disposePlan(plan);
    }
  }

  const rows = (sql: string) => warehouse.query(sql);

  it('normalises header text without losing meaningful characters', () => {
    expect(normalizeHeader('\uFEFF  Employment,\n 2024–34 [1] ')).toBe('employment, 2024–34');
    expect(normalizeHeader('OCC_CODE')).toBe('occ_code');
  });

  it('finds the header under title lines, maps columns by header text, drops footer notes', async () => {
    const file = join(dir, 'table_2024.csv');
    await writeFile(
      file,
      [
        '"Table 1.10 Occupational separations and openings, projected 2024–34"',
        '"Employment in thousands"',
        'Extra,TITLE,"Employment,',
        '2024–34 [1]",CODE',
        'x,"Chief executives",211.5,11-1011',
        'y,"Writers, all ""other""",12,27-3099',
        '"Source: Employment Projections program, U.S. Bureau of Labor Statistics"',
        '',
      ].join('\n'),
    );
    const { result } = await load([file]);
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', rows: 2, layout: { id: 'things-csv' } });
    expect(
      await rows(
        'SELECT code, title, employment, year, _vintage, _source_file FROM raw_things ORDER BY code',
      ),
    ).toEqual([
      {
        code: '11-1011',
        title: 'Chief executives',
        employment: 211.5,
        year: '2024',
        _vintage: 'v1',
        _source_file: 'table_2024.csv',
      },
      {
        code: '27-3099',
        title: 'Writers, all "other"',
        employment: 12,
        year: '2024',
        _vintage: 'v1',
        _source_file: 'table_2024.csv',
      },
    ]);
    // The other table of the source exists, empty, so models can always read it.
    expect(await rows('SELECT count(*)::INT AS n FROM raw_labels')).toEqual([{ n: 0 }]);
  });

  it('reads unquoted tab-delimited files and headerless files picked by name', async () => {
    const tsv = join(dir, 'Skills.txt');
    await writeFile(tsv, 'O*NET-SOC Code\tTitle\tData Value\n11-1011.00\tChief "big" Executives\t4.5\n');
    const labels = join(dir, 'labels.txt');
    await writeFile(labels, 'AL,Alabama\r\nAK,Alaska\r\n');
    const { result } = await load([tsv, labels]);
    expect(result.ok).toBe(true);
    expect(await rows('SELECT title, employment, year FROM raw_things')).toEqual([
      { title: 'Chief "big" Executives', employment: 4.5, year: '1999' },
    ]);
    expect(await rows('SELECT code, label FROM raw_labels ORDER BY code')).toEqual([
      { code: 'AK', label: 'Alaska' },
      { code: 'AL', label: 'Alabama' },
    ]);
  });

  it('names file, physical line, column and value for cast errors and rule violations', async () => {
    const file = join(dir, 'bad_2024.csv');
    await writeFile(
      file,
      [
        'A title line',
        'Code,Title,"Employment,',
        '2024–34"',
        '11-1011,"Chief',
        'executives",12',
        '11-2011,Advertising managers,lots',
        '1234567,Bad code,3',
      ].join('\n'),
    );
    const { result } = await load([file]);
    expect(result.ok).toBe(false);
    expect(result.files[0]).toMatchObject({ status: 'rejected', problems: 2 });
    const messages = result.issues.map((i) => ({
      file: i.file,
      line: i.line,
      column: i.column,
      value: i.value,
    }));
    expect(messages).toEqual(
      expect.arrayContaining([
        { file: 'bad_2024.csv', line: 6, column: 3, value: 'lots' },
        { file: 'bad_2024.csv', line: 7, column: 1, value: '1234567' },
      ]),
    );
    expect(result.issues.find((i) => i.line === 7)?.message).toContain('not a SOC code');
  });

  it('keeps the loaded tables when a new file fails, and skips bad files when allowed', async () => {
    const good = join(dir, 'good_2023.csv');
    await writeFile(good, 'Code,Title,"Employment, 2024–34"\n11-1011,Chief executives,10\n');
    expect((await load([good])).result.ok).toBe(true);
    const bad = join(dir, 'bad_2024.csv');
    await writeFile(bad, 'Code,Title,"Employment, 2024–34"\n11-1011,Chief executives,ten\n');
    const failed = await load([good, bad]);
    expect(failed.result.ok).toBe(false);
    expect(Object.fromEntries(failed.result.files.map((f) => [f.display, f.status]))).toEqual({
      'bad_2024.csv': 'rejected',
      'good_2023.csv': 'not_loaded',
    });
    expect(await rows('SELECT year, employment FROM raw_things')).toEqual([{ year: '2023', employment: 10 }]);
    const skipped = await load([good, bad], 'skip');
    expect(skipped.result.ok).toBe(true);
    expect(Object.fromEntries(skipped.result.files.map((f) => [f.display, f.status]))).toEqual({
      'bad_2024.csv': 'rejected',
      'good_2023.csv': 'loaded',
    });
    expect(await rows('SELECT year FROM raw_things')).toEqual([{ year: '2023' }]);
  });

  it('rejects a file no layout matches, naming the closest layout, unless the source ignores such files', async () => {
    const odd = join(dir, 'odd.csv');
    await writeFile(odd, 'Code,Name,Employment\n11-1011,x,1\n');
    const { result } = await load([odd]);
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.message).toMatch(/things-csv/);
    expect(result.issues[0]?.message).toMatch(/Title/i);
    const lenient = await load([odd], 'fail', { ...SOURCE, ignoreUnknownFiles: true });
    expect(lenient.result.ok).toBe(true);
    expect(lenient.result.files[0]?.status).toBe('ignored');
  });

  it('reads every matching sheet of an Excel workbook', async () => {
    const book = new ExcelJS.Workbook();
    const first = book.addWorksheet('Table 1.10');
    first.addRow(['Occupational separations and openings']);
    first.addRow(['Code', 'Title', 'Employment, 2024–34']);
    first.addRow(['11-1011', 'Chief executives', 211.5]);
    first.addRow(['29-1141', 'Registered nurses', 3300.25]);
    const notes = book.addWorksheet('Notes');
    notes.addRow(['These are notes']);
    const second = book.addWorksheet('More');
    second.addRow(['Code', 'Title', 'Employment, 2024–34']);
    second.addRow(['51-4121', 'Welders', 400]);
    const file = join(dir, 'book_2024.xlsx');
    await book.xlsx.writeFile(file);
    const { result, plan } = await load([file]);
    expect(result.ok).toBe(true);
    expect(plan.files[0]?.parts.map((p) => p.display)).toEqual([
      'book_2024.xlsx [Table 1.10]',
      'book_2024.xlsx [More]',
    ]);
    expect(await rows('SELECT code, employment, _source_file FROM raw_things ORDER BY code')).toEqual([
      { code: '11-1011', employment: 211.5, _source_file: 'book_2024.xlsx' },
      { code: '29-1141', employment: 3300.25, _source_file: 'book_2024.xlsx' },
      { code: '51-4121', employment: 400, _source_file: 'book_2024.xlsx' },
    ]);
  });

  it('pads short rows with empty values when the layout allows it, and rejects them otherwise', async () => {
    const file = join(dir, 'short_2024.csv');
    await writeFile(
      file,
      'Code,Title,"Employment, 2024–34"\n11-1011,Chief executives,5\n11-2011,Advertising managers\n',
    );
    const strict = await load([file]);
    expect(strict.result.ok).toBe(false);
    expect(strict.result.issues[0]).toMatchObject({
      line: 3,
      message: expect.stringMatching(/2 of 3 fields/),
    });
    const layouts = SOURCE.layouts.map((l) =>
      l.id === 'things-csv' ? { ...l, shortRows: 'pad' as const } : l,
    );
    const padded = await load([file], 'fail', { ...SOURCE, layouts });
    expect(padded.result.ok).toBe(true);
    expect(await rows('SELECT code, employment FROM raw_things ORDER BY code')).toEqual([
      { code: '11-1011', employment: 5 },
      { code: '11-2011', employment: null },
    ]);
  });

  it('creates every table of a source empty when no files are configured', async () => {
    await createEmptyTables(warehouse, SOURCE);
    expect(await rows('SELECT count(*)::INT AS n FROM raw_things')).toEqual([{ n: 0 }]);
    const cols = await rows(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'raw_things' ORDER BY ordinal_position`,
    );
    expect(cols.map((c) => c['column_name'])).toEqual([
      'code',
      'title',
      'employment',
      'year',
      '_vintage',
      '_source_file',
    ]);
  });
});
