import { socAggregateRows } from '../models/soc-aggregates.ts';
import { SOURCES } from '../models/sources.ts';
import { seedSelect } from '../warehouse/seed.ts';
import type { ParamValue, Warehouse } from '../warehouse/warehouse.ts';
import { DEFAULT_PRIORITY_WEIGHTS, type PipelineConfig } from './config.ts';

/** NAICS sector ranges QCEW writes as one code; their detail starts with any of the two-digit prefixes. */
const SECTOR_RANGES: Readonly<Record<string, readonly string[]>> = {
  '31-33': ['31', '32', '33'],
  '44-45': ['44', '45'],
  '48-49': ['48', '49'],
};

/** The code prefixes the industries under a configured NAICS code start with. */
export function naicsPrefixes(code: string): readonly string[] {
  return SECTOR_RANGES[code] ?? [code];
}

/**
 * Write the configuration tables models read as sources (`cfg_*`), so configured values reach SQL as data.
 * Returns the tables written with their row counts.
 */
export async function writeSeeds(
  warehouse: Warehouse,
  config: PipelineConfig,
): Promise<Record<string, number>> {
  const { partnership, metrics } = config;
  const seeds: Record<keyof typeof SEEDED, ParamValue[][]> = {
    region_counties: [...new Set(partnership.region.counties)].sort().map((c) => [c]),
    industry_selection: partnership.industry.naics.flatMap((code) =>
      naicsPrefixes(code).map((prefix) => [code, prefix, partnership.industry.detailDigits]),
    ),
    ownership: [...new Set(partnership.ownership)].sort().map((o) => [o]),
    settings: [[partnership.region.name, partnership.referenceArea]],
    survey_waves: (config.surveys?.waves ?? []).map((w, i) => [
      w.wave,
      i + 1,
      w.frameYear ?? (/^\d{4}$/.test(w.wave) ? w.wave : null),
    ]),
    survey_settings: [[config.surveys?.estimation.strataDigits ?? 3]],
    metric_settings: [
      [
        metrics.occupations.staffingYear ?? null,
        metrics.occupations.fitTo ?? null,
        metrics.projections.state ?? null,
        metrics.wages.entryPercentile,
        metrics.wages.area ?? null,
        metrics.supply.allocation,
        metrics.supply.institutions !== undefined,
        metrics.pathways.minWageGain,
        metrics.pathways.perOccupation,
      ],
    ],
    award_levels: [...new Set(metrics.supply.awardLevels)].sort((a, b) => a - b).map((l) => [l]),
    institutions: [...new Set(metrics.supply.institutions ?? [])].sort().map((u) => [u]),
    entry_job_zones: [...new Set(metrics.pathways.entryJobZones)].sort().map((z) => [z]),
    priority_weights: priorityWeights(config).map(([c, w]) => [c, w]),
    soc_aggregates: socAggregateRows(),
  };
  const counts: Record<string, number> = {};
  for (const [name, rows] of Object.entries(seeds) as [keyof typeof SEEDED, ParamValue[][]][]) {
    const source = SEEDED[name];
    const { sql, params } = seedSelect(warehouse.dialect, source.columns, rows);
    counts[source.table] = await warehouse.createTableAs(source.table, sql, params);
  }
  return counts;
}

const SEEDED = {
  region_counties: SOURCES.region_counties,
  industry_selection: SOURCES.industry_selection,
  ownership: SOURCES.ownership,
  settings: SOURCES.settings,
  survey_waves: SOURCES.survey_waves,
  survey_settings: SOURCES.survey_settings,
  metric_settings: SOURCES.metric_settings,
  award_levels: SOURCES.award_levels,
  institutions: SOURCES.institutions,
  entry_job_zones: SOURCES.entry_job_zones,
  priority_weights: SOURCES.priority_weights,
  soc_aggregates: SOURCES.soc_aggregates,
} as const;

/** The priority-score weights: configured ones over the defaults, rescaled to sum to 1. */
export function priorityWeights(config: Pick<PipelineConfig, 'metrics'>): [string, number][] {
  const merged = { ...DEFAULT_PRIORITY_WEIGHTS, ...config.metrics.priority.weights };
  const entries = Object.entries(merged).filter((e): e is [string, number] => e[1] !== undefined);
  const total = entries.reduce((n, [, w]) => n + w, 0);
  return entries.map(([c, w]) => [c, total > 0 ? w / total : 0]);
}
