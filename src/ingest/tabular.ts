/**
 * Loading public tabular files (OEWS, Employment Projections, O*NET, IPEDS, crosswalks, code lists) into raw
 * warehouse tables through the warehouse's own CSV reader, with explicit types.
 *
 * A source declares its raw tables and the layouts its files come in. Each file's layout is recognised from
 * its header (found below any title lines), its columns are mapped to the raw table's by header text (so
 * column order, extra columns and upper/lower case do not matter), Excel workbooks are read sheet by sheet,
 * and every problem is reported with file, line, column, value and reason. A source's tables are replaced
 * together, in one transaction, and only when every file is good or its bad files may be skipped.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { Logger } from '../effects.ts';
import { type Issue, SiError } from '../errors.ts';
import { sha256File } from '../util/hash.ts';
import type { ColumnType } from '../warehouse/dialect.ts';
import type { CsvReject, Warehouse } from '../warehouse/warehouse.ts';
import { detectEncoding, expandInputs, fileStat, type InputGroupSpec } from './files.ts';
import {
  mapLimit,
  ProblemLog,
  rejectsToIssues,
  type ValueCheckFile,
  type ValueRule,
  validateValues,
} from './load-issues.ts';

/** A column of a raw table. Codes are always `string`. */
export interface RawColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
}

export interface RawTable {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly RawColumn[];
}

/** How one raw column is found in a file of a layout. */
export interface LayoutColumn {
  /** The raw table's column. */
  readonly column: string;
  /**
   * Header texts that mean it. Compared without case, surrounding spaces, a byte-order mark, repeated spaces or
   * footnote marks such as `[4]`; other characters (an en-dash in "2024–34") must match.
   */
  readonly headers: readonly string[];
  /** Files of the layout may lack it (the raw value is then NULL). Default: required. */
  readonly optional?: boolean;
}

export interface TabularLayout {
  /** Stable id, recorded with each input in the run manifest (e.g. `oews-2019`). */
  readonly id: string;
  /** The raw table its rows go to. */
  readonly table: string;
  readonly columns: readonly LayoutColumn[];
  /** Field delimiter (default `,`). */
  readonly delimiter?: ',' | '\t';
  /** Fields are never quoted (the tab-delimited releases): a `"` is text. */
  readonly unquoted?: boolean;
  /** The file name (without folder) must match: for layouts sharing a header, or files without one. */
  readonly fileName?: RegExp;
  /** The file has no header line: `columns` are the file's fields in order (each with one header, unused). */
  readonly headerless?: boolean;
  /** How many records (title lines) may precede the header. Default 0. */
  readonly maxPreamble?: number;
  /** Lines after the data that are notes (`"Source: ..."`, `End of worksheet.`): dropped, not rejected. */
  readonly footer?: RegExp;
  /** Values of raw columns the file does not hold, derived from its name (a year in `national_M2023_dl`). */
  readonly fromFileName?: Readonly<Record<string, (name: string) => string | null>>;
  /** Excel workbooks: the sheet to read (name or pattern); default every sheet whose header matches. */
  readonly sheet?: RegExp;
  /**
   * Rows with fewer fields than the header: `reject` (default) or `pad` them with empty values, for files
   * whose writer drops trailing empty cells (spreadsheets converted to CSV, definitions only some rows have).
   * Footer notes would then load as rows, so `pad` is for files without them.
   */
  readonly shortRows?: 'reject' | 'pad';
  /** Checks on loaded values, as SQL over the raw table's columns. */
  readonly rules?: readonly ValueRule[];
}

export interface TabularSource {
  /** Config key and load-history id, e.g. `oews`. */
  readonly id: string;
  /** How people name it: `OEWS`. */
  readonly label: string;
  readonly tables: readonly RawTable[];
  readonly layouts: readonly TabularLayout[];
  /** Files matching no layout are left out with a note instead of failing (folders of mixed downloads). */
  readonly ignoreUnknownFiles?: boolean;
}

