import { fileURLToPath } from 'node:url';

/** The folder holding `sql/`, `reports/` and `pipelines/`: the package itself. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
