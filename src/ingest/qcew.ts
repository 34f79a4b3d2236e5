import type { Logger } from '../effects.ts';
import { type Issue, SiError } from '../errors.ts';
import { sha256File } from '../util/hash.ts';
import type { ColumnType } from '../warehouse/dialect.ts';
import { quoteDuckdbIdent } from '../warehouse/dialect.ts';
import type { CsvReject, Warehouse } from '../warehouse/warehouse.ts';
import { expandInputs, fileStat, type InputGroupSpec, readHeaderLine } from './files.ts';
import {
  mapLimit,
  ProblemLog,
  rejectsToIssues,
  type ValueCheckFile,
  type ValueRule,
  validateValues,
} from './load-issues.ts';
import {
  matchHeader,
  QCEW_LAYOUTS,
  type QcewColumn,
  type QcewLayout,
  type QcewPeriodicity,
  rawColumns,
} from './qcew-layouts.ts';

export const QCEW_RAW_TABLES: Readonly<Record<QcewPeriodicity, string>> = {
  quarterly: 'raw_qcew_quarterly',
  annual: 'raw_qcew_annual',
};

/** One input file, examined but not loaded. */
export interface PlannedFile {
  readonly path: string;
  /** The path as users see it (relative to the working directory when shorter). */
  readonly display: string;
  readonly vintage: string;
  readonly onBadFile: 'fail' | 'skip';
  readonly bytes: number;
  readonly mtimeMs: number;
  /** Filled by `hashPlan`, or by `loadQcew` while it loads. */
  readonly sha256?: string;
  readonly layout?: QcewLayout;
  /** Problems found before loading (an unknown header, an empty file). */
  readonly issues: readonly Issue[];
}

export interface QcewPlan {
  readonly files: readonly PlannedFile[];
  /** Paths or globs that matched no file. */
  readonly missing: readonly Issue[];
}

export interface LoadedFile extends PlannedFile {
  readonly sha256: string;
  readonly rows: number;
  /** `not_loaded`: good, but another file's rejection stopped the load. */
  readonly status: 'loaded' | 'rejected' | 'not_loaded';
  /** Problems found in the file (its issues list at most a sample of them). */
  readonly problems: number;
}

export interface QcewLoadResult {
  /** False when a file was rejected that its group does not allow to skip: then nothing was replaced. */
  readonly ok: boolean;
  readonly files: readonly LoadedFile[];
  /** Tables replaced, with their rows (none when not ok). */
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  /** Problems in file and line order: up to 20 a file, then one line saying how many more. */
  readonly issues: readonly Issue[];
  /** Every problem found, counted. */
  readonly problems: number;
}

/**
 * Find the QCEW files a pipeline names and identify their layouts from the header line, without reading
 * the rest. Files are hashed later: by `hashPlan`, or by `loadQcew` while DuckDB reads them.
 */
export async function planQcew(
  groups: readonly InputGroupSpec[],
  display: (path: string) => string = (p) => p,
): Promise<QcewPlan> {
  const { files, issues } = await expandInputs('qcew', groups);
  const planned = await mapLimit(files, 4, async (file): Promise<PlannedFile> => {
    const [facts, header] = await Promise.all([fileStat(file.path), readHeaderLine(file.path)]);
    const shown = display(file.path);
    const base = { ...file, display: shown, ...facts };
    if (header.problem) {
      return { ...base, issues: [{ code: 'not_qcew', file: shown, line: 1, message: header.problem }] };
    }
    const match = matchHeader(header.fields);
    if (!match.layout) {
      return {
        ...base,
        issues: [
          {
            code: 'not_qcew',
            file: shown,
            line: 1,
            column: match.column,
            message: `not a QCEW file: ${match.reason}`,
          },
        ],
      };
    }
    return { ...base, layout: match.layout, issues: [] };
  });
  return { files: planned, missing: issues.map((i) => ({ ...i, file: i.file ? display(i.file) : i.file })) };
}

export type HashedFile = PlannedFile & { readonly sha256: string };

export interface HashedPlan extends QcewPlan {
  readonly files: readonly HashedFile[];
}