/** One input file of a tabular source, examined but not loaded. */
export interface PlannedTabularFile {
  readonly path: string;
  readonly display: string;
  readonly vintage: string;
  readonly onBadFile: 'fail' | 'skip';
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly sha256?: string;
  readonly layout?: { readonly id: string };
  /** Problems found before loading. */
  readonly issues: readonly Issue[];
  /** A file no layout matched, left out because the source allows it. */
  readonly ignored?: string;
  /** Parts to read: the file itself, or one CSV per matching sheet of a workbook. */
  readonly parts: readonly PlannedPart[];
}

/** A delimited file (or a workbook sheet written out as CSV) ready for the reader. */
export interface PlannedPart {
  /** What the reader reads. */
  readonly path: string;
  /** For a sheet: `file.xlsx [Sheet]`. */
  readonly display: string;
  readonly layout: TabularLayout;
  readonly encoding: 'utf-8' | 'latin-1';
  /** Records before the first data row (titles and the header). */
  readonly skip: number;
  /** Physical line of the first data row (quoted header fields may span lines). */
  readonly firstDataLine: number;
  /** Each field of the file, in order: the raw column it fills, or null when unused. */
  readonly fields: readonly (string | null)[];
}

export interface TabularPlan {
  readonly source: TabularSource;
  readonly files: readonly PlannedTabularFile[];
  /** Paths or globs that matched no file. */
  readonly missing: readonly Issue[];
  /** Folder of sheets converted from workbooks; removed by `disposePlan`. */
  readonly scratch?: string;
}

export interface LoadedTabularFile extends PlannedTabularFile {
  readonly sha256: string;
  readonly rows: number;
  readonly status: 'loaded' | 'rejected' | 'not_loaded' | 'ignored';
  readonly problems: number;
}

export interface TabularLoadResult {
  readonly ok: boolean;
  readonly files: readonly LoadedTabularFile[];
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  readonly issues: readonly Issue[];
  readonly problems: number;
}

const HEAD_BYTES = 256 * 1024;

/** Header text as compared: no case, BOM, footnote marks or repeated spaces. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\[\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Find a source's files and recognise each one's layout from its header, without reading the rest. Excel
 * workbooks are read here: each sheet whose header matches a layout is written out as CSV for the reader.
 */
export async function planTabular(
  source: TabularSource,
  groups: readonly InputGroupSpec[],
  display: (path: string) => string = (p) => p,
): Promise<TabularPlan> {
  const { files, issues } = await expandInputs(source.id, groups);
  let scratch: string | undefined;
  const scratchDir = async () => {
    scratch ??= await mkdtemp(join(tmpdir(), `sector-insights-${source.id}-`));
    return scratch;
  };
  const planned = await mapLimit(files, 2, async (file): Promise<PlannedTabularFile> => {
    const shown = display(file.path);
    const base = { ...file, display: shown, ...(await fileStat(file.path)), issues: [], parts: [] };
    try {
      if (/\.xlsx$/i.test(file.path)) return await planWorkbook(source, base, await scratchDir());
      const part = await planDelimited(source, file.path, shown);
      if ('problem' in part) return unmatched(source, base, part.problem);
      return { ...base, layout: { id: part.layout.id }, parts: [part] };
    } catch (error) {
      return {
        ...base,
        issues: [
          { code: `not_${source.id}`, file: shown, message: `cannot read: ${(error as Error).message}` },
        ],
      };
    }
  });
  return {
    source,
    files: planned,
    missing: issues.map((i) => ({ ...i, file: i.file ? display(i.file) : i.file })),
    ...(scratch ? { scratch } : {}),
  };
}

/** Remove the sheets a plan wrote out. */
export async function disposePlan(plan: TabularPlan): Promise<void> {
  if (plan.scratch) await rm(plan.scratch, { recursive: true, force: true });
}

type BaseFile = Omit<PlannedTabularFile, 'layout' | 'ignored'>;

function unmatched(
  source: TabularSource,
  base: BaseFile,
  problem: { line?: number; message: string },
): PlannedTabularFile {
  if (source.ignoreUnknownFiles) return { ...base, ignored: problem.message };
  return {
    ...base,
    issues: [
      {
        code: `not_${source.id}`,
        file: base.display,
        ...(problem.line ? { line: problem.line } : {}),
        message: problem.message,
      },
    ],
  };
}

