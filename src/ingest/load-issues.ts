/**
 * Problems found while loading delimited files through the warehouse's CSV reader, as issues that name the
 * file, line, column, value and reason. Shared by every bulk source (QCEW, OEWS, O*NET, IPEDS, ...).
 */
import type { Issue } from '../errors.ts';
import type { CsvReject, Warehouse } from '../warehouse/warehouse.ts';

/** Problems listed per file; the rest are counted. */
export const ISSUES_PER_FILE = 20;

/** A file as the issue helpers need it. */
export interface IssueFile {
  readonly path: string;
  /** The path as users see it. */
  readonly display: string;
}

/** Problems of one file: the first ones listed, all of them counted. */
export interface FileProblems {
  issues: Issue[];
  count: number;
}

/** Collects problems per file, in the order found. */
export class ProblemLog {
  readonly byPath = new Map<string, FileProblems>();

  add(file: IssueFile, issues: readonly Issue[], count = issues.length): void {
    if (count === 0) return;
    const entry = this.byPath.get(file.path) ?? { issues: [], count: 0 };
    entry.issues.push(...issues);
    entry.count += count;
    this.byPath.set(file.path, entry);
  }

  has(file: IssueFile): boolean {
    return this.byPath.has(file.path);
  }

  count(file: IssueFile): number {
    return this.byPath.get(file.path)?.count ?? 0;
  }

  /** Every problem found, counted. */
  total(): number {
    return [...this.byPath.values()].reduce((n, e) => n + e.count, 0);
  }

  /** Issues of the files in order, each file's capped with a line counting the rest. */
  list(files: readonly IssueFile[]): Issue[] {
    return files.flatMap((f) => capIssues(f, this.byPath.get(f.path)));
  }
}

/** A file's listed issues, capped, with a line counting the rest. */
export function capIssues(file: IssueFile, entry: FileProblems | undefined): Issue[] {
  if (!entry) return [];
  const listed = entry.issues.slice(0, ISSUES_PER_FILE);
  const more = entry.count - listed.length;
  return more > 0
    ? [
        ...listed,
        {
          code: 'more_problems',
          file: file.display,
          message: `… and ${more.toLocaleString('en-US')} more problem(s) in this file`,
        },
      ]
    : listed;
}

/**
 * One issue per rejected line (the reader reports a short line once per missing field). `lineOffset` turns
 * the reader's record numbers into the file's physical lines when a quoted header spans several lines.
 */