/** The plan with every file's sha256. */
export async function hashPlan(plan: QcewPlan): Promise<HashedPlan> {
  const files = await mapLimit(
    plan.files,
    2,
    async (f): Promise<HashedFile> => ({ ...f, sha256: f.sha256 ?? (await sha256File(f.path)) }),
  );
  return { ...plan, files };
}

export interface LoadQcewOptions {
  readonly warehouse: Warehouse;
  readonly logger: Logger;
  /** Suffix that keeps this run's staging tables apart from any other's. */
  readonly tag: string;
}

/**
 * Load planned QCEW files into `raw_qcew_quarterly` and `raw_qcew_annual` with DuckDB's CSV reader and
 * explicit types (every code as text). The new tables replace the old ones in one transaction, and only
 * when every file is good or the bad ones are configured to be skipped: otherwise nothing is replaced and
 * the result says why (`ok: false`). Every problem is counted; each file's first ones are listed.
 *
 * @example
 * const plan = await planQcew(config.inputs.qcew);
 * const result = await loadQcew(plan, { warehouse, logger, tag: runId });
 */
export async function loadQcew(plan: QcewPlan, options: LoadQcewOptions): Promise<QcewLoadResult> {
  const { warehouse, logger } = options;
  const tag = options.tag.replace(/[^A-Za-z0-9_]/g, '_');
  // Hash while DuckDB reads: the manifest needs every input's sha256, and reading twice in a row costs more.
  const hashing = hashPlan(plan);
  hashing.catch(() => undefined);
  const found = new ProblemLog();
  for (const file of plan.files) found.add(file, file.issues);

  const rowsByFile = new Map<string, number>();
  const created: string[] = [];
  const staged: { periodicity: QcewPeriodicity; table: string }[] = [];
  const progress = logger.progress('ingest qcew');
  const started = Date.now();
  let filesDone = 0;
  let bytesDone = 0;
  const loadable = plan.files.filter((f) => f.layout);
  const totalBytes = Math.max(
    1,
    loadable.reduce((n, f) => n + f.bytes, 0),
  );
  const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
  let swapped = false;
  try {
    for (const layout of QCEW_LAYOUTS) {
      const files = loadable.filter((f) => f.layout === layout);
      if (files.length === 0) continue;
      const table = `raw_qcew_${layout.id.replace('-', '_')}__stage_${tag}`;
      created.push(table, `${table}_probe`);
      const groupBytes = files.reduce((n, f) => n + f.bytes, 0);
      const { rows, rejects, rejectedLines } = await loadLayout(
        warehouse,
        table,
        layout,
        files,
        (fraction) => {
          const read = bytesDone + fraction * groupBytes;
          progress.update(
            read / totalBytes,
            `${filesDone}/${loadable.length} files · ${mb(read)} of ${mb(totalBytes)} MB`,
          );
        },
      );
      bytesDone += groupBytes;
      filesDone += files.length;
      progress.update(
        bytesDone / totalBytes,
        `${filesDone}/${loadable.length} files · ${mb(bytesDone)} of ${mb(totalBytes)} MB`,
      );
      for (const [path, n] of rows) rowsByFile.set(path, n);
      const byPath = new Map(files.map((f) => [f.path, f]));
      for (const [path, list] of rejectsToIssues(rejects, byPath)) {
        found.add(byPath.get(path)!, list, Math.max(list.length, rejectedLines.get(path) ?? 0));
      }
      const columnIndex = new Map(layout.columns.map((c, i) => [c.name, i + 1]));
      const checkFiles = new Map<string, ValueCheckFile>(
        files.map((f) => [f.path, { ...f, firstDataLine: 2, columnIndex }]),
      );
      for (const [path, { issues, count }] of await validateValues(
        warehouse,
        table,
        valueRules(layout.periodicity),
        checkFiles,
        rejects,
      )) {
        found.add(byPath.get(path)!, issues, count);
      }
      for (const file of files) {
        if ((rows.get(file.path) ?? 0) === 0 && !found.has(file)) {
          found.add(file, [
            { code: 'no_rows', file: file.display, line: 2, message: 'file has a header but no data rows' },
          ]);
        }
      }
      staged.push({ periodicity: layout.periodicity, table });
    }

    const bad = plan.files.filter((f) => found.has(f));
    const ok = !bad.some((f) => f.onBadFile === 'fail');
    const issues = found.list(plan.files);
    const problems = found.total();
    const tables: { name: string; rows: number }[] = [];
    if (ok) {
      for (const file of bad)
        logger.warn(`skipped ${file.display}: ${found.byPath.get(file.path)?.issues[0]?.message}`);
      const swaps: { staging: string; target: string }[] = [];
      for (const periodicity of ['quarterly', 'annual'] as const) {
        const target = QCEW_RAW_TABLES[periodicity];
        const parts = staged.filter((p) => p.periodicity === periodicity).map((p) => p.table);
        const next = `${target}__next_${tag}`;
        created.push(next);
        const rows = await combine(
          warehouse,
          next,
          periodicity,
          parts,
          bad.map((f) => f.path),
        );
        swaps.push({ staging: next, target });
        tables.push({ name: target, rows });
      }
      await warehouse.swapTables(swaps);
      swapped = true;
    }
    const files: LoadedFile[] = (await hashing).files.map((f) => {
      const problem = found.byPath.get(f.path);
      const status = problem ? 'rejected' : ok ? 'loaded' : 'not_loaded';
      return {
        ...f,
        rows: status === 'loaded' ? (rowsByFile.get(f.path) ?? 0) : 0,
        status,
        problems: problem?.count ?? 0,
      };
    });
    const total = tables.reduce((n, t) => n + t.rows, 0);
    const seconds = (Date.now() - started) / 1000;
    progress.done(
      ok
        ? `${total.toLocaleString('en-US')} rows from ${files.length - bad.length} file(s) in ${seconds.toFixed(1)}s` +
            (bad.length ? `, ${bad.length} file(s) skipped` : '')
        : `${bad.length} file(s) rejected; nothing loaded`,
    );
    return { ok, files, tables, issues, problems };
  } catch (error) {
    progress.done('failed');
    throw error;
  } finally {
    // Staging tables never outlive the load; the next tables only if they were not swapped in.
    for (const table of created) {
      if (!(swapped && table.includes('__next_'))) await warehouse.dropTable(table).catch(() => undefined);
    }
  }
}

