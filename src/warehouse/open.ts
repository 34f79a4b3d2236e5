import { DuckdbWarehouse } from './duckdb.ts';
import type { Warehouse } from './warehouse.ts';

/** The warehouse part of a pipeline's configuration (paths already absolute). */
export interface WarehouseSettings {
  readonly type: 'duckdb';
  readonly path: string;
  readonly threads?: number;
  readonly memoryLimit?: string;
}

/**
 * Open the warehouse a pipeline names: the one place that knows the implementations, so callers only see
 * the `Warehouse` interface (a BigQuery implementation joins here).
 */
export async function openWarehouse(
  settings: WarehouseSettings,
  access: { readOnly?: boolean; noExternalAccess?: boolean } = {},
): Promise<Warehouse> {
  switch (settings.type) {
    case 'duckdb':
      return DuckdbWarehouse.open({
        path: settings.path,
        threads: settings.threads,
        memoryLimit: settings.memoryLimit,
        ...access,
      });
  }
}
