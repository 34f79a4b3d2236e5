import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipelineConfig, type PipelineConfig } from '../../src/pipeline/config.ts';
import type { RunManifest } from '../../src/pipeline/manifest.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { runForTest, tempDir, writeDemoProject } from '../helpers.ts';

/** The demo partnership with its three survey waves, one per survey tool, end to end. */
describe('employer-needs surveys in the demo pipeline', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let config: PipelineConfig;
  let manifest: RunManifest;
  let log: string[];
  let warehouse: DuckdbWarehouse;
  const published = () => join(config.outputs.dir, 'runs', manifest.runId);

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const demoFile = await writeDemoProject(dir);
    config = await loadPipelineConfig(demoFile);
    config = { ...config, outputs: { ...config.outputs, pdf: 'never' } };
    const run = await runForTest(config, { runId: 'survey-1' });
    manifest = run.manifest;
    log = run.logger.lines;
    warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
  });

  afterAll(async () => {
    await warehouse?.close();
    await cleanup?.();
  });

  it('reads every wave from its own tool and records what it did in the manifest', () => {
    expect(manifest.error).toBeUndefined();
    expect(manifest.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    const waves = manifest.surveys!.read!.waves.map((w) => [w.wave, w.shape, w.encoding]);
    expect(waves).toEqual([
      ['2022', 'qualtrics', 'utf-8'],
      ['2023', 'surveymonkey', 'windows-1252'],
      ['2024', 'plain', 'utf-8'],
    ]);
    for (const w of manifest.surveys!.read!.waves) {
      expect(w.responses.complete).toBeGreaterThan(200);
      expect(
        w.responses.partial + w.responses.test + w.responses.duplicate + w.responses.unusable,
      ).toBeGreaterThan(0);
      expect(w.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(manifest.surveys!.read!.rejectedCells).toBeGreaterThan(0);
    // The demo's SOC pins cover its common titles; a rare one is left for a person to decide.
    expect(manifest.surveys!.read!.titlesToReview).toBeLessThanOrEqual(3);
    const weighting = manifest.surveys!.weighting;
    expect(weighting.map((w) => [w.wave, w.method, w.framePeriod])).toEqual([
      ['2022', 'ratio', '2022 Q4'],
      ['2023', 'ratio', '2023 Q4'],
      ['2024', 'ratio', '2024 Q4'],
    ]);
    for (const w of weighting) {
      // Post-stratification weights add up to the frame's establishments.
      const frame = w.cells.reduce((n, c) => n + c.establishments, 0);
      const weights = w.cells.reduce((n, c) => n + (c.weight ?? 0) * c.respondents, 0);
      expect(weights).toBeCloseTo(frame, 6);
      expect(w.responseRate).toBeGreaterThan(0);
      expect(w.frameCoverage).toBeGreaterThan(0);
    }
  });

  it('publishes estimates with intervals, withholds thin ones, and flags imprecise ones', async () => {
    // Contributor counts stay in the confidential table; the published mart has none.
    const rows = await warehouse.query<{ quality: string; n: number; min_employers: number; empty: number }>(
      `SELECT d.quality, count(*) AS n, min(CASE WHEN c.contributors > 0 THEN c.contributors END) AS min_employers,
              sum(CASE WHEN d.estimate IS NULL AND d.se IS NULL AND d.ci_low IS NULL THEN 1 ELSE 0 END) AS empty
       FROM mart_survey_demand d JOIN int_survey_disclosure c USING (wave, soc, measure)
       GROUP BY d.quality ORDER BY d.quality`,
    );
    const byQuality = Object.fromEntries(rows.map((r) => [r.quality, r]));
    expect(byQuality['withheld']!.empty).toBe(byQuality['withheld']!.n);
    expect(byQuality['ok']!.min_employers).toBeGreaterThanOrEqual(3);
    expect(byQuality['caution']!.min_employers).toBeGreaterThanOrEqual(3);
    const columns = (await warehouse.tableColumns('mart_survey_demand')).map((c) => c.name);
    expect(columns).not.toContain('employers');
    expect(columns).not.toContain('respondent_total');
    const [machinists] = await warehouse.query<Record<string, number>>(
      `SELECT estimate, ci_low, ci_high, cell_total, rse, se FROM mart_survey_demand
       JOIN int_survey_disclosure USING (wave, soc, measure)
       WHERE wave = '2024' AND soc = '51-4041' AND measure = 'hires_12m'`,
    );
    expect(machinists!.estimate).toBeGreaterThan(machinists!.cell_total!);
    expect(machinists!.ci_low).toBeLessThanOrEqual(machinists!.estimate!);
    expect(machinists!.rse).toBeCloseTo(machinists!.se! / machinists!.estimate!, 10);
    const gaps = await warehouse.query<{ skill_id: string; rank: number; gap: number }>(
      "SELECT skill_id, rank, gap FROM mart_survey_skill_gaps WHERE wave = '2024' ORDER BY rank",
    );
    expect(gaps).toHaveLength(8);
    expect(gaps.map((g) => g.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const housing = await warehouse.query(
      "SELECT wave FROM mart_survey_challenges WHERE option_id = 'housing' AND question = 'challenges' ORDER BY wave",
    );
    expect(housing).toEqual([{ wave: '2024' }]);
  });

  it('shows demand and skill gaps in the report, with flags', async () => {
    const html = await readFile(join(published(), 'report.html'), 'utf8');
    expect(html).toContain('What employers say they will hire');
    expect(html).toContain('Skill gaps');
    expect(html).toContain('aria-label="Importance and proficiency by skill"');
    expect(html).toContain('— withheld');
    expect(html).toContain('<span class="flag"');
    // The occupation with the most projected hires, beside its estimate a wave earlier.
    const [top] = await warehouse.query<{ soc: string; now: number; before: number }>(
      `SELECT d.soc, d.estimate AS now, p.estimate AS before
       FROM mart_survey_demand d JOIN mart_survey_demand p ON p.soc = d.soc AND p.measure = d.measure
       WHERE d.wave = '2024' AND p.wave = '2023' AND d.measure = 'hires_12m' AND d.level = 'detailed'
         AND d.quality <> 'withheld'
         AND p.quality <> 'withheld'
       ORDER BY d.estimate DESC LIMIT 1`,
    );
    const row = html.slice(html.indexOf(`<td class="code">${top!.soc}</td>`)).split('</tr>')[0]!;
    const cells = [...row.matchAll(/<td class="num">([^<]*)/g)].map((m) => m[1]);
    const int = (v: number) => Math.round(v).toLocaleString('en-US');
    expect(html).toContain('<th scope="col" class="num">2023 survey</th>');
    expect(cells[0]).toBe(int(top!.now));
    expect(cells[2]).toBe(int(top!.before));
  });

  it('keeps every employer answer, name and comment out of what is published and logged', async () => {
    const secrets = (
      await warehouse.query<{ value: string }>(
        `SELECT value FROM raw_survey_identities WHERE length(value) >= 6
         UNION SELECT comment FROM raw_survey_comments WHERE length(comment) >= 12`,
      )
    ).map((r) => r.value);
    expect(secrets.length).toBeGreaterThan(500);
    const files: string[] = [];
    const walk = async (d: string) => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(d, e.name));
        else if (e.isFile()) files.push(join(d, e.name));
      }
    };
    await walk(published());
    const names = files.map((f) => f.slice(published().length + 1)).sort();
    // Partner folders (the demo's college) select from the extracts; they are searched too.
    expect(names.filter((n) => !n.startsWith('extracts/') && !n.startsWith('partners/'))).toEqual([
      'manifest.json',
      'rejects.csv',
      'report.html',
    ]);
    // Every extract (the survey-based ones included) comes as its CSV, dictionary and schema; all are searched.
    const extracts = names.filter((n) => n.endsWith('.csv') && n.startsWith('extracts/'));
    expect(extracts).toEqual(
      expect.arrayContaining([
        'extracts/industry_profile.csv',
        'extracts/demand_comparison.csv',
        'extracts/priority_occupations.csv',
        'extracts/skill_profile.csv',
      ]),
    );
    for (const csv of extracts) {
      const base = csv.replace(/\.csv$/, '');
      expect(names).toEqual(expect.arrayContaining([`${base}.dictionary.md`, `${base}.schema.json`]));
    }
    const texts = [...(await Promise.all(files.map((f) => readFile(f, 'utf8')))), log.join('\n')];
    const leaks = secrets.filter((secret) => texts.some((t) => t.includes(secret)));
    expect(leaks).toEqual([]);
  });

  it('gives data staff the rejected cells with their raw values, in a private folder only', async () => {
    const rejects: Record<string, string>[] = parse(
      await readFile(join(config.outputs.dir, 'private', manifest.runId, 'survey-rejects.csv')),
      {
        columns: true,
      },
    );
    expect(rejects.length).toBe(
      manifest.surveys!.read!.rejectedCells +
        manifest.surveys!.read!.flaggedCells +
        manifest.surveys!.read!.responsesLeftOut,
    );
    const rejected = rejects.filter((r) => r.kind === 'rejected');
    expect(rejected.every((r) => r.file && Number(r.line) > 1 && r.reason)).toBe(true);
    expect(rejected.some((r) => r.raw_value !== '')).toBe(true);
    expect(
      rejects.some((r) => r.reason!.startsWith('range ') && r.reason!.endsWith('estimated at its midpoint')),
    ).toBe(true);
    expect(rejects.some((r) => r.kind === 'response' && r.reason!.startsWith('partial response'))).toBe(true);
    expect(
      rejects.some(
        (r) => r.kind === 'response' && r.reason!.startsWith('another submission by the same employer'),
      ),
    ).toBe(true);
    expect(await readFile(join(config.outputs.dir, 'private', manifest.runId, 'README.txt'), 'utf8')).toMatch(
      /^Confidential/,
    );
    const review: Record<string, string>[] = parse(
      await readFile(join(config.outputs.dir, 'private', manifest.runId, 'soc-review.csv')),
      { columns: true },
    );
    expect(review).toHaveLength(manifest.surveys!.read!.titlesToReview);
    // Only the account that runs the pipeline can open the folder or read its files.
    const folder = join(config.outputs.dir, 'private', manifest.runId);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(join(folder, 'survey-rejects.csv'))).mode & 0o777).toBe(0o600);
  });

  it('withholds check samples of the survey tables', () => {
    const survey = manifest.checks.filter((c) => c.model.startsWith('stg_survey_'));
    expect(survey.length).toBeGreaterThan(5);
    expect(survey.every((c) => c.sample.length === 0)).toBe(true);
  });

  it('reads the Windows-1252 wave correctly (accented employer names)', async () => {
    const names = await warehouse.query<{ value: string }>(
      "SELECT value FROM raw_survey_identities WHERE wave = '2023' AND field = 'employer_name' AND regexp_matches(value, '[^\\x00-\\x7F]')",
    );
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => !n.value.includes('\uFFFD'))).toBe(true);
  });
});
