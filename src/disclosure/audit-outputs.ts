import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { auditPublished, type PublishedCell } from './audit.ts';
import type { SuppressionReason } from './rules.ts';
import { type DemandLevel, demandCellId, demandRelations, HORIZONS } from './survey-demand.ts';

/** What the audit of a run's published files found, for the manifest (no values: the manifest is published). */
export interface DisclosureAudit {
  readonly status: 'passed' | 'failed' | 'not_applicable';
  /** Published files the audit read. */
  readonly files: readonly string[];
  /** Survey cells published, and how many of them are empty, by reason. */
  readonly cells: number;
  readonly suppressed: Readonly<Record<string, number>>;
  /** Additive relations between published cells the intruder's linear program used. */
  readonly relations: number;
  readonly ms: number;
  /** Cells a reader of the published files could recover (ids only). */
  readonly findings: readonly { readonly cell: string; readonly problem: string; readonly file: string }[];
}

interface TruthRow {
  wave: string;
  soc: string;
  measure: string;
  value: number;
  suppression: SuppressionReason | null;
}

/** The survey demand extract, and the extracts that repeat its cells. */
const DEMAND_FILE = 'extracts/survey_demand.csv';
const COMPARISON_FILE = 'extracts/demand_comparison.csv';
const HORIZON_BY_ORDER: Readonly<Record<string, string>> = {
  '1': HORIZONS[0],
  '2': HORIZONS[1],
  '3': HORIZONS[2],
};

/**
 * Audit the published outputs of a run, as an intruder would read them: from the survey demand extract (and
 * its dictionary's rounding), solve the published totals for every empty cell (a linear program per cell,
 * minimum and maximum, cells non-negative) and find any withheld cell that can be recovered exactly, or a
 * primary one within the protection interval. Also checks that every file repeating a demand cell publishes
 * it the same way (value or empty), so no file gives away what another withholds. `truth` comes from the
 * warehouse's confidential table; nothing of it reaches the result.
 */
export async function auditPublishedOutputs(
  dir: string,
  warehouse: Warehouse,
  truthTable: string,
  protection: number,
): Promise<DisclosureAudit> {
  const started = performance.now();
  const demandPath = join(dir, DEMAND_FILE);
  if (!existsSync(demandPath) || !(await warehouse.tableExists(truthTable))) {
    return {
      status: 'not_applicable',
      files: [],
      cells: 0,
      suppressed: {},
      relations: 0,
      ms: 0,
      findings: [],
    };
  }
  const files = [DEMAND_FILE];
  const decimals = await columnDecimals(join(dir, 'extracts/survey_demand.schema.json'), 'estimate');
  const halfWidth = decimals === null ? 0 : 0.5 * 10 ** -decimals;
  const rows = await readCsv(demandPath);
  const truth = new Map(
    (
      (await warehouse.query(
        `SELECT wave, soc, measure, value, suppression FROM ${warehouse.dialect.tableRef(truthTable)}`,
      )) as unknown as TruthRow[]
    ).map((r) => [demandCellId(r.wave, r.soc, r.measure), { value: Number(r.value), reason: r.suppression }]),
  );
  const findings: { cell: string; problem: string; file: string }[] = [];
  const published: PublishedCell[] = [];
  const suppressed: Record<string, number> = {};
  const byWave = new Map<string, Map<string, DemandLevel>>();
  const measures = new Set<string>();
  for (const row of rows) {
    const id = demandCellId(row.wave!, row.soc!, row.measure!);
    const value = row.estimate === '' ? null : Number(row.estimate);
    // A rounded estimate is known only to within half its rounding multiple, as its row says.
    const rounded = row.rounded_to ? Number(row.rounded_to) : 0;
    published.push({ id, value, halfWidth: Math.max(halfWidth, rounded / 2) });
    measures.add(row.measure!);
    if (!byWave.has(row.wave!)) byWave.set(row.wave!, new Map());
    byWave.get(row.wave!)!.set(row.soc!, row.level as DemandLevel);
    const known = truth.get(id);
    if (value === null)
      suppressed[row.suppression || 'unflagged'] = (suppressed[row.suppression || 'unflagged'] ?? 0) + 1;
    if (!known)
      findings.push({ cell: id, problem: 'published cell unknown to the warehouse', file: DEMAND_FILE });
    else if ((value === null) !== (known.reason !== null)) {
      findings.push({
        cell: id,
        problem: value === null ? 'empty but not suppressed' : 'suppressed cell published',
        file: DEMAND_FILE,
      });
    }
  }
  const relations = [...byWave].flatMap(([wave, socs]) =>
    demandRelations(
      wave,
      [...socs].map(([soc, level]) => ({ soc, level })),
      [...measures],
    ),
  );
  const truthOfEmpty = new Map(
    published
      .filter((c) => c.value === null && truth.get(c.id)?.reason)
      .map((c) => [c.id, { value: truth.get(c.id)!.value, reason: truth.get(c.id)!.reason! }]),
  );
  for (const f of await auditPublished(published, relations, truthOfEmpty, { protection })) {
    findings.push({
      cell: f.id,
      problem:
        f.problem === 'exact'
          ? 'recoverable exactly from the totals'
          : 'recoverable within the protection interval',
      file: DEMAND_FILE,
    });
  }
  // Files that repeat demand cells must withhold what the demand extract withholds.
  const comparisonPath = join(dir, COMPARISON_FILE);
  if (existsSync(comparisonPath)) {
    files.push(COMPARISON_FILE);
    const shown = new Map(published.map((c) => [c.id, c.value]));
    for (const row of await readCsv(comparisonPath)) {
      const measure = HORIZON_BY_ORDER[row.horizon_order!];
      if (!measure || row.survey_hires === undefined) continue;
      const id = demandCellId(row.wave!, row.soc_code!, measure);
      const there = shown.get(id);
      const here = row.survey_hires === '' ? null : Number(row.survey_hires);
      if (
        here !== null &&
        (there === null || there === undefined || Math.abs(there - here) > 2 * halfWidth + 1e-9)
      ) {
        findings.push({
          cell: id,
          problem: 'published here but withheld or different in survey_demand.csv',
          file: COMPARISON_FILE,
        });
      }
    }
  }
  return {
    status: findings.length ? 'failed' : 'passed',
    files,
    cells: published.length,
    suppressed,
    relations: relations.length,
    ms: Math.round(performance.now() - started),
    findings,
  };
}

async function readCsv(path: string): Promise<Record<string, string>[]> {
  return parse(await readFile(path), { columns: true, bom: true }) as Record<string, string>[];
}

/** A column's published decimals, from the extract's JSON Schema (what a reader of the files knows too). */
async function columnDecimals(path: string, column: string): Promise<number | null> {
  if (!existsSync(path)) return null;
  const schema = JSON.parse(await readFile(path, 'utf8')) as {
    properties?: Record<string, { decimals?: number }>;
  };
  return schema.properties?.[column]?.decimals ?? null;
}
