import type { TabularSource } from '../tabular.ts';
import { CODES_SOURCE } from './codes.ts';
import { IPEDS_SOURCE } from './ipeds.ts';
import { OEWS_SOURCE } from './oews.ts';
import { ONET_SOURCE } from './onet.ts';
import { PROJECTIONS_SOURCE } from './projections.ts';

/**
 * The public sources loaded by the generic tabular loader, in load order. Each `id` is its key under `inputs`
 * in the pipeline configuration; sources not configured get their raw tables created empty, so models can
 * always read them.
 */
export const TABULAR_SOURCES: readonly TabularSource[] = [
  OEWS_SOURCE,
  PROJECTIONS_SOURCE,
  ONET_SOURCE,
  IPEDS_SOURCE,
  CODES_SOURCE,
];
