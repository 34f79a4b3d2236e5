import type { Logger } from '../effects.ts';
import { createSocMatcher } from '../ingest/soc-matcher.ts';
import { loadOnetOccupations, loadSocDefinitions, loadSocPins } from '../ingest/soc-titles.ts';
import { emptySurveyTables, ingestSurveys, type SurveyIngestResult } from '../ingest/survey/ingest.ts';
import { countyLookup, industryLookup } from '../ingest/survey/values.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { displayPath, type PipelineConfig } from './config.ts';

/**
 * Read the pipeline's survey waves into the warehouse, resolving county and industry names against the QCEW
 * files just loaded and coding job titles to SOC 2018; pipelines without surveys get empty survey tables.
 */
export async function loadSurveys(
  warehouse: Warehouse,
  config: PipelineConfig,
  logger: Logger,
  tag: string,
): Promise<SurveyIngestResult | undefined> {
  const surveys = config.surveys;
  if (!surveys) {
    await emptySurveyTables(warehouse, tag);
    return undefined;
  }
  const counties = config.partnership.region.counties;
  const titles = await warehouse.query<{ fips: string; title: string | null }>(
    `SELECT area_fips AS fips, MAX(area_title) AS title FROM (
       SELECT area_fips, area_title FROM raw_qcew_quarterly UNION ALL SELECT area_fips, area_title FROM raw_qcew_annual
     ) AS t WHERE area_fips IN (SELECT unnest($counties)) GROUP BY 1`,
    { counties },
  );
  const industries = await warehouse.query<{ code: string; title: string | null }>(
    `SELECT industry_code AS code, MAX(industry_title) AS title FROM (
       SELECT industry_code, industry_title FROM raw_qcew_quarterly UNION ALL SELECT industry_code, industry_title FROM raw_qcew_annual
     ) AS t GROUP BY 1`,
  );
  const soc = await loadSocDefinitions(surveys.soc.definitions);
  const matcher = createSocMatcher({
    soc,
    ...(surveys.soc.onet ? { onet: await loadOnetOccupations(surveys.soc.onet) } : {}),
    ...(surveys.soc.pins ? { pins: await loadSocPins(surveys.soc.pins, soc) } : {}),
    threshold: surveys.soc.threshold,
  });
  return ingestSurveys({
    warehouse,
    logger,
    tag,
    waves: surveys.waves,
    display: displayPath,
    counties: countyLookup(
      counties.map((fips) => ({ fips, title: titles.find((t) => t.fips === fips)?.title ?? null })),
    ),
    // QCEW titles carry their code ("NAICS 332 Fabricated metal product manufacturing").
    industries: industryLookup(
      industries.map((i) => ({ code: i.code, title: i.title?.replace(/^(NAICS\s+)?[\d-]+\s+/, '') ?? null })),
    ),
    codeTitle: (title) => matcher.match(title),
    socTitles: new Map(soc.filter((d) => d.group === 'detailed').map((d) => [d.code, d.title])),
  });
}