interface HeaderMatch {
  readonly layout: TabularLayout;
  readonly fields: (string | null)[];
  readonly missing: readonly string[];
}

/** Match a header record against a layout: which field fills which column, and which required ones lack. */
function matchLayout(layout: TabularLayout, header: readonly string[]): HeaderMatch {
  if (layout.headerless) {
    const fields = layout.columns.map((c) => c.column);
    return {
      layout,
      fields,
      missing: header.length === layout.columns.length ? [] : [`${layout.columns.length} fields`],
    };
  }
  const normalized = header.map(normalizeHeader);
  const fields: (string | null)[] = normalized.map(() => null);
  const missing: string[] = [];
  for (const column of layout.columns) {
    const wanted = column.headers.map(normalizeHeader);
    const at = normalized.findIndex((h, i) => fields[i] === null && wanted.includes(h));
    if (at === -1) {
      if (!column.optional) missing.push(column.headers[0]!);
    } else fields[at] = column.column;
  }
  return { layout, fields, missing };
}

interface RecordInfo {
  readonly fields: string[];
  /** Physical line the record ends on. */
  readonly endLine: number;
}

/** The first records of a text, with the physical line each ends on; a cut-off last record is dropped. */
function headRecords(text: string, delimiter: string, unquoted: boolean, truncated: boolean): RecordInfo[] {
  const records = parse(text, {
    delimiter,
    quote: unquoted ? false : '"',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    info: true,
    to_line: 200,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const out = records.map((r) => ({ fields: r.record, endLine: r.info.lines }));
  return truncated ? out.slice(0, -1) : out;
}

async function readHead(
  path: string,
): Promise<{ text: string; truncated: boolean; encoding: 'utf-8' | 'latin-1' }> {
  const encoding = (await detectEncoding(path)) === 'utf-8' ? 'utf-8' : 'latin-1';
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const text = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'latin1').decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), truncated: bytesRead === buffer.length, encoding };
  } finally {
    await handle.close();
  }
}

/** Recognise a delimited file's layout; the header may follow a few title records. */
async function planDelimited(
  source: TabularSource,
  path: string,
  display: string,
  /** The name layouts' `fileName` is tested against: a workbook's own name for its sheets. */
  name = basename(path),
): Promise<PlannedPart | { problem: { line?: number; message: string } }> {
  const { text, truncated, encoding } = await readHead(path);
  if (text.trim() === '') return { problem: { line: 1, message: 'file is empty' } };
  const candidates = source.layouts.filter((l) => !l.fileName || l.fileName.test(name));
  if (candidates.length === 0) {
    return { problem: { message: `not a ${source.label} file: the name ${name} matches none of its files` } };
  }
  let closest: { match: HeaderMatch; line: number } | undefined;
  const parsed = new Map<string, RecordInfo[]>();
  for (const layout of candidates) {
    const key = `${layout.delimiter ?? ','}${layout.unquoted ? 'u' : 'q'}`;
    if (!parsed.has(key)) {
      try {
        parsed.set(key, headRecords(text, layout.delimiter ?? ',', layout.unquoted ?? false, truncated));
      } catch {
        parsed.set(key, []);
      }
    }
    const records = parsed.get(key)!;
    const last = layout.headerless ? 0 : Math.min(layout.maxPreamble ?? 0, records.length - 1);
    for (let r = 0; r <= last; r++) {
      const record = records[r];
      if (!record) break;
      const match = matchLayout(layout, record.fields);
      if (match.missing.length === 0) {
        const skip = layout.headerless ? 0 : r + 1;
        const headerEnd = layout.headerless ? 0 : record.endLine;
        return {
          path,
          display,
          layout,
          encoding,
          skip,
          firstDataLine: headerEnd + 1,
          fields: match.fields,
        };
      }
      const line = r === 0 ? 1 : records[r - 1]!.endLine + 1;
      if (!closest || match.missing.length < closest.match.missing.length) closest = { match, line };
    }
  }
  if (!closest) return { problem: { line: 1, message: `not a ${source.label} file: no header found` } };
  const { match, line } = closest;
  const shown = match.missing.slice(0, 3).map((m) => `"${m}"`);
  const more = match.missing.length > 3 ? ` and ${match.missing.length - 3} more` : '';
  return {
    problem: {
      line,
      message: `not a ${source.label} file: the header lacks ${shown.join(', ')}${more} (closest layout: ${match.layout.id})`,
    },
  };
}

