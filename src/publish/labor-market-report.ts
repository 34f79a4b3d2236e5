/**
 * The report's labor-market sections: growth and shift-share, the occupations the industry employs here with
 * their openings and wages, employer-reported against projected hiring, training supply against openings, the
 * skills demand needs, career pathways and priority occupations. Each section is present only when its mart has
 * rows (a pipeline without O*NET has no skills section, say), and reads the marts only: the report shows what
 * the extracts publish.
 */
import type { Row, Warehouse } from '../warehouse/warehouse.ts';

/** Rows of a mart, or none when the mart is absent (a model not built by this project version). */
async function rows(warehouse: Warehouse, table: string, sql: string, params?: Record<string, string>) {
  if (!(await warehouse.tableExists(table))) return [];
  return warehouse.query(sql.replaceAll('{t}', warehouse.dialect.tableRef(table)), params);
}

const TOP = 15;

export async function laborMarketView(warehouse: Warehouse) {
  const [
    trends,
    shiftShare,
    occupations,
    comparison,
    supply,
    supplyWarnings,
    skills,
    pathways,
    skillMatches,
    priority,
  ] = await Promise.all([
    trendsView(warehouse),
    rows(
      warehouse,
      'mart_shift_share',
      // The whole span (first to last year loaded), or the single year against its BLS over-the-year base.
      `SELECT * FROM {t} WHERE geo_type = 'region' AND own_code = '5'
           AND (is_full_span OR base_source = 'oty_implied')
           AND end_year = (SELECT max(end_year) FROM {t})
         ORDER BY CASE WHEN parent_code IS NULL THEN 0 ELSE 1 END, row_type, industry_code`,
    ),
    occupationsView(warehouse),
    rows(warehouse, 'mart_demand_comparison', `SELECT * FROM {t} ORDER BY soc_code, horizon_order`),
    rows(
      warehouse,
      'mart_supply_demand',
      `SELECT * FROM {t} WHERE annual_openings IS NOT NULL
         ORDER BY gap DESC NULLS LAST, soc_code LIMIT ${TOP}`,
    ),
    rows(
      warehouse,
      'mart_supply_warnings',
      `SELECT * FROM {t} ORDER BY CASE severity WHEN 'warning' THEN 0 ELSE 1 END, warning_type, unitid, cip_code, message`,
    ),
    rows(
      warehouse,
      'mart_skill_profile',
      `SELECT * FROM {t} WHERE domain = 'skills' ORDER BY demand_rank NULLS LAST, element_id LIMIT ${TOP}`,
    ),
    // The first three steps from the eight entry occupations with the most openings.
    rows(
      warehouse,
      'mart_career_pathways',
      `WITH origins AS (
           SELECT from_soc_code, max(from_annual_openings) AS openings FROM {t}
           GROUP BY from_soc_code ORDER BY openings DESC NULLS LAST, from_soc_code LIMIT 8
         )
         SELECT p.* FROM {t} p JOIN origins o USING (from_soc_code)
         WHERE p.step_rank <= 3
         ORDER BY o.openings DESC NULLS LAST, p.from_soc_code, p.step_rank`,
    ),
    rows(
      warehouse,
      'mart_skill_profile',
      `SELECT * FROM {t} WHERE survey_skill_id IS NOT NULL
         ORDER BY survey_gap_rank NULLS LAST, survey_skill_id, domain, element_id`,
    ),
    rows(
      warehouse,
      'mart_priority_occupations',
      `SELECT * FROM {t} ORDER BY priority_rank, soc_code LIMIT ${TOP}`,
    ),
  ]);
  // The top code and the level below it, so the table stays readable (the extract has every level).
  const topLevel = Math.min(...shiftShare.map((r) => Number(r.naics_level)));
  const regionShares = shiftShare.filter(
    (r) => r.parent_code === null || (Number(r.naics_level) === topLevel + 1 && r.row_type === 'industry'),
  );
  return {
    trends,
    shiftShare: regionShares.length ? regionShares : null,
    shiftShareTop: shiftShare.find((r) => r.parent_code === null) ?? null,
    occupations,
    comparison: comparison.length ? pivotComparison(comparison) : null,
    supply: supply.length ? supply : null,
    supplyMethod: supply[0]?.allocation_method ?? null,
    // Warnings first; notes (programs linked to no occupation, how institutions were chosen) are in the extract.
    supplyWarnings: supplyWarnings.filter((w) => w.severity === 'warning').slice(0, 8),
    supplyNotes: supplyWarnings.filter((w) => w.severity !== 'warning').length,
    skills: skills.length ? skills : null,
    // Each survey skill with the O*NET element it corresponds to (or none) and that element's demand rank.
    skillMatches: skillMatches.length ? skillMatches : null,
    pathways: pathways.length ? pathways : null,
    priority: priority.length ? priority : null,
  };
}

