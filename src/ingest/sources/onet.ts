import type { TabularSource } from '../tabular.ts';

/** O*NET files as published: raw tables and the layouts they come in. */
export const ONET_SOURCE: TabularSource = {
  id: 'onet',
  label: 'O*NET',
  tables: [],
  layouts: [],
};