/**
 * Read an Excel workbook sheet by sheet (streaming, so large workbooks stay small in memory) and write each
 * sheet that matches a layout as a CSV the reader can load.
 */
async function planWorkbook(
  source: TabularSource,
  base: BaseFile,
  scratch: string,
): Promise<PlannedTabularFile> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(base.path, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  const parts: PlannedPart[] = [];
  const problems: string[] = [];
  let sheetNo = 0;
  for await (const worksheet of reader) {
    sheetNo++;
    const sheet = (worksheet as unknown as { name?: string }).name ?? `Sheet${sheetNo}`;
    const out = join(scratch, `${basename(base.path, extname(base.path))}-${sheetNo}.csv`);
    const stream = createWriteStream(out);
    let rowsWritten = 0;
    for await (const row of worksheet as AsyncIterable<{ values: unknown[]; number: number }>) {
      // Blank rows in a sheet keep their place, so lines in the CSV are rows of the sheet.
      while (rowsWritten < row.number - 1) {
        stream.write('\n');
        rowsWritten++;
      }
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (!stream.write(`${values.map(csvField).join(',')}\n`))
        await new Promise<void>((r) => stream.once('drain', () => r()));
      rowsWritten++;
    }
    stream.end();
    await finished(stream);
    const display = `${base.display} [${sheet}]`;
    const layouts = source.layouts.filter((l) => !l.sheet || l.sheet.test(sheet));
    const part = await planDelimited({ ...source, layouts }, out, display, basename(base.path));
    if ('problem' in part) problems.push(`${sheet}: ${part.problem.message}`);
    else parts.push(part);
  }
  if (parts.length === 0) {
    return unmatched(source, base, {
      message: problems.length ? problems.join('; ') : `not a ${source.label} workbook: no sheets`,
    });
  }
  return { ...base, layout: { id: parts[0]!.layout.id }, parts };
}

/** A workbook cell as the text a CSV export would hold. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: string };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return cellText(v.result);
    if (v.error) return '';
    return '';
  }
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The plan with every file's sha256. */
export type HashedTabularFile = PlannedTabularFile & { readonly sha256: string };

export interface HashedTabularPlan extends TabularPlan {
  readonly files: readonly HashedTabularFile[];
}

export async function hashTabularPlan(plan: TabularPlan): Promise<HashedTabularPlan> {
  const files = await mapLimit(
    plan.files,
    2,
    async (f): Promise<HashedTabularFile> => ({
      ...f,
      sha256: f.sha256 ?? (await sha256File(f.path)),
    }),
  );
  return { ...plan, files };
}

export interface LoadTabularOptions {
  readonly warehouse: Warehouse;
  readonly logger: Logger;
  /** Suffix that keeps this run's staging tables apart from any other's. */
  readonly tag: string;
}

/**
 * Load a planned source into its raw tables. Every table of the source is replaced in one transaction, and
 * only when every file is good or the bad ones may be skipped: otherwise nothing changes (`ok: false`).
 */
