import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { type Issue, SiError } from '../errors.ts';
import { decodeWindows1252 } from '../util/windows-1252.ts';
import { normalizeJobTitle } from './soc-matcher.ts';

/**
 * Readers for the reference lists the job-title matcher needs: the BLS SOC 2018 definitions, O*NET's
 * Occupation Data and the small pins file staff keep. All three are read whole (the largest is 300 KB).
 */

export type SocGroup = 'major' | 'minor' | 'broad' | 'detailed';

/** One row of the BLS SOC 2018 definitions file. */
export interface SocDefinition {
  /** `XX-XXXX`, e.g. `51-4041`. */
  readonly code: string;
  readonly title: string;
  /** Empty for the major, minor and broad groups, which the file does not define. */
  readonly definition: string;
  readonly group: SocGroup;
}

/** One O*NET-SOC occupation. */
export interface OnetOccupation {
  /** `XX-XXXX.XX`, e.g. `51-4041.00`. */
  readonly onetCode: string;
  /** The SOC 2018 detailed code it belongs to: the first seven characters. */
  readonly soc: string;
  readonly title: string;
  readonly description: string;
}

/** A job title that staff pinned to a SOC code. */
export interface SocPin {
  /** As written in the file. */
  readonly title: string;
  readonly soc: string;
  readonly note: string;
  /** Where the pin is written, for messages. */
  readonly file?: string;
  readonly line?: number;
}

const SOC_CODE = /^\d{2}-\d{4}$/;
const ONET_CODE = /^\d{2}-\d{4}\.\d{2}$/;
const SOC_HEADER = ['soc group', 'soc code', 'soc title', 'soc definition'];
/**
 * The title block before the header varies with how the workbook was saved (2 lines in ../shared/data, 7 by
 * its manifest): look well past either.
 */
const HEADER_SEARCH_LINES = 30;

/**
 * Read the BLS SOC 2018 definitions CSV (`soc_2018_definitions`, saved from the BLS workbook): a title
 * block, then `SOC Group,SOC Code,SOC Title,SOC Definition`. The header row is found by its content, so
 * title blocks of any length work; a BOM and CRLF line ends are fine. Every row is checked (group name,
 * code format, the code's shape matching its group, duplicates) and all problems are reported in one
 * `SiError` naming file and line.
 *
 * @example
 * const soc = await loadSocDefinitions('../shared/data/crosswalks/soc_2018_definitions.csv');
 * soc.filter((d) => d.group === 'detailed').length; // 867
 */
export async function loadSocDefinitions(path: string): Promise<SocDefinition[]> {
  return parseSocDefinitions(await readText(path), path);
}

/**
 * `loadSocDefinitions` on text already read; `file` names it in messages.
 *
 * @example
 * const text = 'SOC Group,SOC Code,SOC Title,SOC Definition\nDetailed,51-4041,Machinists,"Set up…"';
 * parseSocDefinitions(text, 'soc.csv')[0]?.code; // '51-4041'
 */
