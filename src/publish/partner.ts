import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SiError } from '../errors.ts';
import type { Model } from '../models/project.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { sha256 } from '../util/hash.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { type ExtractColumn, type ExtractSpec, extractRows, extractSchema } from './extract.ts';
import { type ExtractFormat, type FormattedRow, formatTable } from './formats.ts';

/**
 * Partner extracts: for each partner of a pipeline, a folder of the tables it asked for (chosen columns and
 * rows of the run's published extracts) in the formats it asked for, each with its data dictionary and JSON
 * Schema, a README with the run's provenance, a machine-readable manifest and SHA256SUMS. Everything comes
 * from the run (its tables, its manifest, its publish time), so rebuilding a partner folder from the same
 * run gives the same bytes.
 */

export type FilterValue = string | number | boolean;

export interface PartnerTable {
  /** Name of a published extract. */
  readonly extract: string;
  /** File name (default: the extract's name). */
  readonly name?: string;
  /** Columns in the order published (default: all). */
  readonly columns?: readonly string[];
  /** Rows to keep: column → value, or any of a list of values. */
  readonly filter?: Readonly<Record<string, FilterValue | readonly FilterValue[]>>;
  /** Formats of this table (default: the partner's). */
  readonly formats?: readonly ExtractFormat[];
}

export interface Partner {
  readonly id: string;
  readonly name: string;
  readonly formats: readonly ExtractFormat[];
  readonly notes?: string;
  readonly tables: readonly PartnerTable[];
}

/** An extract a run publishes, with the vintages of the inputs it comes from. */
export interface PublishedExtract {
  readonly spec: ExtractSpec;
  readonly model: Model;
  readonly vintage: string;
}

/** What a partner is told about the run its data come from: a part of the run manifest, fixed before publishing. */
export interface ManifestExcerpt {
  readonly runId: string;
  /** When the run published (its publish stage's start), so rebuilt folders carry the same date. */
  readonly generatedAt: string;
  readonly pipeline: { readonly name: string; readonly file: string; readonly configHash: string };
  readonly code: { readonly version: string; readonly git?: string; readonly modelsHash: string };
  readonly inputs: readonly {
    readonly source: string;
    readonly file: string;
    readonly vintage: string;
    readonly rows: number;
    readonly sha256: string;
  }[];
  readonly surveys?: readonly { readonly wave: string; readonly file: string; readonly sha256: string }[];
  /** The run's disclosure control (its public rules, the audit's outcome), when the manifest has it. */
  readonly disclosure?: DisclosureSummary;
}

export interface DisclosureSummary {
  readonly rules?: {
    readonly minContributors: number;
    readonly dominance: { readonly n: number; readonly k: number } | null;
    readonly pPercent: 'on' | 'off';
    readonly complementary: boolean;
    /** Absent in manifests written before rounding existed. */
    readonly rounding?: number | null;
  };
  readonly audit?: {
    readonly status: string;
    readonly cells: number;
    /** Empty survey cells by reason. */
    readonly suppressed: Readonly<Record<string, number>>;
  };
}

/** A problem with a partner's configuration, at its path in the pipeline file. */
export interface PartnerIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The file name of a partner's table. */
export function tableName(table: PartnerTable): string {
  return table.name ?? table.extract;
}

/**
 * What `partnerIssues` needs of an extract: its name and columns. Column types are known once its table is
 * built; before a run, from the model's description, there are only names, and filter values wait.
 */
export interface SelectableExtract {
  readonly spec: {
    readonly name: string;
    readonly columns: readonly { readonly name: string; readonly type?: ExtractColumn['type'] }[];
  };
}

/**
 * Check partners against what the run publishes: every table names a published extract, and its columns and
 * filter name columns of it, with values of the column's type (when known). `declared` maps every extract the
 * models declare to the inputs it needs, to say why one is not published.
 */
