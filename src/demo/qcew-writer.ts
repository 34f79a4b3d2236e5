/**
 * Writes QCEW CSVs the way BLS publishes them: every header name and every text field double-quoted, numbers bare,
 * location quotients with 2 decimals, percent changes with 1, CRLF line endings (what the real 2016 by-area files
 * use; `lineEnding: '\n'` is there for tests that want the other kind).
 *
 * Kept deliberately dumb so tests can build small, broken files with it: a string value is written as given
 * (quoted in text columns, bare in numeric ones, so `'0'`, `''` or `'1,234'` land in the file unchanged); only
 * numbers are formatted.
 */

import { createWriteStream } from 'node:fs';
import type { QcewColumn, QcewLayout } from '../ingest/qcew-layouts.ts';
import { QCEW_LAYOUTS } from '../ingest/qcew-layouts.ts';

export type QcewValue = string | number | null | undefined;

/** A row keyed by the canonical (current BLS) column names of the layout; missing keys are written empty. */
export type QcewRow = Readonly<Record<string, QcewValue>>;

export interface QcewCsvOptions {
  /** Write the older `*_estabs_count` names in the header. */
  readonly countSpelling?: boolean;
  /** Defaults to CRLF like the BLS files. */
  readonly lineEnding?: '\r\n' | '\n';
}

/**
 * The layout for an id, or an error naming the known ids.
 *
 * @example qcewLayout('quarterly').columns.length // 47
 */
export function qcewLayout(layoutId: string): QcewLayout {
  const layout = QCEW_LAYOUTS.find((l) => l.id === layoutId);
  if (!layout) {
    throw new Error(`unknown QCEW layout "${layoutId}" (known: ${QCEW_LAYOUTS.map((l) => l.id).join(', ')})`);
  }
  return layout;
}

/**
 * Decimal places BLS prints for a decimal column: 2 for location quotients, 1 for percent changes.
 *
 * @example decimalsOf('lq_month3_emplvl') // 2
 */
export function decimalsOf(columnName: string): number {
  return columnName.startsWith('lq_') ? 2 : 1;
}

/**
 * The header line (without line ending).
 *
 * @example qcewHeaderLine('quarterly-singlefile').slice(0, 23) // '"area_fips","own_code",'
 */
export function qcewHeaderLine(layoutId: string, options: QcewCsvOptions = {}): string {
  const layout = qcewLayout(layoutId);
  return layout.columns.map((c) => quote(headerName(c, options.countSpelling === true))).join(',');
}

function headerName(column: QcewColumn, countSpelling: boolean): string {
  if (!countSpelling) return column.name;
  return column.aliases?.find((a) => a.includes('_count')) ?? column.name;
}

