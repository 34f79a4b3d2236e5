import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type Issue, SiError } from '../errors.ts';

/** The layers of models, in build order; each is one stage of a run. */
export const LAYERS = ['staging', 'intermediate', 'marts'] as const;
export type Layer = (typeof LAYERS)[number];

const LAYER_PREFIX: Record<Layer, string> = { staging: 'stg_', intermediate: 'int_', marts: 'mart_' };

const severity = z
  .enum(['warn', 'error'])
  .describe('"error" stops publishing when the check fails; "warn" reports it.');
const columnList = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const CheckSchema = z.union([
  z.strictObject({
    name: z.string().optional(),
    not_null: columnList.describe('Columns that must never be NULL.'),
    severity: severity.optional(),
  }),
  z.strictObject({
    name: z.string().optional(),
    unique: columnList.describe('Columns that together identify a row.'),
    severity: severity.optional(),
  }),
  z.strictObject({
    name: z.string().optional(),
    accepted_values: z.strictObject({ column: z.string(), values: z.array(z.string()).min(1) }),
    severity: severity.optional(),
  }),
  z.strictObject({
    name: z.string().optional(),
    relationships: z.strictObject({
      column: z.string(),
      to: z.string().describe('Model or source the values must exist in.'),
      field: z.string(),
    }),
    severity: severity.optional(),
  }),
  z.strictObject({
    name: z.string().describe('Name of an expression check; required.'),
    fails_when: z.string().describe('SQL condition (template helpers allowed) true for each failing row.'),
    description: z.string().optional(),
    severity: severity.optional(),
  }),
  z.strictObject({
    name: z.string().optional(),
    min_rows: z.number().int().min(0).describe('The model must have at least this many rows.'),
    severity: severity.optional(),
  }),
]);

export const ModelMetaSchema = z.strictObject({
  description: z.string().describe('What the model holds and why.'),
  built_by: z
    .string()
    .optional()
    .describe(
      'For a table computed in TypeScript (statistics SQL does poorly) rather than by a .sql file: the builder that writes it. Such a model has no .sql file; its checks and column descriptions work as for any other.',
    ),
  depends_on: z
    .array(z.string())
    .default([])
    .describe('Models a TypeScript-built table reads (SQL models name theirs with ref).'),
  confidential: z
    .boolean()
    .default(false)
    .describe('Rows identify employers: check samples record keys and counts only, never values.'),
  columns: z
    .record(
      z.string(),
      z.strictObject({
        description: z.string(),
        unit: z.string().optional(),
        decimals: z
          .number()
          .int()
          .min(0)
          .max(6)
          .optional()
          .describe('Decimal places published in extracts (numbers; default by unit).'),
      }),
    )
    .default({})
    .describe('Column descriptions, used by data dictionaries.'),
  extract: z
    .strictObject({
      name: z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/)
        .describe('File name of the extract, without extension.'),
      title: z.string().describe('Title of the extract in its data dictionary.'),
      source: z.string().describe('Where the data comes from, as the dictionary states it.'),
      inputs: z
        .array(z.string())
        .min(1)
        .describe(
          'Input sources (keys under `inputs:`) the mart is computed from: the extract is published when all were loaded, and names their vintages.',
        ),
      order_by: z.array(z.string()).min(1).describe('Columns the rows are sorted by (add DESC to reverse).'),
    })
    .optional()
    .describe(
      'Publish the model as a partner extract (CSV, data dictionary, JSON Schema); columns and types come from the built table.',
    ),
  checks: z.array(CheckSchema).default([]).describe('Data checks on the model.'),
});

export type ModelMeta = z.output<typeof ModelMetaSchema>;
export type CheckSpec = ModelMeta['checks'][number];

export interface Model {
  readonly name: string;
  readonly layer: Layer;
  /** Path of the .sql file relative to the project's sql folder, for messages. */
  readonly file: string;
  /** The SELECT, or empty for a model built in TypeScript (`meta.built_by`). */
  readonly sql: string;
  readonly meta: ModelMeta;
}

/** Whether a model is a table computed in TypeScript rather than by SQL. */
export function isExternal(model: Model): boolean {
  return model.meta.built_by !== undefined;
}

/**
 * Read every model of a sql folder: `sql/<layer>/<name>.sql`, with its description and checks in
 * `<name>.yml` beside it.
 */
export async function loadModels(sqlDir: string): Promise<Model[]> {
  const models: Model[] = [];
  const issues: Issue[] = [];
  for (const layer of LAYERS) {
    const dir = join(sqlDir, layer);
    const entries = (await readdir(dir).catch(() => [] as string[])).sort();
    const sqlNames = new Set(entries.filter((e) => e.endsWith('.sql')).map((e) => basename(e, '.sql')));
    // A model is a .sql with its .yml, or (a table computed in TypeScript) a .yml with built_by alone.
    const names = [
      ...new Set(entries.filter((e) => /\.(sql|yml)$/.test(e)).map((e) => e.replace(/\.(sql|yml)$/, ''))),
    ];
    for (const name of names) {
      const hasSql = sqlNames.has(name);
      const file = relative(sqlDir, join(dir, `${name}.${hasSql ? 'sql' : 'yml'}`));
      if (!name.startsWith(LAYER_PREFIX[layer])) {
        issues.push({
          code: 'model_name',
          file,
          message: `models in ${layer}/ are named ${LAYER_PREFIX[layer]}*`,
        });
        continue;
      }
      const metaFile = join(dir, `${name}.yml`);
      const metaText = await readFile(metaFile, 'utf8').catch(() => undefined);
      if (metaText === undefined) {
        issues.push({
          code: 'model_meta',
          file,
          message: `missing ${name}.yml beside the model (description and checks)`,
        });
        continue;
      }
      const meta = parseMeta(metaText, relative(sqlDir, metaFile), issues);
      if (!meta) continue;
      if (!hasSql && !meta.built_by) {
        issues.push({
          code: 'model_sql',
          file,
          message: `missing ${name}.sql beside the description (or built_by for a table computed in TypeScript)`,
        });
        continue;
      }
      const sql = hasSql ? await readFile(join(dir, `${name}.sql`), 'utf8') : '';
      models.push({ name, layer, file, sql, meta });
    }
  }
  if (issues.length)
    throw new SiError('E_MODEL', `the SQL models in ${sqlDir} have ${issues.length} problem(s)`, { issues });
  return models;
}

function parseMeta(text: string, file: string, issues: Issue[]): ModelMeta | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      issues.push({
        code: 'yaml_syntax',
        file,
        line: e.linePos?.[0]?.line,
        column: e.linePos?.[0]?.col,
        message: e.message.split('\n')[0] ?? e.message,
      });
    }
    return undefined;
  }
  const result = ModelMetaSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    issues.push({
      code: issue.code,
      file,
      message: `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    });
  }
  return undefined;
}