export function partnerIssues(
  partners: readonly Partner[],
  published: ReadonlyMap<string, SelectableExtract>,
  declared: ReadonlyMap<string, readonly string[]>,
): PartnerIssue[] {
  const issues: PartnerIssue[] = [];
  const publishedNames = [...published.keys()].sort();
  partners.forEach((partner, p) => {
    partner.tables.forEach((table, t) => {
      const at = ['extracts', 'partners', p, 'tables', t];
      const who = `partner "${partner.id}", table "${tableName(table)}"`;
      const extract = published.get(table.extract);
      if (!extract) {
        const needs = declared.get(table.extract);
        const hint = didYouMean(table.extract, [...new Set([...publishedNames, ...declared.keys()])]);
        issues.push({
          path: [...at, 'extract'],
          message: needs
            ? `${who}: extract "${table.extract}" is not published by this run: it needs the inputs ${needs.join(', ')}, and the pipeline does not load them all; published: ${publishedNames.join(', ')}`
            : `${who}: no extract "${table.extract}"${hint ? ` (did you mean "${hint}"?)` : ''}; published: ${publishedNames.join(', ')}`,
        });
        return;
      }
      const columns = new Map(extract.spec.columns.map((c) => [c.name, c]));
      const unknown = (column: string, path: (string | number)[], role: string) => {
        const hint = didYouMean(column, columns.keys());
        issues.push({
          path,
          message: `${who}: ${role} "${column}" is not a column of extract ${extract.spec.name}${hint ? ` (did you mean "${hint}"?)` : `; its columns: ${[...columns.keys()].join(', ')}`}`,
        });
      };
      table.columns?.forEach((column, c) => {
        if (!columns.has(column)) unknown(column, [...at, 'columns', c], 'column');
      });
      for (const [column, value] of Object.entries(table.filter ?? {})) {
        const spec = columns.get(column);
        if (!spec) {
          unknown(column, [...at, 'filter', column], 'filter column');
          continue;
        }
        if (!spec.type) continue;
        const want = spec.type === 'integer' ? 'number' : spec.type;
        for (const v of [value].flat()) {
          if (typeof v === want) continue;
          issues.push({
            path: [...at, 'filter', column],
            message:
              spec.type === 'string'
                ? `${who}: filter value ${JSON.stringify(v)} for ${column} is not text; ${column} is text: quote the value ("${String(v)}")`
                : `${who}: filter value ${JSON.stringify(v)} for ${column} is not a ${want}; ${column} holds ${spec.type === 'boolean' ? 'true or false' : 'numbers'}`,
          });
        }
      }
    });
  });
  return issues;
}

/** Rows of the run's extracts, read once however many tables and partners select from them. */
export type ExtractRowsCache = Map<string, ReturnType<typeof extractRows>>;

/**
 * Every file of a partner's folder, by name. The partner must have passed `partnerIssues`.
 *
 * @example
 * const files = await buildPartnerFiles(warehouse, partner, published, excerpt);
 * files.get('SHA256SUMS') // "3f…  README.md\n…"
 */
export async function buildPartnerFiles(
  warehouse: Warehouse,
  partner: Partner,
  published: ReadonlyMap<string, PublishedExtract>,
  excerpt: ManifestExcerpt,
  options: { readonly cache?: ExtractRowsCache; readonly warn?: (message: string) => void } = {},
): Promise<Map<string, Uint8Array>> {
  const cache = options.cache ?? new Map();
  const at = new Date(excerpt.generatedAt);
  const files = new Map<string, Uint8Array>();
  const tables: TableRecord[] = [];
  for (const table of partner.tables) {
    const extract = published.get(table.extract);
    if (!extract) throw new SiError('E_INTERNAL', `partner ${partner.id}: extract ${table.extract} unknown`);
    const { spec, model, vintage } = extract;
    let rows = cache.get(spec.name);
    if (!rows) {
      rows = extractRows(warehouse, spec, model, vintage);
      cache.set(spec.name, rows);
    }
    const selected = selectRows((await rows).rows, table.filter);
    const name = tableName(table);
    if (selected.length === 0)
      options.warn?.(`partner ${partner.id}: table ${name} has no rows after its filter`);
    const chosen = table.columns ?? spec.columns.map((c) => c.name);
    const restricted: ExtractSpec = {
      ...spec,
      columns: chosen.map((c) => spec.columns.find((s) => s.name === c)!),
    };
    // The same schema the run's extract has, restricted to the chosen columns: dictionary and JSON Schema come from it.
    const jsonSchema = z.toJSONSchema(extractSchema(restricted, model, vintage), {
      target: 'draft-2020-12',
    }) as JsonSchema;
    const formats = table.formats ?? partner.formats;
    const record: TableRecord = {
      name,
      extract: spec.name,
      title: spec.title,
      rows: selected.length,
      orderBy: spec.orderBy,
      columns: chosen,
      ...(table.filter ? { filter: table.filter } : {}),
      files: formats.map((f) => `${name}.${f}`),
    };
    for (const format of formats) {
      files.set(
        `${name}.${format}`,
        await formatTable(format, { columns: restricted.columns, rows: selected }, { title: name, at }),
      );
    }
    files.set(`${name}.dictionary.md`, utf8(dictionaryMarkdown(record, jsonSchema)));
    files.set(`${name}.schema.json`, utf8(`${JSON.stringify(jsonSchema, null, 2)}\n`));
    tables.push(record);
  }
  files.set('README.md', utf8(readme(partner, excerpt, tables)));
  files.set('manifest.json', utf8(`${JSON.stringify(partnerManifest(partner, excerpt, tables), null, 2)}\n`));
  const names = [...files.keys()].sort();
  files.set('SHA256SUMS', utf8(names.map((n) => `${sha256(files.get(n)!)}  ${n}\n`).join('')));
  return files;
}

