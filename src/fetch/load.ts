import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Issue, SiError } from '../errors.ts';
import { displayPath, knownKeysAt, PipelineConfigSchema } from '../pipeline/config.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { type FetchConfig, FetchSchema } from './config.ts';
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
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new SiError('E_CONFIG_INVALID', `${display} is not valid YAML`, {
      issues: doc.errors.map((e) => ({
        code: 'yaml_syntax',
        file: display,
        line: e.linePos?.[0]?.line,
        column: e.linePos?.[0]?.col,
        message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
      })),
    });
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (data['fetch'] === undefined || data['fetch'] === null) {
    throw new SiError('E_CONFIG_INVALID', `${display} has no "fetch" section: nothing to download`, {
      hint: 'add a "fetch:" section (qcew years and/or files with url and vintage); sector-insights fetch --help shows one',
    });
  }
  const issues: Issue[] = [];
  const at = (schema: z.ZodType, key: string, issue: z.core.$ZodIssue) =>
    issues.push(...toIssues(schema, key, issue, doc.contents, lines, display));

  const fetch = FetchSchema.safeParse(data['fetch']);
  if (!fetch.success) for (const issue of fetch.error.issues) at(FetchSchema, 'fetch', issue);

  let counties: readonly string[] = [];
  let referenceArea = 'US000';
  if (fetch.success && fetch.data.qcew) {
    const schema = PipelineConfigSchema.shape.partnership;
    const partnership = schema.safeParse(data['partnership']);
    if (partnership.success) {
      counties = partnership.data.region.counties;
      referenceArea = partnership.data.referenceArea;
    } else for (const issue of partnership.error.issues) at(schema, 'partnership', issue);
  }
  if (!fetch.success || issues.length) {
    throw new SiError('E_CONFIG_INVALID', `${display} has ${issues.length} problem(s)`, { issues });
  }

  const plan = planFetch(fetch.data, { counties, referenceArea });
  if (plan.issues.length) {
    const pos = position(valueNode(doc.contents, ['fetch']), lines);
    throw new SiError('E_CONFIG_INVALID', `${display} has ${plan.issues.length} problem(s)`, {
      issues: plan.issues.map((i) => ({ ...i, file: display, ...pos })),
    });
  }
  const base = dirname(file);
  const dir = isAbsolute(fetch.data.dir) ? fetch.data.dir : resolve(base, fetch.data.dir);
  return { file, dir, config: fetch.data, items: plan.items, inputPatterns: inputPatterns(data, base) };
}

function toIssues(
  schema: z.ZodType,
  key: string,
  issue: z.core.$ZodIssue,
  root: unknown,
  lines: LineCounter,
  file: string,
): Issue[] {
  const inner = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const path = [key, ...inner];
  const dotted = path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, inner);
    return issue.keys.map((k) => {
      const hint = didYouMean(k, known);
      return {
        code: 'unknown_key',
        file,
        ...position(keyNode(root, path, k), lines),
        message: `unknown key "${k}" in ${dotted}${hint ? ` (did you mean "${hint}"?)` : ''}; known keys: ${known.join(', ')}`,
      };
    });
  }
  const node = valueNode(root, path);
  const missing = issue.code === 'invalid_type' && node === undefined;
  return [
    {
      code: missing ? 'missing_key' : issue.code,
      file,
      ...position(node ?? parentNode(root, path), lines),
      message: missing ? `missing required key "${dotted}"` : `${dotted}: ${issue.message}`,
      ...(isScalar(node) ? { value: String(node.value) } : {}),
    },
  ];
}

function position(node: Node | undefined | null, lines: LineCounter): { line?: number; column?: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function valueNode(root: unknown, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (!node || typeof node !== 'object' || !('get' in node)) return undefined;
    node = (node as { get(k: unknown, keepScalar: boolean): unknown }).get(key, true);
  }
  return node as Node | undefined;
}

function parentNode(root: unknown, path: readonly (string | number)[]): Node | undefined {
  for (let n = path.length - 1; n >= 0; n--) {
    const node = valueNode(root, path.slice(0, n));
    if (node) return node;
  }
  return undefined;
}

function keyNode(root: unknown, path: readonly (string | number)[], key: string): Node | undefined {
  const map = valueNode(root, path);
  if (!isMap(map)) return map;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return (pair?.key as Node | undefined) ?? map;
}

/** Every path or glob under `inputs:`, whatever the source, made absolute; malformed entries are skipped. */
function inputPatterns(data: Record<string, unknown>, base: string): string[] {
  const inputs = data['inputs'];
  if (!inputs || typeof inputs !== 'object') return [];
  return Object.values(inputs as Record<string, unknown>)
    .flatMap((groups) => (Array.isArray(groups) ? groups : [groups]))
    .flatMap((group) => {
      const paths = (group as { paths?: unknown } | null)?.paths;
      return (Array.isArray(paths) ? paths : [paths]).filter((p): p is string => typeof p === 'string');
    })
    .map((p) => (isAbsolute(p) ? p : resolve(base, p)));
}
