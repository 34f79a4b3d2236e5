import type { TabularSource } from '../tabular.ts';

/** OEWS files as published: raw tables and the layouts they come in. */
export const OEWS_SOURCE: TabularSource = {
  id: 'oews',
  label: 'OEWS',
  tables: [],
  layouts: [],
};
