import type { Issue } from '../../errors.ts';
import type { ColumnRef } from './codebook.ts';
import type { ExportColumn, ExportHeader } from './export.ts';
import { normalize } from './values.ts';

/** Sub-headers that only say "this is the answer", not which part of the question. */
const GENERIC_SUBS = new Set(['response', 'open-ended response', 'open ended response', 'answer']);

function key(text: string): string {
  return normalize(text)
    .replace(/[?*:]+$/, '')
    .trim();
}

export interface RefLike {
  readonly header?: string;
  readonly sub?: string;
  readonly qid?: string;
  readonly column?: number;
}

/** Fill `{n}` and `{label}` in a codebook reference. */
export function fill(ref: RefLike, vars: { readonly n?: number; readonly label?: string }): RefLike {
  const sub = (s: string | undefined) =>
    s?.replaceAll('{n}', String(vars.n ?? '')).replaceAll('{label}', vars.label ?? '');
  return { ...ref, header: sub(ref.header), sub: sub(ref.sub), qid: sub(ref.qid) };
}

/**
 * Finds codebook questions among an export's columns: by Qualtrics id or ImportId, by question text (with
 * the sub-question when given), or by position. Every failure is collected as an issue on the header.
 */
export class ColumnResolver {
  readonly issues: Issue[] = [];

  constructor(
    private readonly header: ExportHeader,
    private readonly file: string,
  ) {}

  /** The column a reference names, or undefined (with an issue when the question is required). */
  find(ref: RefLike, what: string, required = false): ExportColumn | undefined {
    const matches = this.matches(ref);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      this.issues.push({
        code: 'ambiguous_column',
        file: this.file,
        line: 1,
        column: matches[0]!.index + 1,
        message: `${what}: ${describe(ref)} matches ${matches.length} columns (${matches.map((c) => c.index + 1).join(', ')}); give a qid or column`,
      });
      return matches[0];
    }
    if (required) {
      this.issues.push({
        code: 'missing_column',
        file: this.file,
        line: 1,
        message: `${what}: no column matches ${describe(ref)}`,
      });
    }
    return undefined;
  }

  /** Columns of one question split by option (SurveyMonkey multi-selects): option label → column. */
  optionColumns(ref: RefLike): ExportColumn[] {
    if (!ref.header) return [];
    const h = key(ref.header);
    return this.header.columns.filter(
      (c) => key(c.main) === h && c.sub !== undefined && !GENERIC_SUBS.has(normalize(c.sub)),
    );
  }

  private matches(ref: RefLike): ExportColumn[] {
    const columns = this.header.columns;
    if (ref.qid) {
      const q = ref.qid;
      const byId = columns.filter((c) => c.id === q || c.importId === q || c.importId === `${q}_TEXT`);
      if (byId.length) return byId;
    }
    if (ref.header) {
      const h = key(ref.header);
      if (ref.sub) {
        const s = key(ref.sub);
        const found = columns.filter((c) => key(c.main) === h && c.sub !== undefined && key(c.sub) === s);
        if (found.length) return found;
        return columns.filter((c) => key(c.text) === `${h} - ${s}`);
      }
      const whole = columns.filter((c) => key(c.text) === h);
      if (whole.length) return whole;
      return columns.filter(
        (c) => key(c.main) === h && (c.sub === undefined || GENERIC_SUBS.has(normalize(c.sub))),
      );
    }
    if (ref.column !== undefined) {
      const c = columns[ref.column - 1];
      return c ? [c] : [];
    }
    return [];
  }
}

/** How a reference reads in a message: its qid, header or column. */
export function describe(ref: RefLike): string {
  const parts: string[] = [];
  if (ref.qid) parts.push(`qid "${ref.qid}"`);
  if (ref.header) parts.push(`header "${ref.header}"${ref.sub ? ` / "${ref.sub}"` : ''}`);
  if (ref.column !== undefined) parts.push(`column ${ref.column}`);
  return parts.join(' or ');
}

export type { ColumnRef };
