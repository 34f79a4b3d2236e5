import type { Logger } from '../effects.ts';
import type { Dialect } from '../warehouse/dialect.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { isExternal, type Layer, loadModels, type Model } from './project.ts';
import { ModelRenderer, orderModels, type RenderedModel } from './render.ts';

export interface CompiledProject {
  readonly models: readonly Model[];
  readonly renderer: ModelRenderer;
  /** Every model rendered for the dialect, in dependency order. */
  readonly ordered: readonly RenderedModel[];
}

/** Load the models of a sql folder and render them for a dialect, in build order. */
export async function compileProject(sqlDir: string, dialect: Dialect): Promise<CompiledProject> {
  const models = await loadModels(sqlDir);
  const renderer = new ModelRenderer(dialect, models);
  const ordered = orderModels(models.map((m) => renderer.render(m)));
  return { models, renderer, ordered };
}

export interface ModelBuild {
  readonly name: string;
  readonly layer: Layer;
  readonly rows: number;
  readonly ms: number;
}

/** Materialise the models of one layer as tables, each replaced atomically, in dependency order. */
export async function buildLayer(
  warehouse: Warehouse,
  project: CompiledProject,
  layer: Layer,
  logger: Logger,
): Promise<ModelBuild[]> {
  const builds: ModelBuild[] = [];
  for (const { model, sql } of project.ordered.filter(
    (r) => r.model.layer === layer && !isExternal(r.model),
  )) {
    const started = performance.now();
    const progress = logger.progress(`  ${model.name}`);
    const rows = await warehouse.createTableAs(model.name, sql, undefined, progress);
    const ms = Math.round(performance.now() - started);
    progress.done(`${rows.toLocaleString('en-US')} rows in ${ms} ms`);
    builds.push({ name: model.name, layer, rows, ms });
  }
  return builds;
}
