import type { TabularSource } from '../tabular.ts';

/** Employment Projections files as published: raw tables and the layouts they come in. */
export const PROJECTIONS_SOURCE: TabularSource = {
  id: 'projections',
  label: 'Employment Projections',
  tables: [],
  layouts: [],
};
