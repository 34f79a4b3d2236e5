import type { TabularSource } from '../tabular.ts';

/** code lists files as published: raw tables and the layouts they come in. */
export const CODES_SOURCE: TabularSource = {
  id: 'codes',
  label: 'code lists',
  tables: [],
  layouts: [],
};
