import { copyFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressedBounds } from '../../src/disclosure/audit.ts';
import { type DemandLevel, demandCellId, demandRelations } from '../../src/disclosure/survey-demand.ts';
import { loadPipelineConfig, type PipelineConfig } from '../../src/pipeline/config.ts';
import type { RunManifest } from '../../src/pipeline/manifest.ts';
import { DuckdbWarehouse } from '../../src/warehouse/duckdb.ts';
import { runForTest, tempDir, writeDemoProject } from '../helpers.ts';

type CsvRow = Record<string, string>;

/**
 * The demo partnership's published files, read as an intruder would: no withheld survey cell can be worked
 * out from them, and a weakened configuration is caught by the audit before anything is published.
 */
describe('disclosure control of the demo run', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let config: PipelineConfig;
  let manifest: RunManifest;
  let demand: CsvRow[];
  let truth: Map<
    string,
    { value: number; contributors: number; total: number; largest: number; reason: string | null }
  >;
  const published = (file: string) => join(config.outputs.dir, 'runs', manifest.runId, file);

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const demoFile = await writeDemoProject(dir);
    config = await loadPipelineConfig(demoFile);
    config = { ...config, outputs: { ...config.outputs, pdf: 'never' } };
    manifest = (await runForTest(config, { runId: 'disclosure-1' })).manifest;
    if (manifest.error) throw new Error(JSON.stringify(manifest.error).slice(0, 2000));
    demand = parse(await readFile(published('extracts/survey_demand.csv')), { columns: true });
    const warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
    try {
      const rows = await warehouse.query<Record<string, string | number | null>>(
        'SELECT wave, soc, measure, value, contributors, cell_total, largest, suppression FROM int_survey_disclosure',
      );
      truth = new Map(
        rows.map((r) => [
          demandCellId(String(r.wave), String(r.soc), String(r.measure)),
          {
            value: Number(r.value),
            contributors: Number(r.contributors),
            total: Number(r.cell_total),
            largest: Number(r.largest),
            reason: r.suppression === null ? null : String(r.suppression),
          },
        ]),
      );
    } finally {
      await warehouse.close();
    }
  }, 240_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('withholds primary and complementary cells, and the audit of the published files passes', () => {
    expect(manifest.error).toBeUndefined();
    const audit = manifest.disclosure!.audit;
    expect(audit.status).toBe('passed');
    expect(audit.findings).toEqual([]);
    expect(audit.files).toEqual(['extracts/survey_demand.csv', 'extracts/demand_comparison.csv']);
    expect(audit.cells).toBe(demand.length);
    expect(audit.suppressed['threshold']).toBeGreaterThan(0);
    expect(audit.suppressed['complementary']).toBeGreaterThan(0);
    // p and the protection interval are private: the manifest says whether p% is on, never its value.
    expect(manifest.disclosure!.rules).toEqual({
      minContributors: 3,
      dominance: { n: 1, k: 80 },
      pPercent: 'off',
      complementary: true,
      rounding: null,
    });
    expect(JSON.stringify(manifest.disclosure)).not.toMatch(/protection/);
  });

  it('publishes withheld cells empty with a reason, never 0, and no contributor counts', () => {
    expect(Object.keys(demand[0]!)).toEqual([
      'wave',
      'soc',
      'soc_title',
      'level',
      'measure',
      'estimate',
      'se',
      'ci_low',
      'ci_high',
      'rse',
      'rounded_to',
      'quality',
      'quality_note',
      'suppressed',
      'suppression',
      'method',
    ]);
    for (const row of demand) {
      const known = truth.get(demandCellId(row.wave!, row.soc!, row.measure!))!;
      if (known.reason) {
        expect([row.estimate, row.se, row.ci_low, row.ci_high, row.rse]).toEqual(['', '', '', '', '']);
        expect(row.suppressed).toBe('true');
        expect(row.suppression).toBe(known.reason);
      } else {
        expect(row.estimate).not.toBe('');
        expect(row.suppressed).toBe('false');
        // No published cell breaks a primary rule: three or more employers, none above 80% of the cell.
        if (known.contributors > 0) {
          expect(known.contributors).toBeGreaterThanOrEqual(3);
          expect(known.largest).toBeLessThanOrEqual(0.8 * known.total + 1e-9);
        }
      }
    }
  });

  it('withholds means, shares and rates from too few employers or dominated by one', async () => {
    const warehouse = await DuckdbWarehouse.open({ path: config.warehouse.path, readOnly: true });
    try {
      const counts = await warehouse.query<{
        statistic: string;
        contributors: number;
        withheld: boolean;
        dominated: boolean;
      }>(
        `SELECT statistic, contributors, suppression IS NOT NULL AS withheld,
                largest > 0.8 * weight_total AS dominated FROM int_survey_cell_counts`,
      );
      expect(new Set(counts.map((c) => c.statistic))).toEqual(
        new Set(['vacancy_rate', 'hard_to_fill_share', 'mean_wage_hourly', 'gap', 'share']),
      );
      // Every statistic from fewer than three employers, or with one carrying most of the weight, is withheld.
      for (const c of counts) expect(c.withheld).toBe(Number(c.contributors) < 3 || c.dominated);
      expect(counts.some((c) => c.withheld)).toBe(true);
      // Published occupation statistics all passed the rules.
      const leaks = await warehouse.query(
        `SELECT o.soc, k.statistic FROM mart_survey_occupations o
         JOIN int_survey_cell_counts k ON k.wave = o.wave AND k.cell = o.soc AND k.mart = 'mart_survey_occupations'
         WHERE k.suppression IS NOT NULL AND (
           (k.statistic = 'vacancy_rate' AND o.vacancy_rate IS NOT NULL) OR
           (k.statistic = 'hard_to_fill_share' AND o.hard_to_fill_share IS NOT NULL) OR
           (k.statistic = 'mean_wage_hourly' AND o.mean_wage_hourly IS NOT NULL))`,
      );
      expect(leaks).toEqual([]);
      const columns = (await warehouse.tableColumns('mart_survey_challenges')).map((c) => c.name);
      expect(columns).not.toContain('employers');
      expect(columns).not.toContain('respondents');
    } finally {
      await warehouse.close();
    }
  });

  it('publishes totals that add up, and no withheld cell can be narrowed to within 15% from them', async () => {
    const waves = new Map<string, { soc: string; level: DemandLevel }[]>();
    for (const row of demand) {
      if (row.measure !== 'hires_12m') continue;
      waves.set(row.wave!, [
        ...(waves.get(row.wave!) ?? []),
        { soc: row.soc!, level: row.level as DemandLevel },
      ]);
    }
    const measures = [...new Set(demand.map((r) => r.measure!))];
    const relations = [...waves].flatMap(([wave, rows]) => demandRelations(wave, rows, measures));
    const value = new Map(
      demand.map((r) => [
        demandCellId(r.wave!, r.soc!, r.measure!),
        r.estimate === '' ? null : Number(r.estimate),
      ]),
    );
    // Where every member is published, a total equals the sum of its parts to the published rounding.
    let complete = 0;
    for (const rel of relations) {
      const parts = rel.parts.map((p) => value.get(p));
      const total = value.get(rel.total);
      if (total === null || parts.some((p) => p === null)) continue;
      complete += 1;
      expect(Math.abs(total! - parts.reduce((n, p) => n! + p!, 0)!)).toBeLessThanOrEqual(
        0.05 * (parts.length + 1),
      );
    }
    expect(complete).toBeGreaterThan(50);
    // An intruder's bounds (linear programs over the published cells) leave every primary cell uncertain by
    // at least 15% either way, and no withheld cell is pinned down.
    const bounds = await suppressedBounds(
      demand.map((r) => ({
        id: demandCellId(r.wave!, r.soc!, r.measure!),
        value: value.get(demandCellId(r.wave!, r.soc!, r.measure!))!,
        halfWidth: 0.05,
      })),
      relations,
    );
    let primaries = 0;
    for (const [id, b] of bounds) {
      const known = truth.get(id)!;
      expect(b.lower).toBeLessThanOrEqual(known.value + 1e-6);
      expect(b.upper).toBeGreaterThanOrEqual(known.value - 1e-6);
      expect(b.upper - b.lower).toBeGreaterThan(0.1);
      if (known.reason !== 'complementary' && known.value > 0) {
        primaries += 1;
        expect(b.upper).toBeGreaterThanOrEqual(known.value * 1.15 - 1e-6);
        expect(b.lower).toBeLessThanOrEqual(known.value * 0.85 + 1e-6);
      }
    }
    expect(primaries).toBeGreaterThan(20);
  });

  it('repeats the same suppression in the comparison with projections and in the report', async () => {
    const comparison: CsvRow[] = parse(await readFile(published('extracts/demand_comparison.csv')), {
      columns: true,
    });
    const measure = ['', 'hires_12m', 'hires_1_3y', 'hires_3_5y'];
    let withheld = 0;
    for (const row of comparison) {
      const id = demandCellId(row.wave!, row.soc_code!, measure[Number(row.horizon_order)]!);
      const shown = demand.find((d) => demandCellId(d.wave!, d.soc!, d.measure!) === id);
      if (!shown) continue;
      expect(row.survey_hires).toBe(shown.estimate);
      if (shown.estimate === '') {
        withheld += 1;
        expect(row.difference).toBe('');
        expect(row.survey_suppression).toBe(shown.suppression);
      }
    }
    expect(withheld).toBeGreaterThan(0);
    expect(Object.keys(comparison[0]!)).not.toContain('survey_employers');
    const html = await readFile(published('report.html'), 'utf8');
    // A withheld occupation's row shows no number where the extract is empty.
    const hidden = demand.find(
      (d) => d.wave === '2024' && d.level === 'detailed' && d.measure === 'hires_12m' && d.estimate === '',
    )!;
    const row = html.slice(html.indexOf(`<td class="code">${hidden.soc}</td>`)).split('</tr>')[0]!;
    expect(row).toContain('— withheld');
  });

  it('rounds published estimates when configured, derives every other column from the rounded values, and passes the audit', async () => {
    const roundedWarehouse = join(dir, 'rounded.duckdb');
    copyFileSync(config.warehouse.path, roundedWarehouse);
    const rounded: PipelineConfig = {
      ...config,
      warehouse: { ...config.warehouse, path: roundedWarehouse },
      outputs: { ...config.outputs, dir: join(dir, 'out-rounded') },
      disclosure: { ...config.disclosure, rounding: 10 },
    };
    const { manifest: run } = await runForTest(rounded, { runId: 'disclosure-rounded', from: 'metrics' });
    expect(run.error).toBeUndefined();
    expect(run.disclosure!.audit.status).toBe('passed');
    expect(run.disclosure!.rules.rounding).toBe(10);
    const file = join(rounded.outputs.dir, 'runs', run.runId, 'extracts', 'survey_demand.csv');
    const rows: CsvRow[] = parse(await readFile(file), { columns: true });
    const shown = rows.filter((r) => r.estimate !== '');
    expect(shown.length).toBeGreaterThan(100);
    for (const r of shown) {
      expect(r.rounded_to).toBe('10');
      for (const v of [r.estimate, r.se, r.ci_low, r.ci_high]) expect(Number(v) % 10).toBe(0);
      // The RSE is the rounded SE over the rounded estimate, so it cannot give the unrounded estimate back.
      if (Number(r.estimate) > 0) expect(Number(r.rse)).toBeCloseTo(Number(r.se) / Number(r.estimate), 4);
    }
    // Withheld where the unrounded run withheld: rounding comes after suppression.
    const withheld = (rs: CsvRow[]) =>
      rs.filter((r) => r.estimate === '').map((r) => `${r.wave}|${r.soc}|${r.measure}`);
    expect(withheld(rows)).toEqual(withheld(demand));
  });

  it('fails a weakened run in the audit and leaves the last good outputs published', async () => {
    // The same warehouse and outputs, without complementary suppression: primary cells can be worked out.
    const weakWarehouse = join(dir, 'weak.duckdb');
    copyFileSync(config.warehouse.path, weakWarehouse);
    const weak: PipelineConfig = {
      ...config,
      warehouse: { ...config.warehouse, path: weakWarehouse },
      disclosure: { ...config.disclosure, complementary: false },
    };
    const { manifest: failed } = await runForTest(weak, { runId: 'disclosure-weak', from: 'metrics' });
    expect(failed.status).toBe('failed');
    expect(failed.error!.code).toBe('E_DISCLOSURE');
    expect(failed.disclosure!.audit.status).toBe('failed');
    const findings = failed.disclosure!.audit.findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(
      findings.every((f) => truth.get(f.cell)?.reason && truth.get(f.cell)?.reason !== 'complementary'),
    ).toBe(true);
    // Findings name cells, never their values.
    expect(JSON.stringify(failed.disclosure)).not.toMatch(/"value"|"lower"|"upper"/);
    expect(readlinkSync(join(config.outputs.dir, 'latest'))).toBe(join('runs', manifest.runId));
  }, 240_000);
});