/** Rows whose value in each filtered column equals the value (or one of the values) given. */
export function selectRows(
  rows: readonly FormattedRow[],
  filter: PartnerTable['filter'] | undefined,
): FormattedRow[] {
  const tests = Object.entries(filter ?? {}).map(([column, value]) => {
    const wanted = new Set<unknown>([value].flat());
    return (row: FormattedRow) => wanted.has(row[column]);
  });
  return rows.filter((row) => tests.every((test) => test(row)));
}

interface TableRecord {
  readonly name: string;
  readonly extract: string;
  readonly title: string;
  readonly rows: number;
  readonly orderBy: readonly string[];
  readonly columns: readonly string[];
  readonly filter?: PartnerTable['filter'];
  readonly files: readonly string[];
}

interface JsonSchemaProperty {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly JsonSchemaProperty[];
  readonly description?: string;
  readonly unit?: string;
  readonly source?: string;
  readonly vintage?: string;
  readonly decimals?: number;
  readonly empty?: string;
}

interface JsonSchema {
  readonly description?: string;
  readonly properties: Readonly<Record<string, JsonSchemaProperty>>;
}

function typeOf(property: JsonSchemaProperty): { type: string; nullable: boolean } {
  const types = [property.type ?? [], ...(property.anyOf ?? []).map((a) => a.type ?? [])].flat() as string[];
  return {
    type: types.filter((t) => t !== 'null').join(' or ') || 'any',
    nullable: types.includes('null'),
  };
}

function filterText(filter: PartnerTable['filter']): string {
  return Object.entries(filter ?? {})
    .map(([column, value]) =>
      Array.isArray(value)
        ? `${column} is one of ${value.map((v) => JSON.stringify(v)).join(', ')}`
        : `${column} = ${JSON.stringify(value)}`,
    )
    .join(' and ');
}

