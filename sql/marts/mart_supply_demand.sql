-- mart_supply_demand: completions of the region's programs against projected openings, per occupation, per year.
-- Grain: one row per soc_code (as OEWS and Employment Projections code occupations).
-- Sources: int_supply_allocation, int_supply_completions, stg_ipeds_completions, stg_cip_soc, stg_soc_codes,
-- int_occupation_employment, mart_occupation_openings, metric_settings.
-- Supply: first-major completions of the latest IPEDS year (July-June) at the region's institutions and the
-- configured award levels, spread over occupations by the configured method (named in allocation_method; 'all'
-- counts each completer against every linked occupation, so totals exceed completions). Demand: annual average
-- openings over the projection period (mart_occupation_openings). Both are per year:
--   gap = annual_openings − completions_annual
--   supply_ratio = completions_annual / annual_openings (NULL unless openings are positive: a declining
--   occupation can have negative openings).
-- Occupations with openings but no linked completions have completions_annual 0 (no program of the region leads
-- there); occupations with completions but no projected openings in the partnership industry have NULL openings,
-- gap and ratio. Empty until IPEDS completions and the crosswalk are both loaded.
WITH settings AS (
  SELECT MAX(supply_allocation) AS method FROM {{source "metric_settings"}}
),
loaded AS (
  SELECT
    (SELECT MAX(year) FROM {{ref "stg_ipeds_completions"}} WHERE is_program) AS year,
    (
      SELECT MAX(academic_year) FROM {{ref "stg_ipeds_completions"}}
      WHERE year = (SELECT MAX(year) FROM {{ref "stg_ipeds_completions"}} WHERE is_program)
    ) AS academic_year,
    (SELECT COUNT(*) FROM {{ref "stg_cip_soc"}} WHERE is_link) AS links
),
allocated AS (
  SELECT
    a.*,
    CASE s.method
      WHEN 'all' THEN a.completions_all
      WHEN 'employment' THEN a.completions_employment
      ELSE a.completions_equal
    END AS completions_allocated,
    s.method = 'employment' AND a.employment_fallback AS fell_back
  FROM {{ref "int_supply_allocation"}} AS a
  CROSS JOIN settings AS s
),
supply AS (
  SELECT
    soc_code,
    MIN(soc_title) AS soc_title,
    SUM(completions_allocated) AS completions_annual,
    CAST(SUM(program_completions) AS {{type "int64"}}) AS completions_linked,
    SUM(CASE WHEN fell_back THEN completions_allocated ELSE 0 END) AS completions_fallback,
    COUNT(DISTINCT cip_code) AS programs
  FROM allocated
  GROUP BY soc_code
),
institutions AS (
  SELECT l.soc_code, COUNT(DISTINCT c.unitid) AS institutions
  FROM {{ref "int_supply_completions"}} AS c
  JOIN (SELECT DISTINCT cip_code, soc_code FROM {{ref "int_supply_allocation"}}) AS l ON l.cip_code = c.cip_code
  WHERE c.completions > 0
  GROUP BY l.soc_code
),
openings AS (
  SELECT soc_code, soc_title, annual_openings, projection_period
  FROM {{ref "mart_occupation_openings"}}
  WHERE annual_openings IS NOT NULL
),
employment AS (
  SELECT soc_code, SUM(employment) AS employment
  FROM {{ref "int_occupation_employment"}}
  GROUP BY soc_code
),
occupations AS (
  SELECT
    COALESCE(s.soc_code, o.soc_code) AS soc_code,
    COALESCE(o.soc_title, s.soc_title) AS soc_title,
    s.soc_code IS NOT NULL AS has_supply,
    o.soc_code IS NOT NULL AS has_openings,
    COALESCE(s.completions_annual, 0) AS completions_annual,
    COALESCE(s.completions_linked, 0) AS completions_linked,
    COALESCE(s.completions_fallback, 0) AS completions_fallback,
    COALESCE(s.programs, 0) AS programs,
    o.annual_openings,
    o.projection_period
  FROM supply AS s
  FULL OUTER JOIN openings AS o ON o.soc_code = s.soc_code
)
SELECT
  x.soc_code,
  COALESCE(x.soc_title, sc.soc_title) AS soc_title,
  y.year AS completions_year,
  y.academic_year,
  st.method AS allocation_method,
  x.completions_annual,
  x.completions_linked,
  x.completions_fallback,
  x.completions_fallback > 0 AS allocation_fallback,
  x.programs,
  COALESCE(i.institutions, 0) AS institutions,
  e.employment,
  x.annual_openings,
  x.projection_period,
  x.annual_openings - x.completions_annual AS gap,
  CASE WHEN x.annual_openings > 0 THEN x.completions_annual / x.annual_openings END AS supply_ratio,
  CASE
    WHEN x.has_supply AND x.has_openings THEN 'supply and demand'
    WHEN x.has_supply THEN 'supply only'
    ELSE 'demand only'
  END AS coverage
FROM occupations AS x
CROSS JOIN loaded AS y
CROSS JOIN settings AS st
LEFT JOIN institutions AS i ON i.soc_code = x.soc_code
LEFT JOIN employment AS e ON e.soc_code = x.soc_code
LEFT JOIN {{ref "stg_soc_codes"}} AS sc ON sc.soc_code = x.soc_code
WHERE y.year IS NOT NULL AND y.links > 0
