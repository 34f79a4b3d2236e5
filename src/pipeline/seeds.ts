import { SOURCES } from '../models/sources.ts';
import { seedSelect } from '../warehouse/seed.ts';
import type { ParamValue, Warehouse } from '../warehouse/warehouse.ts';
import type { PipelineConfig } from './config.ts';

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
  const { partnership } = config;
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
} as const;
