import { chmod, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Issue } from '../errors.ts';
import { SiError } from '../errors.ts';
import { fileFacts } from '../ingest/files.ts';
import type { Model } from '../models/project.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { toCsv } from './csv.ts';
import { buildExtract, type ExtractSpec } from './extract.ts';
import {
  buildPartnerFiles,
  type ExtractRowsCache,
  type ManifestExcerpt,
  type Partner,
  type PublishedExtract,
  writePartnerFolder,
} from './partner.ts';
import { type ReportContext, type ReportSettings, renderReport } from './report.ts';

export interface PublishedFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface PublishOptions {
  readonly warehouse: Warehouse;
  /** The pipeline's outputs folder; runs go to `runs/<run id>/`, and `latest` points at the last good one. */
  readonly outputsDir: string;
  readonly runId: string;
  readonly templatesDir: string;
  readonly report: ReportSettings;
  readonly reportContext: ReportContext;
  /** Each with the vintages of the inputs it comes from (default: `vintage`). */
  readonly extracts: readonly {
    readonly spec: ExtractSpec;
    readonly model: Model;
    readonly vintage?: string;
  }[];
  readonly vintage: string;
  readonly rejects: readonly Issue[];
  readonly pdf: 'auto' | 'always' | 'never';
  readonly chromiumPath: string;
  readonly warn: (message: string) => void;
}

export interface StagedOutputs {
  /** Folder holding the run's outputs until they are committed. */
  readonly dir: string;
  readonly files: readonly PublishedFile[];
}

/**
 * Write a run's outputs into a private staging folder: the HTML report (and PDF), the extracts with their
 * data dictionaries, and the rejects. Nothing users see changes until `commitOutputs`.
 */