function columnType(column: QcewColumn): ColumnType {
  return column.type === 'text' ? 'string' : column.type === 'int' ? 'int64' : 'float64';
}

/** Load one layout's files; when the reader fails outright, find the file(s) responsible. */
async function loadLayout(
  warehouse: Warehouse,
  table: string,
  layout: QcewLayout,
  files: readonly PlannedFile[],
  onProgress: (fraction: number) => void,
): Promise<{ rows: Map<string, number>; rejects: CsvReject[]; rejectedLines: Map<string, number> }> {
  const canonical = rawColumns(layout.periodicity);
  const present = new Set(layout.columns.map((c) => c.name));
  const spec = {
    columns: layout.columns.map((c) => ({ name: c.name, type: columnType(c) })),
    // Every layout of a periodicity lands in the same columns; title-less layouts get NULL titles.
    select: Object.fromEntries(
      canonical.map((c) => [
        c.name,
        present.has(c.name)
          ? quoteDuckdbIdent(c.name)
          : `CAST(NULL AS ${warehouse.dialect.type(columnType(c))})`,
      ]),
    ),
    filenameColumn: '_source_file',
  };
  const paths = files.map((f) => f.path);
  try {
    const result = await warehouse.loadCsv(table, paths, spec, { update: (f) => onProgress(f ?? 0) });
    return {
      rows: new Map(result.rowsByFile),
      rejects: [...result.rejects],
      rejectedLines: new Map(result.rejectedLines),
    };
  } catch (error) {
    if (!(error instanceof SiError) || files.length === 0) throw error;
    // The reader stops on some malformed input instead of rejecting a row: load file by file to say which.
    const rows = new Map<string, number>();
    const rejects: CsvReject[] = [];
    const rejectedLines = new Map<string, number>();
    const good: string[] = [];
    try {
      for (const path of paths) {
        try {
          await warehouse.loadCsv(`${table}_probe`, [path], spec);
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
        }
      }
    } finally {
      await warehouse.dropTable(`${table}_probe`);
    }
    if (good.length > 0) {
      const result = await warehouse.loadCsv(table, good, spec);
      for (const [path, n] of result.rowsByFile) rows.set(path, n);
      for (const [path, n] of result.rejectedLines) rejectedLines.set(path, n);
      rejects.push(...result.rejects);
    } else {
      await warehouse.createTableAs(table, emptyRawSelect(warehouse, layout.periodicity));
    }
    return { rows, rejects, rejectedLines };
  }
}