/** Double-quote a text field, doubling embedded quotes. */
export function quote(text: string): string {
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/**
 * A decimal as BLS prints it, with `-0.0` folded to `0.0`.
 *
 * @example formatDecimal(-0.04, 1) // '0.0'
 */
export function formatDecimal(value: number, decimals: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to a QCEW file`);
  const text = value.toFixed(decimals);
  return text.charCodeAt(0) === 45 && Number(text) === 0 ? text.slice(1) : text;
}

function formatField(column: QcewColumn, value: QcewValue): string {
  if (column.type === 'text') {
    return quote(value === undefined || value === null ? '' : String(value));
  }
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (column.type === 'decimal') return formatDecimal(value, decimalsOf(column.name));
  if (!Number.isFinite(value)) throw new RangeError(`${column.name}: cannot write ${value} to a QCEW file`);
  return String(Math.round(value));
}

/**
 * One data line (without line ending).
 *
 * @example formatQcewLine(qcewLayout('quarterly'), { area_fips: '57001', qtrly_estabs: 12, lq_month1_emplvl: 1.234 })
 */
export function formatQcewLine(layout: QcewLayout, row: QcewRow): string {
  const columns = layout.columns;
  // An array join builds one flat string; `+=` would build a rope that every later join has to flatten.
  const fields = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    fields[i] = formatField(column, row[column.name]);
  }
  return fields.join(',');
}

/**
 * A whole file as a string: header plus one line per row, each ended by the line ending.
 *
 * @example
 * formatQcewCsv('quarterly', [{ area_fips: '57001', own_code: '0', industry_code: '10', disclosure_code: '' }]);
 */
export function formatQcewCsv(
  layoutId: string,
  rows: Iterable<QcewRow>,
  options: QcewCsvOptions = {},
): string {
  const layout = qcewLayout(layoutId);
  const eol = options.lineEnding ?? '\r\n';
  const parts = [qcewHeaderLine(layoutId, options)];
  for (const row of rows) parts.push(formatQcewLine(layout, row));
  return parts.join(eol) + eol;
}

/**
 * Appends text to a file in chunks and waits for the stream to drain when it is behind, so a caller
 * producing millions of lines never holds more than about one chunk in memory.
 */
export interface ChunkedFileWriter {
  /**
   * Queue text, or bytes (written as given, after any queued text); the returned promise (only when the file is
   * behind) resolves once the caller may continue.
   */
  push(data: string | Uint8Array): Promise<void> | undefined;
  /** Flush, close and resolve with the bytes written. */
  close(): Promise<number>;
}

/**
 * @example
 * const out = createChunkedFileWriter('/tmp/big.csv');
 * for (const line of lines) await out.push(line);
 * const bytes = await out.close();
 */
export function createChunkedFileWriter(path: string, chunkChars = 256 * 1024): ChunkedFileWriter {
  // Chunks stay small because text built by concatenation is a rope of many small heap objects until written;
  // the stream's buffer (flat bytes, cheap for the GC) is what lets generating and writing overlap.
  const stream = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  let failure: Error | undefined;
  stream.on('error', (err) => {
    failure = err;
  });
  const drained = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const onDrain = (): void => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (err: Error): void => {
        stream.off('drain', onDrain);
        reject(err);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  const write = (chunk: string | Uint8Array): Promise<void> | undefined => {
    if (failure) return Promise.reject(failure);
    return chunk.length > 0 && !stream.write(chunk) ? drained() : undefined;
  };
  let pending = '';
  const flush = (): Promise<void> | undefined => {
    const chunk = pending;
    pending = '';
    return write(chunk);
  };
  return {
    push(data) {
      if (typeof data === 'string') {
        pending += data;
        return pending.length >= chunkChars ? flush() : undefined;
      }
      const queued = flush();
      if (queued) return queued.then(() => write(data));
      return write(data);
    },
    async close() {
      await flush();
      await new Promise<void>((resolve, reject) => {
        stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      });
      if (failure) throw failure;
      return stream.bytesWritten;
    },
  };
}

export interface QcewCsvWriter {
  /** Append one row; `await` it (it returns a promise only when the file is behind). */
  write(row: QcewRow): Promise<void> | undefined;
  /** Flush and close; resolves with rows and bytes written (header included in bytes, not rows). */
  close(): Promise<{ rows: number; bytes: number }>;
}

/**
 * Stream rows to a QCEW CSV file; the header is written first.
 *
 * @example
 * const out = createQcewCsvWriter('/tmp/x.csv', 'quarterly-singlefile');
 * await out.write({ area_fips: '57001', own_code: '5', industry_code: '31-33', month1_emplvl: 120 });
 * await out.close(); // { rows: 1, bytes: ... }
 */
export function createQcewCsvWriter(
  path: string,
  layoutId: string,
  options: QcewCsvOptions = {},
): QcewCsvWriter {
  const layout = qcewLayout(layoutId);
  const eol = options.lineEnding ?? '\r\n';
  const out = createChunkedFileWriter(path);
  out.push(qcewHeaderLine(layoutId, options) + eol);
  let rows = 0;
  return {
    write(row) {
      rows++;
      return out.push(formatQcewLine(layout, row) + eol);
    },
    async close() {
      const bytes = await out.close();
      return { rows, bytes };
    },
  };
}