const cellText = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The data dictionary of a partner's table, written from its JSON Schema (and so from the extract's zod schema). */
function dictionaryMarkdown(table: TableRecord, schema: JsonSchema): string {
  const properties = Object.entries(schema.properties);
  const first = properties[0]?.[1];
  const lines = [
    `# ${table.title} (${table.name})`,
    '',
    (schema.description ?? '').replace(/^[^:]*: /, '').trim(),
    '',
    `- Files: ${table.files.join(', ')}`,
    `- Selected from the extract \`${table.extract}\`: ${table.columns.length} column(s)${table.filter ? `, rows where ${filterText(table.filter)}` : ', every row'}`,
    `- Source: ${first?.source ?? ''}`,
    `- Vintage: ${first?.vintage ?? ''}`,
    `- Rows: ${table.rows}, sorted by ${table.orderBy.join(', ')}`,
    '- Empty cells (null in JSON and Parquet) are suppressed or not available, never zero.',
    '- Codes (FIPS, SOC, NAICS, CIP) are text in every format; numbers are rounded to the decimals shown.',
    '- CSV: UTF-8, comma-separated, header row; text a spreadsheet would read as a formula starts with an apostrophe.',
    '',
    '| column | type | unit | description | when empty |',
    '|---|---|---|---|---|',
  ];
  for (const [name, property] of properties) {
    const { type, nullable } = typeOf(property);
    const typeText = property.decimals !== undefined ? `${type} (${property.decimals} dp)` : type;
    lines.push(
      `| ${name} | ${typeText} | ${property.unit ?? ''} | ${cellText(property.description ?? '')} | ${nullable ? cellText(property.empty ?? 'may be empty') : 'never empty'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function readme(partner: Partner, excerpt: ManifestExcerpt, tables: readonly TableRecord[]): string {
  const code = excerpt.code.git ? `${excerpt.code.version}+${excerpt.code.git}` : excerpt.code.version;
  const lines = [
    `# ${partner.name}: data from ${excerpt.pipeline.name}`,
    '',
    `Published by sector-insights from run ${excerpt.runId} on ${excerpt.generatedAt}.`,
    '',
  ];
  if (partner.notes?.trim()) lines.push('## Release notes', '', partner.notes.trim(), '');
  lines.push(
    '## Tables',
    '',
    '| table | rows | columns | selected from | files |',
    '|---|---|---|---|---|',
    ...tables.map(
      (t) =>
        `| ${t.name} | ${t.rows} | ${t.columns.length} | ${t.extract}${t.filter ? `, where ${cellText(filterText(t.filter))}` : ''} | ${t.files.join(', ')} |`,
    ),
    '',
    'Each table has a data dictionary (`<table>.dictionary.md`: every column with its type, unit, description,',
    'source, vintage and what an empty cell means) and a JSON Schema of its rows (`<table>.schema.json`).',
    'CSV files are UTF-8 with a header row; JSON files are an array of row objects (keys in column order, empty',
    'values null); Parquet and Excel files keep codes as text and numbers as numbers. Rows are sorted, so the',
    'same run always gives the same files.',
    '',
    'Check the files: `sha256sum -c SHA256SUMS`.',
    '',
    '## Where the data come from',
    '',
    `- Run: ${excerpt.runId}`,
    `- Pipeline: ${excerpt.pipeline.name} (${excerpt.pipeline.file}), configuration sha256 ${excerpt.pipeline.configHash}`,
    `- Code version: ${code}, models sha256 ${excerpt.code.modelsHash}`,
  );
  lines.push(...disclosureLines(excerpt.disclosure));
  lines.push(
    '',
    '| source | file | vintage | rows | sha256 |',
    '|---|---|---|---|---|',
    ...excerpt.inputs.map(
      (i) => `| ${i.source} | ${cellText(i.file)} | ${cellText(i.vintage)} | ${i.rows} | ${i.sha256} |`,
    ),
    ...(excerpt.surveys ?? []).map(
      (s) => `| survey wave ${cellText(s.wave)} | ${cellText(s.file)} | employer survey | | ${s.sha256} |`,
    ),
    '',
    'The same information, machine-readable, is in `manifest.json`.',
  );
  return `${lines.join('\n')}\n`;
}

function disclosureLines(summary: DisclosureSummary | undefined): string[] {
  const lines: string[] = [];
  const rules = summary?.rules;
  if (rules) {
    lines.push(
      `- Disclosure control of survey cells: at least ${rules.minContributors} employer${rules.minContributors === 1 ? '' : 's'} per cell; ${rules.dominance ? `dominance rule (${rules.dominance.n}, ${rules.dominance.k}%)` : 'no dominance rule'}; p% rule ${rules.pPercent}; complementary suppression ${rules.complementary ? 'on' : 'off'}${rules.rounding ? `; estimates rounded to a multiple of ${rules.rounding}` : ''}`,
    );
  }
  const audit = summary?.audit;
  if (audit) {
    const reasons = Object.entries(audit.suppressed);
    const withheld = reasons.reduce((n, [, k]) => n + k, 0);
    lines.push(
      audit.status === 'not_applicable'
        ? '- Disclosure audit of the published files: not applicable (no survey cells published)'
        : `- Disclosure audit of the published files: ${audit.status}; ${audit.cells} survey cells, ${withheld} withheld${reasons.length ? ` (${reasons.map(([r, k]) => `${r} ${k}`).join(', ')})` : ''}`,
    );
  }
  return lines;
}

function partnerManifest(partner: Partner, excerpt: ManifestExcerpt, tables: readonly TableRecord[]) {
  return {
    partner: { id: partner.id, name: partner.name },
    runId: excerpt.runId,
    generatedAt: excerpt.generatedAt,
    pipeline: excerpt.pipeline,
    code: excerpt.code,
    inputs: excerpt.inputs,
    ...(excerpt.surveys ? { surveys: excerpt.surveys } : {}),
    ...(excerpt.disclosure !== undefined ? { disclosure: excerpt.disclosure } : {}),
    tables: tables.map((t) => ({
      name: t.name,
      extract: t.extract,
      rows: t.rows,
      columns: t.columns,
      ...(t.filter ? { filter: t.filter } : {}),
      orderBy: t.orderBy,
      files: t.files,
    })),
    ...(partner.notes ? { notes: partner.notes } : {}),
  };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Write a partner's files into a new folder. */
export async function writePartnerFolder(dir: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
}

/**
 * Replace a partner's folder under `parent` without ever showing a half-written one: the files are written
 * into a hidden folder beside it, the old folder is renamed aside, the new one renamed into place, and the old
 * one removed.
 */
export async function replacePartnerFolder(
  parent: string,
  id: string,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<string> {
  const target = join(parent, id);
  const draft = join(parent, `.${id}.${process.pid}.partial`);
  const old = join(parent, `.${id}.${process.pid}.old`);
  await rm(draft, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
  try {
    await writePartnerFolder(draft, files);
    let movedAside = false;
    try {
      await rename(target, old);
      movedAside = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      await rename(draft, target);
    } catch (error) {
      if (movedAside) await rename(old, target);
      throw error;
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(draft, { recursive: true, force: true });
  }
  return target;
}
