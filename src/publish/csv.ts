/**
 * CSV for people who open it in a spreadsheet: RFC 4180 quoting, a header row, `\n` line ends, and text that
 * a spreadsheet would run as a formula neutralised. Numbers are formatted by the caller so files are
 * byte-stable.
 */

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A text cell that starts like a formula gets a leading apostrophe, which spreadsheets show as text.
 * Only text cells: a negative number is a number, formatted by the caller and passed as a number.
 *
 * @example neutraliseFormula('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (without the line end). Strings are text cells; numbers must already be formatted or exact. */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells
    .map((cell) => {
      if (cell === null || cell === undefined) return '';
      if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
      if (typeof cell === 'boolean') return cell ? 'true' : 'false';
      return quote(neutraliseFormula(cell));
    })
    .join(',');
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${[csvLine(header), ...rows.map(csvLine)].join('\n')}\n`;
}
