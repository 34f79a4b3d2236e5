-- int_qcew_geo_cells: QCEW cells of the partnership region and of each of its counties.
-- Grain: one row per geo_id × own_code × industry_code × year × qtr, all establishment sizes.
-- Sources: stg_qcew, the region's counties and settings.
-- The region is the sum of its counties. A region value is empty when any county's is (suppressed, or not
-- in its file): a partial sum would pass itself off as the whole. A county with no row has no such industry.
-- Establishment counts are published even for suppressed cells, so they add up whenever every county has one.
-- The region's over-the-year change is empty when a county that had the industry a year earlier has no row
-- now: its loss would be missing from the sum of the counties' published changes.
WITH counties AS (
  SELECT DISTINCT county_fips FROM {{source "region_counties"}}
),
settings AS (
  SELECT region_name FROM {{source "settings"}}
),
cells AS (
  SELECT q.*
  FROM {{ref "stg_qcew"}} AS q
  JOIN counties AS c ON q.area_fips = c.county_fips
  WHERE q.size_code = '0'
),
-- Counties that had a cell a year before a loaded period and have none in it.
gone AS (
  SELECT p.own_code, p.industry_code, p.next_year AS year, p.qtr, COUNT(*) AS n_areas_gone
  FROM (
    SELECT area_fips, own_code, industry_code, qtr,
           CAST(CAST(year AS {{type "int64"}}) + 1 AS {{type "string"}}) AS next_year
    FROM cells
  ) AS p
  LEFT JOIN cells AS c
    ON c.area_fips = p.area_fips AND c.own_code = p.own_code AND c.industry_code = p.industry_code
   AND c.year = p.next_year AND c.qtr = p.qtr
  WHERE c.area_fips IS NULL
  GROUP BY p.own_code, p.industry_code, p.next_year, p.qtr
),
county_cells AS (
  SELECT
    'county' AS geo_type,
    area_fips AS geo_id,
    COALESCE(area_title, area_fips) AS geo_name,
    own_code, industry_code, year, qtr, weeks,
    1 AS n_areas,
    CASE WHEN is_suppressed THEN 1 ELSE 0 END AS n_areas_suppressed,
    -- Staging has already emptied the values of suppressed cells.
    month1_emplvl, month2_emplvl, month3_emplvl, avg_emplvl, total_wages, estabs,
    oty_is_suppressed OR is_suppressed AS oty_is_suppressed,
    oty_estabs_chg,
    CASE WHEN oty_is_suppressed OR is_suppressed THEN NULL ELSE oty_month3_emplvl_chg END AS oty_month3_emplvl_chg,
    CASE WHEN oty_is_suppressed OR is_suppressed THEN NULL ELSE oty_avg_emplvl_chg END AS oty_avg_emplvl_chg,
    CASE WHEN oty_is_suppressed OR is_suppressed THEN NULL ELSE oty_total_wages_chg END AS oty_total_wages_chg
  FROM cells
),
region_sums AS (
  SELECT
    own_code, industry_code, year, qtr, weeks,
    COUNT(*) AS n_areas,
    SUM(n_areas_suppressed) AS n_areas_suppressed,
    -- Each sum only when every county has the value.
    CASE WHEN COUNT(month1_emplvl) = COUNT(*) THEN SUM(month1_emplvl) END AS month1_emplvl,
    CASE WHEN COUNT(month2_emplvl) = COUNT(*) THEN SUM(month2_emplvl) END AS month2_emplvl,
    CASE WHEN COUNT(month3_emplvl) = COUNT(*) THEN SUM(month3_emplvl) END AS month3_emplvl,
    CASE WHEN COUNT(avg_emplvl) = COUNT(*) THEN SUM(avg_emplvl) END AS avg_emplvl,
    CASE WHEN COUNT(total_wages) = COUNT(*) THEN SUM(total_wages) END AS total_wages,
    CASE WHEN COUNT(estabs) = COUNT(*) THEN SUM(estabs) END AS estabs,
    SUM(CASE WHEN oty_is_suppressed THEN 1 ELSE 0 END) AS n_oty_suppressed,
    CASE WHEN COUNT(oty_estabs_chg) = COUNT(*) THEN SUM(oty_estabs_chg) END AS oty_estabs_chg,
    CASE WHEN COUNT(oty_month3_emplvl_chg) = COUNT(*) THEN SUM(oty_month3_emplvl_chg) END AS oty_month3_emplvl_chg,
    CASE WHEN COUNT(oty_avg_emplvl_chg) = COUNT(*) THEN SUM(oty_avg_emplvl_chg) END AS oty_avg_emplvl_chg,
    CASE WHEN COUNT(oty_total_wages_chg) = COUNT(*) THEN SUM(oty_total_wages_chg) END AS oty_total_wages_chg
  FROM county_cells
  GROUP BY own_code, industry_code, year, qtr, weeks
),
region_cells AS (
  SELECT
    'region' AS geo_type,
    'region' AS geo_id,
    settings.region_name AS geo_name,
    r.own_code, r.industry_code, r.year, r.qtr, r.weeks,
    r.n_areas,
    r.n_areas_suppressed,
    r.month1_emplvl, r.month2_emplvl, r.month3_emplvl, r.avg_emplvl, r.total_wages, r.estabs,
    r.n_oty_suppressed > 0 OR g.n_areas_gone IS NOT NULL AS oty_is_suppressed,
    CASE WHEN g.n_areas_gone IS NULL THEN r.oty_estabs_chg END AS oty_estabs_chg,
    CASE WHEN g.n_areas_gone IS NULL THEN r.oty_month3_emplvl_chg END AS oty_month3_emplvl_chg,
    CASE WHEN g.n_areas_gone IS NULL THEN r.oty_avg_emplvl_chg END AS oty_avg_emplvl_chg,
    CASE WHEN g.n_areas_gone IS NULL THEN r.oty_total_wages_chg END AS oty_total_wages_chg
  FROM region_sums AS r
  CROSS JOIN settings
  LEFT JOIN gone AS g
    ON g.own_code = r.own_code AND g.industry_code = r.industry_code AND g.year = r.year AND g.qtr = r.qtr
)
SELECT
  geo_type, geo_id, geo_name, own_code, industry_code, year, qtr, weeks,
  n_areas, n_areas_suppressed,
  n_areas_suppressed > 0 AS is_suppressed,
  estabs, month1_emplvl, month2_emplvl, month3_emplvl, avg_emplvl, total_wages,
  oty_is_suppressed, oty_estabs_chg, oty_month3_emplvl_chg, oty_avg_emplvl_chg, oty_total_wages_chg
FROM region_cells
UNION ALL
SELECT
  geo_type, geo_id, geo_name, own_code, industry_code, year, qtr, weeks,
  n_areas, n_areas_suppressed,
  n_areas_suppressed > 0 AS is_suppressed,
  estabs, month1_emplvl, month2_emplvl, month3_emplvl, avg_emplvl, total_wages,
  oty_is_suppressed, oty_estabs_chg, oty_month3_emplvl_chg, oty_avg_emplvl_chg, oty_total_wages_chg
FROM county_cells
