-- int_occupation_employment: employment in the region's partnership industry by detailed occupation.
-- Grain: one row per detailed SOC code of the staffing patterns the partnership's industry units use.
-- Sources: int_occupation_employment_cells, int_occupation_employment_units, stg_oews_staffing, stg_oews,
-- metric settings.
-- employment = Σ over the partnership's units (its configured industries and ownerships, cut by staffing detail)
-- of unit employment × the occupation's national share, the published shares rescaled to 100; fitted to the
-- fit area's occupation mix by IPF when metrics.occupations.fitTo is set (see int_occupation_employment_cells).
-- The occupations add up to the industry's QCEW employment. What is approximated: the national pattern stands
-- for the region's (before fitting); suppressed QCEW detail takes its parent industry's pattern; occupations
-- OEWS does not publish for an industry (**) have their employment spread over the published ones and are
-- listed with no employment; OEWS "detailed" occupations are sometimes OEWS aggregates of SOC codes.
-- When QCEW suppresses a configured industry in the region, no employment is given (a partial sum is not the
-- industry's).
WITH units AS (
  SELECT * FROM {{ref "int_occupation_employment_units"}} WHERE in_partnership
),
industry AS (
  SELECT
    MAX(qcew_year) AS qcew_year,
    MAX(qcew_period) AS qcew_period,
    MAX(staffing_year) AS staffing_year,
    -- A configured industry (not its detail) suppressed in the region empties every occupation.
    COALESCE(MAX(CASE WHEN is_suppressed AND industry_code = partnership_naics THEN 1 ELSE 0 END), 0) = 1
      AS industry_suppressed
  FROM units
),
cells AS (
  SELECT * FROM {{ref "int_occupation_employment_cells"}} WHERE in_partnership
),
fit AS (
  SELECT
    (SELECT MAX(fit_area) FROM {{source "metric_settings"}}) AS fit_area,
    MAX(fit_year) AS fit_year,
    MAX(fit_iterations) AS fit_iterations,
    MAX(fit_max_gap) AS fit_max_gap,
    COALESCE(MAX(CASE WHEN fit_converged THEN 1 ELSE 0 END), 0) = 1 AS fit_converged
  FROM {{ref "int_occupation_employment_cells"}}
),
published AS (
  SELECT
    soc_code,
    SUM(employment_unscaled) AS employment_unscaled,
    SUM(employment_unfitted) AS employment_unfitted,
    SUM(employment_fitted) AS employment_fitted,
    COUNT(*) AS n_units
  FROM cells
  GROUP BY soc_code
),
-- Occupations whose national share OEWS does not publish in the pattern of a partnership unit.
unpublished AS (
  SELECT s.soc_code, COUNT(*) AS n_units_unpublished
  FROM units AS u
  JOIN {{ref "stg_oews_staffing"}} AS s
    ON s.naics = u.pattern_naics AND s.own_code = u.pattern_own_code AND s.year = u.pattern_year
  WHERE u.employment > 0 AND s.pct_total IS NULL
  GROUP BY s.soc_code
),
-- The occupations listed: those of the patterns of the units with employment, and of a configured industry
-- QCEW suppresses (listed without employment).
unit_patterns AS (
  SELECT DISTINCT pattern_naics, pattern_own_code, pattern_year
  FROM units
  WHERE pattern_naics IS NOT NULL AND (employment > 0 OR (is_suppressed AND industry_code = partnership_naics))
),
pattern_occupations AS (
  SELECT s.soc_code, s.soc_title
  FROM unit_patterns AS p
  JOIN {{ref "stg_oews_staffing"}} AS s
    ON s.naics = p.pattern_naics AND s.own_code = p.pattern_own_code AND s.year = p.pattern_year
  UNION ALL
  SELECT o.soc_code, o.soc_title
  FROM unit_patterns AS p
  JOIN {{ref "stg_oews"}} AS o
    ON p.pattern_naics = '000000' AND o.year = p.pattern_year AND o.area_code = '99' AND o.naics = '000000'
   AND o.own_code = '1235' AND o.o_group = 'detailed'
),
occupations AS (
  SELECT soc_code, MAX(soc_title) AS soc_title FROM pattern_occupations GROUP BY soc_code
)
SELECT
  o.soc_code,
  o.soc_title,
  CASE
    WHEN i.industry_suppressed THEN NULL
    WHEN fit.fit_iterations IS NOT NULL THEN p.employment_fitted
    ELSE p.employment_unfitted
  END AS employment,
  CASE WHEN i.industry_suppressed THEN NULL ELSE p.employment_unfitted END AS employment_unfitted,
  CASE WHEN i.industry_suppressed THEN NULL ELSE p.employment_unscaled END AS employment_unscaled,
  CASE WHEN fit.fit_iterations IS NOT NULL THEN 'staffing_pattern_ipf' ELSE 'staffing_pattern' END AS method,
  i.qcew_year,
  i.qcew_period,
  i.staffing_year,
  fit.fit_area,
  fit.fit_year,
  fit.fit_iterations,
  CASE WHEN fit.fit_iterations IS NOT NULL THEN fit.fit_converged END AS fit_converged,
  COALESCE(p.n_units, 0) AS n_units,
  COALESCE(n.n_units_unpublished, 0) AS n_units_unpublished,
  i.industry_suppressed,
  CASE
    WHEN i.industry_suppressed THEN 'industry_suppressed'
    WHEN p.soc_code IS NULL THEN 'share_not_published'
    WHEN n.soc_code IS NOT NULL THEN 'share_partly_published'
  END AS employment_flag
FROM occupations AS o
CROSS JOIN industry AS i
CROSS JOIN fit
LEFT JOIN published AS p ON p.soc_code = o.soc_code
LEFT JOIN unpublished AS n ON n.soc_code = o.soc_code