export async function stageOutputs(options: PublishOptions): Promise<StagedOutputs> {
  const runsDir = join(options.outputsDir, 'runs');
  const dir = join(runsDir, `.${options.runId}.partial`);
  // A run that crashed while publishing leaves its partial folder; no run of this pipeline is using one now.
  for (const entry of await readdir(runsDir).catch(() => [] as string[])) {
    if (entry.endsWith('.partial')) await rm(join(runsDir, entry), { recursive: true, force: true });
  }
  await mkdir(join(dir, 'extracts'), { recursive: true });
  try {
    const html = await renderReport(
      options.warehouse,
      options.templatesDir,
      options.report,
      options.reportContext,
    );
    await writeFile(join(dir, 'report.html'), html);
    if (options.pdf !== 'never') {
      // Loaded on demand: the browser driver is heavy and most commands never print.
      const { chromiumAvailable, htmlToPdf } = await import('./pdf.ts');
      if (chromiumAvailable(options.chromiumPath)) {
        try {
          await writeFile(join(dir, 'report.pdf'), await htmlToPdf(html, options.chromiumPath));
        } catch (error) {
          if (options.pdf === 'always') throw error;
          options.warn(`PDF skipped: ${(error as Error).message}`);
        }
      } else if (options.pdf === 'always') {
        throw new SiError(
          'E_PUBLISH',
          `outputs.pdf is "always" but Chromium was not found at ${options.chromiumPath}`,
          {
            hint: 'install it (apt-get install chromium) or set CHROMIUM_PATH',
          },
        );
      } else {
        options.warn(
          `PDF skipped: Chromium not found at ${options.chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`,
        );
      }
    }
    for (const { spec, model, vintage } of options.extracts) {
      const extract = await buildExtract(options.warehouse, spec, model, vintage ?? options.vintage);
      for (const [name, content] of extract.files) await writeFile(join(dir, 'extracts', name), content);
    }
    // Outside runs/, so nothing that shares the published outputs (or `latest`) shares raw answers.
    await writePrivateSurveyFiles(options.warehouse, join(options.outputsDir, 'private', options.runId));
    await writeFile(
      join(dir, 'rejects.csv'),
      toCsv(
        ['file', 'line', 'column', 'code', 'message', 'value'],
        options.rejects.map((r) => [
          r.file ?? '',
          r.line ?? null,
          r.column ?? null,
          r.code,
          r.message,
          r.value ?? null,
        ]),
      ),
    );
    return { dir, files: await listFiles(dir) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Add each partner's folder, `partners/<id>/`, to staged outputs: chosen columns and rows of the run's
 * extracts (`extracts`, the ones just staged), checked beforehand. Returns the staged outputs with the new
 * files listed (they go into the manifest's outputs with their sha256).
 */
export async function stagePartners(
  staged: StagedOutputs,
  options: {
    readonly warehouse: Warehouse;
    readonly extracts: readonly PublishedExtract[];
    readonly partners: readonly Partner[];
    readonly excerpt: ManifestExcerpt;
    readonly warn: (message: string) => void;
  },
): Promise<StagedOutputs> {
  const published = new Map(options.extracts.map((e) => [e.spec.name, e]));
  const cache: ExtractRowsCache = new Map();
  for (const partner of options.partners) {
    const files = await buildPartnerFiles(options.warehouse, partner, published, options.excerpt, {
      cache,
      warn: options.warn,
    });
    await writePartnerFolder(join(staged.dir, 'partners', partner.id), files);
  }
  return { dir: staged.dir, files: await listFiles(staged.dir) };
}

/**
 * Files for data staff only, in `private/<run id>/` beside (not inside) the published runs, readable by the
 * owner alone: survey cells rejected or flagged, with the raw
 * answers (confidential: never to be shared, which is why they are not in rejects.csv or the manifest), and
 * the job titles that need a SOC code from a person.
 */
async function writePrivateSurveyFiles(warehouse: Warehouse, dir: string): Promise<void> {
  const notes = await warehouse.query<Record<string, string | number | null>>(
    `SELECT wave, file, line, "column", field, kind, reason, raw_value FROM raw_survey_notes
     ORDER BY wave, file, line, "column" NULLS FIRST, field, reason`,
  );
  const review = await warehouse.query<Record<string, string | number | null>>(
    // Grouped as the matcher groups titles (case and spacing aside), so it lists what the manifest counts.
    `SELECT min(title) AS title, count(*) AS jobs, count(DISTINCT wave || response_id) AS responses,
            max(soc_candidates) AS candidates
     FROM raw_survey_jobs WHERE soc_needs_review
     GROUP BY lower(regexp_replace(trim(title), '\\s+', ' ', 'g')) ORDER BY jobs DESC, title`,
  );
  if (notes.length === 0 && review.length === 0) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(join(dir, '..'), 0o700);
  const columns = (rows: Record<string, unknown>[], names: string[]) =>
    toCsv(
      names,
      rows.map((r) => names.map((n) => (r[n] ?? null) as string | number | null)),
    );
  const write = (name: string, text: string) => writeFile(join(dir, name), text, { mode: 0o600 });
  await write(
    'README.txt',
    "Confidential: these files hold employers' own survey answers. They are for data staff fixing inputs; never share them.\n" +
      'survey-rejects.csv: every survey cell rejected or read with an interpretation, and every response left out.\n' +
      'soc-review.csv: job titles the matcher could not code to SOC 2018 with confidence; pin them in the SOC pins file.\n',
  );
  await write(
    'survey-rejects.csv',
    columns(notes, ['wave', 'file', 'line', 'column', 'field', 'kind', 'reason', 'raw_value']),
  );
  await write('soc-review.csv', columns(review, ['title', 'jobs', 'responses', 'candidates']));
}

/**
 * Publish staged outputs: add the manifest, move the folder to `runs/<run id>`, then point `latest` at it
 * with an atomic rename, and prune old runs. A run that fails before this leaves `latest` as it was.
 */
export async function commitOutputs(
  staged: StagedOutputs,
  outputsDir: string,
  runId: string,
  manifestJson: string,
  keepRuns: number,
  warn: (message: string) => void,
): Promise<string> {
  await writeFile(join(staged.dir, 'manifest.json'), manifestJson);
  const runsDir = join(outputsDir, 'runs');
  const finalDir = join(runsDir, runId);
  await rm(finalDir, { recursive: true, force: true });
  await rename(staged.dir, finalDir);
  await pointLatest(outputsDir, finalDir);
  // Published by now: failing to tidy up old runs must not turn the run into a failure.
  await pruneRuns(runsDir, keepRuns, finalDir).catch((error: unknown) =>
    warn(`could not prune old runs: ${(error as Error).message}`),
  );
  await pruneRuns(join(outputsDir, 'failed'), keepRuns).catch(() => undefined);
  await pruneRuns(join(outputsDir, 'private'), keepRuns).catch(() => undefined);
  return finalDir;
}

/**
 * Mark the outputs folder as this pipeline's, refusing one another pipeline publishes to: their runs would
 * prune each other and `latest` would flip between them.
 */
export async function claimOutputs(outputsDir: string, pipeline: string): Promise<void> {
  const marker = join(outputsDir, '.pipeline');
  const owner = (await readFile(marker, 'utf8').catch(() => '')).trim();
  if (owner && owner !== pipeline) {
    throw new SiError(
      'E_CONFIG_INVALID',
      `the outputs folder ${outputsDir} belongs to pipeline ${owner}, not ${pipeline}`,
      {
        hint: 'give each pipeline its own outputs.dir',
      },
    );
  }
  if (!owner) {
    await mkdir(outputsDir, { recursive: true });
    await writeFile(marker, `${pipeline}\n`);
  }
}

/** A failed run's manifest, kept apart from published runs so `latest` never points at it. */
export async function writeFailedManifest(
  outputsDir: string,
  runId: string,
  manifestJson: string,
): Promise<string> {
  const dir = join(outputsDir, 'failed', runId);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  await writeFile(path, manifestJson);
  return path;
}

async function pointLatest(outputsDir: string, runDir: string): Promise<void> {
  const link = join(outputsDir, 'latest');
  const tmp = join(outputsDir, `.latest.${process.pid}`);
  await rm(tmp, { force: true });
  await symlink(relative(outputsDir, runDir), tmp);
  await rename(tmp, link);
}

/** Keep the newest `keep` run folders (run ids sort by start time), and `current` whatever its age. */
async function pruneRuns(runsDir: string, keep: number, current?: string): Promise<void> {
  const runs = (await readdir(runsDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const excess = runs
    .slice(0, Math.max(0, runs.length - keep))
    .filter((name) => join(runsDir, name) !== current);
  for (const name of excess) await rm(join(runsDir, name), { recursive: true, force: true });
}

async function listFiles(dir: string): Promise<PublishedFile[]> {
  const out: PublishedFile[] = [];
  const walk = async (d: string) => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push({ path: relative(dir, path), ...(await fileFacts(path)) });
    }
  };
  await walk(dir);
  return out;
}