/** Region employment of the partnership's top industry code, year by year, with the span's growth. */
async function trendsView(warehouse: Warehouse) {
  const years = await rows(
    warehouse,
    'mart_industry_trends',
    `SELECT * FROM {t} WHERE geo_type = 'region' AND parent_code IS NULL AND row_type = 'industry' AND own_code = '5'
     ORDER BY industry_code, year`,
  );
  if (years.length === 0) return null;
  const last = years.at(-1)!;
  return {
    years,
    last,
    firstEmployment: years[0]!.avg_emplvl,
    multiYear: Number(last.span_years ?? 0) > 0,
  };
}

/** The occupations the industry employs most in the region, with openings and wages. */
async function occupationsView(warehouse: Warehouse) {
  if (!(await warehouse.tableExists('int_occupation_employment'))) return null;
  const has = async (t: string) => warehouse.tableExists(t);
  const openings = await has('mart_occupation_openings');
  const wages = await has('mart_occupation_wages');
  const list = await warehouse.query(
    `SELECT e.soc_code, e.soc_title, e.employment, e.method, e.qcew_year, e.staffing_year,
            ${openings ? 'o.annual_openings, o.annual_exits, o.annual_transfers, o.annual_growth_openings, o.projection_period' : 'NULL AS annual_openings, NULL AS annual_exits, NULL AS annual_transfers, NULL AS annual_growth_openings, NULL AS projection_period'},
            ${wages ? 'w.entry_wage_annual, w.median_wage_annual, w.top_coded, w.area_title AS wage_area' : 'NULL AS entry_wage_annual, NULL AS median_wage_annual, NULL AS top_coded, NULL AS wage_area'}
     FROM int_occupation_employment e
     ${openings ? 'LEFT JOIN mart_occupation_openings o ON o.soc_code = e.soc_code' : ''}
     ${wages ? 'LEFT JOIN mart_occupation_wages w ON w.soc_code = e.soc_code' : ''}
     ORDER BY e.employment DESC NULLS LAST, e.soc_code LIMIT ${TOP}`,
  );
  if (list.length === 0) return null;
  const [totals] = await warehouse.query<{ occupations: number; employment: number }>(
    'SELECT count(*) AS occupations, sum(employment) AS employment FROM int_occupation_employment',
  );
  const openingsTotal = openings
    ? (
        await warehouse.query<{ n: number }>('SELECT sum(annual_openings) AS n FROM mart_occupation_openings')
      )[0]?.n
    : null;
  const first = list[0]!;
  return {
    list,
    occupations: totals?.occupations ?? 0,
    employment: totals?.employment ?? 0,
    openingsTotal: openingsTotal ?? null,
    method: first.method,
    qcewYear: first.qcew_year,
    staffingYear: first.staffing_year,
    projectionPeriod: list.find((r) => r.projection_period !== null)?.projection_period ?? null,
    wageArea: list.find((r) => r.wage_area !== null)?.wage_area ?? null,
  };
}

/** One row per occupation with the three horizons side by side. */
function pivotComparison(list: readonly Row[]) {
  const bySoc = new Map<string, { soc_code: string; soc_title: unknown; horizons: Row[] }>();
  for (const r of list) {
    const soc = String(r.soc_code);
    const entry = bySoc.get(soc) ?? { soc_code: soc, soc_title: r.soc_title, horizons: [] };
    entry.horizons.push({
      ...r,
      withheld: r.survey_quality === 'withheld',
      caution: r.survey_quality === 'caution',
    });
    bySoc.set(soc, entry);
  }
  const occupations = [...bySoc.values()].sort(
    (a, b) => Number(b.horizons[0]?.survey_hires ?? -1) - Number(a.horizons[0]?.survey_hires ?? -1),
  );
  return {
    wave: list[0]?.wave ?? null,
    period: list.find((r) => r.projection_period !== null)?.projection_period ?? null,
    horizons: occupations[0]?.horizons.map((h) => ({ label: h.horizon, years: h.horizon_years })) ?? [],
    occupations,
  };
}