export function rejectsToIssues(
  rejects: readonly CsvReject[],
  files: ReadonlyMap<string, IssueFile>,
  lineOffset: (path: string) => number = () => 0,
): Map<string, Issue[]> {
  const out = new Map<string, Issue[]>();
  const seen = new Set<string>();
  for (const reject of rejects) {
    const key = `${reject.file}\u0000${reject.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const file = files.get(reject.file);
    const list = out.get(reject.file) ?? [];
    const explained = explainReject(reject);
    list.push({
      code: `csv_${reject.kind.toLowerCase().replaceAll(' ', '_')}`,
      file: file?.display ?? reject.file,
      ...explained,
      ...(explained.line === undefined ? {} : { line: explained.line + lineOffset(reject.file) }),
    });
    out.set(reject.file, list);
  }
  return out;
}

/** The reader's reject in plain words: which column, what was expected, the value found. */
export function explainReject(reject: CsvReject): {
  line?: number;
  column?: number;
  message: string;
  value?: string;
} {
  const at = { line: reject.line, column: reject.column };
  const found = /Found: (\d+)/.exec(reject.message)?.[1];
  const expected = /Expected Number of Columns: (\d+)/.exec(reject.message)?.[1];
  switch (reject.kind) {
    case 'CAST': {
      const m = /Could not convert string "(.*)" to '(\w+)'/.exec(reject.message);
      const type = m?.[2] === 'DOUBLE' ? 'a number' : m?.[2] === 'BIGINT' ? 'a whole number' : m?.[2];
      return { ...at, message: `${reject.columnName}: expected ${type ?? 'another type'}`, value: m?.[1] };
    }
    case 'MISSING COLUMNS':
      return {
        line: reject.line,
        column: found ? Number(found) : undefined,
        message: `line has ${found ?? 'too few'} of ${expected ?? 'the expected'} fields (a truncated file?)`,
      };
    case 'TOO MANY COLUMNS':
      return {
        line: reject.line,
        message: `line has ${found ?? 'more'} fields, the layout has ${expected ?? 'fewer'}`,
      };
    case 'UNQUOTED VALUE':
      return {
        ...at,
        message: `${reject.columnName ?? 'field'}: unterminated or misplaced quote (a truncated file?)`,
      };
    default:
      return { ...at, message: reject.message };
  }
}

/** A value that reads as the right type but cannot be right (a quarter 7, a negative count). */
export interface ValueRule {
  readonly column: string;
  /** SQL that is true for a valid value; NULL counts as invalid unless the rule allows it. */
  readonly valid: string;
  readonly reason: string;
}

export interface ValueCheckFile extends IssueFile {
  /** Physical line of the file's first data row. */
  readonly firstDataLine: number;
  /** 1-based position of a raw column in the file, when the file has it. */
  readonly columnIndex: ReadonlyMap<string, number>;
}

/**
 * Rows of a loaded table breaking a rule, per file: every bad value counted, the first ones of each file
 * located by line and column. The table must hold `_source_file` and keep rows in file order.
 */
export async function validateValues(
  warehouse: Warehouse,
  table: string,
  rules: readonly ValueRule[],
  files: ReadonlyMap<string, ValueCheckFile>,
  rejects: readonly CsvReject[],
): Promise<Map<string, FileProblems>> {
  const out = new Map<string, FileProblems>();
  if (rules.length === 0) return out;
  const q = warehouse.dialect.quoteIdent;
  const okAll = rules.map((r) => `coalesce(${r.valid}, false)`).join(' AND ');
  const counts = await warehouse.query<{ file: string; bad: number }>(
    `SELECT _source_file AS file, count(*) AS bad FROM ${q(table)} WHERE NOT (${okAll}) GROUP BY 1`,
  );
  if (counts.length === 0) return out;
  const which = rules
    .map((r) => `WHEN NOT coalesce(${r.valid}, false) THEN ${warehouse.dialect.stringLiteral(r.column)}`)
    .join(' ');
  const value = rules
    .map((r) => `WHEN NOT coalesce(${r.valid}, false) THEN CAST(${q(r.column)} AS VARCHAR)`)
    .join(' ');
  // Rows are stored in file order, so a row's place in its file is its rowid less the file's first rowid.
  const samples = await warehouse.query<{ file: string; rid: number; col: string; value: string | null }>(
    `WITH bad AS (
       SELECT _source_file AS file, rowid AS rid, CASE ${which} END AS col, CASE ${value} END AS value,
              row_number() OVER (PARTITION BY _source_file ORDER BY rowid) AS k
       FROM ${q(table)} WHERE NOT (${okAll})
     ), first_row AS (
       SELECT _source_file AS file, min(rowid) AS first_rid FROM ${q(table)}
       WHERE _source_file IN (SELECT file FROM bad) GROUP BY 1
     )
     SELECT bad.file, bad.rid - first_row.first_rid AS rid, bad.col, bad.value
     FROM bad JOIN first_row USING (file) WHERE bad.k <= ${ISSUES_PER_FILE} ORDER BY bad.file, rid`,
  );
  const rejectLines = new Map<string, number[]>();
  for (const r of rejects) if (r.line) rejectLines.set(r.file, [...(rejectLines.get(r.file) ?? []), r.line]);
  for (const { file, bad } of counts) out.set(file, { issues: [], count: bad });
  for (const row of samples) {
    const file = files.get(row.file);
    let line = row.rid + (file?.firstDataLine ?? 2);
    // Rejected lines were skipped by the reader, so count them back in.
    for (const skipped of [...new Set(rejectLines.get(row.file) ?? [])].sort((a, b) => a - b)) {
      if (skipped <= line) line++;
    }
    const rule = rules.find((r) => r.column === row.col)!;
    out.get(row.file)!.issues.push({
      code: 'bad_value',
      file: file?.display ?? row.file,
      line,
      column: file?.columnIndex.get(row.col),
      message: `${row.col}: ${rule.reason}`,
      value: row.value ?? '(empty)',
    });
  }
  return out;
}

/** Run `fn` over the items, at most `limit` at a time, keeping their order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