function valueRules(periodicity: QcewPeriodicity): ValueRule[] {
  const counts =
    periodicity === 'quarterly'
      ? ['qtrly_estabs', 'month1_emplvl', 'month2_emplvl', 'month3_emplvl', 'total_qtrly_wages']
      : ['annual_avg_estabs', 'annual_avg_emplvl', 'total_annual_wages'];
  return [
    { column: 'area_fips', valid: 'length(area_fips) = 5', reason: 'expected a 5-character QCEW area code' },
    {
      column: 'own_code',
      valid: "own_code IN ('0', '1', '2', '3', '4', '5', '8', '9')",
      reason: 'expected an ownership code 0-5, 8 or 9',
    },
    {
      column: 'industry_code',
      valid: "regexp_full_match(industry_code, '[0-9]{2,6}|[0-9]{2}-[0-9]{2}')",
      reason: 'expected a NAICS or QCEW industry code such as 10, 31-33 or 3363',
    },
    {
      column: 'agglvl_code',
      valid: 'length(agglvl_code) = 2',
      reason: 'expected a 2-digit aggregation level code',
    },
    {
      column: 'year',
      valid: "regexp_full_match(year, '(19|20)[0-9]{2}')",
      reason: 'expected a 4-digit year',
    },
    periodicity === 'quarterly'
      ? {
          column: 'qtr',
          valid: "qtr IN ('1', '2', '3', '4')",
          reason: 'expected a quarter 1-4 in a quarterly file',
        }
      : { column: 'qtr', valid: "qtr = 'A'", reason: 'expected "A" in an annual file' },
    {
      column: 'disclosure_code',
      valid: "disclosure_code IS NULL OR disclosure_code IN ('N', '-')",
      reason: 'expected an empty disclosure code, "N" or "-"',
    },
    ...counts.map((column) => ({
      column,
      valid: `${column} IS NULL OR ${column} >= 0`,
      reason: 'expected a count or amount of zero or more',
    })),
  ];
}

/** The next raw table of a periodicity: the staged layouts' rows, without rejected files. */
async function combine(
  warehouse: Warehouse,
  table: string,
  periodicity: QcewPeriodicity,
  parts: readonly string[],
  excludeFiles: readonly string[],
): Promise<number> {
  const q = warehouse.dialect.quoteIdent;
  const columns = [...rawColumns(periodicity).map((c) => c.name), '_source_file'];
  if (parts.length === 1 && excludeFiles.length === 0) {
    await warehouse.swapTables([{ staging: parts[0]!, target: table }]);
    return warehouse.rowCount(table);
  }
  const list = columns.map(q).join(', ');
  const select =
    parts.length === 0
      ? emptyRawSelect(warehouse, periodicity)
      : parts.map((p) => `SELECT ${list} FROM ${q(p)}`).join('\nUNION ALL\n');
  const filter = excludeFiles.length ? `WHERE _source_file NOT IN (SELECT unnest($exclude))` : '';
  return warehouse.createTableAs(
    table,
    `SELECT * FROM (${select}) ${filter}`,
    excludeFiles.length ? { exclude: excludeFiles } : undefined,
  );
}

/** A query for an empty raw table of a periodicity, so models can rely on both tables existing. */
function emptyRawSelect(warehouse: Warehouse, periodicity: QcewPeriodicity): string {
  const { quoteIdent, type } = warehouse.dialect;
  const columns = rawColumns(periodicity).map(
    (c) => `CAST(NULL AS ${type(columnType(c))}) AS ${quoteIdent(c.name)}`,
  );
  return `SELECT ${columns.join(', ')}, CAST(NULL AS ${type('string')}) AS _source_file WHERE false`;
}
