import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { SiError } from '../errors.ts';
import { displayPath, parsePipelineConfig } from '../pipeline/config.ts';
import type { FetchConfig } from './config.ts';
import { type FetchItem, planFetch } from './plan.ts';

export interface FetchPlan {
  /** Absolute path of the pipeline file. */
  readonly file: string;
  /** Absolute path of the inputs folder. */
  readonly dir: string;
  readonly config: FetchConfig;
  readonly items: readonly FetchItem[];
  /** The pipeline's `inputs:` paths and globs, absolute: what a run will load. */
  readonly inputPatterns: readonly string[];
}

/**
 * Read a pipeline file's `fetch` section (and, for QCEW, the partnership's counties and reference area) and
 * derive the files to download. Only these sections are checked, so `fetch` works on a pipeline whose
 * inputs do not exist yet. Every problem comes back at once, with file, line and column.
 */
export async function loadFetchPlan(file: string): Promise<FetchPlan> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SiError('E_CONFIG_NOT_FOUND', `pipeline file not found: ${file}`, { cause });
  }
  return parseFetchPlan(text, path);
}

export function parseFetchPlan(text: string, file: string): FetchPlan {
  const display = displayPath(file);
  // The whole pipeline is checked (every problem at once, with line and column); inputs need not exist yet.
  const config = parsePipelineConfig(text, file);
  if (!config.fetch) {
    throw new SiError('E_CONFIG_INVALID', `${display} has no "fetch" section: nothing to download`, {
      hint: 'add a "fetch:" section (qcew years and/or files with url and vintage); sector-insights fetch --help shows one',
    });
  }
  const { partnership } = config;
  const plan = planFetch(config.fetch, {
    counties: partnership.region.counties,
    referenceArea: partnership.referenceArea,
  });
  if (plan.issues.length) {
    const line = text.split(/\r?\n/).findIndex((l) => /^fetch\s*:/.test(l)) + 1;
    throw new SiError('E_CONFIG_INVALID', `${display} has ${plan.issues.length} problem(s)`, {
      issues: plan.issues.map((i) => ({ ...i, file: display, ...(line > 0 ? { line, column: 1 } : {}) })),
    });
  }
  const dir = isAbsolute(config.fetch.dir) ? config.fetch.dir : resolve(config.dir, config.fetch.dir);
  // Every path or glob under `inputs:`, whatever the source (already absolute): what a run will load.
  const inputPatterns = Object.values(config.inputs).flatMap((groups) =>
    (groups ?? []).flatMap((g) => g.paths),
  );
  return { file, dir, config: config.fetch, items: plan.items, inputPatterns };
}
