import type { TabularSource } from '../tabular.ts';

/** IPEDS files as published: raw tables and the layouts they come in. */
export const IPEDS_SOURCE: TabularSource = {
  id: 'ipeds',
  label: 'IPEDS',
  tables: [],
  layouts: [],
};
