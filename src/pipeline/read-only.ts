import { existsSync } from 'node:fs';
import { SiError } from '../errors.ts';
import { openWarehouse } from '../warehouse/open.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { displayPath, type PipelineConfig } from './config.ts';

/**
 * Open a pipeline's warehouse for reading only, with file access from SQL switched off, for ad-hoc queries
 * and history. The warehouse must exist: a typo in a path should not create an empty one.
 */
export async function openReadOnly(config: PipelineConfig): Promise<Warehouse> {
  if (!existsSync(config.warehouse.path)) {
    throw new SiError('E_WAREHOUSE', `no warehouse at ${displayPath(config.warehouse.path)} yet`, {
      hint: `run the pipeline first: sector-insights run ${displayPath(config.file)}`,
    });
  }
  return openWarehouse(config.warehouse, { readOnly: true, noExternalAccess: true });
}
