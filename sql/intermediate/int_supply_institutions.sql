-- int_supply_institutions: the institutions whose completions count as the region's supply.
-- Grain: one row per unitid. Sources: stg_ipeds_institutions, metric_settings, institutions, region_counties.
-- When the partnership lists its providers (metrics.supply.institutions), those UNITIDs; otherwise every
-- institution whose directory county is one of the region's counties. Each institution's latest directory row
-- describes it. A listed UNITID missing from the directory is kept (its completions still count) with
-- in_directory false.
WITH settings AS (
  SELECT COALESCE(MAX(CASE WHEN institutions_listed THEN 1 ELSE 0 END), 0) = 1 AS listed
  FROM {{source "metric_settings"}}
),
latest AS (
  SELECT unitid, MAX(year) AS year
  FROM {{ref "stg_ipeds_institutions"}}
  GROUP BY unitid
),
directory AS (
  SELECT i.*
  FROM {{ref "stg_ipeds_institutions"}} AS i
  JOIN latest AS l ON l.unitid = i.unitid AND l.year = i.year
),
region AS (
  SELECT DISTINCT county_fips FROM {{source "region_counties"}}
),
chosen AS (
  SELECT DISTINCT l.unitid, 'listed' AS selected_by
  FROM {{source "institutions"}} AS l
  CROSS JOIN settings AS s
  WHERE s.listed
  UNION ALL
  SELECT d.unitid, 'county' AS selected_by
  FROM directory AS d
  JOIN region AS r ON r.county_fips = d.county_fips
  CROSS JOIN settings AS s
  WHERE NOT s.listed
)
SELECT
  c.unitid,
  c.selected_by,
  d.unitid IS NOT NULL AS in_directory,
  d.year AS directory_year,
  d.institution_name,
  d.city,
  d.state_abbr,
  d.county_fips,
  d.county_name,
  r.county_fips IS NOT NULL AS in_region,
  d.control,
  d.institution_level,
  d.in_system,
  d.system_name,
  d.system_code,
  d.completions_parent_child,
  d.completions_parent_unitid
FROM chosen AS c
LEFT JOIN directory AS d ON d.unitid = c.unitid
LEFT JOIN region AS r ON r.county_fips = d.county_fips