export async function loadTabular(
  plan: TabularPlan,
  options: LoadTabularOptions,
): Promise<TabularLoadResult> {
  const { warehouse, logger } = options;
  const { source } = plan;
  const tag = options.tag.replace(/[^A-Za-z0-9_]/g, '_');
  const hashing = hashTabularPlan(plan);
  hashing.catch(() => undefined);
  const found = new ProblemLog();
  for (const file of plan.files) found.add(file, file.issues);
  const progress = logger.progress(`ingest ${source.id}`);
  const started = Date.now();
  const created: string[] = [];
  const staged: { table: string; staging: string; files: string[] }[] = [];
  const rowsByFile = new Map<string, number>();
  let swapped = false;
  try {
    const loadable = plan.files.filter((f) => f.parts.length > 0);
    const parts = loadable.flatMap((file) => file.parts.map((part) => ({ file, part })));
    // Parts with the same layout, fields and reading options load in one pass of the reader.
    const groups = new Map<string, typeof parts>();
    for (const p of parts) {
      const key = JSON.stringify([p.part.layout.id, p.part.fields, p.part.skip, p.part.encoding]);
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    let done = 0;
    for (const members of groups.values()) {
      const { layout } = members[0]!.part;
      const table = source.tables.find((t) => t.name === layout.table)!;
      const staging = `${table.name}__stage${staged.length}_${tag}`;
      created.push(staging);
      const byPart = new Map(members.map((m) => [m.part.path, m]));
      const { rows, rejects, rejectedLines } = await loadGroup(
        warehouse,
        staging,
        table,
        members.map((m) => m.part),
      );
      for (const [partPath, n] of rows) {
        const owner = byPart.get(partPath)!.file;
        rowsByFile.set(owner.path, (rowsByFile.get(owner.path) ?? 0) + n);
      }
      const issueFiles = new Map(
        members.map((m) => [m.part.path, { path: m.file.path, display: m.part.display }]),
      );
      const kept = rejects.filter(
        (r) => !(layout.footer && r.kind === 'MISSING COLUMNS' && layout.footer.test(r.text ?? '')),
      );
      const footerLines = new Map<string, number>();
      for (const r of rejects) {
        if (!kept.includes(r) && r.line !== undefined)
          footerLines.set(r.file, (footerLines.get(r.file) ?? 0) + 1);
      }
      const offset = (partPath: string) => {
        const part = byPart.get(partPath)?.part;
        return part ? part.firstDataLine - 1 - part.skip : 0;
      };
      for (const [partPath, list] of rejectsToIssues(kept, issueFiles, offset)) {
        const owner = byPart.get(partPath)!.file;
        const counted = (rejectedLines.get(partPath) ?? 0) - (footerLines.get(partPath) ?? 0);
        found.add(
          owner,
          await physicalLines(byPart.get(partPath)!.part, list),
          Math.max(list.length, counted),
        );
      }
      const checkFiles = new Map<string, ValueCheckFile>(
        members.map((m) => [
          m.part.path,
          {
            path: m.part.path,
            display: m.part.display,
            firstDataLine: m.part.firstDataLine,
            columnIndex: new Map(m.part.fields.flatMap((f, i) => (f ? [[f, i + 1] as const] : []))),
          },
        ]),
      );
      for (const [partPath, problems] of await validateValues(
        warehouse,
        staging,
        layout.rules ?? [],
        checkFiles,
        rejects,
      )) {
        const { file, part } = byPart.get(partPath)!;
        found.add(file, await physicalLines(part, problems.issues), problems.count);
      }
      staged.push({ table: table.name, staging, files: members.map((m) => m.file.path) });
      done += members.length;
      progress.update(done / Math.max(1, parts.length), `${done}/${parts.length} files`);
    }
    for (const file of loadable) {
      if ((rowsByFile.get(file.path) ?? 0) === 0 && !found.has(file)) {
        found.add(file, [
          { code: 'no_rows', file: file.display, message: 'file has a header but no data rows' },
        ]);
      }
    }
    const bad = plan.files.filter((f) => found.has(f));
    const ok = !bad.some((f) => f.onBadFile === 'fail');
    const tables: { name: string; rows: number }[] = [];
    if (ok) {
      for (const file of bad)
        logger.warn(`skipped ${file.display}: ${found.byPath.get(file.path)?.issues[0]?.message}`);
      const excluded = new Set(bad.map((f) => f.path));
      const swaps: { staging: string; target: string }[] = [];
      for (const table of source.tables) {
        const next = `${table.name}__next_${tag}`;
        created.push(next);
        const partsOf = staged.filter((s) => s.table === table.name);
        const rows = await combine(warehouse, next, table, partsOf, [...excluded], plan.files);
        swaps.push({ staging: next, target: table.name });
        tables.push({ name: table.name, rows });
      }
      await warehouse.swapTables(swaps);
      swapped = true;
    }
    const files: LoadedTabularFile[] = (await hashing).files.map((f) => {
      const problems = found.count(f);
      const status = f.ignored ? 'ignored' : problems ? 'rejected' : ok ? 'loaded' : 'not_loaded';
      return { ...f, rows: status === 'loaded' ? (rowsByFile.get(f.path) ?? 0) : 0, status, problems };
    });
    for (const f of files) if (f.ignored) logger.info(`${source.id}: left out ${f.display} (${f.ignored})`);
    const total = tables.reduce((n, t) => n + t.rows, 0);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    progress.done(
      ok
        ? `${total.toLocaleString('en-US')} rows from ${loadable.length - bad.length} file(s) in ${seconds}s` +
            (bad.length ? `, ${bad.length} file(s) skipped` : '')
        : `${bad.length} file(s) rejected; nothing loaded`,
    );
    return { ok, files, tables, issues: found.list(plan.files), problems: found.total() };
  } catch (error) {
    progress.done('failed');
    throw error;
  } finally {
    for (const table of created) {
      if (!(swapped && table.includes('__next_'))) await warehouse.dropTable(table).catch(() => undefined);
    }
  }
}

/** Load parts that share a layout and field order; when the reader fails outright, find the part responsible. */
async function loadGroup(
  warehouse: Warehouse,
  staging: string,
  table: RawTable,
  parts: readonly PlannedPart[],
): Promise<{ rows: Map<string, number>; rejects: CsvReject[]; rejectedLines: Map<string, number> }> {
  const first = parts[0]!;
  const { layout } = first;
  const typeOf = new Map(table.columns.map((c) => [c.name, c.type]));
  const used = new Set(first.fields.filter((f): f is string => f !== null));
  const q = warehouse.dialect.quoteIdent;
  const lit = warehouse.dialect.stringLiteral;
  const fromName = (column: string): string => {
    const derive = layout.fromFileName?.[column];
    if (!derive) return `CAST(NULL AS ${warehouse.dialect.type(typeOf.get(column)!)})`;
    // Each file's value, chosen by its name: the reader gives each row its file's path.
    const cases = parts.map((p) => {
      const value = derive(basename(p.display.replace(/ \[.*\]$/, '')));
      return `WHEN ${lit(p.path)} THEN ${value === null ? 'NULL' : lit(value)}`;
    });
    return `CAST(CASE filename ${cases.join(' ')} END AS ${warehouse.dialect.type(typeOf.get(column)!)})`;
  };
  const spec = {
    columns: first.fields.map((f, i) => ({
      name: f ?? `_unused_${i + 1}`,
      type: f ? typeOf.get(f)! : ('string' as const),
    })),
    select: Object.fromEntries(
      table.columns.map((c) => [c.name, used.has(c.name) ? q(c.name) : fromName(c.name)]),
    ),
    filenameColumn: '_source_file',
    delimiter: layout.delimiter ?? ',',
    header: false,
    skip: first.skip,
    quote: layout.unquoted ? null : '"',
    encoding: first.encoding,
    nullPadding: layout.shortRows === 'pad',
  };
  const paths = parts.map((p) => p.path);
  try {
    const result = await warehouse.loadCsv(staging, paths, spec);
    return {
      rows: new Map(result.rowsByFile),
      rejects: [...result.rejects],
      rejectedLines: new Map(result.rejectedLines),
    };
  } catch (error) {
    if (!(error instanceof SiError)) throw error;
    const rows = new Map<string, number>();
    const rejects: CsvReject[] = [];
    const rejectedLines = new Map<string, number>();
    const good: string[] = [];
    const probe = `${staging}_probe`;
    try {
      for (const path of paths) {
        try {
          await warehouse.loadCsv(probe, [path], spec);
          good.push(path);
        } catch (fileError) {
          rejects.push({
            file: path,
            line: undefined,
            column: undefined,
            columnName: undefined,
            kind: 'UNREADABLE',
            message: `the CSV reader cannot read this file: ${(fileError as Error).message.split('\n')[0]}`,
          });
          rejectedLines.set(path, 1);
        }
      }
    } finally {
      await warehouse.dropTable(probe);
    }
    if (good.length > 0) {
      const result = await warehouse.loadCsv(staging, good, spec);
      for (const [path, n] of result.rowsByFile) rows.set(path, n);
      for (const [path, n] of result.rejectedLines) rejectedLines.set(path, n);
      rejects.push(...result.rejects);
    } else {
      await warehouse.createTableAs(staging, emptySelect(warehouse, table));
    }
    return { rows, rejects, rejectedLines };
  }
}

/** The next raw table: the staged groups' rows, without the skipped files, with each row's vintage. */
async function combine(
  warehouse: Warehouse,
  target: string,
  table: RawTable,
  parts: readonly { staging: string; files: string[] }[],
  excluded: readonly string[],
  files: readonly PlannedTabularFile[],
): Promise<number> {
  const q = warehouse.dialect.quoteIdent;
  const lit = warehouse.dialect.stringLiteral;
  // Sheets of a workbook were read from scratch copies: rows name the workbook they came from.
  const partToFile = new Map(files.flatMap((f) => f.parts.map((p) => [p.path, f] as const)));
  const fileCase = (column: string, value: (f: PlannedTabularFile) => string) =>
    `CASE s._source_file ${[...partToFile].map(([part, f]) => `WHEN ${lit(part)} THEN ${lit(value(f))}`).join(' ')} END AS ${q(column)}`;
  const keep = [...partToFile].filter(([, f]) => !excluded.includes(f.path)).map(([part]) => part);
  const select =
    parts.length === 0 || keep.length === 0
      ? emptySelect(warehouse, table)
      : parts
          .map(
            (p) =>
              `SELECT ${table.columns.map((c) => `s.${q(c.name)}`).join(', ')}, ${fileCase('_vintage', (f) => f.vintage)}, ${fileCase('_source_file', (f) => f.display)} FROM ${q(p.staging)} s WHERE s._source_file IN (${keep.map(lit).join(', ')})`,
          )
          .join('\nUNION ALL\n');
  return warehouse.createTableAs(target, select);
}

/** A query for an empty raw table, so models can rely on every table of a source existing. */
function emptySelect(warehouse: Warehouse, table: RawTable): string {
  const { quoteIdent, type } = warehouse.dialect;
  const columns = table.columns.map((c) => `CAST(NULL AS ${type(c.type)}) AS ${quoteIdent(c.name)}`);
  return `SELECT ${columns.join(', ')}, CAST(NULL AS ${type('string')}) AS _vintage, CAST(NULL AS ${type('string')}) AS _source_file WHERE false`;
}

/** Create every table of a source empty, for pipelines that do not configure it. */
export async function createEmptyTables(warehouse: Warehouse, source: TabularSource): Promise<void> {
  for (const table of source.tables) {
    if (!(await warehouse.tableExists(table.name)))
      await warehouse.createTableAs(table.name, emptySelect(warehouse, table));
  }
}

/**
 * Issues are first placed as if every data record were one line. Quoted fields may hold line breaks, so for
 * quoted files the records are counted again with their physical lines, up to the last one needed.
 */
async function physicalLines(part: PlannedPart, issues: readonly Issue[]): Promise<Issue[]> {
  const wanted = issues.flatMap((i) => (i.line === undefined ? [] : [i.line - part.firstDataLine]));
  if (part.layout.unquoted || wanted.length === 0) return [...issues];
  const last = Math.max(...wanted);
  const starts: number[] = [];
  const parser = createReadStream(part.path, {
    encoding: part.encoding === 'utf-8' ? 'utf8' : 'latin1',
  }).pipe(
    parseStream({
      delimiter: part.layout.delimiter ?? ',',
      from_line: part.firstDataLine,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }),
  );
  for await (const { info, raw } of parser as AsyncIterable<{ info: { lines: number }; raw: string }>) {
    const inner = raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
    starts.push(info.lines - (inner.match(/\n/g)?.length ?? 0));
    if (starts.length > last) break;
  }
  parser.destroy();
  return issues.map((i) => {
    const start = i.line === undefined ? undefined : starts[i.line - part.firstDataLine];
    return start === undefined ? i : { ...i, line: start };
  });
}
