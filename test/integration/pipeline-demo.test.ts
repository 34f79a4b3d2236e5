import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoQcew } from '../../src/demo/qcew.ts';
import { SiError } from '../../src/errors.ts';
import type { PipelineConfig } from '../../src/pipeline/config.ts';
import { listRuns, readManifest } from '../../src/pipeline/history.ts';
import { sha256File } from '../../src/util/hash.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { runForTest, tempDir, writePipeline } from '../helpers.ts';

const REGION = ['57001', '57003', '57005', '57007'];

/** The demo partnership end to end on generated data: runs, reruns, failures and what stays published. */
describe('a pipeline run on the demo partnership', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let config: PipelineConfig;
  const ran: Record<string, Awaited<ReturnType<typeof runForTest>>['manifest']> = {};

  const extractOf = (runId: string) =>
    join(config.outputs.dir, 'runs', runId, 'extracts', 'industry_profile.csv');
  const latest = async () => readlink(join(config.outputs.dir, 'latest'));

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await generateDemoQcew({ outDir: join(dir, 'data') });
    config = await writePipeline(dir, {
      partnership: {
        name: 'Lakeshore Valley Manufacturing Partnership',
        industry: { name: 'Manufacturing', naics: ['31-33'], detailDigits: 4 },
        region: { name: 'Lakeshore Valley', counties: REGION },
        referenceArea: 'US000',
      },
      inputs: { qcew: { paths: 'data/*.csv', vintage: 'QCEW 2022-2024 (demo)' } },
      outputs: { dir: 'out', pdf: 'never', keepRuns: 3 },
    });
    ran['first'] = (await runForTest(config, { runId: 'r1' })).manifest;
  });

  afterAll(() => cleanup());

  it('runs every stage and publishes the report, the extract with its dictionary, and the manifest', async () => {
    const m = ran['first']!;
    expect(m.error).toBeUndefined();
    expect(m.status).toBe('succeeded');
    expect(m.stages.map((s) => [s.name, s.status])).toEqual([
      ['ingest', 'succeeded'],
      ['stage', 'succeeded'],
      ['model', 'succeeded'],
      ['metrics', 'succeeded'],
      ['check', 'succeeded'],
      ['publish', 'succeeded'],
    ]);
    expect(m.inputs).toHaveLength(21);
    expect(
      m.inputs.every((i) => i.status === 'loaded' && i.rows > 0 && /^[0-9a-f]{64}$/.test(i.sha256)),
    ).toBe(true);
    expect(m.stages[0]!.rows['raw_qcew_quarterly']).toBe(m.inputs.reduce((n, i) => n + i.rows, 0));
    expect(m.checks.length).toBeGreaterThan(15);
    expect(m.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(m.code.modelsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.pipeline.configHash).toBe(config.hash);
    expect(await latest()).toBe('runs/r1');
    const runDir = join(config.outputs.dir, 'runs', 'r1');
    expect((await readdir(runDir)).sort()).toEqual([
      'extracts',
      'manifest.json',
      'rejects.csv',
      'report.html',
    ]);
    for (const output of m.outputs) expect(await sha256File(join(runDir, output.path))).toBe(output.sha256);
    const written = JSON.parse(await readFile(join(runDir, 'manifest.json'), 'utf8'));
    expect(written.runId).toBe('r1');
    // A QCEW-only pipeline publishes the QCEW extracts and none of the marts whose inputs it lacks.
    expect(written.outputs.map((o: { path: string }) => o.path)).toEqual([
      ...['industry_profile', 'industry_trends', 'shift_share'].flatMap((x) =>
        ['csv', 'dictionary.md', 'schema.json'].map((ext) => `extracts/${x}.${ext}`),
      ),
      'rejects.csv',
      'report.html',
    ]);
  });

  it('computes every disclosed county LQ as the generator published it (the BLS formula)', async () => {
    const wh = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
    try {
      const [r] = await wh.query<{ cells: number; max_err: number; missing: number }>(`
        SELECT count(*) AS cells, max(abs(round(l.lq_month3_emplvl, 2) - q.bls_lq_month3_emplvl)) AS max_err,
               count(*) - count(l.lq_month3_emplvl) AS missing
        FROM stg_qcew q JOIN int_qcew_geo_lq l
          ON l.geo_type = 'county' AND l.geo_id = q.area_fips AND l.own_code = q.own_code
         AND l.industry_code = q.industry_code AND l.year = q.year AND l.qtr = q.qtr
        WHERE NOT q.is_suppressed AND q.bls_lq_month3_emplvl IS NOT NULL`);
      expect(r!.cells).toBeGreaterThan(5000);
      expect(r!.missing).toBe(0);
      expect(r!.max_err).toBeLessThanOrEqual(0.01);
    } finally {
      await wh.close();
    }
  });

  it('publishes suppressed cells as empty with a flag, never 0, and codes as text', async () => {
    const rows: Record<string, string>[] = parse(await readFile(extractOf('r1')), { columns: true });
    const suppressed = rows.filter((r) => r.is_suppressed === 'true');
    expect(suppressed.length).toBeGreaterThan(10);
    for (const r of suppressed) {
      expect([r.month3_emplvl, r.avg_emplvl, r.total_wages, r.avg_wkly_wage, r.lq_month3_emplvl]).toEqual([
        '',
        '',
        '',
        '',
        '',
      ]);
      expect(r.estabs).not.toBe('');
    }
    const region = rows.filter(
      (r) => r.geo_type === 'region' && r.industry_code === '31-33' && r.period === '2024 Q4',
    );
    expect(region).toHaveLength(1);
    expect(Number(region[0]!.lq_month3_emplvl)).toBeGreaterThan(2);
    expect(rows.filter((r) => r.geo_type === 'county').map((r) => r.geo_id)).toEqual(
      expect.arrayContaining(REGION),
    );
    expect(new Set(rows.map((r) => r.geo_id))).toEqual(new Set(['region', ...REGION]));
    const dictionary = await readFile(
      join(config.outputs.dir, 'latest', 'extracts', 'industry_profile.dictionary.md'),
      'utf8',
    );
    for (const column of Object.keys(rows[0]!)) expect(dictionary).toContain(`| ${column} |`);
    expect(dictionary).toContain('QCEW 2022-2024 (demo)');
    const schema = JSON.parse(
      await readFile(join(config.outputs.dir, 'latest', 'extracts', 'industry_profile.schema.json'), 'utf8'),
    );
    expect(schema.properties.lq_month3_emplvl).toMatchObject({
      type: ['number', 'null'],
      vintage: 'QCEW 2022-2024 (demo)',
    });
    expect(schema.properties.avg_emplvl.unit).toBe('jobs');
  });

  it("reports the region's key numbers, a chart, and a methodology naming the vintage and suppressed cells", async () => {
    const html = await readFile(join(config.outputs.dir, 'runs', 'r1', 'report.html'), 'utf8');
    const rows: Record<string, string>[] = parse(await readFile(extractOf('r1')), { columns: true });
    const top = rows.find(
      (r) => r.geo_type === 'region' && r.industry_code === '31-33' && r.period === '2024 Q4',
    )!;
    expect(html).toContain('<svg role="img"');
    expect(html).toContain('Manufacturing in Lakeshore Valley');
    expect(html).toContain(
      `${Number(top.month3_emplvl).toLocaleString('en-US')}</span><span class="label">jobs`,
    );
    expect(html).toContain(`<span class="value">${Number(top.lq_month3_emplvl).toFixed(2)}</span>`);
    expect(html).toContain('Data vintage: QCEW 2022-2024 (demo)');
    const q4 = rows.filter((r) => r.period === '2024 Q4');
    const suppressedQ4 = q4.filter((r) => r.is_suppressed === 'true').length;
    expect(html).toContain(`${suppressedQ4} of ${q4.length} cells of the profile for 2024 Q4`);
    expect(html).not.toMatch(/\bNaN\b|undefined|\[object Object\]/);
  });

  it('gives byte-identical extracts when rerun on the same inputs, reusing the loaded tables', async () => {
    ran['second'] = (await runForTest(config, { runId: 'r2' })).manifest;
    const m = ran['second'];
    expect(m.status).toBe('succeeded');
    expect(m.stages[0]!.detail).toMatch(/^inputs unchanged since run r1/);
    expect(m.inputs).toEqual(ran['first']!.inputs);
    expect(m.inputs.every((i) => i.status === 'loaded' && i.loadedBy === 'r1')).toBe(true);
    expect(await readFile(extractOf('r2'))).toEqual(await readFile(extractOf('r1')));
    ran['reload'] = (await runForTest(config, { runId: 'r3', reload: true })).manifest;
    expect(ran['reload'].inputs.every((i) => i.status === 'loaded' && i.loadedBy === 'r3')).toBe(true);
    expect(await readFile(extractOf('r3'))).toEqual(await readFile(extractOf('r1')));
    expect(await latest()).toBe('runs/r3');
  });

  it('rebuilds from a later stage with --from, reusing what earlier stages wrote', async () => {
    const { manifest } = await runForTest(config, { runId: 'r4', from: 'metrics' });
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stages.map((s) => s.status)).toEqual([
      'reused',
      'reused',
      'reused',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    // Only the metrics stage ran: survey estimates first, then the SQL marts (which may read them).
    const built = manifest.models.map((b) => b.name);
    expect(built.slice(0, 7)).toEqual([
      'mart_survey_demand',
      'mart_survey_occupations',
      'mart_survey_skill_gaps',
      'mart_survey_challenges',
      'mart_survey_waves',
      // Confidential contributor statistics (demand cells; means, shares and rates), never published.
      'int_survey_disclosure',
      'int_survey_cell_counts',
    ]);
    expect(built).toContain('mart_industry_profile');
    expect(built.slice(7).every((name) => name.startsWith('mart_'))).toBe(true);
    // The reused tables' inputs are still named, with their hashes, so the manifest says what was published.
    expect(manifest.inputs).toEqual(ran['reload']!.inputs);
    expect(await readFile(extractOf('r4'))).toEqual(await readFile(extractOf('r2')));
  });

  it('keeps only the configured number of published runs', async () => {
    expect((await readdir(join(config.outputs.dir, 'runs'))).sort()).toEqual(['r2', 'r3', 'r4']);
  });

  it('leaves the published outputs and loaded tables in place when an input is bad', async () => {
    const before = await latest();
    const bad = join(dir, 'data', '2024.q1-q4 57001 Alder County, Lakeshore.csv');
    const original = await readFile(bad, 'utf8');
    const lines = original.split('\r\n');
    lines[5] = lines[5]!.replace(/,(\d+),(\d+),(\d+),/, ',$1,12x,$3,');
    await writeFile(bad, lines.join('\r\n'));
    try {
      const { manifest } = await runForTest(config, { runId: 'r5' });
      expect(manifest.status).toBe('failed');
      expect(manifest.stages.map((s) => s.status)).toEqual([
        'failed',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
      ]);
      expect(manifest.error).toMatchObject({ code: 'E_INPUT_INVALID' });
      expect(manifest.error!.issues).toEqual([
        expect.objectContaining({
          line: 6,
          value: '12x',
          message: expect.stringMatching(/emplvl: expected a whole number$/),
        }),
      ]);
      expect(manifest.error!.issues![0]!.file).toMatch(/2024\.q1-q4 57001 Alder County, Lakeshore\.csv$/);
      expect(
        manifest.inputs.find(
          (i) => i.path.endsWith('57001 Alder County, Lakeshore.csv') && i.path.includes('2024'),
        ),
      ).toMatchObject({
        status: 'rejected',
        problems: 1,
      });
      expect(await latest()).toBe(before);
      expect(existsSync(join(config.outputs.dir, 'runs', 'r5'))).toBe(false);
      const failed = JSON.parse(
        await readFile(join(config.outputs.dir, 'failed', 'r5', 'manifest.json'), 'utf8'),
      );
      expect(failed.status).toBe('failed');
      const wh = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
      try {
        expect(await wh.rowCount('raw_qcew_quarterly')).toBe(
          ran['first']!.stages[0]!.rows['raw_qcew_quarterly'],
        );
        expect((await listRuns(wh)).map((r) => [r.run_id, r.status])).toEqual([
          ['r5', 'failed'],
          ['r4', 'succeeded'],
          ['r3', 'succeeded'],
          ['r2', 'succeeded'],
          ['r1', 'succeeded'],
        ]);
        expect((await readManifest(wh, 'r5'))?.error?.code).toBe('E_INPUT_INVALID');
      } finally {
        await wh.close();
      }
    } finally {
      await writeFile(bad, original);
    }
  });

  it('stops before loading when the inputs lack a configured county', async () => {
    const before = await latest();
    const missingCounty = await writePipeline(dir, {
      partnership: {
        ...DEMO_PARTNERSHIP_CONFIG,
        region: { name: 'Lakeshore Valley', counties: [...REGION, '57099'] },
      },
      inputs: { qcew: { paths: 'data/*.csv', vintage: 'demo' } },
      outputs: { dir: 'out', pdf: 'never' },
    });
    const { manifest } = await runForTest(missingCounty, { runId: 'r6' });
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toMatchObject({
      code: 'E_INPUT_INVALID',
      message: 'the inputs do not cover the configured region and reference area',
      issues: [
        expect.objectContaining({
          message: 'partnership.region.counties: county 57099 is in none of the QCEW files loaded',
        }),
      ],
    });
    expect(await latest()).toBe(before);
  });

  it('does not publish when an error-severity check fails', async () => {
    const before = await latest();
    // The same file twice under another name, as a repeated download would leave it: every cell twice.
    const copy = join(dir, 'data', 'copy of 2024 Alder.csv');
    await writeFile(copy, await readFile(join(dir, 'data', '2024.q1-q4 57001 Alder County, Lakeshore.csv')));
    try {
      const { manifest } = await runForTest(config, { runId: 'r6b' });
      expect(manifest.status).toBe('failed');
      expect(manifest.error?.code).toBe('E_CHECK_FAILED');
      expect(manifest.error?.message).toContain('stg_qcew.unique_cell');
      const failing = manifest.checks.find((c) => c.id === 'stg_qcew.unique_cell')!;
      expect(failing).toMatchObject({ status: 'fail', severity: 'error', failing: 780 });
      expect(failing.sample).toHaveLength(5);
      expect(failing.sample[0]).toMatchObject({ area_fips: '57001', year: '2024', n_rows: 2 });
      expect(manifest.stages.map((st) => st.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
        'failed',
        'skipped',
      ]);
      expect(await latest()).toBe(before);
    } finally {
      await rm(copy);
    }
  });

  it("refuses --from on a warehouse without the earlier stages' tables", async () => {
    const fresh = await writePipeline(dir, {
      inputs: { qcew: { paths: 'data/*.csv', vintage: 'demo' } },
      warehouse: { path: 'other.duckdb' },
      partnership: { ...DEMO_PARTNERSHIP_CONFIG },
    });
    const { manifest } = await runForTest(fresh, { runId: 'r7', only: 'publish' });
    expect(manifest.status).toBe('failed');
    expect(manifest.error?.code).toBe('E_STAGE_ORDER');
    expect(manifest.error?.message).toMatch(
      /^cannot start at "publish": tables from earlier stages are missing \(raw_qcew_quarterly, raw_qcew_annual, raw_survey_waves, raw_survey_responses, .*stg_qcew/,
    );
  });

  it('refuses to reuse tables built from other partnership settings', async () => {
    const changed = await writePipeline(dir, {
      partnership: {
        ...DEMO_PARTNERSHIP_CONFIG,
        industry: { name: 'Manufacturing', naics: ['31-33'], detailDigits: 3 },
      },
      inputs: { qcew: { paths: 'data/*.csv', vintage: 'QCEW 2022-2024 (demo)' } },
      outputs: { dir: 'out', pdf: 'never', keepRuns: 3 },
    });
    const { manifest } = await runForTest(changed, { runId: 'r9', only: 'publish' });
    expect(manifest.error?.code).toBe('E_STAGE_ORDER');
    expect(manifest.error?.message).toMatch(
      /^cannot start at "publish": (.*, )?stg_qcew \(run r\w+\), .* were built from other partnership settings or SQL models/,
    );
    expect((await runForTest(changed, { runId: 'r10' })).manifest.status).toBe('succeeded');
  });

  it('will not start while another run of the pipeline holds the lock', async () => {
    await writeFile(
      `${config.warehouse.path}.lock`,
      JSON.stringify({ runId: 'other', pid: process.pid, host: hostname(), startedAt: 'now' }),
    );
    try {
      const error = await runForTest(config, { runId: 'r8' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SiError);
      expect((error as SiError).code).toBe('E_LOCKED');
    } finally {
      await rm(`${config.warehouse.path}.lock`);
    }
  });
});

const DEMO_PARTNERSHIP_CONFIG = {
  name: 'Lakeshore',
  industry: { name: 'Manufacturing', naics: ['31-33'] },
  region: { name: 'Lakeshore Valley', counties: REGION },
};
