-- mart_occupation_wages: what each occupation pays in the wage area, from OEWS: an entry wage (the 10th or 25th
-- percentile, metrics.wages.entryPercentile) and the median, annual and hourly, with the percentiles.
-- Grain: one row per detailed SOC code of the wage area's latest loaded OEWS year.
-- Sources: stg_oews (cross-industry, all ownerships), metric settings, the region's counties.
-- The wage area is metrics.wages.area when set; else the state when the region lies in one state and its OEWS
-- file is loaded; else the U.S. (99). (Metro areas are used when configured: no loaded file maps counties to
-- OEWS metro areas.) Wages OEWS does not publish are empty with a flag; a top-coded wage (#) is the top-code,
-- a lower bound of the true value, flagged top_coded. Annual-only occupations (teachers) have no hourly wages
-- and hourly-only ones (actors) no annual wages: OEWS publishes none, and none are derived.
WITH settings AS (
  SELECT MAX(wage_area) AS wage_area, COALESCE(MAX(entry_percentile), 25) AS entry_percentile
  FROM {{source "metric_settings"}}
),
wage_rows AS (
  SELECT *
  FROM {{ref "stg_oews"}}
  WHERE naics = '000000' AND COALESCE(own_code, '1235') = '1235' AND o_group = 'detailed'
),
loaded_areas AS (
  SELECT DISTINCT area_code FROM wage_rows
),
region_state AS (
  -- The region's state, when all its counties are in one.
  SELECT MIN(SUBSTR(county_fips, 1, 2)) AS state_fips
  FROM {{source "region_counties"}}
  HAVING COUNT(DISTINCT SUBSTR(county_fips, 1, 2)) = 1
),
candidates AS (
  SELECT wage_area AS area_code, 'configured' AS wage_area_source, 1 AS priority FROM settings
  WHERE wage_area IS NOT NULL
  UNION ALL
  SELECT s.state_fips, 'state of the region', 2 FROM region_state AS s
  WHERE s.state_fips IN (SELECT area_code FROM loaded_areas)
    AND (SELECT wage_area FROM settings) IS NULL
  UNION ALL
  SELECT '99', 'national', 3 FROM loaded_areas
  WHERE area_code = '99' AND (SELECT wage_area FROM settings) IS NULL
),
wage_area AS (
  SELECT area_code, wage_area_source
  FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY priority) AS pick FROM candidates) AS ranked
  WHERE pick = 1
),
area_year AS (
  SELECT a.area_code, a.wage_area_source, MAX(w.year) AS year
  FROM wage_area AS a
  JOIN wage_rows AS w ON w.area_code = a.area_code
  GROUP BY a.area_code, a.wage_area_source
)
SELECT
  w.soc_code,
  w.soc_title,
  w.area_code,
  w.area_title,
  w.area_type,
  y.wage_area_source,
  w.year,
  s.entry_percentile,
  CASE WHEN s.entry_percentile = 10 THEN w.a_pct10 ELSE w.a_pct25 END AS entry_wage_annual,
  CASE WHEN s.entry_percentile = 10 THEN w.a_pct10_flag ELSE w.a_pct25_flag END AS entry_wage_annual_flag,
  w.a_median AS median_wage_annual,
  w.a_median_flag AS median_wage_annual_flag,
  CASE WHEN s.entry_percentile = 10 THEN w.h_pct10 ELSE w.h_pct25 END AS entry_wage_hourly,
  CASE WHEN s.entry_percentile = 10 THEN w.h_pct10_flag ELSE w.h_pct25_flag END AS entry_wage_hourly_flag,
  w.h_median AS median_wage_hourly,
  w.h_median_flag AS median_wage_hourly_flag,
  w.a_mean AS mean_wage_annual,
  w.a_mean_flag AS mean_wage_annual_flag,
  w.h_mean AS mean_wage_hourly,
  w.h_mean_flag AS mean_wage_hourly_flag,
  w.a_pct10 AS wage_pct10,
  w.a_pct10_flag AS wage_pct10_flag,
  w.a_pct25 AS wage_pct25,
  w.a_pct25_flag AS wage_pct25_flag,
  w.a_median AS wage_pct50,
  w.a_median_flag AS wage_pct50_flag,
  w.a_pct75 AS wage_pct75,
  w.a_pct75_flag AS wage_pct75_flag,
  w.a_pct90 AS wage_pct90,
  w.a_pct90_flag AS wage_pct90_flag,
  w.top_coded,
  w.top_code_annual,
  w.top_code_hourly,
  w.annual_only,
  w.hourly_only,
  w.tot_emp AS area_employment,
  w.tot_emp_flag AS area_employment_flag,
  w.vintage
FROM area_year AS y
JOIN wage_rows AS w ON w.area_code = y.area_code AND w.year = y.year
CROSS JOIN settings AS s
