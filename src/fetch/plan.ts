import { posix } from 'node:path';
import type { Issue } from '../errors.ts';
import type { FetchConfig } from './config.ts';

/** One entry (or several, for a pattern with "*") to unpack from a downloaded zip archive. */
export interface ExtractTarget {
  /** Entry name, its file name, or a pattern where "*" matches any characters. */
  readonly pattern: string;
  /** Where the single matching entry goes, under the inputs folder. */
  readonly path?: string;
  /** Without `path`: the folder the matching entries go to under their own names (default: the archive's). */
  readonly dir?: string;
}

/** One file to download, derived from the pipeline before anything touches the network. */
export interface FetchItem {
  /** Which source it feeds: "qcew", or the first folder of its path for `files` entries. */
  readonly source: string;
  /** The official address; recorded in the manifest. */
  readonly url: string;
  /** The address actually requested (a mirror's, when one is configured). */
  readonly from: string;
  /** Path under the inputs folder, with "/" separators. */
  readonly path: string;
  readonly vintage: string;
  readonly sha256?: string;
  readonly extract: readonly ExtractTarget[];
}

export const QCEW_OPEN_DATA = 'https://data.bls.gov/cew/data';

/**
 * The QCEW open-data CSV slice of one area for one quarter ("1".."4") or year ("a").
 *
 * @example qcewAreaSliceUrl('2024', '1', '18039') // 'https://data.bls.gov/cew/data/api/2024/1/area/18039.csv'
 */
export function qcewAreaSliceUrl(year: string, qtr: string, area: string): string {
  return `${QCEW_OPEN_DATA}/api/${year}/${qtr.toLowerCase()}/area/${area}.csv`;
}

/**
 * The yearly zip of QCEW by-area CSV files (every area, one CSV each), for years the API no longer serves.
 *
 * @example qcewByAreaArchiveUrl('2016', false) // 'https://data.bls.gov/cew/data/files/2016/csv/2016_qtrly_by_area.zip'
 */
export function qcewByAreaArchiveUrl(year: string, annual: boolean): string {
  return `${QCEW_OPEN_DATA}/files/${year}/csv/${year}_${annual ? 'annual' : 'qtrly'}_by_area.zip`;
}

export interface PlanContext {
  /** The partnership's region counties, in configuration order. */
  readonly counties: readonly string[];
  readonly referenceArea: string;
}

/**
 * Every file the `fetch` section names: QCEW slices for the region's counties, the extra areas and the
 * reference area for each year and quarter, then the explicit files. Throws nothing; problems (two items
 * writing one path, an address without a file name) come back as issues located under `fetch`.
 */
export function planFetch(
  config: FetchConfig,
  context: PlanContext,
): { items: FetchItem[]; issues: Issue[] } {
  const items: FetchItem[] = [];
  const issues: Issue[] = [];
  const item = (source: string, url: string, rest: Omit<FetchItem, 'source' | 'url' | 'from'>) =>
    items.push({ source, url, from: mirrored(url, config), ...rest });

  if (config.qcew) {
    const q = config.qcew;
    const areas = unique([...context.counties, ...q.areas, context.referenceArea]);
    for (const year of unique(q.years)) {
      const vintage = q.vintage.replaceAll('{year}', year);
      const quarters = unique(q.quarters);
      if (q.from === 'api') {
        for (const qtr of quarters) {
          for (const area of areas) {
            const name = qtr === 'a' ? `${year}.annual.${area}.csv` : `${year}.q${qtr}.${area}.csv`;
            item('qcew', qcewAreaSliceUrl(year, qtr, area), {
              path: posix.join(q.dir, year, name),
              vintage,
              extract: [],
            });
          }
        }
      } else {
        // One by-area archive holds all four quarters (or the annual averages) of every area.
        const kinds = unique(quarters.map((qtr) => qtr === 'a'));
        for (const annual of kinds) {
          const url = qcewByAreaArchiveUrl(year, annual);
          const span = annual ? 'annual' : 'q1-q4';
          item('qcew', url, {
            path: posix.join(q.dir, 'archives', posix.basename(url)),
            vintage,
            // Entries keep BLS's names ("2016.q1-q4 18039 Elkhart County, Indiana.csv") in the year folder.
            extract: areas.map((area) => ({
              pattern: `${year}.${span} ${area} *.csv`,
              dir: posix.join(q.dir, year),
            })),
          });
        }
      }
    }
  }

  config.files.forEach((file, i) => {
    const path = file.to ?? fileNameOf(file.url);
    if (!path) {
      issues.push({
        code: 'fetch_no_file_name',
        message: `fetch.files.${i}.url: the address has no file name; give "to", the path under the inputs folder`,
        value: file.url,
      });
      return;
    }
    const folder = path.includes('/') ? path.slice(0, path.indexOf('/')) : 'files';
    item(folder, file.url, {
      path,
      vintage: file.vintage,
      ...(file.sha256 ? { sha256: file.sha256 } : {}),
      extract: (file.extract ?? []).map((e) =>
        typeof e === 'string' ? { pattern: e } : { pattern: e.entry, ...(e.to ? { path: e.to } : {}) },
      ),
    });
  });

  const seen = new Map<string, string>();
  const claim = (path: string, by: string) => {
    const key = path.toLowerCase();
    const other = seen.get(key);
    if (other) {
      issues.push({
        code: 'fetch_duplicate_path',
        message: `fetch: ${by} and ${other} would both write ${path}`,
        value: path,
      });
    } else seen.set(key, by);
  };
  for (const it of items) {
    claim(it.path, it.url);
    for (const e of it.extract) if (e.path) claim(e.path, `${it.url} entry ${e.pattern}`);
  }
  return { items, issues };
}

/** Unpacked entries go to `path`, or to `dir` (or the archive's folder) under the entry's own name. */
export function extractDestination(item: FetchItem, target: ExtractTarget, entryName: string): string {
  if (target.path) return target.path;
  const dir = target.dir ?? posix.dirname(item.path);
  return dir === '.' ? posix.basename(entryName) : posix.join(dir, posix.basename(entryName));
}

/**
 * The address to request for an official one: the longest matching mirror prefix, else `baseUrl` in place
 * of the scheme and host, else the address itself.
 *
 * @example mirrored('https://data.bls.gov/cew/data/api/2024/1/area/US000.csv', { baseUrl: 'http://127.0.0.1:8080', mirrors: {} })
 * // 'http://127.0.0.1:8080/cew/data/api/2024/1/area/US000.csv'
 */
export function mirrored(url: string, config: Pick<FetchConfig, 'baseUrl' | 'mirrors'>): string {
  const prefix = Object.keys(config.mirrors)
    .filter((p) => url.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix !== undefined) return joinPrefix(config.mirrors[prefix]!, url.slice(prefix.length));
  if (config.baseUrl) {
    const official = new URL(url);
    return joinPrefix(config.baseUrl, `${official.pathname}${official.search}`);
  }
  return url;
}

function joinPrefix(prefix: string, rest: string): string {
  if (!rest) return prefix;
  return `${prefix.replace(/\/+$/, '')}/${rest.replace(/^\/+/, '')}`;
}

/** The decoded last segment of an address's path, or undefined when it ends in "/". */
export function fileNameOf(url: string): string | undefined {
  const last = new URL(url).pathname.split('/').pop();
  if (!last) return undefined;
  const name = decodeURIComponent(last);
  return name && name !== '.' && name !== '..' && !name.includes('\\') ? name : undefined;
}

function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
