import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { SiError } from '../../errors.ts';
import { decodeWindows1252 } from '../../util/windows-1252.ts';
import { normalize } from './values.ts';

/**
 * The shapes survey tools export: Qualtrics (three header rows: ids, question texts, ImportId JSON),
 * SurveyMonkey (two: question, then sub-question or option), and plain CSV such as Google Forms (one).
 */
export type ExportShape = 'qualtrics' | 'surveymonkey' | 'plain';

/** One column of an export, with every name the tool gives it. */
export interface ExportColumn {
  /** 0-based position. */
  readonly index: number;
  /** Qualtrics' column id (first header row), e.g. "Q3_1". */
  readonly id?: string;
  /** Qualtrics' ImportId (third header row), e.g. "QID3_1". */
  readonly importId?: string;
  /** The question text as shown (SurveyMonkey's carried over to the question's later columns). */
  readonly text: string;
  /** The sub-question, option or matrix row: SurveyMonkey's second row, after " - " (Qualtrics), in [ ] (Google). */
  readonly sub?: string;
  /** The text without its sub-question part. */
  readonly main: string;
}

export interface ExportHeader {
  readonly shape: ExportShape;
  readonly columns: readonly ExportColumn[];
  /** Lines the header takes; data starts on the next line. */
  readonly headerLines: number;
  readonly encoding: 'utf-8' | 'windows-1252';
}

export interface ExportRow {
  /** 1-based line where the row starts (rows may span lines: quoted newlines in comments). */
  readonly line: number;
  readonly cells: readonly string[];
}

export { detectEncoding } from '../files.ts';

/**
 * Stream the rows of a CSV export with the line each starts on, decoding it first. Rows are arrays of
 * cells; a row may have fewer or more cells than the header (reported by the caller).
 */
export async function* readCsvRows(
  path: string,
  encoding: 'utf-8' | 'windows-1252',
  display = path,
): AsyncGenerator<ExportRow> {
  const utf8 = new TextDecoder('utf-8');
  const decode = (chunk: Buffer | undefined) =>
    encoding === 'utf-8'
      ? utf8.decode(chunk, { stream: chunk !== undefined })
      : chunk
        ? decodeWindows1252(chunk)
        : '';
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    relax_quotes: false,
  });
  const source = createReadStream(path);
  const feed = (async () => {
    try {
      for await (const chunk of source) {
        // once() also rejects when the parser fails, so a malformed file never leaves this waiting.
        if (!parser.write(decode(chunk as Buffer))) await once(parser, 'drain');
      }
      parser.end(decode(undefined));
    } catch (error) {
      source.destroy();
      parser.destroy(error as Error);
    }
  })();
  let previousEnd = 0;
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line the record ends on; it starts after the previous one ended.
      const line = previousEnd + 1;
      previousEnd = record.info.lines;
      yield { line, cells: record.record };
    }
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number; column?: number };
    throw new SiError('E_INPUT_INVALID', `${display}: the file is not readable CSV`, {
      cause: error,
      issues: [{ code: 'csv_syntax', file: display, line: e.lines, message: csvMessage(e) }],
    });
  } finally {
    source.destroy();
    await feed;
  }
}

/**
 * What went wrong, from the parser's error code only: its own messages quote the cell, and a survey cell
 * is an employer's answer, which must not reach a terminal or a manifest.
 */
function csvMessage(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (a truncated file?)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a quoted field is not doubled';
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return 'a field has a quote inside it without being quoted itself';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'a row has a different number of fields';
    default:
      return `the CSV is malformed${error.code ? ` (${error.code})` : ''}`;
  }
}

const QUALTRICS_IMPORT = /^\{\s*"ImportId"\s*:\s*"([^"]*)"/;
const SURVEYMONKEY_SUBS = new Set(['response', 'open-ended response', 'other (please specify)']);

/**
 * Recognise an export's shape from its first rows and describe its columns. `expected` is what the
 * codebook says; "auto" trusts the file.
 *
 * @example detectHeader([ids, texts, importIds], 'auto') // { shape: 'qualtrics', headerLines: 3, ... }
 */
export function detectHeader(
  rows: readonly ExportRow[],
  expected: ExportShape | 'auto',
  encoding: 'utf-8' | 'windows-1252',
): ExportHeader {
  const [first, second, third] = rows;
  if (!first) throw new SiError('E_INPUT_INVALID', 'the export is empty');
  const isQualtrics = third?.cells.some((c) => QUALTRICS_IMPORT.test(c)) ?? false;
  const isSurveyMonkey =
    !isQualtrics &&
    (second?.cells.some((c) => SURVEYMONKEY_SUBS.has(normalize(c))) ?? false) &&
    (second?.cells[0] ?? '') === '';
  const shape: ExportShape = isQualtrics ? 'qualtrics' : isSurveyMonkey ? 'surveymonkey' : 'plain';
  if (expected !== 'auto' && expected !== shape) {
    throw new SiError(
      'E_INPUT_INVALID',
      `the codebook says a ${expected} export, but the file looks like a ${shape} one`,
    );
  }
  const width = Math.max(
    ...rows.slice(0, shape === 'qualtrics' ? 3 : shape === 'surveymonkey' ? 2 : 1).map((r) => r.cells.length),
  );
  const columns: ExportColumn[] = [];
  let carried = '';
  for (let i = 0; i < width; i++) {
    if (shape === 'qualtrics') {
      const text = second?.cells[i] ?? '';
      const split = splitSub(text, ' - ');
      columns.push({
        index: i,
        id: first.cells[i],
        importId: QUALTRICS_IMPORT.exec(third?.cells[i] ?? '')?.[1],
        text,
        ...split,
      });
    } else if (shape === 'surveymonkey') {
      const own = first.cells[i] ?? '';
      if (own !== '') carried = own;
      const sub = second?.cells[i] ?? '';
      const text = own !== '' ? own : carried;
      columns.push({ index: i, text: sub ? `${text} - ${sub}` : text, main: text, ...(sub ? { sub } : {}) });
    } else {
      const text = first.cells[i] ?? '';
      const bracket = /^(.*?)\s*\[([^\]]+)\]\s*$/.exec(text);
      columns.push(
        bracket ? { index: i, text, main: bracket[1]!, sub: bracket[2]! } : { index: i, text, main: text },
      );
    }
  }
  return {
    shape,
    columns,
    headerLines: shape === 'qualtrics' ? 3 : shape === 'surveymonkey' ? 2 : 1,
    encoding,
  };
}

/** "How important is each skill? - Problem solving" → main and sub; texts without the separator stay whole. */
function splitSub(text: string, separator: string): { main: string; sub?: string } {
  const at = text.lastIndexOf(separator);
  return at > 0 ? { main: text.slice(0, at), sub: text.slice(at + separator.length) } : { main: text };
}
