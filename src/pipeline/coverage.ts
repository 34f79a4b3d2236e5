import type { Issue } from '../errors.ts';
import { QCEW_RAW_TABLES } from '../ingest/qcew.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { displayPath, type PipelineConfig } from './config.ts';

/**
 * Configured areas missing from the loaded QCEW data: a county without rows would silently shrink the
 * region, a missing reference area would leave every LQ empty.
 */
export async function coverageIssues(warehouse: Warehouse, config: PipelineConfig): Promise<Issue[]> {
  const union = Object.values(QCEW_RAW_TABLES)
    .map((t) => `SELECT DISTINCT area_fips AS area FROM ${warehouse.dialect.tableRef(t)}`)
    .join(' UNION ');
  const areas = new Set((await warehouse.query<{ area: string }>(union)).map((r) => r.area));
  const file = displayPath(config.file);
  const issues: Issue[] = [];
  for (const county of config.partnership.region.counties) {
    if (!areas.has(county)) {
      issues.push({
        code: 'county_not_in_inputs',
        file,
        message: `partnership.region.counties: county ${county} is in none of the QCEW files loaded`,
      });
    }
  }
  const reference = config.partnership.referenceArea;
  if (!areas.has(reference)) {
    issues.push({
      code: 'reference_not_in_inputs',
      file,
      message: `partnership.referenceArea: ${reference} is in none of the QCEW files loaded; LQs need the reference area's file`,
    });
  }
  return issues;
}