export function parseSocDefinitions(text: string, file: string): SocDefinition[] {
  const rows = parseDelimited(text, file, ',');
  const headerAt = rows
    .slice(0, HEADER_SEARCH_LINES)
    .findIndex((r) => SOC_HEADER.every((name, i) => r.cells[i]?.trim().toLowerCase() === name));
  if (headerAt === -1) {
    const first = rows.find((r) => r.cells.some((c) => c.trim() !== ''));
    throw new SiError('E_INPUT_INVALID', `${file}: not a BLS SOC 2018 definitions file`, {
      issues: [
        {
          code: 'not_soc_definitions',
          file,
          line: first?.line ?? 1,
          value: first?.cells.join(','),
          message: `no "SOC Group,SOC Code,SOC Title,SOC Definition" header in the first ${HEADER_SEARCH_LINES} lines`,
        },
      ],
    });
  }
  const issues: Issue[] = [];
  const out: SocDefinition[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows.slice(headerAt + 1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    const [groupCell = '', codeCell = '', titleCell = '', definitionCell = ''] = cells.map((c) => c.trim());
    const bad = (column: number, value: string, message: string) =>
      issues.push({ code: 'bad_soc_row', file, line, column, value, message });
    const group = groupCell.toLowerCase();
    if (!isSocGroup(group)) {
      bad(1, groupCell, 'SOC Group must be Major, Minor, Broad or Detailed');
      continue;
    }
    if (!SOC_CODE.test(codeCell)) {
      bad(2, codeCell, 'SOC Code must look like 51-4041');
      continue;
    }
    if (groupOfCode(codeCell) !== group) {
      bad(2, codeCell, `a ${group} SOC code has the shape ${CODE_SHAPES[group]}`);
      continue;
    }
    if (titleCell === '') {
      bad(3, titleCell, 'SOC Title is empty');
      continue;
    }
    const before = seen.get(codeCell);
    if (before !== undefined) {
      bad(2, codeCell, `SOC code listed twice (first on line ${before})`);
      continue;
    }
    seen.set(codeCell, line);
    out.push({ code: codeCell, title: titleCell, definition: definitionCell, group });
  }
  if (issues.length > 0) throw invalid(file, 'bad rows in the SOC definitions', issues);
  if (!out.some((d) => d.group === 'detailed')) {
    throw invalid(file, 'no detailed occupations', [
      {
        code: 'no_rows',
        file,
        line: (rows[headerAt]?.line ?? 0) + 1,
        message: 'no Detailed rows after the header',
      },
    ]);
  }
  return out;
}

/**
 * Read O*NET's Occupation Data: the official tab-delimited text file (`Occupation Data.txt`) or a TSV saved
 * from the Excel release; both have the columns `O*NET-SOC Code`, `Title`, `Description`, found by name.
 *
 * @example
 * const onet = await loadOnetOccupations('../shared/data/onet_29/Occupation Data.tsv');
 * onet.find((o) => o.onetCode === '51-9161.00')?.soc; // '51-9161'
 */
export async function loadOnetOccupations(path: string): Promise<OnetOccupation[]> {
  return parseOnetOccupations(await readText(path), path);
}

/**
 * `loadOnetOccupations` on text already read.
 *
 * @example
 * parseOnetOccupations('O*NET-SOC Code\tTitle\tDescription\n51-4041.00\tMachinists\tSet up…', 'x.txt');
 */
export function parseOnetOccupations(text: string, file: string): OnetOccupation[] {
  const rows = parseDelimited(text, file, '\t');
  const header = rows[0];
  const names = header?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  const at = {
    code: names.indexOf('o*net-soc code'),
    title: names.indexOf('title'),
    description: names.indexOf('description'),
  };
  const missing = Object.entries(at).filter(([, i]) => i === -1);
  if (!header || missing.length > 0) {
    throw invalid(file, 'not an O*NET Occupation Data file', [
      {
        code: 'not_onet_occupations',
        file,
        line: header?.line ?? 1,
        value: header?.cells.join('\t'),
        message: 'expected tab-separated columns "O*NET-SOC Code", "Title" and "Description"',
      },
    ]);
  }
  const issues: Issue[] = [];
  const out: OnetOccupation[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of rows.slice(1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    const code = cells[at.code]?.trim() ?? '';
    const title = cells[at.title]?.trim() ?? '';
    if (!ONET_CODE.test(code)) {
      issues.push({
        code: 'bad_onet_row',
        file,
        line,
        column: at.code + 1,
        value: code,
        message: 'O*NET-SOC Code must look like 51-4041.00',
      });
      continue;
    }
    if (title === '' || seen.has(code)) {
      issues.push({
        code: 'bad_onet_row',
        file,
        line,
        column: title === '' ? at.title + 1 : at.code + 1,
        value: title === '' ? title : code,
        message: title === '' ? 'Title is empty' : 'O*NET-SOC code listed twice',
      });
      continue;
    }
    seen.add(code);
    out.push({
      onetCode: code,
      soc: code.slice(0, 7),
      title,
      description: cells[at.description]?.trim() ?? '',
    });
  }
  if (issues.length > 0) throw invalid(file, 'bad rows in O*NET Occupation Data', issues);
  return out;
}

/**
 * Read the pins staff keep: a CSV with the header `title,soc_code` and optionally `note` (any order, any
 * case), one job title a line, pinned to a SOC 2018 detailed code. Titles are compared after the matcher's
 * normalisation, so "Maint. Tech II" and "maintenance technician" are one title. Every bad line is
 * reported (file, line, column, value, reason) in one `SiError`: codes not shaped `51-4041`, codes that are
 * not detailed occupations in `soc` (when given), empty titles, and a title pinned to two codes.
 * Files saved by Excel in Windows-1252 are read as such.
 *
 * @example
 * const pins = await loadSocPins('pins/soc-pins.csv', soc);
 * // title,soc_code,note
 * // Maint. Tech II,49-9041,"our techs repair production machinery"
 */
export async function loadSocPins(path: string, soc?: readonly SocDefinition[]): Promise<SocPin[]> {
  return parseSocPins(await readText(path), path, soc);
}

/**
 * `loadSocPins` on text already read.
 *
 * @example
 * parseSocPins('title,soc_code\nCNC Machinist,51-4041\n', 'pins.csv');
 */
export function parseSocPins(text: string, file: string, soc?: readonly SocDefinition[]): SocPin[] {
  const rows = parseDelimited(text, file, ',').filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = rows[0];
  if (!header)
    throw invalid(file, 'the pins file is empty', [
      { code: 'no_rows', file, line: 1, message: 'file is empty' },
    ]);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const issues: Issue[] = [];
  names.forEach((name, i) => {
    if (!['title', 'soc_code', 'note'].includes(name) || names.indexOf(name) !== i) {
      issues.push({
        code: 'bad_pins_header',
        file,
        line: header.line,
        column: i + 1,
        value: header.cells[i],
        message:
          names.indexOf(name) !== i
            ? 'column named twice'
            : 'unknown column (expected title, soc_code, note)',
      });
    }
  });
  const at = { title: names.indexOf('title'), soc: names.indexOf('soc_code'), note: names.indexOf('note') };
  if (at.title === -1 || at.soc === -1) {
    issues.push({
      code: 'bad_pins_header',
      file,
      line: header.line,
      value: header.cells.join(','),
      message: 'the header must name the columns title and soc_code (and optionally note)',
    });
  }
  if (issues.length > 0) throw invalid(file, 'bad header in the SOC pins file', issues);

  const byCode = soc ? new Map(soc.map((d) => [d.code, d])) : undefined;
  const pinned = new Map<string, { soc: string; line: number }>();
  const out: SocPin[] = [];
  for (const { line, cells } of rows.slice(1)) {
    const bad = (column: number, value: string, message: string) =>
      issues.push({ code: 'bad_pin', file, line, column, value, message });
    if (cells.length !== names.length) {
      bad(
        Math.min(cells.length, names.length) + 1,
        cells.join(','),
        `expected ${names.length} fields, found ${cells.length} (quote titles that contain commas)`,
      );
      continue;
    }
    const title = cells[at.title]?.trim() ?? '';
    const code = cells[at.soc]?.trim() ?? '';
    const note = at.note === -1 ? '' : (cells[at.note]?.trim() ?? '');
    let ok = true;
    const key = normalizeJobTitle(title).key;
    if (key === '') {
      bad(
        at.title + 1,
        title,
        title === '' ? 'title is empty' : 'title has no words left after normalisation',
      );
      ok = false;
    }
    const codeProblem = checkPinCode(code, byCode);
    if (codeProblem) {
      bad(at.soc + 1, code, codeProblem);
      ok = false;
    }
    if (!ok) continue;
    const before = pinned.get(key);
    if (before && before.soc !== code) {
      bad(at.title + 1, title, `title already pinned to ${before.soc} on line ${before.line}`);
      continue;
    }
    if (before) continue;
    pinned.set(key, { soc: code, line });
    out.push({ title, soc: code, note, file, line });
  }
  if (issues.length > 0) {
    throw invalid(
      file,
      `${issues.length} bad line${issues.length === 1 ? '' : 's'} in the SOC pins file`,
      issues,
    );
  }
  return out;
}

function checkPinCode(code: string, byCode: Map<string, SocDefinition> | undefined): string | undefined {
  if (code === '') return 'soc_code is empty';
  if (ONET_CODE.test(code)) return `an O*NET code: pin the SOC code ${code.slice(0, 7)}`;
  if (!SOC_CODE.test(code)) return 'soc_code must look like 51-4041';
  if (!byCode) return undefined;
  const found = byCode.get(code);
  if (!found) return 'not a SOC 2018 code';
  if (found.group !== 'detailed')
    return `${found.title} is a ${found.group} group, not a detailed occupation`;
  return undefined;
}

const CODE_SHAPES: Readonly<Record<SocGroup, string>> = {
  major: 'XX-0000',
  minor: 'XX-X000 or XX-XX00',
  broad: 'XX-XXX0',
  detailed: 'XX-XXXX, not ending in 0',
};

/**
 * SOC's hierarchy is positional: trailing zeros say the level. Three minor groups end in two zeros, not
 * three (15-1200, 31-1100, 51-5100).
 */
function groupOfCode(code: string): SocGroup {
  if (code.endsWith('0000')) return 'major';
  if (code.endsWith('00')) return 'minor';
  if (code.endsWith('0')) return 'broad';
  return 'detailed';
}

function isSocGroup(value: string): value is SocGroup {
  return value === 'major' || value === 'minor' || value === 'broad' || value === 'detailed';
}

interface Row {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly cells: string[];
}

function parseDelimited(text: string, file: string, delimiter: string): Row[] {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (cause) {
    const line = (cause as { lines?: number }).lines;
    throw new SiError('E_INPUT_INVALID', `${file}: cannot parse: ${(cause as Error).message}`, {
      cause,
      issues: [
        { code: 'bad_csv', file, ...(line === undefined ? {} : { line }), message: (cause as Error).message },
      ],
    });
  }
  // csv-parse counts lines up to a record's end; a quoted field may hold line breaks.
  return records.map(({ info, record }) => ({
    line: info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0),
    cells: record,
  }));
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** UTF-8, or Windows-1252 when the bytes are not UTF-8 (a CSV saved by Excel). */
async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SiError(
      missing ? 'E_INPUT_NOT_FOUND' : 'E_INPUT_INVALID',
      `${path}: ${missing ? 'file not found' : (cause as Error).message}`,
      {
        cause,
        issues: [{ code: missing ? 'input_not_found' : 'unreadable', file: path, message: 'cannot read' }],
      },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

function invalid(file: string, message: string, issues: readonly Issue[]): SiError {
  return new SiError('E_INPUT_INVALID', `${file}: ${message}`, { issues });
}
