import Handlebars from 'handlebars';
import { SiError } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { ColumnType, Dialect } from '../warehouse/dialect.ts';
import { isExternal, LAYERS, type Model } from './project.ts';
import { ALL_SOURCES } from './sources.ts';

export interface RenderedModel {
  readonly model: Model;
  readonly sql: string;
  /** Models this one reads, in the order first referenced. */
  readonly refs: readonly string[];
  readonly sources: readonly string[];
}

const COLUMN_TYPES: readonly ColumnType[] = ['string', 'int64', 'float64', 'bool', 'date', 'timestamp'];

/**
 * Renders model templates for one warehouse dialect. Templates use Handlebars with these helpers:
 *
 * - `{{ref "stg_qcew"}}` another model (recorded as a dependency), `{{source "qcew_quarterly"}}` a source table
 * - `{{safe_divide "a" "b"}}` NULL when b is 0, `{{safe_cast "x" "int64"}}`, `{{type "float64"}}`
 * - `{{ident "name"}}` a quoted identifier, `{{str "text"}}` a string literal
 *
 * @example
 * new ModelRenderer(duckdbDialect, models).render(model).sql
 * // 'SELECT ... FROM "stg_qcew"' for DuckDB, 'SELECT ... FROM `proj.ds.stg_qcew`' for BigQuery
 */
export class ModelRenderer {
  private readonly hb = Handlebars.create();
  private readonly known: ReadonlyMap<string, Model>;
  private refs: string[] = [];
  private sources: string[] = [];
  private current: Model | undefined;

  constructor(
    readonly dialect: Dialect,
    models: readonly Model[],
  ) {
    this.known = new Map(models.map((m) => [m.name, m]));
    const d = dialect;
    const str = (v: unknown, helper: string) => {
      if (typeof v !== 'string') throw this.error(`{{${helper}}} expects text arguments in quotes`);
      return v;
    };
    this.hb.registerHelper('ref', (name: unknown) => {
      const model = str(name, 'ref');
      if (!this.known.has(model)) {
        const hint = didYouMean(model, this.known.keys());
        throw this.error(`ref to unknown model "${model}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
      if (!this.refs.includes(model)) this.refs.push(model);
      return d.tableRef(model);
    });
    this.hb.registerHelper('source', (name: unknown) => {
      const source = str(name, 'source');
      const def = ALL_SOURCES[source];
      if (!def) {
        const hint = didYouMean(source, Object.keys(ALL_SOURCES));
        throw this.error(`unknown source "${source}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
      if (!this.sources.includes(source)) this.sources.push(source);
      return d.tableRef(def.table);
    });
    this.hb.registerHelper('safe_divide', (a: unknown, b: unknown) =>
      d.safeDivide(str(a, 'safe_divide'), str(b, 'safe_divide')),
    );
    this.hb.registerHelper('safe_cast', (x: unknown, t: unknown) =>
      d.safeCast(str(x, 'safe_cast'), this.type(t)),
    );
    this.hb.registerHelper('type', (t: unknown) => d.type(this.type(t)));
    this.hb.registerHelper('ident', (x: unknown) => d.quoteIdent(str(x, 'ident')));
    this.hb.registerHelper('str', (x: unknown) => d.stringLiteral(str(x, 'str')));
  }

  render(model: Model): RenderedModel {
    const sql = isExternal(model) ? '' : this.renderText(model.sql, model);
    if (isExternal(model)) {
      for (const dep of model.meta.depends_on) {
        if (!this.known.has(dep)) throw this.error(`depends_on names an unknown model "${dep}"`, model);
      }
      this.refs = [...model.meta.depends_on];
      this.sources = [];
    }
    const refs = this.refs;
    const sources = this.sources;
    const order = LAYERS.indexOf(model.layer);
    for (const ref of refs) {
      const target = this.known.get(ref)!;
      if (LAYERS.indexOf(target.layer) > order) {
        throw this.error(`a ${model.layer} model cannot read the ${target.layer} model ${ref}`, model);
      }
    }
    return { model, sql, refs, sources };
  }

  /** Render a SQL fragment (a check's condition, say) in the context of a model. */
  renderText(template: string, model?: Model): string {
    this.refs = [];
    this.sources = [];
    this.current = model;
    try {
      return this.hb.compile(template, { noEscape: true, strict: true })({}).trim();
    } catch (error) {
      if (error instanceof SiError) throw error;
      throw this.error(`template error: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  private type(t: unknown): ColumnType {
    if (typeof t === 'string' && (COLUMN_TYPES as string[]).includes(t)) return t as ColumnType;
    throw this.error(`unknown column type ${JSON.stringify(t)}; use one of ${COLUMN_TYPES.join(', ')}`);
  }

  private error(message: string, model = this.current): SiError {
    return new SiError('E_MODEL', model ? `${model.file}: ${message}` : message);
  }
}

/**
 * Order rendered models so each comes after the models it reads (Kahn's algorithm, ties broken by layer
 * then name so the order is stable). A cycle is an error naming the models in it.
 */
export function orderModels(rendered: readonly RenderedModel[]): RenderedModel[] {
  const byName = new Map(rendered.map((r) => [r.model.name, r]));
  const remaining = new Map(rendered.map((r) => [r.model.name, new Set(r.refs)]));
  const ordered: RenderedModel[] = [];
  const rank = (r: RenderedModel) => `${LAYERS.indexOf(r.model.layer)}:${r.model.name}`;
  while (remaining.size > 0) {
    const ready = [...remaining]
      .filter(([, deps]) => [...deps].every((d) => !remaining.has(d)))
      .map(([name]) => byName.get(name)!)
      .sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
    if (ready.length === 0) {
      throw new SiError(
        'E_MODEL',
        `models depend on each other in a cycle: ${[...remaining.keys()].sort().join(', ')}`,
      );
    }
    const next = ready[0]!;
    ordered.push(next);
    remaining.delete(next.model.name);
  }
  return ordered;
}
